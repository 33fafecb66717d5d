/**
 * `C2C.CallbackBeforeSendMsg` (refuse, drop, rewrite, time budget, fail-open or closed) and
 * `C2C.CallbackAfterSendMsg` against a real HTTP receiver.
 */
import { ErrorCode } from '@parley/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CallbackReceiver, startCallbackReceiver } from './support/callback-receiver.js';
import { type ChatClient, chatClient } from './support/chat.js';
import { startTestServer, type TestServer } from './support/harness.js';

/** The app's callback receiver: answers before-send by the message text ("hang…" never). */
let receiver: CallbackReceiver;

function answerBeforeSend(text: string): object | 'hang' {
  if (text.startsWith('forbidden')) return { ErrorCode: 1, ErrorInfo: 'no swearing' };
  if (text.startsWith('drop')) return { ErrorCode: 2 };
  if (text.startsWith('rewrite'))
    return {
      ErrorCode: 0,
      MsgBody: [{ MsgType: 'TIMTextElem', MsgContent: { Text: '***' } }],
      CloudCustomData: 'checked',
    };
  if (text.startsWith('hang')) return 'hang';
  return { ErrorCode: 0 };
}

beforeAll(async () => {
  receiver = await startCallbackReceiver((command, body) => {
    if (command !== 'C2C.CallbackBeforeSendMsg') return { ErrorCode: 0 };
    const first = (body.MsgBody as { MsgContent: { Text?: string } }[])[0];
    return answerBeforeSend(first?.MsgContent.Text ?? '');
  });
});
afterAll(async () => {
  await receiver.close();
});

const callbackUrl = () => receiver.url;
const waitForPost: CallbackReceiver['waitForPost'] = (check) => receiver.waitForPost(check);

async function serverWith(
  failOpen: boolean,
): Promise<{ t: TestServer; login(userID: string): Promise<ChatClient> }> {
  const t = await startTestServer({
    app: { callbackUrl: callbackUrl() },
    messages: { beforeSendTimeoutMs: 300, beforeSendFailOpen: failOpen },
  });
  const clients: ChatClient[] = [];
  cleanups.push(async () => {
    await Promise.all(clients.map((c) => c.close()));
    await t.stop();
  });
  return {
    t,
    async login(userID) {
      const c = await chatClient({ wsUrl: t.wsUrl, sdkAppID: t.sdkAppID, userID, userSig: t.ticket(userID) });
      clients.push(c);
      return c;
    },
  };
}
const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups) await cleanup();
});

let n = 0;
const user = (name: string) => `${name}${++n}`;

describe('message callbacks', () => {
  it('asks before sending and reports after, with the original fields', async () => {
    const { login } = await serverWith(true);
    const [alice, bob] = [await login(user('alice')), await login(user('bob'))];
    const sent = await alice.send(bob.userID, 'hello hooks');
    const before = await waitForPost(
      (p) => p.command === 'C2C.CallbackBeforeSendMsg' && p.body.From_Account === alice.userID,
    );
    expect(before.body).toMatchObject({
      CallbackCommand: 'C2C.CallbackBeforeSendMsg',
      To_Account: bob.userID,
      MsgRandom: sent.random,
      OnlineOnlyFlag: 0,
      MsgBody: [{ MsgType: 'TIMTextElem', MsgContent: { Text: 'hello hooks' } }],
    });
    expect(before.query.get('OptPlatform')).toBe('Web');
    const after = await waitForPost(
      (p) => p.command === 'C2C.CallbackAfterSendMsg' && p.body.From_Account === alice.userID,
    );
    expect(after.body).toMatchObject({
      MsgKey: sent.msgID,
      SendMsgResult: 0,
      UnreadMsgNum: 1,
      MsgSeq: sent.seq,
    });
  });

  it('refuses with 20006, drops silently, or delivers the rewritten message', async () => {
    const { login } = await serverWith(true);
    const [alice, bob] = [await login(user('alice')), await login(user('bob'))];
    const mm = alice.im.v2TIMManager.getMessageManager();
    const forbidden = await mm.createTextMessage({ text: 'forbidden word' });
    const refused = await mm.sendMessage({ id: forbidden.data!.id, receiver: bob.userID, groupID: '' });
    expect(refused).toMatchObject({ code: ErrorCode.ERR_SVR_MSG_PUSH_DENY, desc: 'no swearing' });

    await alice.send(bob.userID, 'drop me');
    await alice.send(bob.userID, 'rewrite me');
    await bob.waitFor(() => bob.received().length === 1, 'the rewritten message');
    expect(bob.received()[0]).toMatchObject({ textElem: { text: '***' }, cloudCustomData: 'checked' });
    const history = await bob.im.v2TIMManager
      .getMessageManager()
      .getC2CHistoryMessageList({ userID: alice.userID, count: 10 });
    expect(history.data?.map((m) => m.textElem?.text)).toEqual(['***']);
  });

  it('delivers when the callback does not answer in time (fail-open)', async () => {
    const { login } = await serverWith(true);
    const [alice, bob] = [await login(user('alice')), await login(user('bob'))];
    await alice.send(bob.userID, 'hang on');
    await bob.waitFor(() => bob.received().length === 1, 'the message');
  });

  it('refuses with 70169 when the callback does not answer in time (fail-closed)', async () => {
    const { t, login } = await serverWith(false);
    const alice = await login(user('alice'));
    const bob = user('bob');
    await t.importAccounts(bob);
    const mm = alice.im.v2TIMManager.getMessageManager();
    const created = await mm.createTextMessage({ text: 'hang on' });
    const result = await mm.sendMessage({ id: created.data!.id, receiver: bob, groupID: '' });
    expect(result.code).toBe(ErrorCode.ERR_INTERNAL_TIMEOUT);
  });
});
