/**
 * Each group type's rules with real SDK clients (im-features §3.1): create, join, quit and dismiss
 * per type, group IDs, profiles and search, and bad input answered with codes.
 */
import { ErrorCode } from '@parley/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { groupClients } from './support/group-clients.js';
import { startTestServer, type TestServer } from './support/harness.js';

let t: TestServer;
const clients = groupClients(() => t);

beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => {
  await clients.closeAll();
  await t.stop();
});

let n = 0;
const user = (name: string) => `${name}${++n}`;
const gid = (name: string) => `${name}-${++n}`;

describe('creating a group', () => {
  it('allocates an @TGS# ID when none is given, and @TGS#_ for a community with topics', async () => {
    const owner = await clients.login(user('owner'));
    const work = await owner.groups.createGroup({ groupType: 'Work', groupName: 'team' });
    expect(work.code).toBe(0);
    expect(work.data).toMatch(/^@TGS#[^_]/);
    const community = await owner.groups.createGroup({
      groupType: 'Community',
      groupName: 'town',
      isSupportTopic: true,
    });
    expect(community.data).toMatch(/^@TGS#_/);
    const info = await owner.groups.getGroupsInfo({ groupIDList: [work.data!] });
    expect(info.data?.[0]).toMatchObject({
      resultCode: 0,
      groupInfo: {
        groupID: work.data,
        groupType: 'Work',
        groupName: 'team',
        owner: owner.userID,
        role: 400,
        memberCount: 1,
      },
    });
  });

  it('takes a caller-chosen ID once: a second group with it gets 10021, a bad or @TGS# one 10015', async () => {
    const owner = await clients.login(user('owner'));
    const id = gid('chosen');
    expect((await owner.groups.createGroup({ groupType: 'Public', groupID: id, groupName: 'x' })).data).toBe(
      id,
    );
    expect((await owner.groups.createGroup({ groupType: 'Public', groupID: id, groupName: 'y' })).code).toBe(
      ErrorCode.ERR_SVR_GROUP_GROUPID_IN_USED,
    );
    for (const bad of ['@TGS#mine', 'has space', 'x'.repeat(49), 'é']) {
      expect(
        (await owner.groups.createGroup({ groupType: 'Public', groupID: bad, groupName: 'z' })).code,
      ).toBe(ErrorCode.ERR_SVR_GROUP_INVALID_GROUPID);
    }
  });

  it('refuses fields over their sizes with 10004 and malformed options with 6017', async () => {
    const owner = await clients.login(user('owner'));
    const tooLong = [
      { groupName: 'n'.repeat(101) },
      { groupName: 'ok', notification: 'n'.repeat(401) },
      { groupName: 'ok', introduction: 'i'.repeat(401) },
      { groupName: 'ok', faceUrl: 'f'.repeat(501) },
      { groupName: '' },
    ];
    for (const fields of tooLong) {
      expect((await owner.groups.createGroup({ groupType: 'Public', ...fields })).code).toBe(
        ErrorCode.ERR_SVR_GROUP_INVALID_PARAMETERS,
      );
    }
    // @ts-expect-error a type that does not exist
    expect((await owner.groups.createGroup({ groupType: 'Club', groupName: 'x' })).code).toBe(
      ErrorCode.ERR_INVALID_PARAMETERS,
    );
    const many = Array.from({ length: 21 }, (_, i) => ({ userID: `m${i}` }));
    expect(
      (await owner.groups.createGroup({ groupType: 'Work', groupName: 'x', memberList: many })).code,
    ).toBe(ErrorCode.ERR_INVALID_PARAMETERS);
  });

  it('adds initial members with their roles, but none to an AVChatRoom and no admin to a Work group', async () => {
    const owner = await clients.login(user('owner'));
    const [a, b] = [user('a'), user('b')];
    await t.importAccounts(a, b);
    const created = await owner.groups.createGroup({
      groupType: 'Public',
      groupName: 'club',
      memberList: [{ userID: a, role: 300 }, { userID: b }],
    });
    expect(created.code).toBe(0);
    const members = await owner.groups.getGroupMemberList({ groupID: created.data!, filter: 0 });
    expect(members.data?.memberInfoList.map((m) => [m.userID, m.role])).toEqual([
      [owner.userID, 400],
      [a, 300],
      [b, 200],
    ]);
    expect(
      (
        await owner.groups.createGroup({
          groupType: 'AVChatRoom',
          groupName: 'live',
          memberList: [{ userID: a }],
        })
      ).code,
    ).toBe(ErrorCode.ERR_SVR_GROUP_INVALID_PARAMETERS);
    expect(
      (
        await owner.groups.createGroup({
          groupType: 'Work',
          groupName: 'w',
          memberList: [{ userID: a, role: 300 }],
        })
      ).code,
    ).toBe(ErrorCode.ERR_SVR_GROUP_INVALID_PARAMETERS);
  });
});

describe('joining and leaving by type', () => {
  it('lets anyone join a Meeting, Community or AVChatRoom at once, but no one apply to a Work group', async () => {
    const owner = await clients.login(user('owner'));
    const guest = await clients.login(user('guest'));
    for (const groupType of ['Meeting', 'Community', 'AVChatRoom'] as const) {
      const id = (await owner.groups.createGroup({ groupType, groupName: groupType })).data!;
      expect((await guest.groups.joinGroup({ groupID: id, message: 'hi' })).code, groupType).toBe(0);
      // An AVChatRoom membership lasts one login: joining again renews it instead of failing.
      expect((await guest.groups.joinGroup({ groupID: id })).code).toBe(
        groupType === 'AVChatRoom' ? 0 : ErrorCode.ERR_SVR_GROUP_ALLREADY_MEMBER,
      );
    }
    const work = (await owner.groups.createGroup({ groupType: 'Work', groupName: 'w' })).data!;
    expect((await guest.groups.joinGroup({ groupID: work })).code).toBe(
      ErrorCode.ERR_SVR_GROUP_PERMISSION_DENY,
    );
    expect((await guest.groups.joinGroup({ groupID: 'no-such-group' })).code).toBe(
      ErrorCode.ERR_SVR_GROUP_NOT_FOUND,
    );
  });

  it('lists joined groups without AVChatRooms', async () => {
    const me = await clients.login(user('me'));
    const work = (await me.groups.createGroup({ groupType: 'Work', groupName: 'w' })).data!;
    const meeting = (await me.groups.createGroup({ groupType: 'Meeting', groupName: 'm' })).data!;
    await me.groups.createGroup({ groupType: 'AVChatRoom', groupName: 'live' });
    const list = await me.chat.im.v2TIMManager.getGroupManager().getJoinedGroupList();
    expect(list.data?.map((g) => g.groupID)).toEqual([work, meeting]);
  });

  it('keeps the owner of a Public, Meeting, Community or AVChatRoom group from quitting (10009)', async () => {
    const owner = await clients.login(user('owner'));
    for (const groupType of ['Public', 'Meeting', 'Community', 'AVChatRoom'] as const) {
      const id = (await owner.groups.createGroup({ groupType, groupName: groupType })).data!;
      expect((await owner.groups.quitGroup({ groupID: id })).code, groupType).toBe(
        ErrorCode.ERR_SVR_GROUP_SUPER_NOT_ALLOW_QUIT,
      );
    }
  });

  it('lets the owner of a Work group quit, passing ownership to the longest-standing member', async () => {
    const owner = await clients.login(user('owner'));
    const [a, b] = [user('a'), user('b')];
    await t.importAccounts(a, b);
    const id = (
      await owner.groups.createGroup({
        groupType: 'Work',
        groupName: 'w',
        memberList: [{ userID: a }, { userID: b }],
      })
    ).data!;
    expect((await owner.groups.quitGroup({ groupID: id })).code).toBe(0);
    const memberA = await clients.login(a);
    const info = await memberA.groups.getGroupsInfo({ groupIDList: [id] });
    expect(info.data?.[0]?.groupInfo).toMatchObject({ owner: a, memberCount: 2, role: 400 });
    expect((await owner.groups.getJoinedGroupList()).data).toEqual([]);
  });

  it('lets a member quit, and a non-member quit nothing', async () => {
    const owner = await clients.login(user('owner'));
    const guest = await clients.login(user('guest'));
    const id = (await owner.groups.createGroup({ groupType: 'Meeting', groupName: 'm' })).data!;
    expect((await guest.groups.quitGroup({ groupID: id })).code).toBe(
      ErrorCode.ERR_SVR_GROUP_PERMISSION_DENY,
    );
    await guest.groups.joinGroup({ groupID: id });
    expect((await guest.groups.quitGroup({ groupID: id })).code).toBe(0);
    const info = await owner.groups.getGroupsInfo({ groupIDList: [id] });
    expect(info.data?.[0]?.groupInfo?.memberCount).toBe(1);
  });
});

describe('dismissing', () => {
  it('lets the owner dismiss any type but Work, and no one else dismiss anything', async () => {
    const owner = await clients.login(user('owner'));
    const member = await clients.login(user('member'));
    for (const groupType of ['Public', 'Meeting', 'Community', 'AVChatRoom'] as const) {
      const id = (await owner.groups.createGroup({ groupType, groupName: groupType, addOpt: 2 })).data!;
      await member.groups.joinGroup({ groupID: id });
      expect((await member.groups.dismissGroup({ groupID: id })).code).toBe(
        ErrorCode.ERR_SVR_GROUP_PERMISSION_DENY,
      );
      expect((await owner.groups.dismissGroup({ groupID: id })).code, groupType).toBe(0);
      const info = await owner.groups.getGroupsInfo({ groupIDList: [id] });
      expect(info.data?.[0]?.resultCode).toBe(ErrorCode.ERR_SVR_GROUP_NOT_FOUND);
    }
    const work = (await owner.groups.createGroup({ groupType: 'Work', groupName: 'w' })).data!;
    expect((await owner.groups.dismissGroup({ groupID: work })).code).toBe(
      ErrorCode.ERR_SVR_GROUP_PERMISSION_DENY,
    );
  });
});

describe('group profiles', () => {
  it('answers getGroupsInfo per group: found, gone (10010), or a Work group of others (10007)', async () => {
    const owner = await clients.login(user('owner'));
    const other = await clients.login(user('other'));
    const pub = (await owner.groups.createGroup({ groupType: 'Public', groupName: 'p' })).data!;
    const work = (await owner.groups.createGroup({ groupType: 'Work', groupName: 'w' })).data!;
    const result = await other.groups.getGroupsInfo({ groupIDList: [pub, 'missing-group', work] });
    expect(result.data?.map((r) => r.resultCode)).toEqual([
      0,
      ErrorCode.ERR_SVR_GROUP_NOT_FOUND,
      ErrorCode.ERR_SVR_GROUP_PERMISSION_DENY,
    ]);
    expect(result.data?.[0]?.groupInfo).toMatchObject({ groupID: pub, role: 0 });
  });

  it('lets any member of a Work group edit its profile, but only the owner and admins of a Public one', async () => {
    const owner = await clients.login(user('owner'));
    const member = await clients.login(user('member'));
    const work = (
      await owner.groups.createGroup({
        groupType: 'Work',
        groupName: 'w',
        memberList: [{ userID: member.userID }],
      })
    ).data!;
    expect((await member.groups.setGroupInfo({ info: { groupID: work, groupName: 'renamed' } })).code).toBe(
      0,
    );
    const pub = (
      await owner.groups.createGroup({
        groupType: 'Public',
        groupName: 'p',
        memberList: [{ userID: member.userID }],
      })
    ).data!;
    expect((await member.groups.setGroupInfo({ info: { groupID: pub, groupName: 'mine' } })).code).toBe(
      ErrorCode.ERR_SVR_GROUP_PERMISSION_DENY,
    );
    expect(
      (
        await owner.groups.setGroupInfo({
          info: { groupID: pub, notification: 'rules', customInfo: { k: 'v' } },
        })
      ).code,
    ).toBe(0);
    const info = await member.groups.getGroupsInfo({ groupIDList: [work, pub] });
    expect(info.data?.[0]?.groupInfo?.groupName).toBe('renamed');
    expect(info.data?.[1]?.groupInfo).toMatchObject({ notification: 'rules', customInfo: { k: 'v' } });
  });

  it('finds groups by ID or name, leaving out Work groups the searcher is not in', async () => {
    const owner = await clients.login(user('owner'));
    const other = await clients.login(user('other'));
    const word = `zebra${++n}`;
    const pub = (await owner.groups.createGroup({ groupType: 'Public', groupName: `The ${word} club` }))
      .data!;
    await owner.groups.createGroup({ groupType: 'Work', groupName: `${word} work` });
    const byName = await other.groups.searchGroups({ searchParam: { keywordList: [word.toUpperCase()] } });
    expect(byName.data?.map((g) => g.groupID)).toEqual([pub]);
    expect((await owner.groups.searchGroups({ searchParam: { keywordList: [word] } })).data).toHaveLength(2);
    const byID = await other.groups.searchGroupByID({ groupID: pub });
    expect(byID.data?.groupName).toBe(`The ${word} club`);
    expect((await other.groups.searchGroupByID({ groupID: 'nope-nope' })).code).toBe(
      ErrorCode.ERR_SVR_GROUP_NOT_FOUND,
    );
  });

  it('counts the members that are online', async () => {
    const owner = await clients.login(user('owner'));
    const offline = user('offline');
    await t.importAccounts(offline);
    const id = (
      await owner.groups.createGroup({
        groupType: 'Public',
        groupName: 'p',
        memberList: [{ userID: offline }],
      })
    ).data!;
    expect((await owner.groups.getGroupOnlineMemberCount({ groupID: id })).data).toBe(1);
  });
});

describe('limits', () => {
  it('refuses members past the type limit with 10014 and users past their joined-group limit', async () => {
    const small = await startTestServer({ app: { maxMembersPublic: 2, maxJoinedGroups: 2 } });
    const local = groupClients(() => small);
    try {
      const owner = await local.login('owner');
      const [a, b] = ['a', 'b'];
      await small.importAccounts(a, b);
      const id = (await owner.groups.createGroup({ groupType: 'Public', groupName: 'p', addOpt: 2 })).data!;
      const joinerA = await local.login(a);
      expect((await joinerA.groups.joinGroup({ groupID: id })).code).toBe(0);
      const joinerB = await local.login(b);
      expect((await joinerB.groups.joinGroup({ groupID: id })).code).toBe(
        ErrorCode.ERR_SVR_GROUP_FULL_MEMBER_COUNT,
      );
      expect(
        (await owner.groups.getGroupsInfo({ groupIDList: [id] })).data?.[0]?.groupInfo?.memberMaxCount,
      ).toBe(2);
      await owner.groups.createGroup({ groupType: 'Work', groupName: 'second' });
      expect((await owner.groups.createGroup({ groupType: 'Work', groupName: 'third' })).code).toBe(
        ErrorCode.ERR_SVR_GROUP_JOINED_GROUP_LIMIT,
      );
      // AVChatRooms do not count.
      expect((await owner.groups.createGroup({ groupType: 'AVChatRoom', groupName: 'live' })).code).toBe(0);
    } finally {
      await local.closeAll();
      await small.stop();
    }
  });
});
