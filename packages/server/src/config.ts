/**
 * The server configuration: each setting comes from a command-line flag or, when the flag is absent,
 * from its environment variable (contracts §1), then a default. Values are checked here, once, at
 * the boundary; everything past `loadServerConfig` trusts the types.
 */
import { resolve } from 'node:path';
import { isValidUserID } from '@parley/protocol';
import { z } from 'zod';
import { DEMO_REMOTE_REFUSAL } from './http/demo.js';
import { isLoopbackHost } from './http/loopback.js';
import {
  APP_SETTING_RULES,
  appSettingFromText,
  checkAppSettings,
  DEFAULT_ADMIN,
  isValidSecretKey,
  SDK_APP_ID_RULE,
  SECRET_KEY_RULE,
} from './storage/app-settings.js';
import { splitPostgresUrl } from './storage/dialects/postgres-url.js';
import type { AppSettings, DatabaseConfig, LoginPolicy } from './storage/types.js';

/** Limits and timers of the WebSocket gateway (contracts §4, login.md §9.1). */
export interface GatewayConfig {
  /** How often clients are asked to send a heartbeat (ms); `--heartbeat-interval`, default 30000. */
  heartbeatIntervalMs: number;
  /** Silence after which a connection is dropped (ms); `--heartbeat-timeout`, default 90000. */
  heartbeatTimeoutMs: number;
  /** Largest accepted frame in bytes (larger ones close with 1009); `--max-frame-bytes`, default 1 MiB. */
  maxFrameBytes: number;
  /** Time a new socket has to log in (ms); `--login-timeout`, default 10000. */
  loginTimeoutMs: number;
  /** Longest ticket lifetime accepted (seconds); `--max-usersig-lifetime`, default 50 years. */
  maxUserSigLifetimeSeconds: number;
  /** Failed logins per user per address per minute before 70050; `--login-failure-limit`, default 5. */
  loginFailureLimit: number;
  /** WebSockets held at once (beyond: upgrade refused with 503); `--max-connections`, default 50000. */
  maxConnections: number;
  /**
   * WebSockets held at once from one source address (beyond: upgrade refused with 429);
   * `--max-connections-per-address`, default 1000.
   */
  maxConnectionsPerAddress: number;
}

/**
 * Time bounds of HTTP requests, so that a client that stalls (slow headers, a body that never
 * finishes, an idle keep-alive socket) cannot hold a socket and a file descriptor for ever.
 */
export interface HttpConfig {
  /** Time to receive a request's headers (ms); `--headers-timeout`, default 10000. */
  headersTimeoutMs: number;
  /**
   * Time to receive a whole request, headers and body (ms), and the longest a socket may stay silent
   * while a request is in progress; `--request-timeout`, default 30000.
   */
  requestTimeoutMs: number;
  /** How long an idle keep-alive socket waits for its next request (ms); `--keep-alive-timeout`, default 5000. */
  keepAliveTimeoutMs: number;
}

export const DEFAULT_HTTP_CONFIG: Readonly<HttpConfig> = Object.freeze({
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
  keepAliveTimeoutMs: 5_000,
});

/** One-to-one messaging (docs/messages.md); absent from `ServerConfig` means all defaults. */
export interface MessagesConfig {
  /**
   * Always 120: `--revoke-window` is deprecated and ignored.
   * @deprecated The recall window is the app setting `AppSettings.revokeWindowSeconds`; read it from the app.
   */
  revokeWindowSeconds: number;
  /** Time budget of the `C2C.CallbackBeforeSendMsg` callback (ms); `--callback-timeout`, default 2000. */
  beforeSendTimeoutMs: number;
  /** Deliver a message when the before-send callback fails or times out; `--callback-fail-open`, default true. */
  beforeSendFailOpen: boolean;
  /** `--callback-deny-private`, for the before-send callback too (set from the server flag). */
  callbackDenyPrivate?: boolean;
}

