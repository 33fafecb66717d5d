/**
 * The group message REST endpoints (`send_group_msg`, `group_msg_recall`, `group_msg_get_simple`,
 * `import_group_msg`, `send_group_system_notification`) over real HTTP, with real SDK clients.
 */
import { ErrorCode } from '@parley/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RestEnvelope } from '../src/rest/envelope.js';
import { conversationOf, groupMessages, groupTexts, sendToGroup } from './support/group-chat.js';
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
const textBody = (text: string) => [{ MsgType: 'TIMTextElem', MsgContent: { Text: text } }];

async function groupWith(type: string, owner: string, members: string[]): Promise<string> {
  const created = await call('create_group', {
    Owner_Account: owner,
    Type: type,
    Name: 'g',
    MemberList: members.map((id) => ({ Member_Account: id })),
  });
  expect(created.ErrorCode).toBe(0);
  return String(created.GroupId);
}

describe('send_group_msg', () => {
  it("sends as a member or as the admin; members' onRecvNewMessage hears it and a retry is stored once", async () => {
    const owner = await clients.login(user('owner'));
    const member = await clients.login(user('member'));
    const groupID = await groupWith('Public', owner.userID, [member.userID]);
    const body = {
      GroupId: groupID,
      From_Account: owner.userID,
      Random: 7,
      MsgBody: textBody('from the backend'),
    };
    const sent = await call('send_group_msg', body);
    expect(sent).toMatchObject({ ActionStatus: 'OK', ErrorCode: 0, MsgSeq: expect.any(Number) });
    expect(await call('send_group_msg', body)).toMatchObject({ MsgSeq: sent.MsgSeq });
    await member.chat.waitFor(() => groupTexts(member.chat, groupID).length === 1, 'the REST message');
    expect(groupMessages(member.chat, groupID)[0]).toMatchObject({
      sender: owner.userID,
      seq: sent.MsgSeq,
      textElem: { text: 'from the backend' },
    });

    const asAdmin = await call('send_group_msg', {
      GroupId: groupID,
      Random: 8,
      MsgBody: textBody('announcement'),
      CloudCustomData: 'meta',
    });
    expect(asAdmin.ErrorCode).toBe(0);
    await member.chat.waitFor(() => groupTexts(member.chat, groupID).length === 2, 'the admin message');
    expect(groupMessages(member.chat, groupID)[1]).toMatchObject({ cloudCustomData: 'meta' });
  });

  it('refuses a sender who is not a member, an unknown group and a bad body', async () => {
    const owner = user('owner');
    await t.importAccounts(owner);
    const groupID = await groupWith('Public', owner, []);
    const outsider = await call('send_group_msg', {
      GroupId: groupID,
      From_Account: 'outsider',
      Random: 1,
      MsgBody: textBody('x'),
    });
    expect(outsider.ErrorCode).toBe(ErrorCode.ERR_SVR_GROUP_PERMISSION_DENY);
    const unknown = await call('send_group_msg', { GroupId: 'nope', Random: 1, MsgBody: textBody('x') });
    expect(unknown.ErrorCode).toBe(ErrorCode.ERR_SVR_GROUP_NOT_FOUND);
    const bad = await call('send_group_msg', { GroupId: groupID, MsgBody: textBody('x') });
    expect(bad).toMatchObject({ ErrorCode: ErrorCode.ERR_INVALID_PARAMS });
    expect(bad.ErrorInfo).toMatch(/^Random:/);
  });
});

describe('group_msg_recall and group_msg_get_simple', () => {
  it('recalls by MsgSeq (members hear it) and pages history backwards with place-holders', async () => {
    const owner = await clients.login(user('owner'));
    const member = await clients.login(user('member'));
    const groupID = await groupWith('Public', owner.userID, [member.userID]);
    const seqs: number[] = [];
    for (const text of ['one', 'two', 'three']) seqs.push((await sendToGroup(owner.chat, groupID, text)).seq);
    const [, two, three] = seqs as [number, number, number];

    const recalled = await call('group_msg_recall', { GroupId: groupID, MsgSeqList: [{ MsgSeq: two }] });
    expect(recalled).toMatchObject({ ErrorCode: 0, RecallRetList: [{ MsgSeq: two, RetCode: 0 }] });
    await member.chat.waitFor(() => member.chat.count('onRecvMessageRevoked') === 1, 'the recall');

    const page = await call('group_msg_get_simple', { GroupId: groupID, ReqMsgSeq: three, ReqMsgNumber: 2 });
    expect(page.RspMsgList).toEqual([
      expect.objectContaining({ MsgSeq: three, IsPlaceMsg: 0, MsgBody: textBody('three') }),
      expect.objectContaining({ MsgSeq: two, IsPlaceMsg: 1 }),
    ]);
    const latest = await call('group_msg_get_simple', { GroupId: groupID, ReqMsgNumber: 1 });
    expect((latest.RspMsgList as { MsgSeq: number }[])[0]?.MsgSeq).toBe(three);

    const tooMany = await call('group_msg_get_simple', { GroupId: groupID, ReqMsgNumber: 21 });
    expect(tooMany.ErrorCode).toBe(ErrorCode.ERR_INVALID_PARAMS);
    const missing = await call('group_msg_recall', { GroupId: groupID, MsgSeqList: [{ MsgSeq: 999 }] });
    expect(missing.RecallRetList).toEqual([{ MsgSeq: 999, RetCode: ErrorCode.ERR_INVALID_PARAMS }]);
  });

  it('answers 10007 for an AVChatRoom, which keeps no messages', async () => {
    const owner = user('owner');
    await t.importAccounts(owner);
    const room = await groupWith('AVChatRoom', owner, []);
    const page = await call('group_msg_get_simple', { GroupId: room, ReqMsgNumber: 5 });
    expect(page.ErrorCode).toBe(ErrorCode.ERR_SVR_GROUP_PERMISSION_DENY);
  });
});

