import { CloseCode, ErrorCode } from '@parley/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startTestServer, type TestServer } from './support/harness.js';
import { connectRaw, type RawClient } from './support/raw-client.js';

let t: TestServer;
const logLines: string[] = [];

beforeAll(async () => {
  t = await startTestServer({ gateway: { maxFrameBytes: 4096, loginFailureLimit: 3 }, logLines });
});
afterAll(() => t.stop());

let n = 0;
const user = () => `proto${++n}`;
let ids = 0;
const loginData = (userID: string, extra: Record<string, unknown> = {}) => ({
  sdkAppID: t.sdkAppID,
  userID,
  userSig: t.ticket(userID),
  platform: 'web',
  instanceID: `inst${++ids}`,
  ...extra,
});

async function loggedIn(userID = user(), extra: Record<string, unknown> = {}): Promise<RawClient> {
  const c = await connectRaw(t.wsUrl);
  const reply = await c.request('login', loginData(userID, extra));
  expect(reply.code).toBe(0);
  return c;
}

describe('login over the wire', () => {
  it('answers a valid login with the instance, server time, ticket expiry and heartbeat settings', async () => {
    const c = await connectRaw(t.wsUrl);
    const before = Date.now();
    const reply = await c.request<Record<string, unknown>>(
      'login',
      loginData('alice-wire', { instanceID: 'abc' }),
    );
    expect(reply).toMatchObject({ id: 1, code: 0, desc: '' });
    expect(reply.data).toMatchObject({ userID: 'alice-wire', instanceID: 'abc', resumed: false });
    expect(reply.data?.serverTime).toBeGreaterThanOrEqual(before);
    expect(reply.data?.userSigExpireAt).toBeGreaterThan(before / 1000 + 86_000);
    expect(reply.data).toHaveProperty('heartbeatIntervalMs', 30_000);
    c.close();
  });

  it('also accepts connections on /ws', async () => {
    const c = await connectRaw(`${t.wsUrl}/ws`);
    expect((await c.request('time')).code).toBe(0);
    c.close();
  });

  it('refuses other paths at the upgrade', async () => {
    const socket = new WebSocket(`${t.wsUrl}/nope`);
    const error = await new Promise<Error>((resolve) => socket.once('error', resolve));
    expect(error.message).toMatch(/404/);
  });

  it.each([
    [
      'an expired ticket',
      (u: string) => ({ userSig: t.ticket(u, { expire: 10, now: 1_000 }) }),
      ErrorCode.ERR_USERSIG_EXPIRED,
    ],
    ['an empty ticket', () => ({ userSig: '' }), ErrorCode.ERR_USERSIG_EMPTY],
    ['garbage', () => ({ userSig: 'not-a-ticket' }), ErrorCode.ERR_USERSIG_MALFORMED],
    [
      'another user’s ticket',
      () => ({ userSig: t.ticket('someone-else') }),
      ErrorCode.ERR_USERSIG_IDENTIFIER_MISMATCH,
    ],
    ['an unknown SDKAppID', () => ({ sdkAppID: 1234 }), ErrorCode.ERR_SDKAPPID_NOT_FOUND],
    ['a 33-byte UserID', () => ({ userID: 'x'.repeat(33) }), ErrorCode.ERR_SDK_COMM_INVALID_IDENTIFIER],
    ['a non-ASCII UserID', () => ({ userID: 'zoë' }), ErrorCode.ERR_SDK_COMM_INVALID_IDENTIFIER],
  ])('refuses %s with its code and registers no account', async (_name, patch, code) => {
    const u = user();
    const c = await connectRaw(t.wsUrl);
    const reply = await c.request('login', { ...loginData(u), ...patch(u) });
    expect(reply.code).toBe(code);
    expect(reply.desc).not.toBe('');
    expect(await t.server.storage.accounts.get(t.sdkAppID, u)).toBeUndefined();
    c.close();
  });

  it('refuses a ticket signed with another key with 70009', async () => {
    const { genUserSig } = await import('@parley/usersig');
    const u = user();
    const c = await connectRaw(t.wsUrl);
    const forged = genUserSig({ sdkAppID: t.sdkAppID, key: 'not-the-key', userID: u, expire: 600 });
    expect((await c.request('login', loginData(u, { userSig: forged }))).code).toBe(
      ErrorCode.ERR_USERSIG_SIGNATURE_MISMATCH,
    );
    c.close();
  });

  it('registers the account on the first successful login and counts it once a day', async () => {
    const u = user();
    expect(await t.server.storage.accounts.get(t.sdkAppID, u)).toBeUndefined();
    const day = new Date().toISOString().slice(0, 10);
    const before = await t.server.storage.activity.dailyActiveUsers(t.sdkAppID, day);
    const a = await loggedIn(u, { platform: 'android' });
    expect(await t.server.storage.accounts.get(t.sdkAppID, u)).toMatchObject({ userID: u });
    const b = await loggedIn(u, { platform: 'iphone' });
    expect(await t.server.storage.activity.dailyActiveUsers(t.sdkAppID, day)).toBe(before + 1);
    a.close();
    b.close();
  });

  it('throttles repeated bad tickets from one address, yet a genuine ticket still logs in there', async () => {
    const u = user();
    const badTicket = () => loginData(u, { userSig: t.ticket('x'.repeat(5)) });
    // Someone behind the same NAT as the user guesses tickets for the user's UserID.
    const attacker = await connectRaw(t.wsUrl);
    for (let i = 0; i < 3; i++) {
      expect((await attacker.request('login', badTicket())).code).toBe(
        ErrorCode.ERR_USERSIG_IDENTIFIER_MISMATCH,
      );
    }
    expect((await attacker.request('login', badTicket())).code).toBe(ErrorCode.ERR_LOGIN_LOCKED);
    attacker.close();
    // The user, from that same address, is not locked out: only failures are throttled.
    const neighbour = await connectRaw(t.wsUrl);
    expect((await neighbour.request('login', loginData(u))).code).toBe(0);
    neighbour.close();
  });

  it('refuses a ticket issued before the admin revoked the user’s tickets with 70052', async () => {
    const u = user();
    (await loggedIn(u)).close();
    await t.server.storage.accounts.revokeTickets(t.sdkAppID, u, Math.floor(Date.now() / 1000) + 5);
    const c = await connectRaw(t.wsUrl);
    expect((await c.request('login', loginData(u))).code).toBe(ErrorCode.ERR_USERSIG_REVOKED);
    c.close();
  });
});

