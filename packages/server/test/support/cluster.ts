/**
 * A real cluster for tests: several `parley serve` processes (the built CLI) sharing one PostgreSQL
 * schema and one Redis key prefix of their own, real SDK clients that may list several nodes, and an
 * observer bus that reads presence the way any node does.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createImSDKPlugin, type InitSDKOptions, type V2TimSDKListener } from '@parley/sdk';
import { genUserSig } from '@parley/usersig';
import type { Presence } from '../../src/bus/bus.js';
import { createRedisBus } from '../../src/bus/redis.js';
import { dropPostgresSchema, newTestSchema, withSchema } from '../../src/storage/testing.js';
import { type ChatClient, chatClient } from './chat.js';
import { type ServerProcess, spawnServer } from './server-process.js';
import { deleteRedisKeys, TEST_PG_URL, TEST_REDIS_URL } from './services.js';

export const CLUSTER_SDK_APP_ID = 1400000003;
const ADMIN = 'administrator';

export interface ClusterOptions {
  nodes: number;
  /** Extra environment of every node (app settings such as PARLEY_LOGIN_POLICY). */
  env?: Record<string, string>;
  /** Extra `serve` arguments of every node. */
  args?: string[];
}

export type ClusterClient = ReturnType<typeof createImSDKPlugin> & {
  /** Listener calls in order, as `name` or `name:arg`. */
  readonly calls: string[];
  /** Resolves when the listener has received `name` `count` times in all (now or later). */
  next(name: keyof V2TimSDKListener, count?: number): Promise<void>;
};

export interface RestAnswer {
  ActionStatus: 'OK' | 'FAIL';
  ErrorCode: number;
  ErrorInfo: string;
  [field: string]: unknown;
}

export interface TestCluster {
  readonly sdkAppID: number;
  /** The environment every node runs with (database, Redis, app). */
  readonly env: Readonly<Record<string, string>>;
  /** The node processes by index; a killed node stays in place, dead. */
  readonly nodes: readonly ServerProcess[];
  wsUrl(node: number): string;
  /** A ticket of the cluster's app; `now` (Unix seconds) dates it, the wall clock by default. */
  ticket(userID: string, now?: number): string;
  /** An SDK instance; `nodes` lists the nodes to try, in order (contracts §3 `serverAddr` array). */
  client(nodes: readonly number[], init?: Partial<InitSDKOptions>): Promise<ClusterClient>;
  /** A logged-in SDK instance with message listeners (support/chat.ts), trying `nodes` in order. */
  chat(userID: string, nodes: readonly number[], platform?: 'web' | 'android' | 'mac'): Promise<ChatClient>;
  /** A REST call as the app's admin through one node. */
  rest(node: number, command: string, body: unknown): Promise<RestAnswer>;
  /** A user's instances as Redis has them (each with the node ID of the process holding it). */
  presence(userID: string): Promise<Presence[]>;
  /** Which node a node ID names (node IDs carry the process ID); -1 for none of them. */
  nodeIndexOf(nodeID: string): number;
  /** Kills a node with SIGKILL and waits for it to be gone. */
  kill(node: number): Promise<void>;
  stop(): Promise<void>;
}

