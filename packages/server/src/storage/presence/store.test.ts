import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openTestStorage, TEST_DIALECTS, type TestStorage } from '../testing.js';

describe.each(TEST_DIALECTS)('PresenceStore (%s)', (dialect) => {
  let db: TestStorage;
  const APP = 1400000001;
  beforeEach(async () => {
    db = await openTestStorage(dialect);
  });
  afterEach(async () => {
    await db.dispose();
  });

  it('keeps subscriptions in the order made, ignoring ones already there', async () => {
    const { presence } = db.storage;
    await presence.addSubscriptions(APP, 'fan', ['c', 'a'], 10);
    await presence.addSubscriptions(APP, 'fan', ['b', 'c'], 20);
    expect(await presence.subscriptionsOf(APP, 'fan')).toEqual(['c', 'a', 'b']);
    expect(await presence.subscribersOf(APP, 'c')).toEqual(['fan']);
    expect(await presence.subscribersOf(APP + 1, 'c')).toEqual([]);
  });

  it('removes the listed subscriptions or all, naming those that were there', async () => {
    const { presence } = db.storage;
    await presence.addSubscriptions(APP, 'fan', ['a', 'b', 'c'], 1);
    await presence.addSubscriptions(APP, 'other', ['a'], 1);
    expect(await presence.removeSubscriptions(APP, 'fan', ['a', 'zz'])).toEqual(['a']);
    expect((await presence.removeSubscriptions(APP, 'fan')).sort()).toEqual(['b', 'c']);
    expect(await presence.subscriptionsOf(APP, 'fan')).toEqual([]);
    expect(await presence.subscribersOf(APP, 'a')).toEqual(['other']);
  });

  it('sets, replaces and clears a custom status', async () => {
    const { presence } = db.storage;
    await presence.setCustomStatus(APP, 'u', 'busy', 1);
    await presence.setCustomStatus(APP, 'u', 'lunch 🍜', 2);
    await presence.setCustomStatus(APP, 'v', 'here', 2);
    expect(await presence.customStatuses(APP, ['u', 'v', 'w'])).toEqual(
      new Map([
        ['u', 'lunch 🍜'],
        ['v', 'here'],
      ]),
    );
    await presence.setCustomStatus(APP, 'u', '', 3);
    expect(await presence.customStatuses(APP, ['u'])).toEqual(new Map());
  });
});
