/**
 * The composition root of one server process: storage, the bus, the session layer and every
 * feature (services/index.ts), then the transports that reach them (the WebSocket gateway, the REST
 * API and the console's API), and shutdown in the reverse order. A new feature registers in
 * services/index.ts; nothing here or in the transport changes for it.
 */
import { mkdir } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import type { Bus } from './bus/bus.js';
import { openBus } from './bus/open-bus.js';
import { checkDemoHost, DEFAULT_MESSAGES_CONFIG, type ServerConfig } from './config.js';
import { createHttpApp } from './http/app.js';
import { registerConsoleApi } from './http/console-api.js';
import { DEMO_WARNING, registerDemoRoutes } from './http/demo.js';
import type { HealthState } from './http/health.js';
import { createMetricsRegistry } from './http/metrics.js';
import { registerWebApp, type WebAppStatus } from './http/static.js';
import { createLogger } from './logger.js';
import { RestEndpointTable } from './rest/endpoint.js';
import { registerRestApi } from './rest/plugin.js';
import { RestRateLimiter } from './rest/rate-limit.js';
import type { GroupService } from './services/groups/service.js';
import { registerFeatures } from './services/index.js';
import type { MediaService } from './services/media/service.js';
import type { PushPolicy, PushWorker } from './services/push/worker.js';
import { LoginThrottle } from './session/login-throttle.js';
import { LoginWrites } from './session/login-writes.js';
import { createSessionMetrics, type SessionMetrics } from './session/metrics.js';
import { OpTable } from './session/op-table.js';
import { registerSessionOps } from './session/ops.js';
import { SessionService } from './session/sessions.js';
import { AppDirectory } from './storage/app-directory.js';
import { openStorage } from './storage/database.js';
import { ensureDefaultApp, ensureEnvApp } from './storage/provision.js';
import type { Storage } from './storage/types.js';
import { createGateway } from './transport/gateway.js';
import { type DeliveryPolicy, deliveryPolicy } from './webhooks/delivery-policy.js';
import { createWebhookDispatcher, type WebhookDispatcher } from './webhooks/dispatcher.js';

export { UnavailableFeatureError } from './config.js';

export interface StartServerOptions {
  /** Defaults to a logger on standard error at `config.logLevel`. */
  logger?: Logger;
  /** Overrides of the webhook delivery policy (timeouts, retries); defaults in webhooks/delivery-policy.ts. */
  webhooks?: Partial<DeliveryPolicy>;
  /** Overrides of the offline push policy (retries, timeouts); defaults in services/push/worker.ts. */
  push?: Partial<PushPolicy>;
}

/** A server that accepts connections. */
export interface RunningServer {
  /** `http://host:port`, with the real port when the configuration said 0. */
  readonly url: string;
  readonly port: number;
  readonly storage: Storage;
  readonly registry: Registry;
  readonly logger: Logger;
  /** Presence and delivery (in-process, or Redis in cluster mode). */
  readonly bus: Bus;
  /** The instances logged in on this node, and kicks on every node. */
  readonly sessions: SessionService;
  /** The app records as logins and admin checks read them (cached a couple of seconds). */
  readonly apps: AppDirectory;
  /** The REST endpoints the features registered, by `<service>/<command>`. */
  readonly restEndpoints: RestEndpointTable;
  /** Delivers the webhook outbox (State.StateChange and later callbacks). */
  readonly webhooks: WebhookDispatcher;
  /** Every group operation, as the app admin or a user (for embedding servers and tests). */
  readonly groups: GroupService;
  /** The file service (docs/media.md), for tests and embedding servers (the sweep, for instance). */
  readonly media: MediaService;
  /** The offline push queue's worker (reports of each push, for embedding servers and tests). */
  readonly push: PushWorker;
  /** The HTTP side, for routes added by later layers and for `inject` in tests. */
  readonly http: FastifyInstance;
  /**
   * Graceful stop: `/healthz` turns to draining, clients are told to reconnect elsewhere, then HTTP
   * and storage close. Safe to call more than once; every call resolves when the stop is complete.
   */
  close(): Promise<void>;
}

/**
 * Starts a server: opens the database (running migrations), makes sure an app exists (the
 * environment's, or a default one on first start), then listens. Resolves once connections are
 * accepted; on failure, whatever was opened is closed again before the error is thrown.
 */
