/**
 * The group REST endpoints (`v4/group_open_http_svc/…`) over real HTTP through the REST envelope,
 * with real SDK clients observing what the app backend did: events, messages, recalls, dismissal.
 */
import { ErrorCode } from '@parley/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RestEnvelope } from '../src/rest/envelope.js';
import { trySendToGroup } from './support/group-chat.js';
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
const call = (command: string, body: unknown): Promise<RestEnvelope> =>
  t.rest(`group_open_http_svc/${command}`, body);

describe('group_open_http_svc: groups', () => {
  it('creates a group with its owner and initial members, who hear of it, and reads it back', async () => {
    const owner = await clients.login(user('owner'));
    const [admin, member] = [await clients.login(user('admin')), await clients.login(user('member'))];
    const created = await call('create_group', {
      Owner_Account: owner.userID,
      Type: 'Public',
      Name: 'from the backend',
      Introduction: 'about',
      ApplyJoinOption: 'NeedPermission',
      AppDefinedData: [{ Key: 'level', Value: '3' }],
      MemberList: [{ Member_Account: admin.userID, Role: 'Admin' }, { Member_Account: member.userID }],
    });
    expect(created).toMatchObject({ ActionStatus: 'OK', ErrorCode: 0 });
    const groupID = String(created.GroupId);
    await member.waitFor('onMemberInvited', groupID);
    const info = await call('get_group_info', { GroupIdList: [groupID, 'no-such-group'] });
    expect(info.GroupInfo).toEqual([
      expect.objectContaining({
        ErrorCode: 0,
        GroupId: groupID,
        Type: 'Public',
        Name: 'from the backend',
        Introduction: 'about',
        Owner_Account: owner.userID,
        MemberNum: 3,
        ApplyJoinOption: 'NeedPermission',
        ShutUpAllMember: 'Off',
        AppDefinedData: [{ Key: 'level', Value: '3' }],
      }),
      expect.objectContaining({ GroupId: 'no-such-group', ErrorCode: ErrorCode.ERR_SVR_GROUP_NOT_FOUND }),
    ]);
    const roles = await call('get_role_in_group', {
      GroupId: groupID,
      User_Account: [owner.userID, admin.userID, member.userID, 'stranger'],
    });
    expect(roles.UserIdList).toEqual([
      { Member_Account: owner.userID, Role: 'Owner' },
      { Member_Account: admin.userID, Role: 'Admin' },
      { Member_Account: member.userID, Role: 'Member' },
      { Member_Account: 'stranger', Role: 'NotMember' },
    ]);
    const joined = await call('get_joined_group_list', { Member_Account: member.userID });
    expect(joined).toMatchObject({ TotalCount: 1, GroupIdList: [{ GroupId: groupID, Type: 'Public' }] });
  });

  it('takes the legacy type names, refuses bad fields with the field named and oversized batches', async () => {
    const owner = user('owner');
    await t.importAccounts(owner);
    const work = await call('create_group', { Owner_Account: owner, Type: 'Private', Name: 'w' });
    expect(work.ErrorCode).toBe(0);
    const meeting = await call('create_group', { Owner_Account: owner, Type: 'ChatRoom', Name: 'm' });
    const info = await call('get_group_info', { GroupIdList: [work.GroupId, meeting.GroupId] });
    expect((info.GroupInfo as { Type: string }[]).map((g) => g.Type)).toEqual(['Work', 'Meeting']);

    const badType = await call('create_group', { Owner_Account: owner, Type: 'Club', Name: 'x' });
    expect(badType).toMatchObject({ ActionStatus: 'FAIL', ErrorCode: ErrorCode.ERR_INVALID_PARAMS });
    expect(badType.ErrorInfo).toMatch(/^Type:/);
    const tooMany = await call('create_group', {
      Owner_Account: owner,
      Type: 'Public',
      Name: 'x',
      MemberList: Array.from({ length: 101 }, (_, i) => ({ Member_Account: `m${i}` })),
    });
    expect(tooMany.ErrorCode).toBe(ErrorCode.ERR_INVALID_BATCH_COUNT);
    const taken = await call('create_group', {
      Owner_Account: owner,
      Type: 'Public',
      Name: 'x',
      GroupId: 'dup',
    });
    expect(taken.ErrorCode).toBe(0);
    expect(
      (await call('create_group', { Owner_Account: owner, Type: 'Public', Name: 'y', GroupId: 'dup' }))
        .ErrorCode,
    ).toBe(ErrorCode.ERR_SVR_GROUP_GROUPID_IN_USED);
  });

  it('modifies the profile and mutes everyone; members hear it and may no longer send', async () => {
    const owner = await clients.login(user('owner'));
    const member = await clients.login(user('member'));
    const groupID = String(
      (
        await call('create_group', {
          Owner_Account: owner.userID,
          Type: 'Public',
          Name: 'before',
          MemberList: [{ Member_Account: member.userID }],
        })
      ).GroupId,
    );
    const modified = await call('modify_group_base_info', {
      GroupId: groupID,
      Name: 'after',
      ShutUpAllMember: 'On',
    });
    expect(modified.ErrorCode).toBe(0);
    await member.waitFor('onAllGroupMembersMuted', groupID);
    expect((await member.waitFor('onGroupInfoChanged', groupID)).args[0]).toEqual(
      expect.arrayContaining([{ type: 1, value: 'after' }]),
    );
    expect((await trySendToGroup(member.chat, groupID, 'hello')).code).toBe(
      ErrorCode.ERR_SVR_GROUP_SHUTUP_DENY,
    );
    const unknown = await call('modify_group_base_info', { GroupId: 'nothing-here', Name: 'x' });
    expect(unknown.ErrorCode).toBe(ErrorCode.ERR_SVR_GROUP_NOT_FOUND);
  });

  it('destroys a Work group (dismissed for its members) and transfers ownership', async () => {
    const owner = await clients.login(user('owner'));
    const member = await clients.login(user('member'));
    const make = async (type: string) =>
      String(
        (
          await call('create_group', {
            Owner_Account: owner.userID,
            Type: type,
            Name: 'g',
            MemberList: [{ Member_Account: member.userID }],
          })
        ).GroupId,
      );
    const work = await make('Work');
    // The SDK cannot dismiss a Work group; the backend can.
    expect((await owner.groups.dismissGroup({ groupID: work })).code).toBe(
      ErrorCode.ERR_SVR_GROUP_PERMISSION_DENY,
    );
    expect((await call('destroy_group', { GroupId: work })).ErrorCode).toBe(0);
    await member.waitFor('onGroupDismissed', work);
    expect((await call('destroy_group', { GroupId: work })).ErrorCode).toBe(
      ErrorCode.ERR_SVR_GROUP_NOT_FOUND,
    );

    const pub = await make('Public');
    expect(
      (await call('change_group_owner', { GroupId: pub, NewOwner_Account: member.userID })).ErrorCode,
    ).toBe(0);
    const roles = await call('get_role_in_group', {
      GroupId: pub,
      User_Account: [owner.userID, member.userID],
    });
    expect(roles.UserIdList).toEqual([
      { Member_Account: owner.userID, Role: 'Member' },
      { Member_Account: member.userID, Role: 'Owner' },
    ]);
    const stranger = await call('change_group_owner', { GroupId: pub, NewOwner_Account: 'nobody-here' });
    expect(stranger.ErrorCode).toBe(ErrorCode.ERR_SVR_GROUP_INVALID_PARAMETERS);
  });
});

