/**
 * Chooses the bus of a server process: Redis in cluster mode (`--redis`), otherwise the in-process
 * bus of a single node.
 */
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { Logger } from 'pino';
import type { ServerConfig } from '../config.js';
import { type Bus, DISPLACED_MEMORY_MS, OFFLINE_GRACE_MS } from './bus.js';
import { InProcessBus } from './in-process.js';
import { createRedisBus } from './redis.js';

/** The key prefix when `--redis-prefix` is not given. */
export const DEFAULT_REDIS_PREFIX = 'parley';

/**
 * A name for this process among the cluster's, readable in logs and Redis `CLIENT LIST`: host and
 * pid say where it runs, and the random part keeps a restarted process (same pid after a reboot,
 * or in a container) from reading its predecessor's inbox.
 */
export function newNodeID(): string {
  const host =
    hostname()
      .replace(/[^A-Za-z0-9.-]/g, '_')
      .slice(0, 40) || 'host';
  return `${host}-${process.pid}-${randomBytes(3).toString('hex')}`;
}

/** The Redis bus when the configuration names a Redis, otherwise the in-process bus. */
export async function openBus(config: ServerConfig, logger: Logger): Promise<Bus> {
  const nodeID = newNodeID();
  const grace = { nodeID, offlineGraceMs: OFFLINE_GRACE_MS, displacedMemoryMs: DISPLACED_MEMORY_MS };
  if (config.redisUrl === undefined) return new InProcessBus(grace);
  const bus = await createRedisBus({
    ...grace,
    url: config.redisUrl,
    keyPrefix: config.redisPrefix ?? DEFAULT_REDIS_PREFIX,
    ...(config.presenceTtlMs === undefined ? {} : { presenceTtlMs: config.presenceTtlMs }),
    onError: (err, context) => logger.warn({ err, context }, 'redis bus: %s failed', context),
  });
  logger.info({ nodeID }, 'cluster mode: presence and delivery through Redis');
  return bus;
}
