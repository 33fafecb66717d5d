/**
 * The REST message endpoints (`openim/sendmsg`, `batchsendmsg`, `admin_getroammsg`,
 * `admin_msgwithdraw`) over real HTTP through the REST envelope, with real SDK
 * clients on the receiving end.
 */
import { ErrorCode } from '@parley/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RestEnvelope } from '../src/rest/envelope.js';
import { chatClients } from './support/chat.js';
import { startTestServer, type TestServer } from './support/harness.js';

let t: TestServer;
const chats = chatClients(() => t);

beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => {
  await chats.closeAll();
  await t.stop();
});

let n = 0;
const user = (name: string) => `${name}${++n}`;
const login = (userID: string) => chats.login(userID);

/** Calls an endpoint over real HTTP as the app admin. */
function call(command: string, body: unknown): Promise<RestEnvelope> {
  return t.rest(command, body);
}

const textBody = (text: string) => [{ MsgType: 'TIMTextElem', MsgContent: { Text: text } }];

describe('openim/sendmsg', () => {
  it("sends as any user; the receiver and the sender's devices hear it, and a retry is stored once", async () => {
    const [alice, bob] = [await login(user('alice')), await login(user('bob'))];
    const body = {
      From_Account: alice.userID,
      To_Account: bob.userID,
      MsgRandom: 42,
      MsgBody: textBody('from the backend'),
    };
    const sent = await call('openim/sendmsg', body);
    expect(sent).toMatchObject({ ActionStatus: 'OK', ErrorCode: 0 });
    expect(typeof sent.MsgKey).toBe('string');
    expect(Math.abs(Number(sent.MsgTime) - Date.now() / 1000)).toBeLessThan(5);
    expect(await call('openim/sendmsg', body)).toMatchObject({ MsgKey: sent.MsgKey });
    await bob.waitFor(() => bob.received().length === 1, 'the message at bob');
    // A REST send is new to every instance of the sender, the SDK never sent it.
    await alice.waitFor(() => alice.received().length === 1, 'the message at alice');
    expect(bob.received()[0]).toMatchObject({
      msgID: sent.MsgKey,
      sender: alice.userID,
      textElem: { text: 'from the backend' },
    });
  });

  it('honours NoUnread and refuses bad bodies with the field named', async () => {
    const bob = await login(user('bob'));
    const from = user('shop');
    const quiet = await call('openim/sendmsg', {
      From_Account: from,
      To_Account: bob.userID,
      MsgRandom: 1,
      MsgBody: textBody('promo'),
      SendMsgControl: ['NoUnread'],
    });
    expect(quiet.ErrorCode).toBe(0);
    await bob.waitFor(() => bob.received().length === 1, 'the promo');
    const cm = bob.im.v2TIMManager.getConversationManager();
    expect((await cm.getConversation({ conversationID: `c2c_${from}` })).data?.unreadCount).toBe(0);

    const bad = await call('openim/sendmsg', { To_Account: bob.userID, MsgBody: textBody('x') });
    expect(bad).toMatchObject({ ActionStatus: 'FAIL', ErrorCode: ErrorCode.ERR_INVALID_PARAMS });
    expect(bad.ErrorInfo).toMatch(/MsgRandom/);
    const big = await call('openim/sendmsg', {
      To_Account: bob.userID,
      MsgRandom: 2,
      MsgBody: textBody('x'.repeat(13_000)),
    });
    expect(big.ErrorCode).toBe(ErrorCode.ERR_SVR_COMM_BODY_SIZE_LIMIT);
  });
});

describe('openim/batchsendmsg', () => {
  it('sends one message to each recipient and lists failures', async () => {
    const [bob, carol] = [await login(user('bob')), await login(user('carol'))];
    const reply = await call('openim/batchsendmsg', {
      To_Account: [bob.userID, carol.userID, bob.userID],
      MsgRandom: 9,
      MsgBody: textBody('news'),
    });
    expect(reply).toMatchObject({ ActionStatus: 'OK', ErrorCode: 0 });
    expect(reply.ErrorList).toBeUndefined();
    expect(reply.MsgKeyList).toHaveLength(2);
    await bob.waitFor(() => bob.received().length === 1, 'bob');
    await carol.waitFor(() => carol.received().length === 1, 'carol');
    expect(carol.received()[0]).toMatchObject({ sender: 'administrator', textElem: { text: 'news' } });

    const self = await call('openim/batchsendmsg', {
      To_Account: ['administrator'],
      MsgRandom: 1,
      MsgBody: textBody('x'),
    });
    expect(self.ErrorList).toEqual([
      { To_Account: 'administrator', ErrorCode: ErrorCode.ERR_INVALID_PARAMS },
    ]);
  });
});

