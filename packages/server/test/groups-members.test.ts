/**
 * Members and roles with real SDK clients (im-features §3.2, §3.5): member lists and paging, who may
 * read them, invite and kick, admin grant and revoke, ownership transfer, member profiles, mute.
 */
import { ErrorCode } from '@parley/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GroupClient, groupClients } from './support/group-clients.js';
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

/** An owner, an admin and two ordinary members of a new group of the type. */
async function team(groupType: 'Public' | 'Work' | 'Meeting' | 'Community' = 'Public') {
  const owner = await clients.login(user('owner'));
  const [admin, m1, m2] = await Promise.all([
    clients.login(user('admin')),
    clients.login(user('m')),
    clients.login(user('m')),
  ]);
  const hasAdmin = groupType !== 'Work';
  const created = await owner.groups.createGroup({
    groupType,
    groupName: 'team',
    memberList: [
      { userID: admin.userID, ...(hasAdmin ? { role: 300 as const } : {}) },
      { userID: m1.userID },
      { userID: m2.userID },
    ],
  });
  expect(created.code).toBe(0);
  return { groupID: created.data!, owner, admin, m1, m2 };
}

const ids = (r: { data?: { memberID: string; result: number }[] }) =>
  r.data?.map((x) => [x.memberID, x.result]);

describe('member lists', () => {
  it('pages by nextSeq until it is 0 and filters by role', async () => {
    const { groupID, owner, admin, m1, m2 } = await team();
    const first = await m1.groups.getGroupMemberList({ groupID, filter: 0, nextSeq: '0', count: 3 });
    expect(first.data?.nextSeq).toBe('3');
    expect(first.data?.memberInfoList.map((m) => m.userID)).toEqual([owner.userID, admin.userID, m1.userID]);
    const rest = await m1.groups.getGroupMemberList({ groupID, filter: 0, nextSeq: '3', count: 3 });
    expect(rest.data).toMatchObject({ nextSeq: '0', memberInfoList: [{ userID: m2.userID, role: 200 }] });
    const only = async (filter: 1 | 2 | 4) =>
      (await m1.groups.getGroupMemberList({ groupID, filter })).data?.memberInfoList.map((m) => m.userID);
    expect(await only(1)).toEqual([owner.userID]);
    expect(await only(2)).toEqual([admin.userID]);
    expect(await only(4)).toEqual([m1.userID, m2.userID]);
    const info = await m2.groups.getGroupMembersInfo({ groupID, memberList: [admin.userID, 'nobody'] });
    expect(info.data).toMatchObject([{ userID: admin.userID, role: 300 }]);
  });

  it('keeps member lists and member profiles from non-members', async () => {
    const { groupID } = await team('Work');
    const outsider = await clients.login(user('outsider'));
    expect((await outsider.groups.getGroupMemberList({ groupID })).code).toBe(
      ErrorCode.ERR_SVR_GROUP_PERMISSION_DENY,
    );
    expect((await outsider.groups.getGroupMembersInfo({ groupID, memberList: [outsider.userID] })).code).toBe(
      ErrorCode.ERR_SVR_GROUP_PERMISSION_DENY,
    );
  });

  it('lets members set their own name card, and the owner set anyone’s', async () => {
    const { groupID, owner, m1, m2 } = await team();
    expect(
      (
        await m1.groups.setGroupMemberInfo({
          groupID,
          userID: m1.userID,
          nameCard: 'Ann',
          customInfo: { k: 'v' },
        })
      ).code,
    ).toBe(0);
    expect((await m1.groups.setGroupMemberInfo({ groupID, userID: m2.userID, nameCard: 'Bob' })).code).toBe(
      ErrorCode.ERR_SVR_GROUP_PERMISSION_DENY,
    );
    expect(
      (await owner.groups.setGroupMemberInfo({ groupID, userID: m2.userID, nameCard: 'Bob' })).code,
    ).toBe(0);
    const info = await m1.groups.getGroupMembersInfo({ groupID, memberList: [m1.userID, m2.userID] });
    expect(Object.fromEntries(info.data!.map((m) => [m.userID, m.nameCard]))).toEqual({
      [m1.userID]: 'Ann',
      [m2.userID]: 'Bob',
    });
    expect(info.data?.find((m) => m.userID === m1.userID)?.customInfo).toEqual({ k: 'v' });
  });
});