describe('get_appid_group_list', () => {
  it("pages the app's groups of a type with Limit and Next", async () => {
    const owner = user('owner');
    await t.importAccounts(owner);
    const ids: string[] = [];
    for (const name of ['c1', 'c2', 'c3']) {
      const made = await call('create_group', { Owner_Account: owner, Type: 'Community', Name: name });
      ids.push(String(made.GroupId));
    }
    const first = await call('get_appid_group_list', { GroupType: 'Community', Limit: 2 });
    expect(first).toMatchObject({ ErrorCode: 0, TotalCount: 3, Next: 2 });
    const second = await call('get_appid_group_list', { GroupType: 'Community', Limit: 2, Next: 2 });
    expect(second).toMatchObject({ TotalCount: 3, Next: 0 });
    const listed = [
      ...(first.GroupIdList as { GroupId: string }[]),
      ...(second.GroupIdList as { GroupId: string }[]),
    ];
    expect(listed.map((g) => g.GroupId).sort()).toEqual(ids.sort());
    expect((await call('get_appid_group_list', { Limit: 10_001 })).ErrorCode).toBe(
      ErrorCode.ERR_INVALID_PARAMS,
    );
  });
});

describe('group_open_http_svc: members', () => {
  it('adds, pages, modifies, mutes and deletes members; members see each change', async () => {
    const owner = await clients.login(user('owner'));
    const [a, b] = [await clients.login(user('a')), await clients.login(user('b'))];
    const groupID = String(
      (await call('create_group', { Owner_Account: owner.userID, Type: 'Public', Name: 'g' })).GroupId,
    );
    const added = await call('add_group_member', {
      GroupId: groupID,
      MemberList: [
        { Member_Account: a.userID },
        { Member_Account: b.userID },
        { Member_Account: owner.userID },
      ],
    });
    expect(added.MemberList).toEqual([
      { Member_Account: a.userID, Result: 1 },
      { Member_Account: b.userID, Result: 1 },
      { Member_Account: owner.userID, Result: 2 },
    ]);
    await a.waitFor('onMemberInvited', groupID);

    const page1 = await call('get_group_member_info', { GroupId: groupID, Limit: 2 });
    expect(page1).toMatchObject({ MemberNum: 3 });
    expect((page1.MemberList as unknown[]).length).toBe(2);
    const page2 = await call('get_group_member_info', { GroupId: groupID, Limit: 2, Offset: 2 });
    expect((page2.MemberList as unknown[]).length).toBe(1);

    const modified = await call('modify_group_member_info', {
      GroupId: groupID,
      Member_Account: a.userID,
      Role: 'Admin',
      NameCard: 'Ann',
      AppMemberDefinedData: [{ Key: 'team', Value: 'red' }],
    });
    expect(modified.ErrorCode).toBe(0);
    await a.waitFor('onGrantAdministrator', groupID);
    const all = await call('get_group_member_info', { GroupId: groupID });
    expect(all.MemberList).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          Member_Account: a.userID,
          Role: 'Admin',
          NameCard: 'Ann',
          AppMemberDefinedData: [{ Key: 'team', Value: 'red' }],
        }),
      ]),
    );

    expect(
      (await call('forbid_send_msg', { GroupId: groupID, Members_Account: [b.userID], MuteTime: 600 }))
        .ErrorCode,
    ).toBe(0);
    await b.waitFor('onMemberInfoChanged', groupID);
    expect((await trySendToGroup(b.chat, groupID, 'hi')).code).toBe(ErrorCode.ERR_SVR_GROUP_SHUTUP_DENY);
    const muted = await call('get_group_muted_account', { GroupId: groupID });
    expect(muted.ShuttedUinList).toEqual([{ Member_Account: b.userID, ShuttedUntil: expect.any(Number) }]);
    await call('modify_group_member_info', { GroupId: groupID, Member_Account: b.userID, ShutUpTime: 0 });
    expect((await call('get_group_muted_account', { GroupId: groupID })).ShuttedUinList).toEqual([]);

    expect(
      (await call('delete_group_member', { GroupId: groupID, MemberToDel_Account: [b.userID] })).ErrorCode,
    ).toBe(0);
    await a.waitFor('onMemberKicked', groupID);
    expect((await call('get_group_member_info', { GroupId: groupID })).MemberNum).toBe(2);

    const tooMany = await call('delete_group_member', {
      GroupId: groupID,
      MemberToDel_Account: Array.from({ length: 501 }, (_, i) => `u${i}`),
    });
    expect(tooMany.ErrorCode).toBe(ErrorCode.ERR_INVALID_BATCH_COUNT);
    const online = await call('get_online_member_num', { GroupId: groupID });
    expect(online).toMatchObject({ ErrorCode: 0, OnlineMemberNum: 2 });
  });
});