export const DEFAULT_MESSAGES_CONFIG: Readonly<MessagesConfig> = Object.freeze({
  revokeWindowSeconds: 120,
  beforeSendTimeoutMs: 2_000,
  beforeSendFailOpen: true,
});

/** Levels of the structured log, quietest last. */
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** The app made to exist at start by PARLEY_SDKAPPID and PARLEY_SECRET_KEY (created or updated). */
export interface EnvAppConfig {
  sdkAppID: number;
  secretKey: string;
  /** Made the app's first admin; PARLEY_ADMIN, default `administrator`. */
  admin: string;
  /** The settings below change the app only when their variable is set. */
  loginPolicy?: LoginPolicy;
  maxWebInstances?: number;
  maxInstancesPerPlatform?: number;
  /** `null` clears it (PARLEY_CALLBACK_URL=none). */
  callbackUrl?: string | null;
  messageRetentionDays?: number;
  revokeWindowSeconds?: number;
  maxMessageBodyBytes?: number;
  /** Group limits: no variables of their own (`parley app set`), but an embedding server may set them. */
  maxMembersWork?: number;
  maxMembersPublic?: number;
  maxMembersMeeting?: number;
  maxMembersCommunity?: number;
  maxJoinedGroups?: number;
  pushFriendStatus?: boolean;
  /** Declared custom profile keys: no variable either (`parley app set --profile-key`). */
  profileCustomKeys?: string[];
  /** Upload limits per kind (`parley app set --max-image-bytes …`), for embedding servers. */
  maxImageBytes?: number;
  maxFileBytes?: number;
  maxSoundBytes?: number;
  maxVideoBytes?: number;
}

export interface ServerConfig {
  host: string;
  /** 0 picks a free port. */
  port: number;
  /** Absolute path of the folder for the SQLite file and `default-app.json`. */
  dataDir: string;
  db: DatabaseConfig;
  /** Cluster mode: presence and delivery through this Redis (bus/redis.ts), shared by every process. */
  redisUrl?: string;
  /** Prefix of the Redis keys, so deployments can share one Redis; `--redis-prefix`, default `parley`. */
  redisPrefix?: string;
  /**
   * How long a connected instance stays registered in Redis without a refresh from its process
   * (ms): after a process dies, its instances disappear within this time. `--presence-ttl`, default 30000.
   */
  presenceTtlMs?: number;
  /**
   * `parley serve --workers N`: N server processes on one machine sharing the port (cli/workers.ts).
   * Needs `redisUrl`, so that the processes share presence and delivery.
   */
  workers?: number;
  /**
   * Demo mode: `POST /demo/usersig` mints a ticket for any UserID, so the demo chat at `/` logs in by
   * name. Unsafe on a server others can reach; `npm start` turns it on. The web pages are served either way.
   */
  demo: boolean;
  /**
   * `--demo-allow-remote`: lets demo mode listen on a non-loopback address and answer the demo
   * routes whatever the `Host` header says. Without it, `--demo` on such a host is refused.
   */
  demoAllowRemote?: boolean;
  /**
   * `--callback-deny-private`: callbacks are never posted to a host that resolves to a loopback,
   * private or link-local address (webhooks/callback-target.ts). Off by default.
   */
  callbackDenyPrivate?: boolean;
  /** Where the built web app is; defaults to `apps/web/dist` found from the server package. */
  webDir?: string;
  logLevel: LogLevel;
  gateway: GatewayConfig;
  /** HTTP time bounds; `DEFAULT_HTTP_CONFIG` when absent. */
  http?: HttpConfig;
  envApp?: EnvAppConfig;
  /** Present only when a messaging flag or variable is set; `DEFAULT_MESSAGES_CONFIG` otherwise. */
  messages?: MessagesConfig;
  /**
   * Where uploaded files are kept (`--media` / `PARLEY_MEDIA`): a folder, or `s3://bucket?endpoint=…`
   * (services/media/backend.ts). Absent: `<dataDir>/media`.
   */
  media?: string;
  /** One sentence per deprecated flag or variable that was given, for `serve` to log as a warning. */
  deprecations?: string[];
}