describe('invite and kick', () => {
  it('lets any Work member invite without approval, and answers each invitee', async () => {
    const { groupID, m1 } = await team('Work');
    const [x, y] = [user('x'), user('y')];
    await t.importAccounts(x, y);
    const result = await m1.groups.inviteUserToGroup({ groupID, userList: [x, y, m1.userID, 'never-seen'] });
    expect(ids(result)).toEqual([
      [x, 1],
      [y, 1],
      [m1.userID, 2],
      ['never-seen', 0],
    ]);
    expect(
      (
        await m1.groups.inviteUserToGroup({
          groupID,
          userList: Array.from({ length: 21 }, (_, i) => `u${i}`),
        })
      ).code,
    ).toBe(ErrorCode.ERR_INVALID_PARAMETERS);
  });

  it('lets Public owners and admins invite, but not ordinary members while invitations are off', async () => {
    const { groupID, admin, m1 } = await team('Public');
    const x = user('x');
    await t.importAccounts(x);
    expect((await m1.groups.inviteUserToGroup({ groupID, userList: [x] })).code).toBe(
      ErrorCode.ERR_SVR_GROUP_PERMISSION_DENY,
    );
    expect(ids(await admin.groups.inviteUserToGroup({ groupID, userList: [x] }))).toEqual([[x, 1]]);
  });

  it('refuses invitations to an AVChatRoom', async () => {
    const owner = await clients.login(user('owner'));
    const x = user('x');
    await t.importAccounts(x);
    const id = (await owner.groups.createGroup({ groupType: 'AVChatRoom', groupName: 'live' })).data!;
    expect((await owner.groups.inviteUserToGroup({ groupID: id, userList: [x] })).code).toBe(
      ErrorCode.ERR_SVR_GROUP_PERMISSION_DENY,
    );
  });

  it('lets an admin kick ordinary members but not another admin, and the owner kick anyone', async () => {
    const { groupID, owner, admin, m1, m2 } = await team('Public');
    expect(ids(await admin.groups.kickGroupMember({ groupID, memberList: [m1.userID] }))).toEqual([
      [m1.userID, 1],
    ]);
    const second = await clients.login(user('admin'));
    await owner.groups.inviteUserToGroup({ groupID, userList: [second.userID] });
    await owner.groups.setGroupMemberRole({ groupID, userID: second.userID, role: 300 });
    expect((await admin.groups.kickGroupMember({ groupID, memberList: [second.userID] })).code).toBe(
      ErrorCode.ERR_SVR_GROUP_PERMISSION_DENY,
    );
    expect((await m2.groups.kickGroupMember({ groupID, memberList: [admin.userID] })).code).toBe(
      ErrorCode.ERR_SVR_GROUP_PERMISSION_DENY,
    );
    expect(
      ids(await owner.groups.kickGroupMember({ groupID, memberList: [admin.userID, m1.userID] })),
    ).toEqual([
      [admin.userID, 1],
      [m1.userID, 2],
    ]);
    const left = await owner.groups.getGroupMemberList({ groupID });
    expect(left.data?.memberInfoList.map((m) => m.userID)).toEqual([owner.userID, m2.userID, second.userID]);
  });

  it('lets only the owner kick in a Work group', async () => {
    const { groupID, owner, admin, m1 } = await team('Work');
    expect((await admin.groups.kickGroupMember({ groupID, memberList: [m1.userID] })).code).toBe(
      ErrorCode.ERR_SVR_GROUP_PERMISSION_DENY,
    );
    expect(ids(await owner.groups.kickGroupMember({ groupID, memberList: [m1.userID] }))).toEqual([
      [m1.userID, 1],
    ]);
  });
});

