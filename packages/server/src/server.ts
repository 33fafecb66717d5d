/**
 * Composition of one server process: storage, apps, HTTP, the WebSocket gateway, and shutdown in
 * the reverse order.
 */
import { mkdir } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import { type ServerConfig, UnavailableFeatureError } from './config.js';
import { createHttpApp } from './http/app.js';
import type { HealthState } from './http/health.js';
import { createMetricsRegistry } from './http/metrics.js';
import { createLogger } from './logger.js';
import { openStorage } from './storage/database.js';
import { ensureDefaultApp, ensureEnvApp } from './storage/provision.js';
import type { Storage } from './storage/types.js';
import { createGateway, type Gateway } from './transport/gateway.js';

export { UnavailableFeatureError } from './config.js';

export interface StartServerOptions {
  /** Defaults to a logger on standard error at `config.logLevel`. */
  logger?: Logger;
}

/** A server that accepts connections. */
export interface RunningServer {
  /** `http://host:port`, with the real port when the configuration said 0. */
  readonly url: string;
  readonly port: number;
  readonly storage: Storage;
  readonly registry: Registry;
  readonly logger: Logger;
  /** The WebSocket side (sessions, bus, app directory). */
  readonly gateway: Gateway;
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
  if (config.redisUrl !== undefined) {
    throw new UnavailableFeatureError(
      'cluster mode (--redis / PARLEY_REDIS_URL) is not available yet; start without it to run a single node',
    );
  }

  await mkdir(config.dataDir, { recursive: true });
  const storage = await openStorage(config.db);
  logger.info({ db: storage.description }, 'database ready');
  const cleanups: (() => Promise<void>)[] = [() => storage.close()];
  try {
    await provisionApps(config, storage, logger);

    const registry = createMetricsRegistry();
    const health: HealthState = { draining: false };
    const http = createHttpApp({ logger, registry, health });
    cleanups.unshift(() => http.close());
    const gateway = createGateway({ server: http.server, storage, config: config.gateway, logger, registry });
    cleanups.unshift(() => gateway.close());

    await http.listen({ host: config.host, port: config.port });
    const { port } = http.server.address() as AddressInfo;
    const url = `http://${formatHost(config.host)}:${port}`;

    let closing: Promise<void> | undefined;
    return {
      url,
      port,
      storage,
      registry,
      logger,
      gateway,
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