export const DEFAULT_GATEWAY_CONFIG: Readonly<GatewayConfig> = Object.freeze({
  heartbeatIntervalMs: 30_000,
  heartbeatTimeoutMs: 90_000,
  maxFrameBytes: 1_048_576,
  loginTimeoutMs: 10_000,
  maxUserSigLifetimeSeconds: 1_576_800_000,
  loginFailureLimit: 5,
  maxConnections: 50_000,
  maxConnectionsPerAddress: 1_000,
});

export const DEFAULT_HOST = '127.0.0.1';
export const DEFAULT_PORT = 8080;
export const DEFAULT_DATA_DIR = './data';
/** The SQLite file inside the data dir when `--db` is not given. */
export const DEFAULT_DB_FILE = 'parley.db';

/** A value that breaks its rule; the message names the flag or variable it came from. Exit code 2. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/** A valid setting that asks for something this build cannot do yet, such as cluster mode. Exit code 1. */
export class UnavailableFeatureError extends Error {
  override readonly name = 'UnavailableFeatureError';
}

/** Flag values as `node:util` parseArgs returns them, keyed by flag name without dashes. */
export type FlagValues = Readonly<Record<string, string | boolean | (string | boolean)[] | undefined>>;
/** Environment variables (`process.env` in production, a plain object in tests). */
export type Environment = Readonly<Record<string, string | undefined>>;

/** One setting: where it is read from, how its text is checked, and the rule in words. */
interface Source<T> {
  flag?: string;
  env: string;
  rule: string;
  schema: z.ZodType<T, string>;
  /**
   * How a refused value may be shown in the error: `secret` never (a key), `url` with its password
   * masked (a Redis URL). Error messages end up in terminals, CI logs and support tickets.
   */
  shown?: 'secret' | 'url';
}

const integer = (min: number, max: number): z.ZodType<number, string> =>
  z.string().regex(/^\d+$/).transform(Number).pipe(z.number().int().min(min).max(max));

const integerRule = (min: number, max: number): string => `an integer from ${min} to ${max}`;

const ms = (flag: string, env: string, min: number, max: number): Source<number> => ({
  flag,
  env,
  rule: `${integerRule(min, max)} (milliseconds)`,
  schema: integer(min, max),
});

