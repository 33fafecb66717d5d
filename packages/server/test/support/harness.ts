/**
 * The one place tests learn how to run Parley: a real server on an ephemeral port with its own
 * SQLite file, tickets signed with the app's key, and real SDK clients over real WebSockets.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createImSDKPlugin, type InitSDKOptions, type V2TimSDKListener } from '@parley/sdk';
import { genUserSig } from '@parley/usersig';
import {
  DEFAULT_GATEWAY_CONFIG,
  DEFAULT_MESSAGES_CONFIG,
  type GatewayConfig,
  type MessagesConfig,
  type ServerConfig,
} from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { type RunningServer, startServer } from '../../src/server.js';
import type { PushPolicy } from '../../src/services/push/worker.js';
import type { AppSettings, DatabaseConfig } from '../../src/storage/types.js';
import type { DeliveryPolicy } from '../../src/webhooks/delivery-policy.js';
import { openTestBackend } from './backends.js';
import { type TestGroups, testGroups } from './groups.js';

export const TEST_SDK_APP_ID = 1400000001;
/** The admin of the test app (the environment app's default admin). */
export const TEST_ADMIN = 'administrator';

export interface TestServerOptions {
  gateway?: Partial<GatewayConfig>;
  app?: Partial<
    Pick<
      AppSettings,
      | 'loginPolicy'
      | 'maxWebInstances'
      | 'maxInstancesPerPlatform'
      | 'callbackUrl'
      | 'messageRetentionDays'
      | 'revokeWindowSeconds'
      | 'maxMessageBodyBytes'
      | 'maxMembersWork'
      | 'maxMembersPublic'
      | 'maxJoinedGroups'
      | 'profileCustomKeys'
      | 'maxImageBytes'
      | 'maxFileBytes'
      | 'maxSoundBytes'
      | 'maxVideoBytes'
    >
  >;
  /** Webhook timings (delivery policy and the Disconnect grace), small in tests. */
  webhooks?: Partial<DeliveryPolicy>;
  /** Collects every log line (at debug level) instead of discarding them. */
  logLines?: string[];
  /** Demo mode (`--demo`): the server mints tickets at `POST /demo/usersig` (the web e2e tests log in so). */
  demo?: boolean;
  /** Messaging settings (recall window, before-send callback budget). */
  messages?: Partial<MessagesConfig>;
  /** Where uploads are kept (`--media`): a folder or `s3://bucket?endpoint=…`; default `<dataDir>/media`. */
  media?: string;
  /** Offline push timings (retries), small in tests. */
  push?: Partial<PushPolicy>;
}

export interface TestServer extends TestGroups {
  readonly sdkAppID: number;
  readonly secretKey: string;
  readonly dataDir: string;
  /** The server's database, for the `parley` command's `--db`. */
  readonly db: DatabaseConfig;
  /** The running server; replaced by `restart`. */
  readonly server: RunningServer;
  readonly wsUrl: string;
  /** A ticket for `userID` signed with the app's key. */
  ticket(userID: string, options?: { expire?: number; now?: number }): string;
  /**
   * Calls the REST API (`command` is `<service>/<command>`) as the app's admin with a fresh ticket,
   * over real HTTP, and returns the envelope. Throws when the answer is not HTTP 200 JSON: every REST
   * answer must be.
   */
  rest(command: string, body?: unknown, options?: RestCallOptions): Promise<RestEnvelope>;
  /** An initialized SDK instance pointing at this server. */
  client(options?: Partial<InitSDKOptions>): Promise<TestClient>;
  /** Graceful stop, then a new server on the same port and database. */
  restart(): Promise<void>;
  stop(): Promise<void>;
  /**
   * Makes accounts exist without a login (REST `multiaccount_import`): messages to a UserID without
   * an account are refused (20003).
   */
  importAccounts(...userIDs: string[]): Promise<void>;
}

/** What a REST call changes from a well-formed admin call, to test the envelope's checks. */
export interface RestCallOptions {
  /** Default `TEST_ADMIN`; `null` leaves the parameter out. */
  identifier?: string | null;
  /** Default a fresh ticket of `identifier`; `null` leaves the parameter out. */
  usersig?: string | null;
  /** Default the test app; `null` leaves the parameter out. */
  sdkappid?: string | number | null;
  /** Default a random uint32. */
  random?: string | number | null;
  /** Replaces the whole query string built from the options above. */
  query?: string;
  /** Default POST. */
  method?: string;
  /** Sent as the body instead of `JSON.stringify(body)`. */
  rawBody?: string | Uint8Array<ArrayBuffer>;
  headers?: Record<string, string>;
}

/** A REST answer: the envelope and the endpoint's fields. */
export interface RestEnvelope {
  ActionStatus: 'OK' | 'FAIL';
  ErrorCode: number;
  ErrorInfo: string;
  [field: string]: unknown;
}

export type TestClient = ReturnType<typeof createImSDKPlugin> & {
  /** Listener calls in order, as `name` or `name:arg`. */
  readonly calls: string[];
  /** Resolves when the listener has received `name` (now or later). */
  next(name: keyof V2TimSDKListener, count?: number): Promise<void>;
};

const silent = createLogger({ level: 'silent' });

