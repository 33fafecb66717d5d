import { createServer, type Server, type Socket } from 'node:net';
import { ErrorCode } from '@parley/protocol';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { V2TimLoginStatus } from '../src/index.js';
import { IMMEDIATE_RECONNECT, reconnectsSettled, startClient, stopClients } from './clients.js';
import { FakeServer, type RecordedFrame } from './fake-server.js';
import { makeTicket } from './tickets.js';

const { V2TIM_STATUS_LOGINED, V2TIM_STATUS_LOGOUT } = V2TimLoginStatus;

let server: FakeServer;

beforeEach(async () => {
  server = await FakeServer.start();
});

afterEach(async () => {
  await stopClients();
  await server.stop();
});

const alice = makeTicket({ userID: 'alice' });

/** A URL where nothing listens: a fake server's port after it stopped. */
async function deadURL(): Promise<string> {
  const gone = await FakeServer.start();
  await gone.stop();
  return gone.url;
}

describe('kicks and ticket expiry', () => {
  it('S09 a kicked push then close 4001: onKickedOffline once, status 3, no reconnect', async () => {
    const { im, log, socketsOpened } = await startClient(server.url, { reconnect: IMMEDIATE_RECONNECT });
    const kicked: string[] = [];
    im.on('kickedOut', (event) => kicked.push(event.data.type));
    await im.v2TIMManager.login('alice', alice);

    server.pushAll('kicked', { reason: 'multipleDevice', byPlatform: 'android' });
    server.closeAll(4001, 'kicked');
    await log.waitFor('onKickedOffline');
    await server.until(() => server.peers.size === 0, 'the kicked socket to close');
    await reconnectsSettled();
    expect(socketsOpened()).toBe(1);

    expect(log.count('onKickedOffline')).toBe(1);
    expect(log.calls).toEqual(['onConnecting', 'onConnectSuccess', 'onKickedOffline']);
    expect(kicked).toEqual(['multipleDevice']);
    expect(server.connections).toBe(1);
    expect((await im.v2TIMManager.getLoginStatus()).data).toBe(V2TIM_STATUS_LOGOUT);
    expect((await im.v2TIMManager.getLoginUser()).data).toBe('');
  });

  it('S09 close 4001 alone also means kicked; login again works with a new instanceID', async () => {
    const { im, log } = await startClient(server.url);
    await im.v2TIMManager.login('alice', alice);
    server.closeAll(4001);
    await log.waitFor('onKickedOffline');
    expect((await im.v2TIMManager.login('alice', alice)).code).toBe(0);
    const [first, second] = server.sent('login');
    expect(second?.data.instanceID).not.toBe(first?.data.instanceID);
    expect(second?.data.resume).toBeUndefined();
  });

  it('S08 a userSigExpired push then close 4002: onUserSigExpired once, status 3, no reconnect', async () => {
    const { im, log, socketsOpened } = await startClient(server.url, { reconnect: IMMEDIATE_RECONNECT });
    const kicked: string[] = [];
    im.on('kickedOut', (event) => kicked.push(event.data.type));
    await im.v2TIMManager.login('alice', alice);

    server.pushAll('userSigExpired', {});
    server.closeAll(4002, 'ticket expired');
    await log.waitFor('onUserSigExpired');
    await server.until(() => server.peers.size === 0, 'the socket to close');
    await reconnectsSettled();
    expect(socketsOpened()).toBe(1);

    expect(log.calls).toEqual(['onConnecting', 'onConnectSuccess', 'onUserSigExpired']);
    expect(kicked).toEqual(['userSigExpired']);
    expect(server.connections).toBe(1);
    expect((await im.v2TIMManager.getLoginStatus()).data).toBe(V2TIM_STATUS_LOGOUT);
  });

  it('S08 close 4002 alone also means the ticket expired', async () => {
    const { im, log } = await startClient(server.url);
    await im.v2TIMManager.login('alice', alice);
    server.closeAll(4002);
    await log.waitFor('onUserSigExpired');
    expect(log.count('onKickedOffline')).toBe(0);
  });
});

