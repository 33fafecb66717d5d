import { ErrorCode } from '@parley/protocol';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { V2TimLoginStatus } from '../src/index.js';
import { IMMEDIATE_RECONNECT, reconnectsSettled, startClient, stopClients } from './clients.js';
import { FakeServer } from './fake-server.js';
import { makeTicket } from './tickets.js';

const { V2TIM_STATUS_LOGINED, V2TIM_STATUS_LOGINING, V2TIM_STATUS_LOGOUT } = V2TimLoginStatus;

let server: FakeServer;

beforeEach(async () => {
  server = await FakeServer.start();
});

afterEach(async () => {
  await stopClients();
  await server.stop();
});

const alice = makeTicket({ userID: 'alice' });
const bob = makeTicket({ userID: 'bob' });

describe('V2TIMManager', () => {
  describe('#login', () => {
    it('S06 logs in: status 1, onConnecting then onConnectSuccess, getLoginUser is the UserID', async () => {
      const { im, log } = await startClient(server.url);
      const m = im.v2TIMManager;
      expect(await m.getLoginUser()).toEqual({ code: 0, desc: '', data: '' });

      expect(await m.login('alice', alice)).toEqual({ code: 0, desc: '' });

      expect(log.calls).toEqual(['onConnecting', 'onConnectSuccess']);
      expect((await m.getLoginStatus()).data).toBe(V2TIM_STATUS_LOGINED);
      expect((await m.getLoginUser()).data).toBe('alice');
      const frame = await server.nth('login');
      expect(frame.data).toMatchObject({
        sdkAppID: 1400000001,
        userID: 'alice',
        userSig: alice,
        platform: 'web',
        protocolVersion: 1,
      });
      expect(frame.data.resume).toBeUndefined();
      expect(typeof frame.data.instanceID).toBe('string');
    });

    it('S04 refuses a bad UserID with 7003 without connecting', async () => {
      const { im } = await startClient(server.url);
      for (const id of ['', 'x'.repeat(33), 'tab\there', 'ünï']) {
        expect((await im.v2TIMManager.login(id, alice)).code).toBe(ErrorCode.ERR_SDK_COMM_INVALID_IDENTIFIER);
      }
      expect(server.connections).toBe(0);
    });

    it('refuses an empty ticket with 6017 without connecting', async () => {
      const { im } = await startClient(server.url);
      expect((await im.v2TIMManager.login('alice', '')).code).toBe(ErrorCode.ERR_INVALID_PARAMETERS);
      expect(server.connections).toBe(0);
    });

    it('S07 refuses an already expired ticket with 6206 and sends no frame', async () => {
      const { im, log } = await startClient(server.url);
      const expired = makeTicket({ userID: 'alice', time: Math.floor(Date.now() / 1000) - 1000, expire: 10 });
      const result = await im.v2TIMManager.login('alice', expired);
      expect(result.code).toBe(ErrorCode.ERR_USER_SIG_EXPIRED);
      expect(server.connections).toBe(0);
      expect(server.frames).toEqual([]);
      expect(log.calls).toEqual([]);
      // S07: a fresh ticket then succeeds on the same instance.
      expect((await im.v2TIMManager.login('alice', alice)).code).toBe(0);
    });

    it('S14 sends an undecodable ticket anyway and reports the server refusal: status 3, no login user', async () => {
      server.handle('login', () => ({ code: ErrorCode.ERR_USERSIG_MALFORMED, desc: 'bad ticket' }));
      const { im, log } = await startClient(server.url);
      const result = await im.v2TIMManager.login('alice', 'not-a-ticket');
      expect(result).toEqual({ code: ErrorCode.ERR_USERSIG_MALFORMED, desc: 'bad ticket' });
      expect((await im.v2TIMManager.getLoginStatus()).data).toBe(V2TIM_STATUS_LOGOUT);
      expect((await im.v2TIMManager.getLoginUser()).data).toBe('');
      expect(server.sent('login')).toHaveLength(1);
      expect(log.calls).toEqual(['onConnecting']);
      await server.until(() => server.peers.size === 0, 'the refused socket to close');
    });

    it('answers 9508 and goes to LOGOUT when no server is reachable', async () => {
      await server.stop();
      const { im, log } = await startClient(server.url);
      const result = await im.v2TIMManager.login('alice', alice);
      expect(result.code).toBe(ErrorCode.ERR_SDK_NET_DISCONNECT);
      expect((await im.v2TIMManager.getLoginStatus()).data).toBe(V2TIM_STATUS_LOGOUT);
      expect(log.calls).toEqual(['onConnecting', 'onConnectFailed']);
      expect(log.failures[0]?.code).toBe(ErrorCode.ERR_SDK_NET_DISCONNECT);
    });

    it('S02 answers getConversationList while LOGINING while other features give 6014', async () => {
      server.handle('login', () => null); // hold the login reply
      const { im } = await startClient(server.url);
      const m = im.v2TIMManager;
      const login = m.login('alice', alice);
      await server.nth('login');
      expect((await m.getLoginStatus()).data).toBe(V2TIM_STATUS_LOGINING);
      expect(await m.getConversationManager().getConversationList({ nextSeq: '0', count: 100 })).toEqual({
        code: 0,
        desc: '',
        data: { nextSeq: '0', isFinished: true, conversationList: [] },
      });
      const send = await m.getMessageManager().sendMessage({ id: 'm1', receiver: 'bob', groupID: '' });
      expect(send.code).toBe(ErrorCode.ERR_SDK_NOT_LOGGED_IN);
      await m.unInitSDK();
      expect((await login).code).toBe(ErrorCode.ERR_SDK_COMM_INTERRUPT);
    });

    it('S11 answers 7501 to a login for another user while one is running, and sends one login frame', async () => {
      const { im } = await startClient(server.url);
      const m = im.v2TIMManager;
      const first = m.login('alice', alice);
      const second = await m.login('bob', bob);
      expect(second.code).toBe(ErrorCode.ERR_SDK_ACCOUNT_LOGIN_IN_PROCESS);
      expect((await first).code).toBe(0);
      expect((await m.getLoginUser()).data).toBe('alice');
      expect(server.sent('login')).toHaveLength(1);
    });

    it('S11 shares the running login with an identical login: one login frame, one outcome', async () => {
      const { im, log } = await startClient(server.url);
      const m = im.v2TIMManager;
      const [a, b] = await Promise.all([m.login('alice', alice), m.login('alice', alice)]);
      expect(a).toEqual({ code: 0, desc: '' });
      expect(b).toEqual(a);
      expect(server.sent('login')).toHaveLength(1);
      expect(log.count('onConnectSuccess')).toBe(1);
    });

    it('succeeds at once with repeatLogin for the same user while logged in, without a frame', async () => {
      const { im, log } = await startClient(server.url);
      const m = im.v2TIMManager;
      await m.login('alice', alice);
      const again = await m.login('alice', alice);
      expect(again).toEqual({ code: 0, desc: '', data: { repeatLogin: true } });
      expect(server.sessionOps()).toEqual(['login']);
      expect(log.calls).toEqual(['onConnecting', 'onConnectSuccess']);
    });

    it('S21 switches accounts: logs alice out, then logs bob in', async () => {
      const { im } = await startClient(server.url);
      const m = im.v2TIMManager;
      await m.login('alice', alice);
      const aliceInstance = (await server.nth('login', 1)).data.instanceID;

      expect((await m.login('bob', bob)).code).toBe(0);

      expect(server.sessionOps()).toEqual(['login', 'logout', 'login']);
      const bobLogin = await server.nth('login', 2);
      expect(bobLogin.data.userID).toBe('bob');
      expect(bobLogin.data.instanceID).not.toBe(aliceInstance);
      expect(bobLogin.connection).toBe(2);
      expect((await m.getLoginUser()).data).toBe('bob');
      expect((await m.getLoginStatus()).data).toBe(V2TIM_STATUS_LOGINED);
      await server.until(() => server.peers.size === 1, "alice's socket to close");
    });
  });

  describe('#logout', () => {
    it('S14 S15 sends logout, closes, and reports LOGOUT with no login user', async () => {
      const { im, log, socketsOpened } = await startClient(server.url, { reconnect: IMMEDIATE_RECONNECT });
      const m = im.v2TIMManager;
      await m.login('alice', alice);
      expect(await m.logout()).toEqual({ code: 0, desc: '' });
      expect(server.sessionOps()).toEqual(['login', 'logout']);
      expect((await m.getLoginStatus()).data).toBe(V2TIM_STATUS_LOGOUT);
      expect((await m.getLoginUser()).data).toBe('');
      await server.until(() => server.peers.size === 0, 'the socket to close');
      await reconnectsSettled();
      expect(socketsOpened()).toBe(1);
      expect(server.connections).toBe(1);
      expect(log.calls).toEqual(['onConnecting', 'onConnectSuccess']);
    });

    it('succeeds when not logged in (idempotent) and sends nothing', async () => {
      const { im } = await startClient(server.url);
      expect(await im.v2TIMManager.logout()).toEqual({ code: 0, desc: '' });
      expect(server.connections).toBe(0);
    });

    it('answers 7502 to a logout while one is running', async () => {
      const { im } = await startClient(server.url);
      const m = im.v2TIMManager;
      await m.login('alice', alice);
      const [first, second] = await Promise.all([m.logout(), m.logout()]);
      expect(first.code).toBe(0);
      expect(second.code).toBe(ErrorCode.ERR_SDK_ACCOUNT_LOGOUT_IN_PROCESS);
      expect(server.sent('logout')).toHaveLength(1);
    });

    it('a login called while a logout runs waits for the logout, then logs in', async () => {
      const { im } = await startClient(server.url);
      const m = im.v2TIMManager;
      await m.login('alice', alice);
      const [logout, login] = await Promise.all([m.logout(), m.login('bob', bob)]);
      expect(logout.code).toBe(0);
      expect(login.code).toBe(0);
      expect(server.sessionOps()).toEqual(['login', 'logout', 'login']);
      expect((await m.getLoginUser()).data).toBe('bob');
    });

    it('during LOGINING makes the login answer 6023 and ends in LOGOUT', async () => {
      server.handle('login', () => null);
      const { im } = await startClient(server.url);
      const m = im.v2TIMManager;
      const login = m.login('alice', alice);
      await server.nth('login');
      expect((await m.logout()).code).toBe(0);
      expect((await login).code).toBe(ErrorCode.ERR_LOGGED_OUT_BEFORE_LOGIN_FINISHED);
      expect((await m.getLoginStatus()).data).toBe(V2TIM_STATUS_LOGOUT);
      expect((await m.getLoginUser()).data).toBe('');
    });

    it('S19 a login after logout uses a new instanceID', async () => {
      const { im } = await startClient(server.url);
      const m = im.v2TIMManager;
      await m.login('alice', alice);
      await m.logout();
      expect((await m.login('alice', alice)).code).toBe(0);
      const [first, second] = server.sent('login');
      expect(second?.data.instanceID).not.toBe(first?.data.instanceID);
      expect(second?.data.resume).toBeUndefined();
    });
  });

  describe('#getServerTime', () => {
    it('answers the server clock in seconds', async () => {
      const { im } = await startClient(server.url);
      await im.v2TIMManager.login('alice', alice);
      const { code, data } = await im.v2TIMManager.getServerTime();
      expect(code).toBe(0);
      expect(Math.abs((data ?? 0) - Date.now() / 1000)).toBeLessThan(5);
      expect(Number.isInteger(data)).toBe(true);
    });
  });

  describe('#getMessageManager', () => {
    it('S01 sendMessage gives 6014 before login and 6017 once logged in for an id no create call returned', async () => {
      const { im } = await startClient(server.url);
      const messages = im.v2TIMManager.getMessageManager();
      const params = { id: 'm1', receiver: 'bob', groupID: '' };
      expect((await messages.sendMessage(params)).code).toBe(ErrorCode.ERR_SDK_NOT_LOGGED_IN);
      await im.v2TIMManager.login('alice', alice);
      expect((await messages.sendMessage(params)).code).toBe(ErrorCode.ERR_INVALID_PARAMETERS);
    });
  });

  describe('listeners', () => {
    it('a throwing listener breaks neither the login nor the other listeners', async () => {
      const { im, log } = await startClient(server.url);
      await im.v2TIMManager.addSDKListener({
        onConnecting: () => {
          throw new Error('app bug');
        },
      });
      expect((await im.v2TIMManager.login('alice', alice)).code).toBe(0);
      expect(log.calls).toEqual(['onConnecting', 'onConnectSuccess']);
    });

    it('a throwing event handler breaks neither the login nor the other handlers', async () => {
      const { im } = await startClient(server.url);
      const seen: string[] = [];
      im.on('sdkStateReady', () => {
        throw new Error('app bug');
      });
      im.on('sdkStateReady', (event) => seen.push(event.name));
      expect((await im.v2TIMManager.login('alice', alice)).code).toBe(0);
      expect(seen).toEqual(['sdkStateReady']);
    });

    it('removeSDKListener without an argument removes every listener', async () => {
      const { im, log } = await startClient(server.url);
      await im.v2TIMManager.removeSDKListener();
      await im.v2TIMManager.login('alice', alice);
      expect(log.calls).toEqual([]);
    });

    it('emits web-style events: netStateChange and sdkStateReady on login', async () => {
      const { im } = await startClient(server.url);
      const seen: string[] = [];
      im.on('netStateChange', (event) => seen.push(`${event.name}:${event.data.state}`));
      im.on('sdkStateReady', (event) => seen.push(event.name));
      await im.v2TIMManager.login('alice', alice);
      expect(seen).toEqual(['netStateChange:connecting', 'netStateChange:connected', 'sdkStateReady']);
    });
  });
});