const SOURCES = {
  host: {
    flag: 'host',
    env: 'PARLEY_HOST',
    rule: 'a host name or IP address',
    schema: z.string().regex(/^[^\s/]+$/),
  },
  port: { flag: 'port', env: 'PARLEY_PORT', rule: integerRule(0, 65535), schema: integer(0, 65535) },
  dataDir: { flag: 'data-dir', env: 'PARLEY_DATA_DIR', rule: 'a folder path', schema: z.string().min(1) },
  db: {
    flag: 'db',
    env: 'PARLEY_DB',
    rule: 'an SQLite file path, sqlite:PATH, or postgres://…',
    schema: z.string().min(1),
  },
  redis: {
    flag: 'redis',
    env: 'PARLEY_REDIS_URL',
    rule: 'a redis:// or rediss:// URL',
    schema: z.string().regex(/^rediss?:\/\/\S+$/),
    shown: 'url',
  },
  redisPrefix: {
    flag: 'redis-prefix',
    env: 'PARLEY_REDIS_PREFIX',
    rule: '1 to 64 letters, digits, and . _ -',
    schema: z.string().regex(/^[A-Za-z0-9._-]{1,64}$/),
  },
  presenceTtlMs: ms('presence-ttl', 'PARLEY_PRESENCE_TTL_MS', 100, 3_600_000),
  workers: { flag: 'workers', env: 'PARLEY_WORKERS', rule: integerRule(1, 256), schema: integer(1, 256) },
  demo: {
    flag: 'demo',
    env: 'PARLEY_DEMO',
    rule: 'true or false (also 1/0, yes/no)',
    schema: z
      .enum(['true', 'false', '1', '0', 'yes', 'no'])
      .transform((text) => ['true', '1', 'yes'].includes(text)),
  },
  demoAllowRemote: {
    flag: 'demo-allow-remote',
    env: 'PARLEY_DEMO_ALLOW_REMOTE',
    rule: 'true or false (also 1/0, yes/no)',
    schema: z
      .enum(['true', 'false', '1', '0', 'yes', 'no'])
      .transform((text) => ['true', '1', 'yes'].includes(text)),
  },
  media: {
    flag: 'media',
    env: 'PARLEY_MEDIA',
    rule: 'a folder path or s3://bucket?endpoint=…',
    schema: z.string().min(1),
    shown: 'url',
  },
  callbackDenyPrivate: {
    flag: 'callback-deny-private',
    env: 'PARLEY_CALLBACK_DENY_PRIVATE',
    rule: 'true or false (also 1/0, yes/no)',
    schema: z
      .enum(['true', 'false', '1', '0', 'yes', 'no'])
      .transform((text) => ['true', '1', 'yes'].includes(text)),
  },
  logLevel: {
    flag: 'log-level',
    env: 'PARLEY_LOG_LEVEL',
    rule: `one of ${LOG_LEVELS.join(', ')}`,
    schema: z.enum(LOG_LEVELS),
  },
  headersTimeoutMs: ms('headers-timeout', 'PARLEY_HEADERS_TIMEOUT_MS', 100, 600_000),
  requestTimeoutMs: ms('request-timeout', 'PARLEY_REQUEST_TIMEOUT_MS', 100, 3_600_000),
  keepAliveTimeoutMs: ms('keep-alive-timeout', 'PARLEY_KEEP_ALIVE_TIMEOUT_MS', 100, 600_000),
  heartbeatIntervalMs: ms('heartbeat-interval', 'PARLEY_HEARTBEAT_INTERVAL_MS', 10, 3_600_000),
  heartbeatTimeoutMs: ms('heartbeat-timeout', 'PARLEY_HEARTBEAT_TIMEOUT_MS', 20, 86_400_000),
  maxFrameBytes: {
    flag: 'max-frame-bytes',
    env: 'PARLEY_MAX_FRAME_BYTES',
    rule: integerRule(1024, 67_108_864),
    schema: integer(1024, 67_108_864),
  },
  loginTimeoutMs: ms('login-timeout', 'PARLEY_LOGIN_TIMEOUT_MS', 10, 3_600_000),
  maxUserSigLifetimeSeconds: {
    flag: 'max-usersig-lifetime',
    env: 'PARLEY_MAX_USERSIG_LIFETIME',
    rule: `${integerRule(1, 4_294_967_295)} (seconds)`,
    schema: integer(1, 4_294_967_295),
  },
  loginFailureLimit: {
    flag: 'login-failure-limit',
    env: 'PARLEY_LOGIN_FAILURE_LIMIT',
    rule: integerRule(1, 1_000_000),
    schema: integer(1, 1_000_000),
  },
  maxConnections: {
    flag: 'max-connections',
    env: 'PARLEY_MAX_CONNECTIONS',
    rule: integerRule(1, 10_000_000),
    schema: integer(1, 10_000_000),
  },
  maxConnectionsPerAddress: {
    flag: 'max-connections-per-address',
    env: 'PARLEY_MAX_CONNECTIONS_PER_ADDRESS',
    rule: integerRule(1, 10_000_000),
    schema: integer(1, 10_000_000),
  },
  // Deprecated (see findDeprecations): still checked, no longer used.
  revokeWindowSeconds: {
    flag: 'revoke-window',
    env: 'PARLEY_REVOKE_WINDOW_SECONDS',
    rule: `${integerRule(0, 604_800)} (seconds)`,
    schema: integer(0, 604_800),
  },
  beforeSendTimeoutMs: ms('callback-timeout', 'PARLEY_CALLBACK_TIMEOUT_MS', 10, 60_000),
  beforeSendFailOpen: {
    flag: 'callback-fail-open',
    env: 'PARLEY_CALLBACK_FAIL_OPEN',
    rule: 'true or false (also 1/0, yes/no)',
    schema: z
      .enum(['true', 'false', '1', '0', 'yes', 'no'])
      .transform((text) => ['true', '1', 'yes'].includes(text)),
  },
  sdkAppID: { env: 'PARLEY_SDKAPPID', rule: SDK_APP_ID_RULE, schema: integer(1, 4_294_967_295) },
  secretKey: {
    env: 'PARLEY_SECRET_KEY',
    rule: SECRET_KEY_RULE,
    schema: z.string().refine(isValidSecretKey),
    shown: 'secret',
  },
  admin: {
    env: 'PARLEY_ADMIN',
    rule: 'a UserID of 1 to 32 bytes of printable ASCII',
    schema: z.string().refine(isValidUserID),
  },
} satisfies Record<string, Source<unknown>>;