describe('reconnect', () => {
  it('S10 after a server restart: onConnecting, onConnectSuccess, resume with the same instanceID, still LOGINED', async () => {
    const { im, log } = await startClient(server.url);
    const m = im.v2TIMManager;
    const notReady: string[] = [];
    im.on('sdkStateNotReady', (event) => notReady.push(event.name));
    await m.login('alice', alice);

    await server.stop();
    await log.waitFor('onConnecting', 2);
    expect((await m.getLoginStatus()).data).toBe(V2TIM_STATUS_LOGINED);
    expect((await m.getLoginUser()).data).toBe('alice');
    await log.waitFor('onConnectFailed'); // the server is down: attempts fail and continue
    expect(log.failures[0]?.code).toBe(ErrorCode.ERR_SDK_NET_DISCONNECT);

    await server.restart();
    await log.waitFor('onConnectSuccess', 2);

    const [first, resume] = server.sent('login') as [RecordedFrame, RecordedFrame];
    expect(resume.data).toMatchObject({ resume: true, instanceID: first.data.instanceID, userSig: alice });
    expect(server.sent('login')).toHaveLength(2);
    expect((await m.getLoginStatus()).data).toBe(V2TIM_STATUS_LOGINED);
    expect(notReady).toEqual([]);
    expect(log.count('onKickedOffline')).toBe(0);
    expect(log.calls.at(-1)).toBe('onConnectSuccess');
  });

  it('reconnects after close 1012 (server restarting) without a login call', async () => {
    const { im, log } = await startClient(server.url);
    await im.v2TIMManager.login('alice', alice);
    server.closeAll(1012, 'restarting');
    await log.waitFor('onConnectSuccess', 2);
    expect(log.calls).toEqual(['onConnecting', 'onConnectSuccess', 'onConnecting', 'onConnectSuccess']);
    expect((await server.nth('login', 2)).data.resume).toBe(true);
  });

  it('treats an unanswered ping as a dead link: closes and resumes', async () => {
    server.heartbeatIntervalMs = 100;
    const { im, log } = await startClient(server.url);
    await im.v2TIMManager.login('alice', alice);
    await server.nth('ping');
    server.answerPings = false;
    await log.waitFor('onConnecting', 2);
    server.answerPings = true;
    await log.waitFor('onConnectSuccess', 2);
    const resume = await server.nth('login', 2);
    expect(resume.data.resume).toBe(true);
    expect(resume.connection).toBe(2);
    expect((await im.v2TIMManager.getLoginStatus()).data).toBe(V2TIM_STATUS_LOGINED);
  });

  it('S09 a resume refused with 6208 (kicked while offline): onKickedOffline, LOGOUT, no more attempts', async () => {
    const { im, log, socketsOpened } = await startClient(server.url, { reconnect: IMMEDIATE_RECONNECT });
    await im.v2TIMManager.login('alice', alice);
    server.handle('login', () => ({ code: ErrorCode.ERR_LOGIN_KICKED_OFF_BY_OTHER, desc: 'displaced' }));
    server.closeAll(1012);
    await log.waitFor('onKickedOffline');
    await reconnectsSettled();
    expect(socketsOpened()).toBe(2);
    expect(server.sent('login')).toHaveLength(2);
    expect(log.calls).toEqual(['onConnecting', 'onConnectSuccess', 'onConnecting', 'onKickedOffline']);
    expect((await im.v2TIMManager.getLoginStatus()).data).toBe(V2TIM_STATUS_LOGOUT);
  });

  it('a resume refused with 70052 (ticket revoked): onKickedOffline as a REST kick', async () => {
    const { im, log } = await startClient(server.url);
    const kicked: string[] = [];
    im.on('kickedOut', (event) => kicked.push(event.data.type));
    await im.v2TIMManager.login('alice', alice);
    server.handle('login', () => ({ code: ErrorCode.ERR_USERSIG_REVOKED, desc: 'revoked' }));
    server.closeAll(1012);
    await log.waitFor('onKickedOffline');
    expect(kicked).toEqual(['REST_API_Kick']);
  });

  it('a resume refused with 70001: onUserSigExpired, LOGOUT', async () => {
    const { im, log } = await startClient(server.url);
    await im.v2TIMManager.login('alice', alice);
    server.handle('login', () => ({ code: ErrorCode.ERR_USERSIG_EXPIRED, desc: 'expired' }));
    server.closeAll(1012);
    await log.waitFor('onUserSigExpired');
    expect((await im.v2TIMManager.getLoginStatus()).data).toBe(V2TIM_STATUS_LOGOUT);
  });

  it('other resume refusals are reported with onConnectFailed and retried', async () => {
    const { im, log } = await startClient(server.url);
    await im.v2TIMManager.login('alice', alice);
    server.handle('login', () => ({ code: ErrorCode.ERR_LOGIN_LOCKED, desc: 'locked' }));
    server.closeAll(1012);
    await log.waitFor('onConnectFailed', 2);
    expect(log.failures.map((f) => f.code)).toEqual([ErrorCode.ERR_LOGIN_LOCKED, ErrorCode.ERR_LOGIN_LOCKED]);
    server.handle('login', undefined);
    await log.waitFor('onConnectSuccess', 2);
    expect((await im.v2TIMManager.getLoginStatus()).data).toBe(V2TIM_STATUS_LOGINED);
  });

  it('S08 a ticket that expired while disconnected: onUserSigExpired and no resume frame', async () => {
    let skewMs = 0;
    const { im, log, socketsOpened } = await startClient(server.url, {
      now: () => Date.now() + skewMs,
      reconnect: IMMEDIATE_RECONNECT,
    });
    const shortTicket = makeTicket({ userID: 'alice', expire: 3_600 });
    await im.v2TIMManager.login('alice', shortTicket);
    skewMs = 2 * 3_600_000; // two hours later, as seen by the client
    server.closeAll(1012);
    await log.waitFor('onUserSigExpired');
    await reconnectsSettled();
    expect(socketsOpened()).toBe(1);
    expect(server.sent('login')).toHaveLength(1);
    expect(server.connections).toBe(1);
    expect(log.calls).toEqual(['onConnecting', 'onConnectSuccess', 'onConnecting', 'onUserSigExpired']);
    expect((await im.v2TIMManager.getLoginStatus()).data).toBe(V2TIM_STATUS_LOGOUT);
  });

  it('logout while reconnecting stops the attempts', async () => {
    const { im, log, socketsOpened } = await startClient(server.url, { reconnect: IMMEDIATE_RECONNECT });
    await im.v2TIMManager.login('alice', alice);
    await server.stop();
    await log.waitFor('onConnectFailed');
    expect((await im.v2TIMManager.logout()).code).toBe(0);
    const failures = log.count('onConnectFailed');
    const sockets = socketsOpened();
    await server.restart();
    await reconnectsSettled();
    expect(socketsOpened()).toBe(sockets);
    expect(log.count('onConnectFailed')).toBe(failures);
    expect(server.frames).toHaveLength(1);
    expect((await im.v2TIMManager.getLoginStatus()).data).toBe(V2TIM_STATUS_LOGOUT);
  });
});

