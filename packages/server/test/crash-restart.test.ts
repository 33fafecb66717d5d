import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createImSDKPlugin, V2TimLoginStatus } from '@parley/sdk';
import { genUserSig } from '@parley/usersig';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ServerProcess, spawnServer } from './support/server-process.js';

const sdkAppID = 1400000002;
const secretKey = randomBytes(32).toString('hex');
const env = { PARLEY_SDKAPPID: String(sdkAppID), PARLEY_SECRET_KEY: secretKey };
let dataDir: string;
let server: ServerProcess;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'parley-crash-'));
  server = await spawnServer({ dataDir, env });
});
afterAll(async () => {
  server.child.kill('SIGKILL');
  await server.exited;
  await rm(dataDir, { recursive: true, force: true });
});

describe('a server killed with SIGKILL and started again', () => {
  it('brings every logged-in SDK back to LOGINED by itself, with onConnecting then onConnectSuccess', async () => {
    const platforms = ['web', 'android', 'iphone', 'mac', 'linux'] as const;
    const clients = await Promise.all(
      platforms.map(async (platform, i) => {
        const im = createImSDKPlugin();
        const calls: string[] = [];
        let backOnline!: () => void;
        const back = new Promise<void>((resolve) => {
          backOnline = resolve;
        });
        await im.v2TIMManager.initSDK({
          sdkAppID,
          serverAddr: `ws://127.0.0.1:${server.port}`,
          platform,
          reconnect: { minDelayMs: 50, maxDelayMs: 400 },
          listener: {
            onConnecting: () => calls.push('onConnecting'),
            onConnectSuccess: () => {
              calls.push('onConnectSuccess');
              if (calls.filter((e) => e === 'onConnectSuccess').length === 2) backOnline();
            },
            onConnectFailed: () => calls.push('onConnectFailed'),
            onKickedOffline: () => calls.push('onKickedOffline'),
            onUserSigExpired: () => calls.push('onUserSigExpired'),
          },
        });
        const userID = `crash${i}`;
        const res = await im.v2TIMManager.login(
          userID,
          genUserSig({ sdkAppID, key: secretKey, userID, expire: 3600 }),
        );
        expect(res.code).toBe(0);
        return { im, calls, back, userID };
      }),
    );

    server.child.kill('SIGKILL');
    await server.exited;
    server = await spawnServer({ dataDir, env, port: server.port });

    await Promise.all(clients.map((c) => c.back));
    for (const c of clients) {
      // While the server is down each attempt is onConnecting then onConnectFailed; nothing else may happen.
      const attempts = c.calls.filter((e) => e !== 'onConnectFailed');
      const collapsed = attempts.filter((e, i) => e !== attempts[i - 1]);
      expect(collapsed).toEqual(['onConnecting', 'onConnectSuccess', 'onConnecting', 'onConnectSuccess']);
      expect((await c.im.v2TIMManager.getLoginStatus()).data).toBe(V2TimLoginStatus.V2TIM_STATUS_LOGINED);
      expect((await c.im.v2TIMManager.getLoginUser()).data).toBe(c.userID);
    }
    await Promise.all(clients.map((c) => c.im.v2TIMManager.unInitSDK()));
  });
});
