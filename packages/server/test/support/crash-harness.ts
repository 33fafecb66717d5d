/**
 * What the crash tests share: a real `parley serve` process on a fresh data directory that a test
 * may kill with SIGKILL and start again on the same port, SDK clients logged in to it, and a send
 * that retries the same message after network failures until the server acknowledges it.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ErrorCode, type V2TimMessage } from '@parley/sdk';
import { genUserSig } from '@parley/usersig';
import { afterAll, beforeAll, expect } from 'vitest';
import { type ChatClient, chatClient } from './chat.js';
import { type ServerProcess, spawnServer } from './server-process.js';

/** Failures a retry of the same message may follow: the connection went away under the request. */
export const NETWORK_ERRORS: readonly number[] = [
  ErrorCode.ERR_SDK_NET_DISCONNECT,
  ErrorCode.ERR_SDK_NET_WAIT_ACK_TIMEOUT,
  ErrorCode.ERR_SDK_NET_CONNECT_TIMEOUT,
];

export interface CrashHarness {
  login(userID: string, platform?: 'web' | 'android'): Promise<ChatClient>;
  /** Kills the server with SIGKILL now; resolves when it runs again on the same port. */
  killAndRestart(): Promise<void>;
  /** Counts a send that failed on the network (the crash really hit a send). */
  countNetworkFailure(code: number): void;
  readonly networkFailures: number;
  /** Sends the created message until acknowledged, waiting for a reconnect between tries. */
  sendUntilStored(
    sender: ChatClient,
    id: string,
    to: { receiver: string } | { groupID: string },
  ): Promise<V2TimMessage>;
}

/** Registers the server's start and stop with the calling test file's hooks. */
export function crashHarness(sdkAppID: number, dataDirPrefix: string): CrashHarness {
  const secretKey = randomBytes(32).toString('hex');
  const env = { PARLEY_SDKAPPID: String(sdkAppID), PARLEY_SECRET_KEY: secretKey };
  let dataDir: string;
  let server: ServerProcess;
  const clients: ChatClient[] = [];
  let networkFailures = 0;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), dataDirPrefix));
    server = await spawnServer({ dataDir, env });
  });
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.close()));
    server.child.kill('SIGKILL');
    await server.exited;
    await rm(dataDir, { recursive: true, force: true });
  });

  const harness: CrashHarness = {
    async login(userID, platform = 'web') {
      const client = await chatClient({
        wsUrl: `ws://127.0.0.1:${server.port}`,
        sdkAppID,
        userID,
        userSig: genUserSig({ sdkAppID, key: secretKey, userID, expire: 3600 }),
        init: { platform, requestTimeoutMs: 3_000 },
      });
      clients.push(client);
      return client;
    },
    killAndRestart() {
      const killed = server;
      killed.child.kill('SIGKILL');
      return (async () => {
        await killed.exited;
        server = await spawnServer({ dataDir, env, port: killed.port });
      })();
    },
    countNetworkFailure(code) {
      expect(NETWORK_ERRORS).toContain(code);
      networkFailures++;
    },
    get networkFailures() {
      return networkFailures;
    },
    async sendUntilStored(sender, id, to) {
      const mm = sender.im.v2TIMManager.getMessageManager();
      const target = 'groupID' in to ? { receiver: '', groupID: to.groupID } : { ...to, groupID: '' };
      for (let attempt = 1; attempt <= 50; attempt++) {
        const result = await mm.sendMessage({ id, ...target });
        if (result.code === 0 && result.data) return result.data;
        expect(NETWORK_ERRORS, `send failed with ${result.code} ${result.desc}`).toContain(result.code);
        networkFailures++;
        await sender.waitFor(() => sender.connected(), 'the sender to reconnect', 20_000);
      }
      throw new Error(`message ${id} was never stored`);
    },
  };
  return harness;
}