/** Starts the nodes at the same time, as a deployment would, and resolves when every one listens. */
export async function startCluster(options: ClusterOptions): Promise<TestCluster> {
  const schema = newTestSchema();
  const secretKey = randomBytes(32).toString('hex');
  const dataDir = await mkdtemp(join(tmpdir(), 'parley-cluster-'));
  const env: Record<string, string> = {
    PARLEY_DB: withSchema(TEST_PG_URL, schema),
    PARLEY_REDIS_URL: TEST_REDIS_URL,
    PARLEY_REDIS_PREFIX: schema,
    PARLEY_SDKAPPID: String(CLUSTER_SDK_APP_ID),
    PARLEY_SECRET_KEY: secretKey,
    ...options.env,
  };
  const observer = await createRedisBus({
    url: TEST_REDIS_URL,
    keyPrefix: schema,
    nodeID: `observer-${schema}`,
    offlineGraceMs: 60_000,
    displacedMemoryMs: 60_000,
  });
  const spawned = await Promise.allSettled(
    Array.from({ length: options.nodes }, () =>
      spawnServer({ dataDir, env, ...(options.args ? { args: options.args } : {}) }),
    ),
  );
  const nodes: ServerProcess[] = [];
  for (const result of spawned) if (result.status === 'fulfilled') nodes.push(result.value);
  const clients: ClusterClient[] = [];
  const chats: ChatClient[] = [];

  const stop = async () => {
    await Promise.all(clients.map((c) => c.v2TIMManager.unInitSDK()));
    await Promise.all(chats.map((c) => c.close()));
    for (const node of nodes) node.child.kill('SIGTERM');
    await Promise.all(nodes.map((node) => node.exited));
    await observer.close();
    await dropPostgresSchema(TEST_PG_URL, schema);
    await deleteRedisKeys(TEST_REDIS_URL, schema);
    await rm(dataDir, { recursive: true, force: true });
  };
  const failed = spawned.find((result) => result.status === 'rejected');
  if (failed) {
    await stop();
    throw failed.reason;
  }

  const ticket = (userID: string, now?: number) =>
    genUserSig({
      sdkAppID: CLUSTER_SDK_APP_ID,
      key: secretKey,
      userID,
      expire: 3600,
      ...(now === undefined ? {} : { now }),
    });
  const wsUrl = (node: number) => `ws://127.0.0.1:${nodes[node]?.port}`;

  return {
    sdkAppID: CLUSTER_SDK_APP_ID,
    env,
    nodes,
    wsUrl,
    ticket,
    async client(on, init = {}) {
      const client = await recordingClient({
        sdkAppID: CLUSTER_SDK_APP_ID,
        serverAddr: on.map(wsUrl),
        reconnect: { minDelayMs: 50, maxDelayMs: 300 },
        ...init,
      });
      clients.push(client);
      return client;
    },
    async chat(userID, on, platform = 'web') {
      const chat = await chatClient({
        wsUrl: wsUrl(on[0] ?? 0),
        sdkAppID: CLUSTER_SDK_APP_ID,
        userID,
        userSig: ticket(userID),
        init: { serverAddr: on.map(wsUrl), platform, reconnect: { minDelayMs: 50, maxDelayMs: 300 } },
      });
      chats.push(chat);
      return chat;
    },
    async rest(node, command, body) {
      const query = new URLSearchParams({
        sdkappid: String(CLUSTER_SDK_APP_ID),
        identifier: ADMIN,
        usersig: ticket(ADMIN),
        random: String(randomBytes(4).readUInt32BE()),
        contenttype: 'json',
      });
      const response = await fetch(`http://127.0.0.1:${nodes[node]?.port}/v4/${command}?${query}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      return (await response.json()) as RestAnswer;
    },
    presence: (userID) => observer.instancesOf(CLUSTER_SDK_APP_ID, userID),
    nodeIndexOf: (nodeID) => nodes.findIndex((node) => nodeID.includes(`-${node.child.pid}-`)),
    async kill(node) {
      const target = nodes[node];
      if (!target) throw new Error(`no node ${node}`);
      target.child.kill('SIGKILL');
      await target.exited;
    },
    stop,
  };
}

/** An initialized SDK instance whose listener calls are recorded and can be awaited. */
export async function recordingClient(init: InitSDKOptions): Promise<ClusterClient> {
  const im = createImSDKPlugin();
  const calls: string[] = [];
  const waiters: { name: string; count: number; resolve: () => void }[] = [];
  const seen = (name: string) => calls.filter((e) => e.split(':')[0] === name).length;
  const record =
    (name: string) =>
    (...args: unknown[]) => {
      calls.push(args.length > 0 && typeof args[0] !== 'object' ? `${name}:${String(args[0])}` : name);
      for (const waiter of [...waiters]) {
        if (seen(waiter.name) >= waiter.count) {
          waiters.splice(waiters.indexOf(waiter), 1);
          waiter.resolve();
        }
      }
    };
  const result = await im.v2TIMManager.initSDK({
    ...init,
    listener: {
      onConnecting: record('onConnecting'),
      onConnectSuccess: record('onConnectSuccess'),
      onConnectFailed: record('onConnectFailed'),
      onKickedOffline: record('onKickedOffline'),
      onUserSigExpired: record('onUserSigExpired'),
    },
  });
  if (result.code !== 0) throw new Error(`initSDK failed: ${result.code} ${result.desc}`);
  return Object.assign(im, {
    calls,
    next: (name: keyof V2TimSDKListener, count = 1) =>
      new Promise<void>((resolve) => {
        if (seen(name) >= count) resolve();
        else waiters.push({ name, count, resolve });
      }),
  });
}