export async function startServer(
  config: ServerConfig,
  options: StartServerOptions = {},
): Promise<RunningServer> {
  const logger = options.logger ?? createLogger({ level: config.logLevel });

  // Owner-only: it holds the SQLite database and the default app's key file.
  await mkdir(config.dataDir, { recursive: true, mode: 0o700 });
  const storage = await openStorage(config.db);
  logger.info({ db: storage.description }, 'database ready');
  const cleanups: (() => Promise<void>)[] = [() => storage.close()];
  try {
    await provisionApps(config, storage, logger);
    // The Redis bus in cluster mode, the in-process bus otherwise.
    const bus = await openBus(config, logger);
    cleanups.unshift(() => bus.close());

    const registry = createMetricsRegistry();
    // Delivers what a previous process left at once; stops after the gateway and HTTP, before storage.
    const webhooks = createWebhookDispatcher({
      storage,
      logger,
      registry,
      policy: options.webhooks,
      denyPrivateTargets: config.callbackDenyPrivate === true,
    });
    webhooks.start();
    cleanups.unshift(() => webhooks.stop());
    const health: HealthState = { draining: false };
    const http = createHttpApp({
      logger,
      registry,
      health,
      ...(config.http === undefined ? {} : { timeouts: config.http }),
    });
    cleanups.unshift(() => http.close());

    const apps = new AppDirectory(storage.apps);
    const metrics = createSessionMetrics(registry);
    const sessions = createSessions(config, { storage, bus, apps, logger, metrics }, options);
    cleanups.unshift(async () => sessions.close());
    const ops = new OpTable();
    const rest = new RestEndpointTable();
    registerSessionOps(ops, sessions, Date.now);
    const features = registerFeatures({
      storage,
      bus,
      apps,
      sessions,
      config: {
        messages: {
          ...(config.messages ?? DEFAULT_MESSAGES_CONFIG),
          ...(config.callbackDenyPrivate ? { callbackDenyPrivate: true } : {}),
        },
        media: { dataDir: config.dataDir, ...(config.media === undefined ? {} : { location: config.media }) },
        ...(options.push ? { push: options.push } : {}),
      },
      registry,
      logger,
      now: Date.now,
      ops,
      rest,
      onClose: (cleanup) => cleanups.unshift(async () => cleanup()),
    });

    const gateway = createGateway({
      server: http.server,
      config: config.gateway,
      logger,
      ops,
      sessions,
      metrics,
    });
    cleanups.unshift(() => gateway.close());
    // One budget per app and command, whichever mount of the envelope the call came through.
    const limiter = new RestRateLimiter();
    const admin = {
      storage,
      apps,
      logger,
      limiter,
      maxUserSigLifetimeSeconds: config.gateway.maxUserSigLifetimeSeconds,
    };
    await registerRestApi(http, { ...admin, endpoints: rest });
    await features.media.routes.register(http);
    const web = await registerWebPages(http, config, storage, logger);
    await registerConsoleApi(http, admin);
    await http.listen({ host: config.host, port: config.port });
    const { port } = http.server.address() as AddressInfo;
    const url = `http://${formatHost(config.host)}:${port}`;
    if (web.built) logger.info(`demo chat at ${url}/ and admin console at ${url}/console/`);

    let closing: Promise<void> | undefined;
    return {
      url,
      port,
      storage,
      registry,
      logger,
      bus,
      sessions,
      apps,
      restEndpoints: rest,
      webhooks,
      groups: features.groups,
      media: features.media.service,
      push: features.push,
      http,
      close() {
        closing ??= (async () => {
          health.draining = true;
          logger.info('shutting down');
          await runInOrder(cleanups);
          logger.info('stopped');
        })();
        return closing;
      },
    };
  } catch (error) {
    await runInOrder(cleanups).catch((cleanupError: unknown) => {
      logger.error({ err: cleanupError }, 'cleanup after a failed start failed');
    });
    throw error;
  }
}

/** The environment's app, or a default app when the database has none; never logs a key. */
async function provisionApps(config: ServerConfig, storage: Storage, logger: Logger): Promise<void> {
  if (config.envApp !== undefined) {
    const { app, created } = await ensureEnvApp(storage.apps, config.envApp);
    logger.info(
      { sdkAppID: app.sdkAppID },
      created ? 'app created from the environment' : 'app updated from the environment',
    );
    return;
  }
  const made = await ensureDefaultApp(storage.apps, config.dataDir);
  if (made !== undefined) {
    logger.info(
      { sdkAppID: made.app.sdkAppID, keyFile: made.file },
      `created the default app ${made.app.sdkAppID}; its secret key is in ${made.file}`,
    );
  }
}

/** The login layer of this node: the session service with its throttle and settings. */
function createSessions(
  config: ServerConfig,
  deps: { storage: Storage; bus: Bus; apps: AppDirectory; logger: Logger; metrics: SessionMetrics },
  options: StartServerOptions,
): SessionService {
  const now = Date.now;
  return new SessionService({
    ...deps,
    loginWrites: new LoginWrites(deps.storage),
    throttle: new LoginThrottle({
      limit: config.gateway.loginFailureLimit,
      windowMs: 60_000,
      lockMs: 60_000,
      now,
    }),
    maxUserSigLifetimeSeconds: config.gateway.maxUserSigLifetimeSeconds,
    now,
    config: config.gateway,
    stateChange: { disconnectGraceMs: deliveryPolicy(options.webhooks).disconnectGraceMs },
  });
}

/**
 * The web app (demo chat and console) and in demo mode the ticket endpoint, which is announced with
 * a warning because it hands out every account. The console's API is registered beside it.
 */
async function registerWebPages(
  http: FastifyInstance,
  config: ServerConfig,
  storage: Storage,
  logger: Logger,
): Promise<WebAppStatus> {
  if (config.demo) logger.warn(DEMO_WARNING);
  // Also for servers started without loadServerConfig (embedders, tests).
  checkDemoHost(config);
  registerDemoRoutes(http, {
    enabled: config.demo,
    allowRemote: config.demoAllowRemote === true,
    apps: storage.apps,
    ...(config.envApp === undefined ? {} : { sdkAppID: config.envApp.sdkAppID }),
  });
  const web = await registerWebApp(http, config.webDir === undefined ? {} : { dir: config.webDir });
  if (!web.built)
    logger.warn({ dir: web.dir }, 'the web app is not built: run npm run build:web to serve it');
  return web;
}

/** Runs every step even when one fails, then throws the first failure. */
async function runInOrder(steps: readonly (() => Promise<void>)[]): Promise<void> {
  let failure: unknown;
  for (const step of steps) {
    try {
      await step();
    } catch (error) {
      failure ??= error;
    }
  }
  if (failure !== undefined) throw failure;
}

/** IPv6 literals need brackets in a URL. */
function formatHost(host: string): string {
  return host.includes(':') ? `[${host}]` : host;
}