/** The variables of the environment-driven app's settings. */
const ENV_APP_SETTINGS = {
  loginPolicy: 'PARLEY_LOGIN_POLICY',
  maxWebInstances: 'PARLEY_MAX_WEB_INSTANCES',
  maxInstancesPerPlatform: 'PARLEY_MAX_INSTANCES_PER_PLATFORM',
  callbackUrl: 'PARLEY_CALLBACK_URL',
  messageRetentionDays: 'PARLEY_RETENTION_DAYS',
  revokeWindowSeconds: 'PARLEY_RECALL_WINDOW_SECONDS',
  maxMessageBodyBytes: 'PARLEY_MAX_MESSAGE_BYTES',
} as const satisfies Partial<Record<keyof AppSettings, string>>;

/**
 * Builds the server configuration from parsed flags and the environment (a flag wins over its
 * variable). Throws `ConfigError` naming the first flag or variable that breaks its rule.
 */
export function loadServerConfig(flags: FlagValues, env: Environment): ServerConfig {
  const read = reader(flags, env);
  const dataDir = resolve(read(SOURCES.dataDir) ?? DEFAULT_DATA_DIR);
  const gateway: GatewayConfig = {
    heartbeatIntervalMs: read(SOURCES.heartbeatIntervalMs) ?? DEFAULT_GATEWAY_CONFIG.heartbeatIntervalMs,
    heartbeatTimeoutMs: read(SOURCES.heartbeatTimeoutMs) ?? DEFAULT_GATEWAY_CONFIG.heartbeatTimeoutMs,
    maxFrameBytes: read(SOURCES.maxFrameBytes) ?? DEFAULT_GATEWAY_CONFIG.maxFrameBytes,
    loginTimeoutMs: read(SOURCES.loginTimeoutMs) ?? DEFAULT_GATEWAY_CONFIG.loginTimeoutMs,
    maxUserSigLifetimeSeconds:
      read(SOURCES.maxUserSigLifetimeSeconds) ?? DEFAULT_GATEWAY_CONFIG.maxUserSigLifetimeSeconds,
    loginFailureLimit: read(SOURCES.loginFailureLimit) ?? DEFAULT_GATEWAY_CONFIG.loginFailureLimit,
    maxConnections: read(SOURCES.maxConnections) ?? DEFAULT_GATEWAY_CONFIG.maxConnections,
    maxConnectionsPerAddress:
      read(SOURCES.maxConnectionsPerAddress) ?? DEFAULT_GATEWAY_CONFIG.maxConnectionsPerAddress,
  };
  // A timeout shorter than the interval would drop every healthy client between two heartbeats.
  if (gateway.heartbeatTimeoutMs <= gateway.heartbeatIntervalMs) {
    throw new ConfigError(
      `invalid heartbeat timeout ${gateway.heartbeatTimeoutMs} (--heartbeat-timeout / PARLEY_HEARTBEAT_TIMEOUT_MS): ` +
        `expected more than the heartbeat interval ${gateway.heartbeatIntervalMs} (--heartbeat-interval)`,
    );
  }
  const http: HttpConfig = {
    headersTimeoutMs: read(SOURCES.headersTimeoutMs) ?? DEFAULT_HTTP_CONFIG.headersTimeoutMs,
    requestTimeoutMs: read(SOURCES.requestTimeoutMs) ?? DEFAULT_HTTP_CONFIG.requestTimeoutMs,
    keepAliveTimeoutMs: read(SOURCES.keepAliveTimeoutMs) ?? DEFAULT_HTTP_CONFIG.keepAliveTimeoutMs,
  };
  // Node applies the smaller of the two to the headers; a larger headers timeout would only mislead.
  if (http.headersTimeoutMs > http.requestTimeoutMs) {
    throw new ConfigError(
      `invalid headers timeout ${http.headersTimeoutMs} (--headers-timeout / PARLEY_HEADERS_TIMEOUT_MS): ` +
        `expected at most the request timeout ${http.requestTimeoutMs} (--request-timeout)`,
    );
  }
  const host = read(SOURCES.host) ?? DEFAULT_HOST;
  const demo = read(SOURCES.demo) ?? false;
  const demoAllowRemote = read(SOURCES.demoAllowRemote) ?? false;
  checkDemoHost({ host, demo, demoAllowRemote });
  const callbackDenyPrivate = read(SOURCES.callbackDenyPrivate) ?? false;
  const media = read(SOURCES.media);
  const redisUrl = read(SOURCES.redis);
  const cluster = loadClusterSettings(read, redisUrl);
  const envApp = loadEnvApp(env);
  const messages = loadMessagesConfig(read);
  const deprecations = findDeprecations(read);
  return {
    host,
    port: read(SOURCES.port) ?? DEFAULT_PORT,
    dataDir,
    db: databaseFromText(read(SOURCES.db), dataDir),
    ...(redisUrl === undefined ? {} : { redisUrl }),
    ...cluster,
    demo,
    ...(demoAllowRemote ? { demoAllowRemote } : {}),
    ...(callbackDenyPrivate ? { callbackDenyPrivate } : {}),
    ...(media === undefined ? {} : { media }),
    logLevel: read(SOURCES.logLevel) ?? 'info',
    gateway,
    http,
    ...(envApp === undefined ? {} : { envApp }),
    ...(messages === undefined ? {} : { messages }),
    ...(deprecations.length === 0 ? {} : { deprecations }),
  };
}

