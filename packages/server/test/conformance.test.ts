/**
 * The seed conformance suite: one test per behavioural statement of the "Login and Logout" seed
 * pages (S01–S22), each driving the real server through the real SDK over real sockets.
 */
import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { promisify } from 'node:util';
import { ErrorCode } from '@parley/protocol';
import { V2TimLoginStatus } from '@parley/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestClient, type TestServer } from './support/harness.js';

const { LOGINED, LOGINING, LOGOUT } = {
  LOGINED: V2TimLoginStatus.V2TIM_STATUS_LOGINED,
  LOGINING: V2TimLoginStatus.V2TIM_STATUS_LOGINING,
  LOGOUT: V2TimLoginStatus.V2TIM_STATUS_LOGOUT,
};

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(() => t.stop());

let n = 0;
const user = (prefix = 'seed') => `${prefix}${++n}`;

async function loggedIn(
  userID = user(),
  init: Parameters<TestServer['client']>[0] = {},
): Promise<TestClient> {
  const c = await t.client(init);
  const res = await c.v2TIMManager.login(userID, t.ticket(userID));
  expect(res).toMatchObject({ code: 0 });
  return c;
}

const online = async (userID: string) => (await t.server.bus.instancesOf(t.sdkAppID, userID)).length;

describe('seed statements', () => {
  it('S01 feature calls before a successful login return 6014', async () => {
    const c = await t.client();
    const res = await c.v2TIMManager
      .getMessageManager()
      .sendMessage({ id: 'x', receiver: 'bob', groupID: '' });
    expect(res.code).toBe(ErrorCode.ERR_SDK_NOT_LOGGED_IN);
  });

  it('S02 getConversationList answers while LOGINING; other feature calls return 6014 until LOGINED', async () => {
    const c = await t.client();
    const u = user();
    const pending = c.v2TIMManager.login(u, t.ticket(u));
    expect((await c.v2TIMManager.getLoginStatus()).data).toBe(LOGINING);
    const list = await c.v2TIMManager
      .getConversationManager()
      .getConversationList({ nextSeq: '0', count: 100 });
    expect(list.code).toBe(0);
    expect(list.data?.conversationList).toEqual([]);
    expect(
      (await c.v2TIMManager.getMessageManager().sendMessage({ id: 'x', receiver: 'bob', groupID: '' })).code,
    ).toBe(ErrorCode.ERR_SDK_NOT_LOGGED_IN);
    expect((await pending).code).toBe(0);
    expect((await c.v2TIMManager.getLoginStatus()).data).toBe(LOGINED);
  });

  it('S03 the first successful login registers the account; a failed login registers nothing', async () => {
    const u = user('new');
    const failing = await t.client();
    expect((await failing.v2TIMManager.login(u, t.ticket('someone-else'))).code).toBe(
      ErrorCode.ERR_USERSIG_IDENTIFIER_MISMATCH,
    );
    expect(await t.server.storage.accounts.get(t.sdkAppID, u)).toBeUndefined();
    await loggedIn(u);
    expect(await t.server.storage.accounts.get(t.sdkAppID, u)).toMatchObject({ userID: u });
  });

  it('S04 a 32-byte UserID is accepted, 33 bytes or non-printable or non-ASCII are refused with 7003', async () => {
    await loggedIn('A'.repeat(32));
    const c = await t.client();
    for (const bad of ['A'.repeat(33), 'tab\tid', 'café', '']) {
      expect((await c.v2TIMManager.login(bad, t.ticket('x'))).code).toBe(
        ErrorCode.ERR_SDK_COMM_INVALID_IDENTIFIER,
      );
    }
    await loggedIn('Recommended_set-09');
  });

  it('S05 tickets from @parley/usersig, `parley usersig` and the official generator all log in', async () => {
    const fromLibrary = t.ticket('s05-lib');
    const cli = new URL('../dist/cli.js', import.meta.url).pathname;
    const { stdout } = await promisify(execFile)(process.execPath, [
      cli,
      'usersig',
      '--sdkappid',
      String(t.sdkAppID),
      '--key',
      t.secretKey,
      '--user',
      's05-cli',
    ]);
    const { Api } = createRequire(import.meta.url)('tls-sig-api-v2') as {
      Api: new (id: number, key: string) => { genUserSig(userID: string, expire: number): string };
    };
    const official = new Api(t.sdkAppID, t.secretKey).genUserSig('s05-official', 3600);
    for (const [userID, ticket] of [
      ['s05-lib', fromLibrary],
      ['s05-cli', stdout.trim()],
      ['s05-official', official],
    ] as const) {
      const c = await t.client();
      expect((await c.v2TIMManager.login(userID, ticket)).code).toBe(0);
    }
  });

  it('S06 a fresh instance logs in: status LOGINED and onConnectSuccess', async () => {
    const c = await loggedIn();
    expect((await c.v2TIMManager.getLoginStatus()).data).toBe(LOGINED);
    expect(c.calls).toEqual(['onConnecting', 'onConnectSuccess']);
  });

  it('S07 an expired ticket is refused (6206 in the SDK, 70001 on the server); a fresh one then works', async () => {
    const u = user();
    const c = await t.client();
    const expired = t.ticket(u, { expire: 60, now: Math.floor(Date.now() / 1000) - 3600 });
    expect((await c.v2TIMManager.login(u, expired)).code).toBe(ErrorCode.ERR_USER_SIG_EXPIRED);
    expect((await c.v2TIMManager.getLoginStatus()).data).toBe(LOGOUT);
    expect((await c.v2TIMManager.login(u, t.ticket(u))).code).toBe(0);
  });

  it('S08 a ticket that expires while online fires onUserSigExpired, LOGOUT, no reconnect; a new ticket works', async () => {
    const u = user();
    const c = await t.client();
    expect((await c.v2TIMManager.login(u, t.ticket(u, { expire: 1 }))).code).toBe(0);
    await c.next('onUserSigExpired');
    expect((await c.v2TIMManager.getLoginStatus()).data).toBe(LOGOUT);
    expect(await online(u)).toBe(0);
    expect(c.calls.filter((e) => e === 'onConnecting')).toHaveLength(1);
    expect((await c.v2TIMManager.login(u, t.ticket(u))).code).toBe(0);
    expect(await online(u)).toBe(1);
  });

  it('S09 a kicked instance fires onKickedOffline, goes LOGOUT and stays down; logging in again kicks the other', async () => {
    const u = user();
    const first = await loggedIn(u);
    const second = await loggedIn(u);
    await first.next('onKickedOffline');
    expect((await first.v2TIMManager.getLoginStatus()).data).toBe(LOGOUT);
    expect((await first.v2TIMManager.getLoginUser()).data).toBe('');
    expect(first.calls.filter((e) => e === 'onConnecting')).toHaveLength(1);
    expect((await first.v2TIMManager.login(u, t.ticket(u))).code).toBe(0);
    await second.next('onKickedOffline');
    expect(await online(u)).toBe(1);
  });

  it('S10 after a network loss and a server restart the SDK comes back by itself, without login', async () => {
    const u = user();
    const c = await loggedIn(u);
    await t.restart();
    await c.next('onConnectSuccess', 2);
    // A server that takes longer to start (PostgreSQL + Redis) may refuse an attempt or two first:
    // each is onConnecting then onConnectFailed, and nothing else may happen.
    const attempts = c.calls.slice(2).filter((e) => !e.startsWith('onConnectFailed'));
    expect(attempts.filter((e, i) => e !== attempts[i - 1])).toEqual(['onConnecting', 'onConnectSuccess']);
    expect((await c.v2TIMManager.getLoginStatus()).data).toBe(LOGINED);
    expect(await online(u)).toBe(1);
  });

  it('S11 a second login while one is running does not start another, and never self-kicks', async () => {
    const u = user();
    const c = await t.client();
    const ticket = t.ticket(u);
    const [a, b] = await Promise.all([c.v2TIMManager.login(u, ticket), c.v2TIMManager.login(u, ticket)]);
    expect(a.code).toBe(0);
    expect([0, ErrorCode.ERR_SDK_ACCOUNT_LOGIN_IN_PROCESS]).toContain(b.code);
    expect(await online(u)).toBe(1);
    const c2 = await t.client();
    const v = user();
    const first = c2.v2TIMManager.login(v, t.ticket(v));
    const overlapping = await c2.v2TIMManager.login(user(), t.ticket('other'));
    expect(overlapping.code).toBe(ErrorCode.ERR_SDK_ACCOUNT_LOGIN_IN_PROCESS);
    expect((await first).code).toBe(0);
    expect([...c.calls, ...c2.calls]).not.toContain('onKickedOffline');
    expect(await online(v)).toBe(1);
  });

  it('S12 a successful login counts the user once per UTC day; repeats, reconnects and failures do not', async () => {
    const day = new Date().toISOString().slice(0, 10);
    const dau = () => t.server.storage.activity.dailyActiveUsers(t.sdkAppID, day);
    const before = await dau();
    const failing = await t.client();
    await failing.v2TIMManager.login(user('dau'), t.ticket('not-this-one'));
    expect(await dau()).toBe(before);
    const u = user('dau');
    const c = await loggedIn(u);
    expect(await dau()).toBe(before + 1);
    expect((await c.v2TIMManager.login(u, t.ticket(u))).data).toMatchObject({ repeatLogin: true });
    await c.v2TIMManager.logout();
    await c.v2TIMManager.login(u, t.ticket(u));
    expect(await dau()).toBe(before + 1);
    expect(
      await t.server.storage.activity.monthlyActiveUsers(t.sdkAppID, day.slice(0, 7)),
    ).toBeGreaterThanOrEqual(1);
  });

  it('S13 one SDK instance has one account online: logging in as B takes A offline on the server', async () => {
    const a = user();
    const b = user();
    const c = await loggedIn(a);
    expect((await c.v2TIMManager.login(b, t.ticket(b))).code).toBe(0);
    expect(await online(a)).toBe(0);
    expect(await online(b)).toBe(1);
  });

  it('S14 getLoginUser is the UserID when LOGINED and empty before, after a failed login and after logout', async () => {
    const u = user();
    const c = await t.client();
    expect((await c.v2TIMManager.getLoginUser()).data).toBe('');
    await c.v2TIMManager.login(u, 'garbage');
    expect((await c.v2TIMManager.getLoginUser()).data).toBe('');
    await c.v2TIMManager.login(u, t.ticket(u));
    expect((await c.v2TIMManager.getLoginUser()).data).toBe(u);
    await c.v2TIMManager.logout();
    expect((await c.v2TIMManager.getLoginUser()).data).toBe('');
  });

  it('S15 getLoginStatus moves 3 → 2 → 1 → 3 through login and logout', async () => {
    const u = user();
    const c = await t.client();
    const seen = [(await c.v2TIMManager.getLoginStatus()).data];
    const pending = c.v2TIMManager.login(u, t.ticket(u));
    seen.push((await c.v2TIMManager.getLoginStatus()).data);
    await pending;
    seen.push((await c.v2TIMManager.getLoginStatus()).data);
    await c.v2TIMManager.logout();
    seen.push((await c.v2TIMManager.getLoginStatus()).data);
    expect(seen).toEqual([LOGOUT, LOGINING, LOGINED, LOGOUT]);
  });

  it('S16 the login policy is per app: under `single` a phone login displaces the desktop', async () => {
    await t.server.storage.apps.update(t.sdkAppID, { loginPolicy: 'single' });
    t.server.apps.invalidate(t.sdkAppID);
    try {
      const u = user();
      const desk = await loggedIn(u, { platform: 'windows' });
      await loggedIn(u, { platform: 'android' });
      await desk.next('onKickedOffline');
      expect((await t.server.bus.instancesOf(t.sdkAppID, u)).map((p) => p.platform)).toEqual(['android']);
    } finally {
      await t.server.storage.apps.update(t.sdkAppID, { loginPolicy: 'multi' });
      t.server.apps.invalidate(t.sdkAppID);
    }
  });

  it('S17 instances per platform can be raised (web up to 10, native up to 3); out of range is refused', async () => {
    await expect(t.server.storage.apps.update(t.sdkAppID, { maxWebInstances: 11 })).rejects.toThrow();
    await expect(t.server.storage.apps.update(t.sdkAppID, { maxInstancesPerPlatform: 4 })).rejects.toThrow();
    await t.server.storage.apps.update(t.sdkAppID, { maxWebInstances: 3 });
    t.server.apps.invalidate(t.sdkAppID);
    try {
      const u = user();
      const tabs = [await loggedIn(u), await loggedIn(u), await loggedIn(u)];
      expect(await online(u)).toBe(3);
      expect(tabs.flatMap((c) => c.calls)).not.toContain('onKickedOffline');
    } finally {
      await t.server.storage.apps.update(t.sdkAppID, { maxWebInstances: 1 });
      t.server.apps.invalidate(t.sdkAppID);
    }
  });

  it('S18 beyond the policy the newest login wins and the oldest gets onKickedOffline with a reason', async () => {
    const u = user();
    const oldest = await loggedIn(u);
    const kickedOut = new Promise<unknown>((resolve) => oldest.on('kickedOut', resolve));
    const newest = await loggedIn(u);
    await oldest.next('onKickedOffline');
    expect(await kickedOut).toMatchObject({ name: 'kickedOut', data: { type: 'multipleAccount' } });
    expect(newest.calls).not.toContain('onKickedOffline');
    expect((await newest.v2TIMManager.getLoginStatus()).data).toBe(LOGINED);
  });

  it('S19 after logout the instance is gone from the server and receives nothing', async () => {
    const u = user();
    const c = await loggedIn(u);
    expect((await c.v2TIMManager.logout()).code).toBe(0);
    expect(await online(u)).toBe(0);
    expect(
      (await c.v2TIMManager.getMessageManager().sendMessage({ id: 'x', receiver: 'bob', groupID: '' })).code,
    ).toBe(ErrorCode.ERR_SDK_NOT_LOGGED_IN);
  });

  it('S20 logout then unInitSDK both succeed; afterwards every call returns 6013 until initSDK', async () => {
    const c = await loggedIn();
    expect((await c.v2TIMManager.logout()).code).toBe(0);
    expect((await c.v2TIMManager.unInitSDK()).code).toBe(0);
    expect((await c.v2TIMManager.getLoginStatus()).code).toBe(ErrorCode.ERR_SDK_NOT_INITIALIZED);
    expect((await c.v2TIMManager.login('x', t.ticket('x'))).code).toBe(ErrorCode.ERR_SDK_NOT_INITIALIZED);
    expect((await c.v2TIMManager.initSDK({ sdkAppID: t.sdkAppID, serverAddr: t.wsUrl })).code).toBe(0);
    expect((await c.v2TIMManager.getLoginStatus()).data).toBe(LOGOUT);
  });

  it('S21 logging in as bob while alice is LOGINED switches accounts without an explicit logout', async () => {
    const alice = user('alice');
    const bob = user('bob');
    const c = await loggedIn(alice);
    expect((await c.v2TIMManager.login(bob, t.ticket(bob))).code).toBe(0);
    expect((await c.v2TIMManager.getLoginUser()).data).toBe(bob);
    expect(await online(alice)).toBe(0);
    expect(c.calls).not.toContain('onKickedOffline');
  });

  it('S22 every call before initSDK returns 6013', async () => {
    const { createImSDKPlugin } = await import('@parley/sdk');
    const m = createImSDKPlugin().v2TIMManager;
    const results = await Promise.all([
      m.login('a', 'b'),
      m.logout(),
      m.getLoginUser(),
      m.getLoginStatus(),
      m.getServerTime(),
      m.getConversationManager().getConversationList({ nextSeq: '0', count: 10 }),
      m.getMessageManager().sendMessage({ id: 'x', receiver: 'y', groupID: '' }),
    ]);
    expect(results.map((r) => r.code)).toEqual(Array(results.length).fill(ErrorCode.ERR_SDK_NOT_INITIALIZED));
  });
});
