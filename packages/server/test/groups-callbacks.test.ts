/**
 * The `Group.*` callbacks (im-features.md §9.2) against a real HTTP receiver on loopback: before-hooks
 * that allow, refuse (10016) or, for sends, rewrite; after-hooks with the original's fields, for
 * SDK and REST actions alike.
 */
import { ErrorCode } from '@parley/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CallbackReceiver, startCallbackReceiver } from './support/callback-receiver.js';
import { groupTexts, sendToGroup, trySendToGroup } from './support/group-chat.js';
import { groupClients } from './support/group-clients.js';
import { startTestServer, type TestServer } from './support/harness.js';

let receiver: CallbackReceiver;

const accounts = (list: unknown) => (list as { Member_Account: string }[]).map((m) => m.Member_Account);

/** The app's answers: names starting with "banned" or "forbidden" are refused. */
function answer(command: string, body: Record<string, unknown>): object {
  switch (command) {
    case 'Group.CallbackBeforeCreateGroup':
      return String(body.Name).startsWith('forbidden')
        ? { ErrorCode: 1, ErrorInfo: 'no such name' }
        : { ErrorCode: 0 };
    case 'Group.CallbackBeforeApplyJoinGroup':
      return String(body.Requestor_Account).startsWith('banned') ? { ErrorCode: 1 } : { ErrorCode: 0 };
    case 'Group.CallbackBeforeInviteJoinGroup':
      return {
        ErrorCode: 0,
        RefusedMembers_Account: accounts(body.DestinationMembers).filter((id) => id.startsWith('banned')),
      };
    case 'Group.CallbackBeforeSendMsg': {
      const text = (body.MsgBody as { MsgContent: { Text?: string } }[])[0]?.MsgContent.Text ?? '';
      if (text.startsWith('forbidden')) return { ErrorCode: 1, ErrorInfo: 'no swearing' };
      if (text.startsWith('drop')) return { ErrorCode: 2 };
      if (text.startsWith('rewrite'))
        return { ErrorCode: 0, MsgBody: [{ MsgType: 'TIMTextElem', MsgContent: { Text: '***' } }] };
      return { ErrorCode: 0 };
    }
    default:
      return { ErrorCode: 0 };
  }
}

const callbackUrlOf = () => receiver.url;

let t: TestServer;
const clients = groupClients(() => t);

beforeAll(async () => {
  receiver = await startCallbackReceiver(answer);
  t = await startTestServer({
    app: { callbackUrl: callbackUrlOf() },
    messages: { beforeSendTimeoutMs: 2_000 },
  });
});
afterAll(async () => {
  await clients.closeAll();
  await t.stop();
  await receiver.close();
});

const waitForPost: CallbackReceiver['waitForPost'] = (check) => receiver.waitForPost(check);

let n = 0;
const user = (name: string) => `${name}${++n}`;