/**
 * Demo mode hands an admin ticket to whoever asks, so it runs on a loopback address only, unless the
 * operator says `--demo-allow-remote`. Throws `ConfigError` otherwise.
 */
export function checkDemoHost(config: Pick<ServerConfig, 'host' | 'demo' | 'demoAllowRemote'>): void {
  if (config.demo && config.demoAllowRemote !== true && !isLoopbackHost(config.host)) {
    throw new ConfigError(`--demo on --host ${config.host}: ${DEMO_REMOTE_REFUSAL}`);
  }
}

/** The messaging settings, or `undefined` when none is given (the defaults apply). */
function loadMessagesConfig(read: ReturnType<typeof reader>): MessagesConfig | undefined {
  const beforeSendTimeoutMs = read(SOURCES.beforeSendTimeoutMs);
  const beforeSendFailOpen = read(SOURCES.beforeSendFailOpen);
  if (beforeSendTimeoutMs === undefined && beforeSendFailOpen === undefined) return undefined;
  return {
    revokeWindowSeconds: DEFAULT_MESSAGES_CONFIG.revokeWindowSeconds,
    beforeSendTimeoutMs: beforeSendTimeoutMs ?? DEFAULT_MESSAGES_CONFIG.beforeSendTimeoutMs,
    beforeSendFailOpen: beforeSendFailOpen ?? DEFAULT_MESSAGES_CONFIG.beforeSendFailOpen,
  };
}