describe('roles', () => {
  it('lets only the owner grant and revoke admin, and not in Work groups', async () => {
    const { groupID, owner, admin, m1 } = await team('Public');
    expect((await admin.groups.setGroupMemberRole({ groupID, userID: m1.userID, role: 300 })).code).toBe(
      ErrorCode.ERR_SVR_GROUP_PERMISSION_DENY,
    );
    expect((await owner.groups.setGroupMemberRole({ groupID, userID: m1.userID, role: 300 })).code).toBe(0);
    expect((await owner.groups.setGroupMemberRole({ groupID, userID: admin.userID, role: 200 })).code).toBe(
      0,
    );
    const roles = await owner.groups.getGroupMembersInfo({ groupID, memberList: [admin.userID, m1.userID] });
    expect(Object.fromEntries(roles.data!.map((m) => [m.userID, m.role]))).toEqual({
      [admin.userID]: 200,
      [m1.userID]: 300,
    });
    const work = await team('Work');
    expect(
      (
        await work.owner.groups.setGroupMemberRole({
          groupID: work.groupID,
          userID: work.m1.userID,
          role: 300,
        })
      ).code,
    ).toBe(ErrorCode.ERR_SVR_GROUP_PERMISSION_DENY);
  });

  it('moves ownership to a member; the old owner becomes an ordinary member', async () => {
    const { groupID, owner, admin, m1 } = await team('Public');
    expect((await admin.groups.transferGroupOwner({ groupID, userID: m1.userID })).code).toBe(
      ErrorCode.ERR_SVR_GROUP_PERMISSION_DENY,
    );
    expect((await owner.groups.transferGroupOwner({ groupID, userID: 'not-in-it' })).code).toBe(
      ErrorCode.ERR_SVR_GROUP_INVALID_PARAMETERS,
    );
    expect((await owner.groups.transferGroupOwner({ groupID, userID: m1.userID })).code).toBe(0);
    const info = await m1.groups.getGroupsInfo({ groupIDList: [groupID] });
    expect(info.data?.[0]?.groupInfo).toMatchObject({ owner: m1.userID, role: 400 });
    const old = await owner.groups.getGroupMembersInfo({ groupID, memberList: [owner.userID] });
    expect(old.data?.[0]?.role).toBe(200);
    // The new owner may now dismiss it; the old one may quit.
    expect((await owner.groups.quitGroup({ groupID })).code).toBe(0);
  });

  it('keeps AVChatRoom ownership where it is', async () => {
    const owner = await clients.login(user('owner'));
    const guest = await clients.login(user('guest'));
    const id = (await owner.groups.createGroup({ groupType: 'AVChatRoom', groupName: 'live' })).data!;
    await guest.groups.joinGroup({ groupID: id });
    expect((await owner.groups.transferGroupOwner({ groupID: id, userID: guest.userID })).code).toBe(
      ErrorCode.ERR_SVR_GROUP_PERMISSION_DENY,
    );
  });
});

describe('mute', () => {
  async function muteUntil(reader: GroupClient, groupID: string, userID: string) {
    return (await reader.groups.getGroupMembersInfo({ groupID, memberList: [userID] })).data?.[0]?.muteUntil;
  }

  it('lets admins mute ordinary members for some seconds and unmute them with 0', async () => {
    const { groupID, owner, admin, m1 } = await team('Public');
    expect((await admin.groups.muteGroupMember({ groupID, userID: m1.userID, seconds: 60 })).code).toBe(0);
    expect(await muteUntil(m1, groupID, m1.userID)).toBeGreaterThan(Date.now() + 50_000);
    expect((await admin.groups.muteGroupMember({ groupID, userID: m1.userID, seconds: 0 })).code).toBe(0);
    expect(await muteUntil(m1, groupID, m1.userID)).toBe(0);
    expect((await m1.groups.muteGroupMember({ groupID, userID: admin.userID, seconds: 60 })).code).toBe(
      ErrorCode.ERR_SVR_GROUP_PERMISSION_DENY,
    );
    expect((await admin.groups.muteGroupMember({ groupID, userID: owner.userID, seconds: 60 })).code).toBe(
      ErrorCode.ERR_SVR_GROUP_PERMISSION_DENY,
    );
    expect((await owner.groups.muteGroupMember({ groupID, userID: admin.userID, seconds: 60 })).code).toBe(0);
  });

  it('mutes the whole group from owners and admins, and has no muting in Work groups', async () => {
    const { groupID, admin, m1 } = await team('Public');
    expect((await m1.groups.muteAllGroupMembers({ groupID, isMute: true })).code).toBe(
      ErrorCode.ERR_SVR_GROUP_PERMISSION_DENY,
    );
    expect((await admin.groups.muteAllGroupMembers({ groupID, isMute: true })).code).toBe(0);
    expect((await m1.groups.getGroupsInfo({ groupIDList: [groupID] })).data?.[0]?.groupInfo?.isAllMuted).toBe(
      true,
    );
    const work = await team('Work');
    expect(
      (await work.owner.groups.muteGroupMember({ groupID: work.groupID, userID: work.m1.userID, seconds: 5 }))
        .code,
    ).toBe(ErrorCode.ERR_SVR_GROUP_PERMISSION_DENY);
    expect((await work.owner.groups.muteAllGroupMembers({ groupID: work.groupID, isMute: true })).code).toBe(
      ErrorCode.ERR_SVR_GROUP_PERMISSION_DENY,
    );
  });
});
