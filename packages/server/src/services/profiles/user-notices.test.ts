import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { BroadcastHandler } from '../../bus/bus.js';
import { InProcessBus } from '../../bus/in-process.js';
import type { ProfileStore } from '../../storage/profiles/types.js';
import { openTestStorage, TEST_DIALECTS, type TestStorage } from '../../storage/testing.js';
import { TurnBatch } from '../turn-batch.js';
import { DisplayCache } from './display-cache.js';
import { USERS_TOPIC, UserNotices } from './user-notices.js';

describe.each(TEST_DIALECTS)('the display cache and the user notices (%s)', (dialect) => {
  let db: TestStorage;
  let bus: InProcessBus;
  let sdkAppID: number;
  let reads: number;
  let cache: DisplayCache;
  let notices: UserNotices;

  beforeEach(async () => {
    db = await openTestStorage(dialect);
    bus = new InProcessBus({ nodeID: 'n', offlineGraceMs: 1_000, displacedMemoryMs: 1_000 });
    sdkAppID = (await db.storage.apps.create({})).sdkAppID;
    reads = 0;
    // The real store, its reads counted.
    const store: Pick<ProfileStore, 'get'> = {
      get: (...args) => {
        reads++;
        return db.storage.profiles.get(...args);
      },
    };
    cache = new DisplayCache(
      () => store,
      new TurnBatch(
        async (app, userIDs) => new Map((await store.get(app, userIDs)).map((p) => [p.userID, p])),
      ),
      () => 1_000,
    );
    notices = new UserNotices(bus, pino({ level: 'silent' }));
    notices.follow(cache);
  });
  afterEach(async () => {
    await bus.close();
    await db.dispose();
  });

  const rename = (userID: string, nick: string) =>
    db.storage.accounts.importAccount(sdkAppID, { userID, nick });

  it('reads a user once, and again after a notice naming them (from this node or another)', async () => {
    await rename('ann', 'Ann');
    await rename('bob', 'Bob');
    expect(await cache.display(sdkAppID, 'ann')).toMatchObject({ nickName: 'Ann' });
    expect(await cache.display(sdkAppID, 'ann')).toMatchObject({ nickName: 'Ann' });
    expect(reads).toBe(1);
    await rename('ann', 'Anna');
    await notices.changed(sdkAppID, ['ann']);
    expect(await cache.display(sdkAppID, 'ann')).toMatchObject({ nickName: 'Anna' });
    await cache.display(sdkAppID, 'bob');
    await rename('bob', 'Robert');
    // Another node's notice arrives as a broadcast.
    await bus.broadcast(USERS_TOPIC, JSON.stringify({ a: sdkAppID, u: ['bob'] }));
    expect(await cache.display(sdkAppID, 'bob')).toMatchObject({ nickName: 'Robert' });
    expect(reads).toBe(4);
  });

  it('keeps no read that a notice overtook, and drops everything on `lost`', async () => {
    await rename('cat', 'Cat');
    const reading = cache.display(sdkAppID, 'cat');
    await notices.changed(sdkAppID, ['cat']);
    await reading;
    await cache.display(sdkAppID, 'cat');
    expect(reads).toBe(2);

    const handlers: BroadcastHandler[] = [];
    const lossy = new UserNotices(
      { broadcast: async () => {}, onBroadcast: (h) => handlers.push(h) },
      pino({ level: 'silent' }),
    );
    lossy.follow(cache);
    for (const h of handlers) h({ kind: 'lost' });
    await cache.display(sdkAppID, 'cat');
    expect(reads).toBe(3);
  });
});