/**
 * Deprecated settings that were given. They are still read, so that a bad value is reported as
 * before and an existing start script keeps starting, but they change nothing.
 */
function findDeprecations(read: ReturnType<typeof reader>): string[] {
  const deprecations: string[] = [];
  // The recall window is a setting of each app now (contracts §6), changed by `parley app set` and
  // the console without a restart; a server-wide value beside it would be a second source that disagrees.
  const revokeWindowSeconds = read(SOURCES.revokeWindowSeconds);
  if (revokeWindowSeconds !== undefined) {
    deprecations.push(
      `--revoke-window (PARLEY_REVOKE_WINDOW_SECONDS) is deprecated and ignored: the recall window is ` +
        `a setting of each app now (default 120 seconds); set it with ` +
        `"parley app set <SDKAppID> --recall-window ${revokeWindowSeconds}", ` +
        'PARLEY_RECALL_WINDOW_SECONDS for the app of the environment, or the console',
    );
  }
  return deprecations;
}

/** The settings that only make sense with `--redis`; each refuses to be given without it. */
function loadClusterSettings(
  read: ReturnType<typeof reader>,
  redisUrl: string | undefined,
): Pick<ServerConfig, 'redisPrefix' | 'presenceTtlMs' | 'workers'> {
  const redisPrefix = read(SOURCES.redisPrefix);
  const presenceTtlMs = read(SOURCES.presenceTtlMs);
  const workers = read(SOURCES.workers);
  // Processes that do not share presence would each run the login policy on their own instances
  // only, and a kick could never reach a device held by a sibling.
  if (workers !== undefined && redisUrl === undefined) {
    throw new ConfigError(
      `--workers ${workers} (PARLEY_WORKERS) needs cluster mode: give --redis redis://… (PARLEY_REDIS_URL) ` +
        'so that the worker processes share presence and delivery',
    );
  }
  return {
    ...(redisPrefix === undefined ? {} : { redisPrefix }),
    ...(presenceTtlMs === undefined ? {} : { presenceTtlMs }),
    ...(workers === undefined ? {} : { workers }),
  };
}

/**
 * Only the database part (`--db`, `--data-dir` and their variables), for commands such as
 * `parley app` that open the database without running a server.
 */
export function loadDatabaseConfig(
  flags: FlagValues,
  env: Environment,
): { dataDir: string; db: DatabaseConfig } {
  const read = reader(flags, env);
  const dataDir = resolve(read(SOURCES.dataDir) ?? DEFAULT_DATA_DIR);
  return { dataDir, db: databaseFromText(read(SOURCES.db), dataDir) };
}

/**
 * `postgres://…` or `postgresql://…` is PostgreSQL; `sqlite:PATH` or a bare path is an SQLite file
 * (relative to the working directory); nothing means `<data-dir>/parley.db`.
 */
export function databaseFromText(text: string | undefined, dataDir: string): DatabaseConfig {
  if (text === undefined) return { kind: 'sqlite', path: resolve(dataDir, DEFAULT_DB_FILE) };
  if (/^postgres(ql)?:\/\//.test(text)) {
    try {
      splitPostgresUrl(text);
    } catch (error) {
      // The message names the rule broken, never the URL itself: it may hold a password.
      const reason = error instanceof Error ? error.message : String(error);
      throw new ConfigError(`invalid --db (or PARLEY_DB): ${reason}`);
    }
    return { kind: 'postgres', url: text };
  }
  const path = text.startsWith('sqlite:') ? text.slice('sqlite:'.length) : text;
  if (path === '')
    throw new ConfigError('invalid --db (or PARLEY_DB) "sqlite:": expected sqlite:PATH with a path');
  return { kind: 'sqlite', path: path === ':memory:' ? path : resolve(path) };
}