describe('group_open_http_svc: attributes and counters', () => {
  it('sets, merges, reads and clears attributes and updates counters; members hear the changes', async () => {
    const owner = await clients.login(user('owner'));
    const groupID = String(
      (await call('create_group', { Owner_Account: owner.userID, Type: 'Public', Name: 'g' })).GroupId,
    );
    const attr = (list: [string, string][]) => list.map(([key, value]) => ({ key, value }));
    expect(
      (
        await call('set_group_attr', {
          GroupId: groupID,
          GroupAttr: attr([
            ['a', '1'],
            ['b', '2'],
          ]),
        })
      ).ErrorCode,
    ).toBe(0);
    await owner.waitFor('onGroupAttributeChanged', groupID);
    expect(
      (await call('modify_group_attr', { GroupId: groupID, GroupAttr: attr([['b', '3']]) })).ErrorCode,
    ).toBe(0);
    const read = await t.rest('group_open_attr_http_svc/get_group_attr', { GroupId: groupID });
    expect(read.GroupAttrAry).toEqual(
      expect.arrayContaining(
        attr([
          ['a', '1'],
          ['b', '3'],
        ]),
      ),
    );
    expect(read.GroupAttrAry).toHaveLength(2);
    expect((await call('clear_group_attr', { GroupId: groupID })).ErrorCode).toBe(0);
    expect(
      (await t.rest('group_open_attr_http_svc/get_group_attr', { GroupId: groupID })).GroupAttrAry,
    ).toEqual([]);

    const set = await call('update_group_counter', {
      GroupId: groupID,
      GroupCounter: [{ key: 'likes', value: 5 }],
    });
    expect(set.GroupCounter).toEqual([{ key: 'likes', value: 5 }]);
    await owner.waitFor('onGroupCounterChanged', groupID);
    const added = await call('update_group_counter', {
      GroupId: groupID,
      Mode: 'Increase',
      GroupCounter: [{ key: 'likes', value: 2 }],
    });
    expect(added.GroupCounter).toEqual([{ key: 'likes', value: 7 }]);
    const counters = await call('get_group_counter', { GroupId: groupID });
    expect(counters.GroupCounter).toEqual([{ key: 'likes', value: 7 }]);
    const bad = await call('update_group_counter', {
      GroupId: groupID,
      Mode: 'Double',
      GroupCounter: [{ key: 'likes', value: 1 }],
    });
    expect(bad.ErrorCode).toBe(ErrorCode.ERR_INVALID_PARAMS);
    expect((await call('get_group_counter', { GroupId: 'nope' })).ErrorCode).toBe(
      ErrorCode.ERR_SVR_GROUP_NOT_FOUND,
    );
  });
});
