import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openTestStorage, TEST_DIALECTS, type TestStorage } from '../testing.js';
import type { FriendRecord, FriendStore } from './types.js';

describe.each(TEST_DIALECTS)('the friend store (%s)', (dialect) => {
  let db: TestStorage;
  let sdkAppID: number;
  let store: FriendStore;

  beforeEach(async () => {
    db = await openTestStorage(dialect);
    sdkAppID = (await db.storage.apps.create({})).sdkAppID;
    store = db.storage.friends;
    for (const id of ['a', 'b', 'c']) await db.storage.accounts.ensure(sdkAppID, id);
  });
  afterEach(async () => {
    await db.dispose();
  });

  const entry = (userID: string, friendID: string, addTime = 1): FriendRecord => ({
    userID,
    friendID,
    remark: `${friendID}!`,
    addSource: 'AddSource_Type_Test',
    addWording: 'hi',
    addTime,
    customInfo: { Note: 'x' },
    groups: ['g'],
  });

  it('gives every account allowType 1 (need confirm) until set, and none without an account', async () => {
    expect(await store.allowType(sdkAppID, 'a')).toBe(1);
    await store.setAllowType(sdkAppID, 'a', 0);
    expect(await store.allowType(sdkAppID, 'a')).toBe(0);
    expect(await store.allowType(sdkAppID, 'nobody')).toBeUndefined();
    expect(await store.lockUser(sdkAppID, 'nobody')).toBe(false);
    expect([...(await store.existing(sdkAppID, ['a', 'nobody', 'c']))].sort()).toEqual(['a', 'c']);
  });

  it('keeps one entry per direction: put, replace, read, who has whom, delete both ways', async () => {
    await store.putFriend(sdkAppID, entry('a', 'b', 2));
    await store.putFriend(sdkAppID, entry('a', 'c', 1));
    await store.putFriend(sdkAppID, entry('c', 'a'));
    await store.putFriend(sdkAppID, { ...entry('a', 'b', 2), remark: 'changed' });
    expect((await store.friends(sdkAppID, 'a')).map((f) => [f.friendID, f.remark])).toEqual([
      ['c', 'c!'],
      ['b', 'changed'],
    ]);
    expect(await store.friendsAmong(sdkAppID, 'a', ['b', 'x'])).toEqual([
      { ...entry('a', 'b', 2), remark: 'changed' },
    ]);
    expect(await store.countFriends(sdkAppID, 'a')).toBe(2);
    expect([...(await store.whoHas(sdkAppID, 'a', ['b', 'c']))]).toEqual(['c']);
    expect(await store.removeFromLists(sdkAppID, 'a', ['b', 'c'])).toEqual(['c']);
    expect((await store.deleteFriends(sdkAppID, 'a', ['b', 'x'])).sort()).toEqual(['b']);
    expect(await store.countFriends(sdkAppID, 'a')).toBe(1);
  });

  it('keeps requests per pair, newest first, and removes those between two users both ways', async () => {
    const request = (fromUser: string, toUser: string, addTime: number) => ({
      fromUser,
      toUser,
      addSource: '',
      addWording: 'hello',
      remark: '',
      groupName: '',
      addType: 2,
      addTime,
    });
    await store.putApplication(sdkAppID, request('b', 'a', 1));
    await store.putApplication(sdkAppID, request('a', 'c', 2));
    await store.putApplication(sdkAppID, request('b', 'a', 3));
    expect(
      (await store.applicationsOf(sdkAppID, 'a', 10)).map((r) => [r.fromUser, r.toUser, r.addTime]),
    ).toEqual([
      ['b', 'a', 3],
      ['a', 'c', 2],
    ]);
    expect(await store.countApplicationsTo(sdkAppID, 'a')).toBe(1);
    expect(await store.deleteApplicationsWith(sdkAppID, 'a', ['b'])).toEqual([
      { fromUser: 'b', toUser: 'a' },
    ]);
    expect(await store.deleteApplication(sdkAppID, 'a', 'c')).toBe(true);
    expect(await store.deleteApplication(sdkAppID, 'a', 'c')).toBe(false);
    expect(await store.applicationsReadAt(sdkAppID, 'a')).toBe(0);
    await store.setApplicationsReadAt(sdkAppID, 'a', 5);
    await store.setApplicationsReadAt(sdkAppID, 'a', 7);
    expect(await store.applicationsReadAt(sdkAppID, 'a')).toBe(7);
  });

  it('keeps friend groups and the blocklist, each entry once', async () => {
    await store.putFriendGroup(sdkAppID, 'a', { name: 'work', createTime: 2 });
    await store.putFriendGroup(sdkAppID, 'a', { name: 'home', createTime: 1 });
    await store.putFriendGroup(sdkAppID, 'a', { name: 'work', createTime: 9 });
    expect(await store.friendGroups(sdkAppID, 'a')).toEqual([
      { name: 'home', createTime: 1 },
      { name: 'work', createTime: 2 },
    ]);
    expect(await store.deleteFriendGroup(sdkAppID, 'a', 'home')).toBe(true);
    expect(await store.deleteFriendGroup(sdkAppID, 'a', 'home')).toBe(false);

    await store.putBlocked(sdkAppID, 'a', [
      { blockedID: 'b', addTime: 1 },
      { blockedID: 'c', addTime: 2 },
    ]);
    await store.putBlocked(sdkAppID, 'a', [{ blockedID: 'b', addTime: 5 }]);
    await store.putBlocked(sdkAppID, 'c', [{ blockedID: 'a', addTime: 3 }]);
    expect(await store.blocked(sdkAppID, 'a')).toEqual([
      { blockedID: 'b', addTime: 1 },
      { blockedID: 'c', addTime: 2 },
    ]);
    expect([...(await store.blockedAmong(sdkAppID, 'a', ['b', 'x']))]).toEqual(['b']);
    expect([...(await store.blockersAmong(sdkAppID, 'a', ['b', 'c']))]).toEqual(['c']);
    const lists = await store.blockLists(sdkAppID, ['a', 'b', 'c']);
    expect(Object.fromEntries([...lists].map(([user, ids]) => [user, [...ids].sort()]))).toEqual({
      a: ['b', 'c'],
      b: [],
      c: ['a'],
    });
    expect(await store.deleteBlocked(sdkAppID, 'a', ['b', 'x'])).toEqual(['b']);
  });
});
