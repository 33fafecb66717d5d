/**
 * Messaging over the bare protocol (no SDK): the sync timeline, idempotent sends, validation with the
 * field path, and that one user can never reach another user's messages or conversations.
 */
import type { SyncEventsReply, WireConversation, WireMessage } from '@parley/protocol';
import { ErrorCode } from '@parley/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './support/harness.js';
import { connectRaw, type RawClient } from './support/raw-client.js';

let t: TestServer;

beforeAll(async () => {
  t = await startTestServer();
});
afterAll(() => t.stop());

let n = 0;
const user = () => `wire${++n}`;
let ids = 0;

async function loggedIn(userID: string): Promise<RawClient> {
  const c = await connectRaw(t.wsUrl);
  const reply = await c.request('login', {
    sdkAppID: t.sdkAppID,
    userID,
    userSig: t.ticket(userID),
    platform: 'web',
    instanceID: `wire${++ids}`,
  });
  expect(reply.code).toBe(0);
  return c;
}

const text = (s: string) => [{ elemType: 1, text: s }];
let msgs = 0;
const send = (c: RawClient, receiver: string, body = 'hi', extra: Record<string, unknown> = {}) =>
  c.request<{ message: WireMessage }>('sendMessage', {
    msgID: `m${Date.now().toString(36)}${++msgs}`,
    receiver,
    random: 7,
    elemList: text(body),
    ...extra,
  });

describe('messages over the wire', () => {
  it('stores a message with the next seq of each party and pushes it to the receiver', async () => {
    const [a, b] = [user(), user()];
    await t.importAccounts(b);
    const ca = await loggedIn(a);
    const cb = await loggedIn(b);
    const reply = await send(ca, b, 'hello');
    expect(reply.code).toBe(0);
    expect(reply.data?.message).toMatchObject({ sender: a, receiver: b, seq: 1, elemList: text('hello') });
    const push = await cb.nextPush('syncEvent');
    const data = push.data as { events: { seq: number; kind: string }[]; conversations: WireConversation[] };
    expect(data.events).toMatchObject([{ seq: 1, kind: 'message' }]);
    expect(data.conversations).toMatchObject([{ peerID: a, unreadCount: 1 }]);
    ca.close();
    cb.close();
  });

  it('answers a resend of the same msgID from the store, without a second message', async () => {
    const [a, b] = [user(), user()];
    await t.importAccounts(b);
    const ca = await loggedIn(a);
    const request = { msgID: 'resend-1', receiver: b, random: 1, elemList: text('once') };
    const first = await ca.request<{ message: WireMessage }>('sendMessage', request);
    const again = await ca.request<{ message: WireMessage }>('sendMessage', request);
    expect(again).toMatchObject({ code: 0 });
    expect(again.data?.message).toEqual(first.data?.message);
    const cb = await loggedIn(b);
    const sync = await cb.request<SyncEventsReply>('syncEvents', { afterSeq: 0 });
    expect(sync.data?.events).toHaveLength(1);
    expect(sync.data).toMatchObject({ headSeq: 1, complete: true });
    ca.close();
    cb.close();
  });

  it('refuses a message body over 12 KB with 80002', async () => {
    const [a, b] = [user(), user()];
    await t.importAccounts(b);
    const ca = await loggedIn(a);
    expect((await send(ca, b, 'x'.repeat(12 * 1024))).code).toBe(0);
    const big = await send(ca, b, 'x'.repeat(12 * 1024 + 1));
    expect(big.code).toBe(ErrorCode.ERR_SVR_COMM_BODY_SIZE_LIMIT);
    const custom = await send(ca, b, 'x', { cloudCustomData: 'y'.repeat(12 * 1024) });
    expect(custom.code).toBe(ErrorCode.ERR_SVR_COMM_BODY_SIZE_LIMIT);
    ca.close();
  });

  it('names the failing field in 6017', async () => {
    const ca = await loggedIn(user());
    const cases: [string, unknown, RegExp][] = [
      [
        'sendMessage',
        { msgID: 'a', receiver: 5, random: 1, elemList: text('x') },
        /^sendMessage: receiver: /,
      ],
      [
        'sendMessage',
        { msgID: 'a b', receiver: 'x', random: 1, elemList: text('x') },
        /^sendMessage: msgID: /,
      ],
      ['sendMessage', { msgID: 'a', receiver: 'x', random: 1, elemList: [] }, /^sendMessage: elemList: /],
      ['sendMessage', { msgID: 'a', receiver: 'x', random: 1, elemList: [{ elemType: 9 }] }, /elemList\.0/],
      ['syncEvents', { afterSeq: -1 }, /^syncEvents: afterSeq: /],
      ['getHistory', { peerID: 'x', count: 1000 }, /^getHistory: count: /],
      ['deleteMessages', { msgIDs: [] }, /^deleteMessages: msgIDs: /],
      ['getConversations', { nextSeq: 'a', count: 10 }, /^getConversations: nextSeq: /],
    ];
    for (const [op, data, desc] of cases) {
      const reply = await ca.request(op, data);
      expect(reply.code, op).toBe(ErrorCode.ERR_INVALID_PARAMETERS);
      expect(reply.desc).toMatch(desc);
    }
    expect((await send(ca, 'nobody-else', 'x', { receiver: undefined })).code).toBe(
      ErrorCode.ERR_INVALID_PARAMETERS,
    );
    ca.close();
  });

  it('refuses messaging ops before login with 6014', async () => {
    const c = await connectRaw(t.wsUrl);
    expect((await c.request('syncEvents', {})).code).toBe(ErrorCode.ERR_SDK_NOT_LOGGED_IN);
    c.close();
  });

  it("never lets a user read or change another user's messages or conversations", async () => {
    const [a, b, eve] = [user(), user(), user()];
    await t.importAccounts(b);
    const ca = await loggedIn(a);
    const sent = (await send(ca, b, 'secret')).data?.message;
    if (!sent) throw new Error('send failed');
    const ce = await loggedIn(eve);
    // Eve's own timeline and history are empty, whatever she asks for.
    expect((await ce.request<SyncEventsReply>('syncEvents', { afterSeq: 0 })).data?.events).toEqual([]);
    expect(
      (await ce.request<{ messages: unknown[] }>('getHistory', { peerID: a, count: 20 })).data?.messages,
    ).toEqual([]);
    expect(
      (await ce.request<{ conversations: unknown[] }>('getConversations', { nextSeq: '0', count: 20 })).data,
    ).toMatchObject({ conversations: [] });
    // She cannot recall, edit or delete it, nor reuse its msgID.
    expect((await ce.request('revokeMessage', { msgID: sent.msgID })).code).toBe(
      ErrorCode.ERR_INVALID_PARAMETERS,
    );
    expect(
      (await ce.request('modifyMessage', { msgID: sent.msgID, version: 0, elemList: text('x') })).code,
    ).toBe(ErrorCode.ERR_INVALID_PARAMETERS);
    expect((await ce.request('deleteMessages', { msgIDs: [sent.msgID] })).code).toBe(
      ErrorCode.ERR_INVALID_PARAMETERS,
    );
    expect((await send(ce, b, 'spoof', { msgID: sent.msgID })).code).toBe(ErrorCode.ERR_INVALID_PARAMETERS);
    // The receiver's copy is untouched.
    const cb = await loggedIn(b);
    const history = await cb.request<{ messages: WireMessage[] }>('getHistory', { peerID: a, count: 20 });
    expect(history.data?.messages.map((m) => m.elemList)).toEqual([text('secret')]);
    for (const c of [ca, cb, ce]) c.close();
  });
});
