import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InProcessBus } from '../../bus/in-process.js';
import { openTestStorage, TEST_DIALECTS, type TestStorage } from '../../storage/testing.js';
import { StatusAudience } from './audience.js';

describe.each(TEST_DIALECTS)('StatusAudience (%s)', (dialect) => {
  let db: TestStorage;
  let bus: InProcessBus;
  const APP = 1400000001;
  const audienceOf = (maxIndexedUsers?: number) =>
    new StatusAudience({
      storage: db.storage,
      bus,
      apps: db.storage.apps,
      ...(maxIndexedUsers === undefined ? {} : { maxIndexedUsers }),
    });

  beforeEach(async () => {
    db = await openTestStorage(dialect);
    bus = new InProcessBus({ nodeID: 'n', offlineGraceMs: 1_000, displacedMemoryMs: 1_000 });
  });
  afterEach(async () => {
    await bus.close();
    await db.dispose();
  });

  it('loads subscribers once, then answers from memory until a change drops the entry', async () => {
    const audience = audienceOf();
    await db.storage.presence.addSubscriptions(APP, 'fan', ['star'], 1);
    expect(await audience.watchersOf(APP, 'star')).toEqual(['fan']);
    // Written behind the index's back: still the indexed answer, which shows it is not re-read.
    await db.storage.presence.addSubscriptions(APP, 'other', ['star'], 2);
    expect(await audience.watchersOf(APP, 'star')).toEqual(['fan']);
    await audience.changed(APP, ['star']);
    expect([...(await audience.watchersOf(APP, 'star'))].sort()).toEqual(['fan', 'other']);
  });

  it("adds the users who have the user as a friend when the app pushes friends' status", async () => {
    const friend = (userID: string, friendID: string) => ({
      userID,
      friendID,
      remark: '',
      addSource: '',
      addWording: '',
      addTime: 1,
      customInfo: {},
      groups: [],
    });
    const quiet = (await db.storage.apps.create({})).sdkAppID;
    const pushing = (await db.storage.apps.create({ pushFriendStatus: true })).sdkAppID;
    for (const app of [quiet, pushing]) {
      await db.storage.friends.putFriend(app, friend('pal', 'star'));
      await db.storage.presence.addSubscriptions(app, 'fan', ['star'], 1);
    }
    const audience = audienceOf();
    expect(await audience.watchersOf(quiet, 'star')).toEqual(['fan']);
    expect([...(await audience.watchersOf(pushing, 'star'))].sort()).toEqual(['fan', 'pal']);
  });

  it('does not keep a load that a change overtook', async () => {
    const audience = audienceOf();
    await db.storage.presence.addSubscriptions(APP, 'fan', ['star'], 1);
    const loading = audience.subscribersOf(APP, 'star');
    await audience.changed(APP, ['star']);
    await loading;
    expect(audience.size).toBe(0);
  });

  it('drops everything when the bus may have lost notices', async () => {
    // A bus that reports a loss, as the Redis bus does after its subscription reconnected.
    const handlers: ((notice: { kind: 'lost' }) => void)[] = [];
    const fakeBus = {
      broadcast: async () => {},
      onBroadcast: (h: (notice: { kind: 'lost' }) => void) => handlers.push(h),
    };
    const lossy = new StatusAudience({ storage: db.storage, bus: fakeBus, apps: db.storage.apps });
    await lossy.watchersOf(APP, 'a');
    expect(lossy.size).toBe(1);
    for (const h of handlers) h({ kind: 'lost' });
    expect(lossy.size).toBe(0);
  });

  it('holds at most the configured number of watched users, dropping the least recently loaded', async () => {
    const audience = audienceOf(2);
    for (const user of ['a', 'b', 'c']) await audience.watchersOf(APP, user);
    expect(audience.size).toBe(2);
  });
});
