import { ErrorCode } from '@parley/protocol';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { BroadcastHandler } from '../../bus/bus.js';
import type { FriendStore } from '../../storage/friends/index.js';
import { openTestStorage, TEST_DIALECTS, type TestStorage } from '../../storage/testing.js';
import { RELATIONS_TOPIC, RelationGate } from './relation-gate.js';

describe.each(TEST_DIALECTS)('the relationship gate (%s)', (dialect) => {
  let db: TestStorage;
  let sdkAppID: number;
  let reads: number;
  let now: number;
  let gate: RelationGate;

  beforeEach(async () => {
    db = await openTestStorage(dialect);
    sdkAppID = (await db.storage.apps.create({})).sdkAppID;
    reads = 0;
    now = 1_000;
    // The real store, its reads counted.
    const store: Pick<FriendStore, 'blockLists' | 'friends'> = {
      blockLists: (...args) => {
        reads++;
        return db.storage.friends.blockLists(...args);
      },
      friends: (...args) => {
        reads++;
        return db.storage.friends.friends(...args);
      },
    };
    gate = new RelationGate(
      () => store,
      () => now,
      30_000,
    );
  });
  afterEach(async () => {
    await db.dispose();
  });

  const friend = (userID: string, friendID: string) =>
    db.storage.friends.putFriend(sdkAppID, {
      userID,
      friendID,
      remark: '',
      addSource: '',
      addWording: '',
      addTime: 1,
      customInfo: {},
      groups: [],
    });

  it('reads a receiver’s blocklist once for many messages, and again after a forget or the TTL', async () => {
    for (let i = 0; i < 5; i++) expect(await gate.c2cRefusal(sdkAppID, 'x', 'a', false)).toBe(0);
    expect(reads).toBe(1);
    await db.storage.friends.putBlocked(sdkAppID, 'a', [{ blockedID: 'x', addTime: 1 }]);
    expect(await gate.c2cRefusal(sdkAppID, 'x', 'a', false)).toBe(0); // the copy, until told
    gate.forget(sdkAppID, ['a']);
    expect(await gate.c2cRefusal(sdkAppID, 'x', 'a', false)).toBe(ErrorCode.ERR_SVR_MSG_IN_PEER_BLACKLIST);
    await db.storage.friends.deleteBlocked(sdkAppID, 'a', ['x']);
    now += 30_001;
    expect(await gate.c2cRefusal(sdkAppID, 'x', 'a', false)).toBe(0);
    expect(reads).toBe(3);
  });

  it('reads no friend list unless friends-only is on, then tells 20009 from 20010', async () => {
    await gate.c2cRefusal(sdkAppID, 'x', 'a', false);
    expect(reads).toBe(1);
    expect(await gate.c2cRefusal(sdkAppID, 'x', 'a', true)).toBe(ErrorCode.ERR_SVR_MSG_BOTH_NOT_FRIEND);
    await friend('x', 'a');
    gate.forget(sdkAppID, ['x', 'a']);
    expect(await gate.c2cRefusal(sdkAppID, 'x', 'a', true)).toBe(ErrorCode.ERR_SVR_MSG_NOT_PEER_FRIEND);
    await friend('a', 'x');
    gate.forget(sdkAppID, ['a']);
    expect(await gate.c2cRefusal(sdkAppID, 'x', 'a', true)).toBe(0);
  });

  it('follows the notices of every node: a user’s lists on a change, all of them on `lost`', async () => {
    const handlers: BroadcastHandler[] = [];
    gate.follow({ onBroadcast: (h) => handlers.push(h) });
    const hear = (payload: unknown) =>
      handlers.forEach((h) => {
        h({ kind: 'notice', topic: RELATIONS_TOPIC, payload: JSON.stringify(payload) });
      });
    await gate.c2cRefusal(sdkAppID, 'x', 'a', false);
    await gate.c2cRefusal(sdkAppID, 'x', 'b', false);
    expect(reads).toBe(2);
    await db.storage.friends.putBlocked(sdkAppID, 'a', [{ blockedID: 'x', addTime: 1 }]);
    hear({ a: sdkAppID, u: ['a'] });
    expect(await gate.c2cRefusal(sdkAppID, 'x', 'a', false)).toBe(ErrorCode.ERR_SVR_MSG_IN_PEER_BLACKLIST);
    expect(await gate.c2cRefusal(sdkAppID, 'x', 'b', false)).toBe(0);
    expect(reads).toBe(3);
    for (const h of handlers) h({ kind: 'lost' });
    await gate.c2cRefusal(sdkAppID, 'x', 'a', false);
    await gate.c2cRefusal(sdkAppID, 'x', 'b', false);
    expect(reads).toBe(5);
  });
});
