/**
 * `parley serve --workers N`: one command, N server processes sharing the port through Redis and
 * PostgreSQL, restarted when they die, drained together on SIGTERM.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { V2TimLoginStatus } from '@parley/sdk';
import { genUserSig } from '@parley/usersig';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Presence } from '../src/bus/bus.js';
import { createRedisBus, type RedisBus } from '../src/bus/redis.js';
import { dropPostgresSchema, newTestSchema, withSchema } from '../src/storage/testing.js';
import { type ClusterClient, recordingClient } from './support/cluster.js';
import { connectRaw } from './support/raw-client.js';
import { type ServerProcess, spawnServer } from './support/server-process.js';
import { deleteRedisKeys, TEST_PG_URL, TEST_REDIS_URL, testServices } from './support/services.js';

const services = testServices();
const sdkAppID = 1400000004;
const secretKey = randomBytes(32).toString('hex');
const ticket = (userID: string) => genUserSig({ sdkAppID, key: secretKey, userID, expire: 3600 });

/** The process ID inside a node ID (`host-pid-random`). */
const pidOf = (presence: Presence | undefined) => Number(presence?.nodeID.split('-').at(-2));

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe.skipIf(!services.has('postgres') || !services.has('redis'))('parley serve --workers 2', () => {
  const schema = newTestSchema();
  let dataDir: string;
  let primary: ServerProcess;
  let observer: RedisBus;
  const clients: ClusterClient[] = [];

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'parley-workers-'));
    observer = await createRedisBus({
      url: TEST_REDIS_URL,
      keyPrefix: schema,
      nodeID: `observer-${schema}`,
      offlineGraceMs: 60_000,
      displacedMemoryMs: 60_000,
    });
    primary = await spawnServer({
      dataDir,
      args: ['--workers', '2'],
      env: {
        PARLEY_DB: withSchema(TEST_PG_URL, schema),
        PARLEY_REDIS_URL: TEST_REDIS_URL,
        PARLEY_REDIS_PREFIX: schema,
        PARLEY_SDKAPPID: String(sdkAppID),
        PARLEY_SECRET_KEY: secretKey,
      },
    });
  });
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.v2TIMManager.unInitSDK()));
    if (primary && primary.child.exitCode === null) {
      primary.child.kill('SIGKILL');
      await primary.exited;
    }
    await observer?.close();
    await dropPostgresSchema(TEST_PG_URL, schema);
    await deleteRedisKeys(TEST_REDIS_URL, schema);
    await rm(dataDir, { recursive: true, force: true });
  });

  const presenceOf = async (userID: string) => (await observer.instancesOf(sdkAppID, userID))[0];
  /** A raw login of a new user; resolves the PID of the worker that took it. */
  let probes = 0;
  async function workerOfNewLogin(): Promise<number> {
    const userID = `probe${++probes}`;
    const raw = await connectRaw(`ws://127.0.0.1:${primary.port}`);
    const reply = await raw.request('login', {
      sdkAppID,
      userID,
      userSig: ticket(userID),
      platform: 'web',
      instanceID: userID,
    });
    expect(reply.code).toBe(0);
    const pid = pidOf(await presenceOf(userID));
    await raw.request('logout');
    raw.close();
    return pid;
  }

  it('prints one listening line and serves clients from both workers', async () => {
    for (let i = 0; i < 6; i++) {
      const client = await recordingClient({
        sdkAppID,
        serverAddr: `ws://127.0.0.1:${primary.port}`,
        reconnect: { minDelayMs: 50, maxDelayMs: 300 },
      });
      clients.push(client);
      expect((await client.v2TIMManager.login(`user${i}`, ticket(`user${i}`))).code).toBe(0);
    }
    const pids = new Set(await Promise.all(clients.map(async (_, i) => pidOf(await presenceOf(`user${i}`)))));
    expect(pids.size).toBe(2);
    expect(pids.has(primary.child.pid ?? -1)).toBe(false);
    expect(primary.stdout().match(/parley listening on/g)).toHaveLength(1);
  });

  it('restarts a worker killed with SIGKILL, and its clients resume on the workers left', async () => {
    const before = await Promise.all(clients.map(async (_, i) => pidOf(await presenceOf(`user${i}`))));
    const victim = before[0] ?? -1;
    const onVictim = clients.filter((_, i) => before[i] === victim);
    process.kill(victim, 'SIGKILL');

    await Promise.all(onVictim.map((client) => client.next('onConnectSuccess', 2)));
    for (const client of clients) {
      expect((await client.v2TIMManager.getLoginStatus()).data).toBe(V2TimLoginStatus.V2TIM_STATUS_LOGINED);
      expect(client.calls).not.toContain('onKickedOffline');
    }
    // The replacement worker takes new connections once it listens.
    const survivors = new Set(before);
    await expect
      .poll(
        async () => {
          const pid = await workerOfNewLogin();
          return !survivors.has(pid) && isAlive(pid);
        },
        { timeout: 15_000, interval: 100 },
      )
      .toBe(true);
    expect(primary.stdout().match(/parley listening on/g)).toHaveLength(1);
  });

  it('drains every worker on SIGTERM and exits 0', async () => {
    const workers = new Set<number>();
    for (let i = 0; i < 4; i++) workers.add(await workerOfNewLogin());
    primary.child.kill('SIGTERM');
    expect(await primary.exited).toBe(0);
    for (const pid of workers) expect(isAlive(pid)).toBe(false);
  });
});

describe('parley serve --workers with an unreachable Redis', () => {
  it('stops with exit code 1 and says why, instead of restarting workers that cannot start', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'parley-workers-'));
    try {
      const started = spawnServer({
        dataDir,
        args: ['--workers', '2', '--redis', 'redis://127.0.0.1:1'],
      });
      await expect(started).rejects.toThrow(/exited with 1 before listening/);
      await expect(started).rejects.toThrow(/cannot reach Redis at redis:\/\/127\.0\.0\.1:1/);
      await expect(started).rejects.toThrow(/a worker exited \(code 1\) before listening; stopping/);
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