describe('several server addresses', () => {
  it('logs in on the second address when the first is dead', async () => {
    const { im } = await startClient([await deadURL(), server.url]);
    expect((await im.v2TIMManager.login('alice', alice)).code).toBe(0);
    expect(server.connections).toBe(1);
  });

  it('resumes on another node when the current one goes away', async () => {
    const other = await FakeServer.start();
    try {
      const { im, log } = await startClient([server.url, other.url]);
      await im.v2TIMManager.login('alice', alice);
      await server.stop();
      await log.waitFor('onConnectSuccess', 2);
      const resume = await other.nth('login');
      expect(resume.data).toMatchObject({
        resume: true,
        instanceID: (await server.nth('login')).data.instanceID,
      });
    } finally {
      await stopClients();
      await other.stop();
    }
  });
});

describe('connect timeout', () => {
  it('answers 9510 when the server accepts TCP but never completes the handshake', async () => {
    const sockets = new Set<Socket>();
    const silent: Server = createServer((socket) => sockets.add(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const address = silent.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    try {
      const { im, log } = await startClient(`ws://127.0.0.1:${port}`, { connectTimeoutMs: 150 });
      const result = await im.v2TIMManager.login('alice', alice);
      expect(result.code).toBe(ErrorCode.ERR_SDK_NET_CONNECT_TIMEOUT);
      expect(log.calls).toEqual(['onConnecting', 'onConnectFailed']);
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => silent.close(resolve));
    }
  });
});