export async function startTestServer(options: TestServerOptions = {}): Promise<TestServer> {
  const dataDir = await mkdtemp(join(tmpdir(), 'parley-test-'));
  // SQLite with the in-process bus, or PostgreSQL with Redis in the vitest project `cluster`.
  const backend = await openTestBackend(dataDir);
  const secretKey = randomBytes(32).toString('hex');
  const config = (port: number): ServerConfig => ({
    host: '127.0.0.1',
    port,
    dataDir,
    db: backend.db,
    ...backend.cluster,
    demo: options.demo ?? false,
    logLevel: 'silent',
    gateway: { ...DEFAULT_GATEWAY_CONFIG, ...options.gateway },
    envApp: { sdkAppID: TEST_SDK_APP_ID, secretKey, admin: 'administrator', ...options.app },
    ...(options.messages === undefined
      ? {}
      : { messages: { ...DEFAULT_MESSAGES_CONFIG, ...options.messages } }),
    ...(options.media === undefined ? {} : { media: options.media }),
  });
  const lines = options.logLines;
  const logger = lines
    ? createLogger({ level: 'debug', destination: { write: (line: string) => void lines.push(line) } })
    : silent;
  let server = await startServer(config(0), {
    logger,
    ...(options.webhooks ? { webhooks: options.webhooks } : {}),
    ...(options.push ? { push: options.push } : {}),
  });
  const port = server.port;
  const clients: TestClient[] = [];

  const harness: TestServer = {
    ...testGroups(
      TEST_SDK_APP_ID,
      () => server.groups,
      (...userIDs) => harness.importAccounts(...userIDs),
    ),
    sdkAppID: TEST_SDK_APP_ID,
    secretKey,
    dataDir,
    db: backend.db,
    get server() {
      return server;
    },
    wsUrl: `ws://127.0.0.1:${port}`,
    ticket: (userID, { expire = 86_400, now } = {}) =>
      genUserSig({ sdkAppID: TEST_SDK_APP_ID, key: secretKey, userID, expire, ...(now ? { now } : {}) }),
    async rest(command, body = {}, options = {}) {
      const identifier = options.identifier === undefined ? TEST_ADMIN : options.identifier;
      const params: [string, string | number | null | undefined][] = [
        ['sdkappid', options.sdkappid === undefined ? TEST_SDK_APP_ID : options.sdkappid],
        ['identifier', identifier],
        [
          'usersig',
          options.usersig === undefined ? harness.ticket(identifier ?? TEST_ADMIN) : options.usersig,
        ],
        ['random', options.random === undefined ? randomBytes(4).readUInt32BE() : options.random],
        ['contenttype', 'json'],
      ];
      const query =
        options.query ??
        params
          .filter((entry): entry is [string, string | number] => entry[1] !== null && entry[1] !== undefined)
          .map(([name, value]) => `${name}=${encodeURIComponent(String(value))}`)
          .join('&');
      const method = options.method ?? 'POST';
      const hasBody = method !== 'GET' && method !== 'HEAD';
      const response = await fetch(`http://127.0.0.1:${port}/v4/${command}?${query}`, {
        method,
        headers: { 'content-type': 'application/json', ...options.headers },
        ...(hasBody ? { body: options.rawBody ?? JSON.stringify(body) } : {}),
      });
      const text = await response.text();
      if (response.status !== 200) throw new Error(`REST answered HTTP ${response.status}: ${text}`);
      return JSON.parse(text) as RestEnvelope;
    },
    async client(init = {}) {
      const im = createImSDKPlugin();
      const calls: string[] = [];
      const waiters: { name: string; count: number; resolve: () => void }[] = [];
      const record =
        (name: string) =>
        (...args: unknown[]) => {
          calls.push(args.length > 0 && typeof args[0] !== 'object' ? `${name}:${String(args[0])}` : name);
          for (const w of [...waiters]) {
            if (calls.filter((e) => e.split(':')[0] === w.name).length >= w.count) {
              waiters.splice(waiters.indexOf(w), 1);
              w.resolve();
            }
          }
        };
      const listener: V2TimSDKListener = {
        onConnecting: record('onConnecting'),
        onConnectSuccess: record('onConnectSuccess'),
        onConnectFailed: record('onConnectFailed'),
        onKickedOffline: record('onKickedOffline'),
        onUserSigExpired: record('onUserSigExpired'),
      };
      const result = await im.v2TIMManager.initSDK({
        sdkAppID: TEST_SDK_APP_ID,
        serverAddr: harness.wsUrl,
        listener,
        reconnect: { minDelayMs: 50, maxDelayMs: 500 },
        ...init,
      });
      if (result.code !== 0) throw new Error(`initSDK failed: ${result.code} ${result.desc}`);
      const client = Object.assign(im, {
        calls,
        next: (name: keyof V2TimSDKListener, count = 1) =>
          new Promise<void>((resolve) => {
            if (calls.filter((e) => e.split(':')[0] === name).length >= count) resolve();
            else waiters.push({ name, count, resolve });
          }),
      });
      clients.push(client);
      return client;
    },
    async restart() {
      await server.close();
      server = await startServer(config(port), {
        logger,
        ...(options.webhooks ? { webhooks: options.webhooks } : {}),
        ...(options.push ? { push: options.push } : {}),
      });
    },
    async importAccounts(...userIDs) {
      const reply = await harness.rest('im_open_login_svc/multiaccount_import', { Accounts: userIDs });
      if (reply.ActionStatus !== 'OK') throw new Error(`account import failed: ${JSON.stringify(reply)}`);
    },
    async stop() {
      await Promise.all(clients.map((c) => c.v2TIMManager.unInitSDK()));
      await server.close();
      await rm(dataDir, { recursive: true, force: true });
      await backend.dispose();
    },
  };
  return harness;
}
