/**
 * The push queue survives a crash: a `parley serve` process is SIGKILLed while pushes wait for a
 * retry (the stand-in APNs answered 503), and the restarted process sends each of them exactly once.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { genUserSig } from '@parley/usersig';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { openStorage } from '../src/storage/database.js';
import type { Storage } from '../src/storage/types.js';
import { runAppCommand } from './support/app-cli.js';
import { type ChatClient, chatClient } from './support/chat.js';
import { APNS_KEY_ID, APNS_TEAM_ID, type PushStandIns, startPushStandIns } from './support/push-standins.js';
import { connectRaw } from './support/raw-client.js';
import { type ServerProcess, spawnServer } from './support/server-process.js';

const SDK_APP_ID = 1400000071;
const USERS = ['crash-a', 'crash-b', 'crash-c', 'crash-d'];
const secretKey = randomBytes(32).toString('hex');
const env = { PARLEY_SDKAPPID: String(SDK_APP_ID), PARLEY_SECRET_KEY: secretKey };
let dataDir: string;
let server: ServerProcess;
let standIns: PushStandIns;
let storage: Storage;
let sender: ChatClient | undefined;

beforeAll(async () => {
  standIns = await startPushStandIns();
  dataDir = await mkdtemp(join(tmpdir(), 'parley-push-crash-'));
  server = await spawnServer({ dataDir, env });
  const { code, err } = await runAppCommand([
    'push',
    'add',
    String(SDK_APP_ID),
    '--business-id',
    '1',
    '--type',
    'apns',
    '--key-file',
    standIns.files.apnsKey,
    '--key-id',
    APNS_KEY_ID,
    '--team-id',
    APNS_TEAM_ID,
    '--bundle-id',
    'com.example.crash',
    '--endpoint',
    standIns.apnsUrl,
    '--ca-file',
    standIns.files.caCert,
    '--data-dir',
    dataDir,
  ]);
  expect(code, err).toBe(0);
  // The test reads the queue straight from the server's database file.
  storage = await openStorage({ kind: 'sqlite', path: join(dataDir, 'parley.db') });
});
afterAll(async () => {
  await sender?.close();
  server.child.kill('SIGKILL');
  await server.exited;
  await storage.close();
  await rm(dataDir, { recursive: true, force: true });
  await standIns.close();
});

const ticket = (userID: string) => genUserSig({ sdkAppID: SDK_APP_ID, key: secretKey, userID, expire: 3600 });

/** An iPhone that registered its token and then lost its connection without logging out. */
async function awayPhone(userID: string): Promise<void> {
  const raw = await connectRaw(`ws://127.0.0.1:${server.port}`);
  const login = await raw.request('login', {
    sdkAppID: SDK_APP_ID,
    userID,
    userSig: ticket(userID),
    platform: 'iphone',
    instanceID: `${userID}-phone`,
  });
  expect(login.code).toBe(0);
  expect((await raw.request('setOfflinePushConfig', { businessID: 1, token: `tok-${userID}` })).code).toBe(0);
  raw.socket.terminate();
  await raw.closed;
}

it('sends the pushes queued before a SIGKILL after the restart, each once', async () => {
  for (const userID of USERS) {
    standIns.answerApns(`tok-${userID}`, { status: 503, reason: 'ServiceUnavailable' });
    await awayPhone(userID);
  }
  sender = await chatClient({
    wsUrl: `ws://127.0.0.1:${server.port}`,
    sdkAppID: SDK_APP_ID,
    userID: 'crash-sender',
    userSig: ticket('crash-sender'),
  });
  for (const userID of USERS) await sender.send(userID, `to ${userID}`);

  // Every push has been tried and is waiting for its retry: nothing is in flight.
  await vi.waitFor(
    async () => {
      const due = await storage.push.due(Number.MAX_SAFE_INTEGER, 100);
      expect(due.filter((job) => job.lastError !== null)).toHaveLength(USERS.length);
    },
    { timeout: 10_000 },
  );
  const killed = server;
  killed.child.kill('SIGKILL');
  await killed.exited;
  for (const userID of USERS) standIns.answerApns(`tok-${userID}`, { status: 200 });
  server = await spawnServer({ dataDir, env, port: killed.port });

  await vi.waitFor(async () => expect(await storage.push.count()).toBe(0), { timeout: 20_000 });
  for (const userID of USERS) {
    const sent = standIns.apns.filter((r) => r.token === `tok-${userID}` && r.status === 200);
    expect(sent, userID).toHaveLength(1);
    expect(sent[0]?.body.aps.alert).toEqual({ title: 'crash-sender', body: `to ${userID}` });
  }
});
