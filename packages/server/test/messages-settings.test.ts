/**
 * Per-app message settings on a running server: the body limit and the recall window are the
 * app's, and REST `MsgLifeTime` sends to online users only (0) or keeps a message for a while.
 */
import { ErrorCode } from '@parley/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chatClients } from './support/chat.js';
import { startTestServer, type TestServer } from './support/harness.js';

let t: TestServer;
const chats = chatClients(() => t);

beforeAll(async () => {
  t = await startTestServer({ app: { maxMessageBodyBytes: 64, revokeWindowSeconds: 0 } });
});
afterAll(async () => {
  await chats.closeAll();
  await t.stop();
});

let n = 0;
const user = (name: string) => `${name}${++n}`;
const textBody = (text: string) => [{ MsgType: 'TIMTextElem', MsgContent: { Text: text } }];

describe('app message settings', () => {
  it("refuses a body over the app's limit, from the SDK and from REST", async () => {
    const [alice, bob] = [await chats.login(user('alice')), await chats.login(user('bob'))];
    await alice.send(bob.userID, 'short enough');
    const mm = alice.im.v2TIMManager.getMessageManager();
    const created = await mm.createTextMessage({ text: 'x'.repeat(65) });
    const sent = await mm.sendMessage({ id: created.data?.id ?? '', receiver: bob.userID, groupID: '' });
    expect(sent.code).toBe(ErrorCode.ERR_SVR_COMM_BODY_SIZE_LIMIT);
    const rest = await t.rest('openim/sendmsg', {
      From_Account: alice.userID,
      To_Account: bob.userID,
      MsgRandom: 1,
      MsgBody: textBody('y'.repeat(65)),
    });
    expect(rest.ErrorCode).toBe(ErrorCode.ERR_SVR_COMM_BODY_SIZE_LIMIT);
  });

  it("refuses a recall outside the app's recall window, which the admin may still do", async () => {
    const [alice, bob] = [await chats.login(user('alice')), await chats.login(user('bob'))];
    const sent = await alice.send(bob.userID, 'too late to take back');
    const mm = alice.im.v2TIMManager.getMessageManager();
    expect((await mm.revokeMessage({ msgID: sent.msgID })).code).toBe(
      ErrorCode.ERR_SVR_MSG_REVOKE_TIME_LIMIT,
    );
    const byAdmin = await t.rest('openim/admin_msgwithdraw', {
      From_Account: alice.userID,
      To_Account: bob.userID,
      MsgKey: sent.msgID,
    });
    expect(byAdmin.ActionStatus).toBe('OK');
  });

  it('MsgLifeTime 0 reaches online users only; a lifetime keeps the message in history', async () => {
    const [alice, bob] = [user('alice'), await chats.login(user('bob'))];
    const send = (text: string, lifetime: number) =>
      t.rest('openim/sendmsg', {
        From_Account: alice,
        To_Account: bob.userID,
        MsgRandom: ++n,
        MsgLifeTime: lifetime,
        MsgBody: textBody(text),
      });
    expect((await send('typing…', 0)).ActionStatus).toBe('OK');
    expect((await send('kept for a minute', 60)).ActionStatus).toBe('OK');
    await bob.waitFor(() => bob.texts().length === 2, 'both messages at bob');
    expect(bob.texts()).toEqual(['typing…', 'kept for a minute']);
    const history = await bob.im.v2TIMManager
      .getMessageManager()
      .getC2CHistoryMessageList({ userID: alice, count: 10 });
    expect(history.data?.map((m) => m.textElem?.text)).toEqual(['kept for a minute']);
    const tooLong = await send('forever', 604_801);
    expect(tooLong.ActionStatus).toBe('FAIL');
  });
});