describe('hostile and malformed frames', () => {
  it('closes with 1007 on a frame that is not JSON', async () => {
    const c = await connectRaw(t.wsUrl);
    c.sendText('{oops');
    expect(await c.closed).toEqual({ code: CloseCode.INVALID_FRAME, reason: 'frame is not JSON' });
  });

  it('closes with 1007 on a binary frame', async () => {
    const c = await connectRaw(t.wsUrl);
    c.socket.send(Buffer.from([1, 2, 3]));
    expect((await c.closed).code).toBe(CloseCode.INVALID_FRAME);
  });

  it('closes with 1009 on a frame over the size limit', async () => {
    const c = await connectRaw(t.wsUrl);
    c.sendText(JSON.stringify({ id: 1, op: 'ping', data: { pad: 'x'.repeat(5000) } }));
    expect((await c.closed).code).toBe(CloseCode.FRAME_TOO_LARGE);
  });

  it('answers an unknown op with 7013 and a missing field with 6017, and keeps the connection', async () => {
    const c = await connectRaw(t.wsUrl);
    expect(await c.request('teleport')).toMatchObject({ code: ErrorCode.ERR_SDK_INTERFACE_NOT_SUPPORT });
    const bad = await c.request('login', { sdkAppID: t.sdkAppID });
    expect(bad.code).toBe(ErrorCode.ERR_INVALID_PARAMETERS);
    expect(bad.desc).toMatch(/^login: /);
    c.sendText('{"op":"ping"}');
    expect(await c.replyTo(null)).toMatchObject({ id: null, code: ErrorCode.ERR_INVALID_PARAMETERS });
    expect((await c.request('ping')).code).toBe(0);
    c.close();
  });

  it('answers requests before login with 6014, except ping and time', async () => {
    const c = await connectRaw(t.wsUrl);
    expect((await c.request('logout')).code).toBe(ErrorCode.ERR_SDK_NOT_LOGGED_IN);
    expect((await c.request('ping')).code).toBe(0);
    c.close();
  });

  it('refuses a second login on a logged-in connection', async () => {
    const c = await loggedIn();
    expect((await c.request('login', loginData(user()))).code).toBe(ErrorCode.ERR_INVALID_PARAMETERS);
    c.close();
  });
});