describe('group callbacks', () => {
  it('asks before creating and reports after, for the SDK and REST; a refusal creates nothing', async () => {
    const owner = await clients.login(user('owner'));
    const member = user('member');
    await t.importAccounts(member);
    const created = await owner.groups.createGroup({
      groupType: 'Public',
      groupName: 'hooked',
      memberList: [{ userID: member }],
    });
    expect(created.code).toBe(0);
    const groupID = created.data!;
    const before = await waitForPost(
      (p) => p.command === 'Group.CallbackBeforeCreateGroup' && p.body.Operator_Account === owner.userID,
    );
    expect(before.body).toMatchObject({
      Owner_Account: owner.userID,
      Type: 'Public',
      Name: 'hooked',
      MemberList: [{ Member_Account: member }],
      EventTime: expect.any(Number),
    });
    expect(before.query.get('OptPlatform')).toBe('Web');
    const after = await waitForPost(
      (p) => p.command === 'Group.CallbackAfterCreateGroup' && p.body.GroupId === groupID,
    );
    expect(after.body).toMatchObject({ Owner_Account: owner.userID, Type: 'Public', Name: 'hooked' });
    expect(accounts(after.body.MemberList)).toEqual([owner.userID, member]);

    const refused = await owner.groups.createGroup({ groupType: 'Public', groupName: 'forbidden one' });
    expect(refused.code).toBe(ErrorCode.ERR_SVR_GROUP_REJECT_FROM_THIRDPARTY);
    const byRest = await t.rest('group_open_http_svc/create_group', {
      Owner_Account: owner.userID,
      Type: 'Public',
      Name: 'forbidden too',
      GroupId: 'refused-by-app',
    });
    expect(byRest).toMatchObject({ ErrorCode: ErrorCode.ERR_SVR_GROUP_REJECT_FROM_THIRDPARTY });
    const info = await t.rest('group_open_http_svc/get_group_info', { GroupIdList: ['refused-by-app'] });
    expect(info.GroupInfo).toEqual([
      expect.objectContaining({ ErrorCode: ErrorCode.ERR_SVR_GROUP_NOT_FOUND }),
    ]);

    const restCreated = await t.rest('group_open_http_svc/create_group', {
      Owner_Account: owner.userID,
      Type: 'Work',
      Name: 'from REST',
    });
    const restAfter = await waitForPost(
      (p) => p.command === 'Group.CallbackAfterCreateGroup' && p.body.GroupId === restCreated.GroupId,
    );
    expect(restAfter.query.get('OptPlatform')).toBe('RESTAPI');
  });

  it('asks before joins and invites, refusing whom the app refuses, and reports joins and exits', async () => {
    const owner = await clients.login(user('owner'));
    const joiner = await clients.login(user('joiner'));
    const banned = await clients.login(user('banned'));
    const invitee = user('invitee');
    const bannedInvitee = user('banned');
    await t.importAccounts(invitee, bannedInvitee);
    const groupID = (await owner.groups.createGroup({ groupType: 'Public', groupName: 'g', addOpt: 2 }))
      .data!;

    expect((await joiner.groups.joinGroup({ groupID, message: '' })).code).toBe(0);
    expect(
      (
        await waitForPost(
          (p) => p.command === 'Group.CallbackBeforeApplyJoinGroup' && p.body.GroupId === groupID,
        )
      ).body,
    ).toMatchObject({ Type: 'Public', Requestor_Account: joiner.userID });
    const joined = await waitForPost(
      (p) => p.command === 'Group.CallbackAfterNewMemberJoin' && p.body.GroupId === groupID,
    );
    expect(joined.body).toMatchObject({ JoinType: 'Apply', Operator_Account: joiner.userID });
    expect(accounts(joined.body.NewMemberList)).toEqual([joiner.userID]);
    expect((await banned.groups.joinGroup({ groupID, message: '' })).code).toBe(
      ErrorCode.ERR_SVR_GROUP_REJECT_FROM_THIRDPARTY,
    );

    const invited = await owner.groups.inviteUserToGroup({ groupID, userList: [invitee, bannedInvitee] });
    expect(invited.data).toEqual([
      { memberID: bannedInvitee, result: 0 },
      { memberID: invitee, result: 1 },
    ]);
    const before = await waitForPost(
      (p) => p.command === 'Group.CallbackBeforeInviteJoinGroup' && p.body.GroupId === groupID,
    );
    expect(before.body).toMatchObject({ Operator_Account: owner.userID, Type: 'Public' });
    expect(accounts(before.body.DestinationMembers)).toEqual([invitee, bannedInvitee]);
    const invitedJoin = await waitForPost(
      (p) =>
        p.command === 'Group.CallbackAfterNewMemberJoin' &&
        p.body.GroupId === groupID &&
        p.body.JoinType === 'Invited',
    );
    expect(accounts(invitedJoin.body.NewMemberList)).toEqual([invitee]);

    expect((await joiner.groups.quitGroup({ groupID })).code).toBe(0);
    const quit = await waitForPost(
      (p) =>
        p.command === 'Group.CallbackAfterMemberExit' &&
        p.body.GroupId === groupID &&
        p.body.ExitType === 'Quit',
    );
    expect(accounts(quit.body.ExitMemberList)).toEqual([joiner.userID]);
    expect((await owner.groups.kickGroupMember({ groupID, memberList: [invitee] })).code).toBe(0);
    const kicked = await waitForPost(
      (p) =>
        p.command === 'Group.CallbackAfterMemberExit' &&
        p.body.GroupId === groupID &&
        p.body.ExitType === 'Kicked',
    );
    expect(kicked.body).toMatchObject({ Operator_Account: owner.userID });
    expect(accounts(kicked.body.ExitMemberList)).toEqual([invitee]);
  });

  it('asks before sending (refuse, drop, rewrite) and reports after; REST can forbid the callbacks', async () => {
    const owner = await clients.login(user('owner'));
    const member = await clients.login(user('member'));
    const groupID = (
      await owner.groups.createGroup({
        groupType: 'Public',
        groupName: 'g',
        memberList: [{ userID: member.userID }],
      })
    ).data!;
    const sent = await sendToGroup(owner.chat, groupID, 'hello hooks');
    const before = await waitForPost(
      (p) =>
        p.command === 'Group.CallbackBeforeSendMsg' &&
        p.body.GroupId === groupID &&
        p.body.Random === sent.random,
    );
    expect(before.body).toMatchObject({
      Type: 'Public',
      From_Account: owner.userID,
      Operator_Account: owner.userID,
      OnlineOnlyFlag: 0,
      MsgBody: [{ MsgType: 'TIMTextElem', MsgContent: { Text: 'hello hooks' } }],
    });
    const after = await waitForPost(
      (p) =>
        p.command === 'Group.CallbackAfterSendMsg' &&
        p.body.GroupId === groupID &&
        p.body.MsgId === sent.msgID,
    );
    expect(after.body).toMatchObject({
      MsgSeq: sent.seq,
      From_Account: owner.userID,
      MsgTime: expect.any(Number),
    });

    const refused = await trySendToGroup(owner.chat, groupID, 'forbidden word');
    expect(refused).toMatchObject({
      code: ErrorCode.ERR_SVR_GROUP_REJECT_FROM_THIRDPARTY,
      desc: 'no swearing',
    });
    expect((await trySendToGroup(owner.chat, groupID, 'drop me')).code).toBe(0);
    await sendToGroup(owner.chat, groupID, 'rewrite me');
    await member.chat.waitFor(() => groupTexts(member.chat, groupID).length === 2, 'the rewritten message');
    expect(groupTexts(member.chat, groupID)).toEqual(['hello hooks', '***']);
    // The after-send callback reports the body as rewritten.
    await waitForPost(
      (p) =>
        p.command === 'Group.CallbackAfterSendMsg' &&
        p.body.GroupId === groupID &&
        JSON.stringify(p.body.MsgBody) ===
          JSON.stringify([{ MsgType: 'TIMTextElem', MsgContent: { Text: '***' } }]),
    );

    const quiet = await t.rest('group_open_http_svc/send_group_msg', {
      GroupId: groupID,
      Random: 99,
      MsgBody: [{ MsgType: 'TIMTextElem', MsgContent: { Text: 'forbidden but unchecked' } }],
      ForbidCallbackControl: ['ForbidBeforeSendMsgCallback', 'ForbidAfterSendMsgCallback'],
    });
    expect(quiet.ErrorCode).toBe(0);
    await member.chat.waitFor(() => groupTexts(member.chat, groupID).length === 3, 'the unchecked message');
    const checked = await t.rest('group_open_http_svc/send_group_msg', {
      GroupId: groupID,
      Random: 100,
      MsgBody: [{ MsgType: 'TIMTextElem', MsgContent: { Text: 'checked' } }],
    });
    expect(checked.ErrorCode).toBe(0);
    const restAfter = await waitForPost(
      (p) =>
        p.command === 'Group.CallbackAfterSendMsg' && p.body.GroupId === groupID && p.body.Random === 100,
    );
    expect(restAfter.query.get('OptPlatform')).toBe('RESTAPI');
    // Its before-send would have been posted before its reply, its after-send queued before this one.
    expect(receiver.posted.some((p) => p.body.GroupId === groupID && p.body.Random === 99)).toBe(false);
  });

  it('reports profile changes and a REST destroy with the members', async () => {
    const owner = await clients.login(user('owner'));
    const member = user('member');
    await t.importAccounts(member);
    const groupID = (
      await owner.groups.createGroup({ groupType: 'Work', groupName: 'g', memberList: [{ userID: member }] })
    ).data!;
    expect((await owner.groups.setGroupInfo({ info: { groupID, groupName: 'renamed' } })).code).toBe(0);
    const changed = await waitForPost(
      (p) => p.command === 'Group.CallbackAfterGroupInfoChanged' && p.body.GroupId === groupID,
    );
    expect(changed.body).toMatchObject({ Type: 'Work', Operator_Account: owner.userID, Name: 'renamed' });
    expect((await t.rest('group_open_http_svc/destroy_group', { GroupId: groupID })).ErrorCode).toBe(0);
    const destroyed = await waitForPost(
      (p) => p.command === 'Group.CallbackAfterGroupDestroyed' && p.body.GroupId === groupID,
    );
    expect(destroyed.body).toMatchObject({ Type: 'Work', Name: 'renamed', Owner_Account: owner.userID });
    expect(accounts(destroyed.body.MemberList).sort()).toEqual([owner.userID, member].sort());
  });

  it('reports a join accepted by an admin and a group reaching its member limit', async () => {
    const owner = await clients.login(user('owner'));
    const asker = await clients.login(user('asker'));
    const groupID = (await owner.groups.createGroup({ groupType: 'Public', groupName: 'g', addOpt: 1 }))
      .data!;
    expect((await asker.groups.joinGroup({ groupID, message: 'let me in' })).code).toBe(0);
    await owner.waitFor('onReceiveJoinApplication', groupID);
    const accepted = await owner.groups.acceptGroupApplication({ groupID, fromUser: asker.userID });
    expect(accepted.code).toBe(0);
    const joined = await waitForPost(
      (p) => p.command === 'Group.CallbackAfterNewMemberJoin' && p.body.GroupId === groupID,
    );
    expect(joined.body).toMatchObject({ JoinType: 'Apply', Operator_Account: owner.userID });
    expect(accounts(joined.body.NewMemberList)).toEqual([asker.userID]);

    const small = await startTestServer({ app: { callbackUrl: callbackUrlOf(), maxMembersPublic: 2 } });
    try {
      const made = await small.rest('group_open_http_svc/create_group', {
        Owner_Account: 'owner',
        Type: 'Public',
        Name: 'small',
      });
      expect(made.ErrorCode).toBe(0);
      await small.importAccounts('second');
      const added = await small.rest('group_open_http_svc/add_group_member', {
        GroupId: made.GroupId,
        MemberList: [{ Member_Account: 'second' }],
      });
      expect(added.ErrorCode).toBe(0);
      const full = await waitForPost(
        (p) => p.command === 'Group.CallbackAfterGroupFull' && p.body.GroupId === made.GroupId,
      );
      expect(full.body).toMatchObject({ Type: 'Public' });
    } finally {
      await small.stop();
    }
  });
});