describe('import_group_msg', () => {
  it('stores messages with their SendTime, in time order, which members then find in history', async () => {
    const owner = await clients.login(user('owner'));
    const groupID = await groupWith('Public', owner.userID, []);
    const imported = await call('import_group_msg', {
      GroupId: groupID,
      MsgList: [
        { From_Account: owner.userID, SendTime: 1_600_000_200, Random: 2, MsgBody: textBody('later') },
        { From_Account: owner.userID, SendTime: 1_600_000_100, Random: 1, MsgBody: textBody('earlier') },
      ],
    });
    expect(imported.ErrorCode).toBe(0);
    const page = await call('group_msg_get_simple', { GroupId: groupID, ReqMsgNumber: 20 });
    const texts = (
      page.RspMsgList as { MsgBody: { MsgContent: { Text?: string } }[]; MsgTimeStamp: number }[]
    )
      .filter((m) => m.MsgBody.length > 0 && m.MsgBody[0]?.MsgContent.Text !== undefined)
      .map((m) => [m.MsgBody[0]?.MsgContent.Text, m.MsgTimeStamp]);
    expect(texts).toEqual([
      ['later', 1_600_000_200],
      ['earlier', 1_600_000_100],
    ]);
    const history = await owner.chat.im.v2TIMManager
      .getMessageManager()
      .getGroupHistoryMessageList({ groupID, count: 20 });
    const chat = (history.data ?? []).filter((m) => m.textElem);
    expect(chat.map((m) => [m.textElem?.text, m.timestamp])).toEqual([
      ['later', 1_600_000_200],
      ['earlier', 1_600_000_100],
    ]);
  });
});

describe('import_group and import_group_member', () => {
  it('keep the CreateTime, JoinTime and role given, and start the member at the unread count given', async () => {
    const owner = user('owner');
    const member = user('member');
    await t.importAccounts(owner, member);
    const groupID = user('imported');
    const imported = await call('import_group', {
      Owner_Account: owner,
      Type: 'Public',
      Name: 'from elsewhere',
      GroupId: groupID,
      CreateTime: 1_500_000_000,
    });
    expect(imported).toMatchObject({ ErrorCode: 0, GroupId: groupID });
    const info = await call('get_group_info', { GroupIdList: [groupID] });
    expect(info.GroupInfo).toEqual([expect.objectContaining({ Type: 'Public', CreateTime: 1_500_000_000 })]);

    const members = await call('import_group_member', {
      GroupId: groupID,
      MemberList: [
        { Member_Account: member, Role: 'Admin', JoinTime: 1_500_000_100, UnreadMsgNum: 3 },
        { Member_Account: owner },
        { Member_Account: 'never-imported' },
      ],
    });
    expect(members.MemberList).toEqual([
      { Member_Account: member, Result: 1 },
      { Member_Account: owner, Result: 2 },
      { Member_Account: 'never-imported', Result: 0 },
    ]);
    const list = await call('get_group_member_info', { GroupId: groupID });
    expect(list.MemberList).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ Member_Account: member, Role: 'Admin', JoinTime: 1_500_000_100 }),
      ]),
    );
    const client = await clients.login(member);
    expect((await conversationOf(client.chat, groupID)).unreadCount).toBe(3);
  });
});

describe('send_group_system_notification', () => {
  it("reaches members' onReceiveRESTCustomData, all of them or the ones named", async () => {
    const owner = await clients.login(user('owner'));
    const [a, b] = [await clients.login(user('a')), await clients.login(user('b'))];
    const groupID = await groupWith('Public', owner.userID, [a.userID, b.userID]);
    expect(
      (await call('send_group_system_notification', { GroupId: groupID, Content: 'to all' })).ErrorCode,
    ).toBe(0);
    for (const c of [owner, a, b])
      expect((await c.waitFor('onReceiveRESTCustomData', groupID)).args).toEqual(['to all']);
    await call('send_group_system_notification', {
      GroupId: groupID,
      Content: 'to a',
      ToMembers_Account: [a.userID],
    });
    await a.waitFor('onReceiveRESTCustomData', groupID, (c) => c.args[0] === 'to a');
    // b hears the next notice to everyone without having heard the one to a.
    await call('send_group_system_notification', { GroupId: groupID, Content: 'again' });
    await b.waitFor('onReceiveRESTCustomData', groupID, (c) => c.args[0] === 'again');
    expect(b.seen('onReceiveRESTCustomData', groupID).map((c) => c.args[0])).toEqual(['to all', 'again']);
    const unknown = await call('send_group_system_notification', { GroupId: 'nope', Content: 'x' });
    expect(unknown.ErrorCode).toBe(ErrorCode.ERR_SVR_GROUP_NOT_FOUND);
  });
});
