import { ErrorCode } from '@parley/protocol';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { createImSDKPlugin, ImSDKPlugin, V2TimLoginStatus } from '../src/index.js';
import { SDK_APP_ID, startClient, stopClients } from './clients.js';
import { FakeServer } from './fake-server.js';
import { makeTicket } from './tickets.js';

let server: FakeServer;

beforeEach(async () => {
  server = await FakeServer.start();
});

afterEach(async () => {
  await stopClients();
  await server.stop();
});

const alice = makeTicket({ userID: 'alice' });

/** Every V2TIMManager and feature call, answered without network. */
async function everyCall(im: ReturnType<typeof createImSDKPlugin>): Promise<number[]> {
  const m = im.v2TIMManager;
  const results = await Promise.all([
    m.login('alice', alice),
    m.logout(),
    m.getLoginUser(),
    m.getLoginStatus(),
    m.getServerTime(),
    m.addSDKListener({}),
    m.removeSDKListener(),
    m.getConversationManager().getConversationList({ nextSeq: '0', count: 10 }),
    m.getMessageManager().sendMessage({ id: 'x', receiver: 'bob', groupID: '' }),
  ]);
  return results.map((r) => r.code);
}

describe('V2TIMManager', () => {
  describe('#initSDK', () => {
    it('S22 every call before initSDK answers 6013', async () => {
      const im = createImSDKPlugin();
      const codes = await everyCall(im);
      expect(codes).toEqual(codes.map(() => ErrorCode.ERR_SDK_NOT_INITIALIZED));
      expect(server.connections).toBe(0);
    });

    it('succeeds again while initialized (idempotent)', async () => {
      const { im } = await startClient(server.url);
      expect(await im.v2TIMManager.initSDK({ sdkAppID: SDK_APP_ID, serverAddr: server.url })).toEqual({
        code: 0,
        desc: '',
      });
    });

    it('answers 6017 naming the option for a wrong value', async () => {
      const im = createImSDKPlugin();
      const m = im.v2TIMManager;
      const cases = [
        { sdkAppID: 0, serverAddr: server.url, WebSocket },
        { sdkAppID: SDK_APP_ID, serverAddr: 'localhost:8080', WebSocket },
        { sdkAppID: SDK_APP_ID, serverAddr: [], WebSocket },
        { sdkAppID: SDK_APP_ID, serverAddr: server.url, platform: 'iPad' as 'ipad', WebSocket },
        { sdkAppID: SDK_APP_ID, serverAddr: server.url, requestTimeoutMs: -1, WebSocket },
      ];
      for (const options of cases) {
        const result = await m.initSDK(options);
        expect(result.code).toBe(ErrorCode.ERR_INVALID_PARAMETERS);
        expect(result.desc).not.toBe('');
      }
      expect((await m.getLoginStatus()).code).toBe(ErrorCode.ERR_SDK_NOT_INITIALIZED);
    });

    it('answers 6017 when no WebSocket implementation exists (browser entry on Node 20)', async () => {
      const hasGlobal = typeof (globalThis as { WebSocket?: unknown }).WebSocket === 'function';
      const result = await createImSDKPlugin().v2TIMManager.initSDK({
        sdkAppID: SDK_APP_ID,
        serverAddr: server.url,
      });
      expect(result.code).toBe(hasGlobal ? 0 : ErrorCode.ERR_INVALID_PARAMETERS);
    });

    it('throws a TypeError when options is not an object', async () => {
      const m = createImSDKPlugin().v2TIMManager;
      await expect(m.initSDK(null as unknown as Parameters<typeof m.initSDK>[0])).rejects.toThrow(TypeError);
    });

    it('accepts an http:// address (as parley serve prints it) and connects over ws://', async () => {
      const { im } = await startClient(server.url.replace('ws://', 'http://'));
      expect((await im.v2TIMManager.login('alice', alice)).code).toBe(0);
    });

    it('declares the configured platform at login', async () => {
      const { im } = await startClient(server.url, { platform: 'android' });
      await im.v2TIMManager.login('alice', alice);
      expect((await server.nth('login')).data.platform).toBe('android');
    });
  });

  describe('#unInitSDK', () => {
    it('S20 logout then unInitSDK succeed, and every call answers 6013 afterwards', async () => {
      const { im } = await startClient(server.url);
      await im.v2TIMManager.login('alice', alice);
      expect((await im.v2TIMManager.logout()).code).toBe(0);
      expect((await im.v2TIMManager.unInitSDK()).code).toBe(0);
      const codes = await everyCall(im);
      expect(codes).toEqual(codes.map(() => ErrorCode.ERR_SDK_NOT_INITIALIZED));
    });

    it('during a login makes it answer 7009, closes the socket and drops the listeners', async () => {
      server.handle('login', () => null);
      const { im, log } = await startClient(server.url);
      const m = im.v2TIMManager;
      const login = m.login('alice', alice);
      await server.nth('login');
      expect((await m.unInitSDK()).code).toBe(0);
      expect((await login).code).toBe(ErrorCode.ERR_SDK_COMM_INTERRUPT);
      expect((await m.getLoginStatus()).code).toBe(ErrorCode.ERR_SDK_NOT_INITIALIZED);
      await server.until(() => server.peers.size === 0, 'the socket to close');
      expect(log.calls).toEqual(['onConnecting']);
    });

    it('while logged in logs the instance out, and initSDK + login work again', async () => {
      const { im } = await startClient(server.url);
      const m = im.v2TIMManager;
      await m.login('alice', alice);
      await m.unInitSDK();
      expect(server.sessionOps()).toEqual(['login', 'logout']);
      expect(
        (await m.initSDK({ sdkAppID: SDK_APP_ID, serverAddr: server.url, WebSocket, loglevel: 0 })).code,
      ).toBe(0);
      expect((await m.getLoginStatus()).data).toBe(V2TimLoginStatus.V2TIM_STATUS_LOGOUT);
      expect((await m.login('alice', alice)).code).toBe(0);
      await m.unInitSDK();
    });
  });

  describe('ImSDKPlugin', () => {
    it('is a default instance independent of created ones', async () => {
      const { im } = await startClient(server.url);
      expect(ImSDKPlugin).not.toBe(im);
      expect((await ImSDKPlugin.v2TIMManager.getLoginStatus()).code).toBe(ErrorCode.ERR_SDK_NOT_INITIALIZED);
    });
  });
});
