import { GroupMemberRole } from '@parley/protocol';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { GroupRecord } from '../../storage/groups/index.js';
import { openTestStorage, TEST_DIALECTS, type TestStorage } from '../../storage/testing.js';
import { CachedGroupDirectory } from './directory.js';

describe.each(TEST_DIALECTS)('the group directory (%s)', (dialect) => {
  let db: TestStorage;
  let sdkAppID: number;
  const group = (groupID: string, type: GroupRecord['type'] = 'Work'): GroupRecord => ({
    sdkAppID,
    groupID,
    type,
    parentGroupID: null,
    name: 'team',
    faceURL: 'https://face',
    introduction: '',
    notification: '',
    ownerID: 'owner',
    addOpt: 0,
    approveOpt: 2,
    allMuted: false,
    customInfo: {},
    createTime: 1,
    lastInfoTime: 1,
    memberCount: 1,
    maxMemberCount: 200,
    isSupportTopic: false,
    memberVersion: 1,
  });

  beforeEach(async () => {
    db = await openTestStorage(dialect);
    sdkAppID = (await db.storage.apps.create({})).sdkAppID;
  });
  afterEach(async () => {
    await db.dispose();
  });

  it('sees a member change made through another node at its next call', async () => {
    const { groups } = db.storage;
    await groups.create(group('g1'), [{ userID: 'owner', role: GroupMemberRole.OWNER, joinTime: 5 }]);
    // Two nodes: each directory keeps its own cache over the shared database.
    const nodeA = new CachedGroupDirectory(() => groups);
    const nodeB = new CachedGroupDirectory(() => groups);
    expect(await nodeA.memberIDs(sdkAppID, 'g1')).toEqual(['owner']);
    expect(await nodeB.membership(sdkAppID, 'g1', 'bob')).toBeUndefined();

    await groups.addMembers(sdkAppID, 'g1', [{ userID: 'bob', role: GroupMemberRole.MEMBER, joinTime: 6 }]);
    expect(await nodeA.memberIDs(sdkAppID, 'g1')).toEqual(['owner', 'bob']);
    expect(await nodeB.membership(sdkAppID, 'g1', 'bob')).toEqual({
      role: 200,
      muteUntil: 0,
      joinTime: 6,
      nameCard: '',
    });

    await groups.updateMember(sdkAppID, 'g1', 'bob', { muteUntil: 99 });
    expect((await nodeA.membership(sdkAppID, 'g1', 'bob'))?.muteUntil).toBe(99);

    await groups.removeMembers(sdkAppID, 'g1', ['bob']);
    expect(await nodeB.membership(sdkAppID, 'g1', 'bob')).toBeUndefined();

    await groups.delete(sdkAppID, 'g1');
    expect(await nodeA.group(sdkAppID, 'g1')).toBeUndefined();
    expect(await nodeA.memberIDs(sdkAppID, 'g1')).toEqual([]);
  });

  it('describes a group for the message engine by its type, and lists joined groups without AVChatRooms', async () => {
    const { groups } = db.storage;
    await groups.create(group('meet', 'Meeting'), [
      { userID: 'u', role: GroupMemberRole.OWNER, joinTime: 1 },
    ]);
    await groups.create(group('live', 'AVChatRoom'), [
      { userID: 'u', role: GroupMemberRole.OWNER, joinTime: 2 },
    ]);
    const directory = new CachedGroupDirectory(() => groups);
    expect(await directory.group(sdkAppID, 'meet')).toEqual({
      groupID: 'meet',
      type: 'Meeting',
      name: 'team',
      faceURL: 'https://face',
      ownerID: 'owner',
      allMuted: false,
      historyBeforeJoin: true,
      stored: true,
      countsUnread: false,
    });
    expect(await directory.group(sdkAppID, 'live')).toMatchObject({ stored: false, countsUnread: false });
    expect(await directory.joinedGroups(sdkAppID, 'u')).toEqual([
      { groupID: 'meet', type: 'Meeting', name: 'team', faceURL: 'https://face', joinTime: 1 },
    ]);
  });

  it("answers for a topic with its community's one cached member list and mute, never a copy per topic", async () => {
    const { groups } = db.storage;
    await groups.create({ ...group('@TGS#_c', 'Community'), isSupportTopic: true }, [
      { userID: 'owner', role: GroupMemberRole.OWNER, joinTime: 1 },
      { userID: 'bob', role: GroupMemberRole.MEMBER, joinTime: 2 },
    ]);
    const topic = (suffix: string, allMuted = false): GroupRecord => ({
      ...group(`@TGS#_c@TOPIC#_${suffix}`, 'Community'),
      parentGroupID: '@TGS#_c',
      name: suffix,
      ownerID: 'someone else',
      memberCount: 0,
      allMuted,
    });
    await groups.create(topic('a'), []);
    await groups.create(topic('b', true), []);
    let loads = 0;
    const counting = {
      ...groups,
      members: (...args: Parameters<typeof groups.members>) => {
        loads += 1;
        return groups.members(...args);
      },
    };
    const directory = new CachedGroupDirectory(() => counting);

    expect(await directory.memberIDs(sdkAppID, '@TGS#_c@TOPIC#_a')).toEqual(['owner', 'bob']);
    expect(await directory.membership(sdkAppID, '@TGS#_c@TOPIC#_b', 'bob')).toMatchObject({ role: 200 });
    expect(await directory.memberIDs(sdkAppID, '@TGS#_c')).toEqual(['owner', 'bob']);
    expect(loads).toBe(1);
    expect(await directory.group(sdkAppID, '@TGS#_c@TOPIC#_a')).toMatchObject({
      groupID: '@TGS#_c@TOPIC#_a',
      type: 'Community',
      name: 'a',
      ownerID: 'owner',
      allMuted: false,
      countsUnread: true,
    });
    expect((await directory.group(sdkAppID, '@TGS#_c@TOPIC#_b'))?.allMuted).toBe(true);

    await groups.removeMembers(sdkAppID, '@TGS#_c', ['bob']);
    expect(await directory.membership(sdkAppID, '@TGS#_c@TOPIC#_a', 'bob')).toBeUndefined();
    await groups.update(sdkAppID, '@TGS#_c', { allMuted: true });
    expect((await directory.group(sdkAppID, '@TGS#_c@TOPIC#_a'))?.allMuted).toBe(true);
    // A topic whose community is gone is gone too.
    await groups.delete(sdkAppID, '@TGS#_c');
    expect(await directory.group(sdkAppID, '@TGS#_c@TOPIC#_a')).toBeUndefined();
    expect(await directory.memberIDs(sdkAppID, '@TGS#_c@TOPIC#_a')).toEqual([]);
  });

  it('catches up from the members changed since its version, and reads the whole list only when it must', async () => {
    const { groups } = db.storage;
    const owner = { userID: 'owner', role: GroupMemberRole.OWNER, joinTime: 1 };
    const joiner = (userID: string) => ({ userID, role: GroupMemberRole.MEMBER, joinTime: 2 });
    await groups.create(group('live', 'AVChatRoom'), [owner]);
    const reads = { whole: 0, some: 0 };
    const counting = {
      ...groups,
      members: (...args: Parameters<typeof groups.members>) => {
        reads.whole += 1;
        return groups.members(...args);
      },
      membersByID: (...args: Parameters<typeof groups.membersByID>) => {
        reads.some += 1;
        return groups.membersByID(...args);
      },
    };
    const directory = new CachedGroupDirectory(() => counting);
    expect(await directory.memberIDs(sdkAppID, 'live')).toEqual(['owner']);
    expect(reads).toEqual({ whole: 1, some: 0 });

    // Viewers come and go between messages: each message reads the few members changed since.
    await groups.addMembers(sdkAppID, 'live', [joiner('a'), joiner('b')]);
    await groups.addMembers(sdkAppID, 'live', [joiner('c')]);
    await groups.removeMembers(sdkAppID, 'live', ['a']);
    await groups.updateMember(sdkAppID, 'live', 'b', { nameCard: 'bee' });
    expect([...(await directory.members(sdkAppID, 'live')).keys()].sort()).toEqual(['b', 'c', 'owner']);
    expect((await directory.membership(sdkAppID, 'live', 'b'))?.nameCard).toBe('bee');
    expect(reads).toEqual({ whole: 1, some: 1 });

    // Hundreds changed at once: one read of the whole list beats a long list of IDs.
    await groups.addMembers(
      sdkAppID,
      'live',
      Array.from({ length: 501 }, (_, i) => joiner(`viewer${i}`)),
    );
    expect(await directory.memberIDs(sdkAppID, 'live')).toHaveLength(504);
    expect(reads).toEqual({ whole: 2, some: 1 });

    // Dismissed and created again under the same ID: the old list is not patched into the new.
    await groups.delete(sdkAppID, 'live');
    await groups.create({ ...group('live', 'AVChatRoom'), createTime: 2 }, [{ ...owner, userID: 'other' }]);
    await groups.addMembers(sdkAppID, 'live', [joiner('d')]);
    expect([...(await directory.memberIDs(sdkAppID, 'live'))].sort()).toEqual(['d', 'other']);
    expect(reads).toEqual({ whole: 3, some: 1 });
  });
});