describe('session endings', () => {
  it('replies to logout, then closes with 4003 and forgets the instance', async () => {
    const u = user();
    const c = await loggedIn(u);
    expect((await c.request('logout')).code).toBe(0);
    expect((await c.closed).code).toBe(CloseCode.LOGGED_OUT);
    expect(await t.server.bus.instancesOf(t.sdkAppID, u)).toEqual([]);
  });

  it('kicks the older web instance with a notice and 4001 when a second one logs in', async () => {
    const u = user();
    const first = await loggedIn(u);
    const second = await loggedIn(u);
    expect((await first.nextPush('kicked')).data).toEqual({ reason: 'multipleAccount', byPlatform: 'web' });
    expect((await first.closed).code).toBe(CloseCode.KICKED);
    expect((await t.server.bus.instancesOf(t.sdkAppID, u)).length).toBe(1);
    second.close();
  });

  it('refuses the resume of a displaced instance with 6208, and resumes a known one', async () => {
    const u = user();
    const first = await loggedIn(u, { instanceID: `${u}a` });
    first.close();
    await first.closed;
    const again = await connectRaw(t.wsUrl);
    const resumed = await again.request('login', loginData(u, { instanceID: `${u}a`, resume: true }));
    expect(resumed).toMatchObject({ code: 0, data: { resumed: true } });
    again.socket.terminate();
    await loggedIn(u, { instanceID: `${u}b` });
    const late = await connectRaw(t.wsUrl);
    expect((await late.request('login', loginData(u, { instanceID: `${u}a`, resume: true }))).code).toBe(
      ErrorCode.ERR_LOGIN_KICKED_OFF_BY_OTHER,
    );
    late.close();
  });

  it('never writes a ticket or a key to the log', async () => {
    const u = user();
    const ticket = t.ticket(u);
    const c = await connectRaw(t.wsUrl);
    await c.request('login', loginData(u, { userSig: ticket }));
    await c.request('login', loginData(u, { userSig: `${ticket}x` }));
    c.close();
    expect(logLines.length).toBeGreaterThan(0);
    const log = logLines.join('\n');
    expect(log).not.toContain(ticket.slice(0, 40));
    expect(log).not.toContain(t.secretKey);
  });
});

describe('timers', () => {
  let fast: TestServer;
  beforeAll(async () => {
    fast = await startTestServer({ gateway: { heartbeatTimeoutMs: 300, loginTimeoutMs: 300 } });
  });
  afterAll(() => fast.stop());

  it('closes a connection that does not log in in time with 4501', async () => {
    const c = await connectRaw(fast.wsUrl);
    expect((await c.closed).code).toBe(CloseCode.LOGIN_TIMEOUT);
  });

  it('closes a silent logged-in connection with 4500, and keeps one that pings', async () => {
    const silent = await connectRaw(fast.wsUrl);
    const ticket = fast.ticket('hb');
    const login = {
      sdkAppID: fast.sdkAppID,
      userID: 'hb',
      userSig: ticket,
      platform: 'web',
      instanceID: 'hb1',
    };
    expect((await silent.request('login', login)).code).toBe(0);
    expect((await silent.closed).code).toBe(CloseCode.HEARTBEAT_TIMEOUT);

    const alive = await connectRaw(fast.wsUrl);
    expect((await alive.request('login', { ...login, instanceID: 'hb2' })).code).toBe(0);
    // The client's heartbeat: a ping every 100 ms, a third of the timeout.
    const pinger = setInterval(() => {
      alive.request('ping').catch(() => {});
    }, 100);
    // Three silent witnesses in a row, each dropped for silence by the server: its timeout has run
    // out three times over while the pinging connection stayed.
    for (let i = 1; i <= 3; i++) {
      const userID = `hb-witness${i}`;
      const witness = await connectRaw(fast.wsUrl);
      const witnessLogin = { ...login, userID, userSig: fast.ticket(userID), instanceID: `w${i}` };
      expect((await witness.request('login', witnessLogin)).code).toBe(0);
      expect((await witness.closed).code).toBe(CloseCode.HEARTBEAT_TIMEOUT);
    }
    clearInterval(pinger);
    expect(alive.socket.readyState).toBe(WebSocket.OPEN);
    expect((await alive.request('ping')).code).toBe(0);
    alive.close();
  });

  it('pushes userSigExpired and closes with 4002 when the ticket runs out while online', async () => {
    const c = await connectRaw(fast.wsUrl);
    const pinger = setInterval(() => c.request('ping'), 100);
    const login = {
      sdkAppID: fast.sdkAppID,
      userID: 'exp',
      userSig: fast.ticket('exp', { expire: 1 }),
      platform: 'android',
      instanceID: 'exp1',
    };
    expect((await c.request('login', login)).code).toBe(0);
    await c.nextPush('userSigExpired');
    expect((await c.closed).code).toBe(CloseCode.USERSIG_EXPIRED);
    clearInterval(pinger);
    expect(await fast.server.bus.instancesOf(fast.sdkAppID, 'exp')).toEqual([]);
  });
});