describe('openim/admin_getroammsg and admin_msgwithdraw', () => {
  it("pages one party's history newest first and recalls a message at any age", async () => {
    const [alice, bob] = [await login(user('alice')), await login(user('bob'))];
    const sent = [];
    for (const text of ['a', 'b', 'c']) sent.push(await alice.send(bob.userID, text));
    const range = { MinTime: 0, MaxTime: Math.floor(Date.now() / 1000) + 10 };
    const first = await call('openim/admin_getroammsg', {
      Operator_Account: bob.userID,
      Peer_Account: alice.userID,
      MaxCnt: 2,
      ...range,
    });
    expect(first).toMatchObject({ ActionStatus: 'OK', Complete: 0, MsgCnt: 2, LastMsgKey: sent[1]?.msgID });
    expect(first.MsgList).toMatchObject([
      {
        From_Account: alice.userID,
        To_Account: bob.userID,
        MsgKey: sent[2]?.msgID,
        MsgFlagBits: 0,
        MsgBody: textBody('c'),
      },
      { MsgKey: sent[1]?.msgID },
    ]);
    const rest = await call('openim/admin_getroammsg', {
      Operator_Account: bob.userID,
      Peer_Account: alice.userID,
      MaxCnt: 2,
      LastMsgKey: first.LastMsgKey,
      ...range,
    });
    expect(rest).toMatchObject({ Complete: 1, MsgCnt: 1, MsgList: [{ MsgKey: sent[0]?.msgID }] });

    const withdrawn = await call('openim/admin_msgwithdraw', {
      From_Account: alice.userID,
      To_Account: bob.userID,
      MsgKey: sent[0]?.msgID,
    });
    expect(withdrawn).toMatchObject({ ActionStatus: 'OK', ErrorCode: 0 });
    await bob.waitFor(() => bob.count('onRecvMessageRevoked') === 1, 'the recall');
    const after = await call('openim/admin_getroammsg', {
      Operator_Account: alice.userID,
      Peer_Account: bob.userID,
      MaxCnt: 10,
      ...range,
    });
    expect((after.MsgList as { MsgFlagBits: number }[]).map((m) => m.MsgFlagBits)).toEqual([0, 0, 2]);
    const wrong = await call('openim/admin_msgwithdraw', {
      From_Account: bob.userID,
      To_Account: alice.userID,
      MsgKey: sent[1]?.msgID,
    });
    expect(wrong.ErrorCode).toBe(ErrorCode.ERR_INVALID_PARAMS);
  });
});

describe('messages to accounts that do not exist', () => {
  it('are refused with 20003 from the SDK and REST, and batchsendmsg lists them as failed', async () => {
    const alice = await login(user('alice'));
    const bob = await login(user('bob'));
    const nobody = user('nobody');
    const mm = alice.im.v2TIMManager.getMessageManager();
    const created = await mm.createTextMessage({ text: 'anyone there?' });
    const sent = await mm.sendMessage({ id: created.data?.id ?? '', receiver: nobody, groupID: '' });
    expect(sent.code).toBe(ErrorCode.ERR_SVR_MSG_INVALID_TO_ACCOUNT);
    const rest = await call('openim/sendmsg', {
      From_Account: alice.userID,
      To_Account: nobody,
      MsgRandom: 1,
      MsgBody: textBody('hello?'),
    });
    expect(rest).toMatchObject({ ActionStatus: 'FAIL', ErrorCode: ErrorCode.ERR_SVR_MSG_INVALID_TO_ACCOUNT });
    const batch = await call('openim/batchsendmsg', {
      From_Account: alice.userID,
      To_Account: [bob.userID, nobody],
      MsgRandom: 2,
      MsgBody: textBody('to both'),
    });
    expect(batch.ErrorList).toEqual([
      { To_Account: nobody, ErrorCode: ErrorCode.ERR_SVR_MSG_INVALID_TO_ACCOUNT },
    ]);
    await bob.waitFor(() => bob.texts().includes('to both'), 'the batch message at bob');
    // Whoever registers that UserID later finds nothing waiting.
    const late = await login(nobody);
    const history = await late.im.v2TIMManager
      .getMessageManager()
      .getC2CHistoryMessageList({ userID: alice.userID, count: 10 });
    expect(history.data).toEqual([]);
  });
});