function loadEnvApp(env: Environment): EnvAppConfig | undefined {
  const read = reader({}, env);
  const sdkAppID = read(SOURCES.sdkAppID);
  const secretKey = read(SOURCES.secretKey);
  if (sdkAppID === undefined && secretKey === undefined) {
    const stray = Object.values(ENV_APP_SETTINGS).find((name) => present(env[name]));
    if (stray !== undefined)
      throw new ConfigError(
        `${stray} is set, but PARLEY_SDKAPPID is not: it needs both PARLEY_SDKAPPID and PARLEY_SECRET_KEY`,
      );
    return undefined;
  }
  if (sdkAppID === undefined)
    throw new ConfigError('PARLEY_SECRET_KEY is set, but PARLEY_SDKAPPID is not: set both');
  if (secretKey === undefined)
    throw new ConfigError('PARLEY_SDKAPPID is set, but PARLEY_SECRET_KEY is not: set both');

  const app: EnvAppConfig = { sdkAppID, secretKey, admin: read(SOURCES.admin) ?? DEFAULT_ADMIN };
  for (const [setting, name] of Object.entries(ENV_APP_SETTINGS) as [
    keyof typeof ENV_APP_SETTINGS,
    string,
  ][]) {
    const text = env[name];
    if (!present(text)) continue;
    const check = checkAppSettings({ [setting]: appSettingFromText(setting, text) });
    // The callback URL may carry basic-auth credentials.
    if (!check.ok) throw invalid(name, showValue(text, 'url'), APP_SETTING_RULES[setting]);
    Object.assign(app, check.settings);
  }
  return app;
}

/** Returns a function that reads one setting: the flag if given, else a non-empty variable. */
function reader(flags: FlagValues, env: Environment) {
  return <T>(source: Source<T>): T | undefined => {
    const flagValue = source.flag === undefined ? undefined : flags[source.flag];
    // parseArgs gives `true` for a boolean flag; repeated flags keep the last value.
    const fromFlag = Array.isArray(flagValue) ? flagValue.at(-1) : flagValue;
    let text: string;
    let name: string;
    if (fromFlag !== undefined) {
      text = String(fromFlag);
      name = `--${source.flag}`;
    } else {
      const fromEnv = env[source.env];
      if (!present(fromEnv)) return undefined;
      text = fromEnv;
      name = source.env;
    }
    const parsed = source.schema.safeParse(text);
    if (!parsed.success) throw invalid(name, showValue(text, source.shown), source.rule);
    return parsed.data;
  };
}

// An empty variable counts as unset, as shells and compose files often export `VAR=` to mean "none".
function present(text: string | undefined): text is string {
  return text !== undefined && text !== '';
}

/** `shown` is the value as `showValue` renders it: quoted text, or a note in parentheses. */
function invalid(name: string, shown: string, rule: string): ConfigError {
  return new ConfigError(`invalid ${name} ${shown}: expected ${rule}`);
}

/** A refused value as an error message may show it (see `Source.shown`). */
export function showValue(text: string, shown?: 'secret' | 'url'): string {
  if (shown === 'secret') return `(value not shown, ${text.length} characters)`;
  if (shown === 'url') return JSON.stringify(maskUrlPassword(text));
  return JSON.stringify(text);
}

/** The URL with its user-info (user and password) replaced by `***`, parseable or not. */
function maskUrlPassword(text: string): string {
  // By hand rather than with `new URL`: a refused value is often not a valid URL at all. Greedy up
  // to the last `@` of the authority, as a password may hold an unencoded `@`.
  return text.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/?#\s]*@/i, '$1***@');
}
