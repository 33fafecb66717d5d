/**
 * Checks and clean-ups of the cluster's backing services, shared by the test setup and the
 * benchmarks: is a PostgreSQL or Redis answering, and removing one deployment's Redis keys.
 * Deliberately free of the rest of the server, so that loading it stays cheap.
 */
import { Redis } from 'ioredis';
import pg from 'pg';

const DEFAULT_PROBE_TIMEOUT_MS = 2_000;

/** Why the PostgreSQL at `url` cannot be used, or `undefined` when it answers a query. */
export async function probePostgres(
  url: string,
  timeoutMs = DEFAULT_PROBE_TIMEOUT_MS,
): Promise<string | undefined> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: timeoutMs });
  client.on('error', () => {});
  try {
    await client.connect();
    await client.query('select 1');
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  } finally {
    await client.end().catch(() => {});
  }
}

/** Why the Redis at `url` cannot be used, or `undefined` when it answers a ping. */
export async function probeRedis(
  url: string,
  timeoutMs = DEFAULT_PROBE_TIMEOUT_MS,
): Promise<string | undefined> {
  const redis = new Redis(url, {
    lazyConnect: true,
    connectTimeout: timeoutMs,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  let failure: string | undefined;
  redis.on('error', (error: Error) => {
    failure = error.message;
  });
  try {
    await redis.connect();
    await redis.ping();
    return undefined;
  } catch (error) {
    return failure ?? (error instanceof Error ? error.message : String(error));
  } finally {
    redis.disconnect();
  }
}

/**
 * Deletes every key under `prefix:` (a test's or a benchmark's deployment). They would expire, but a
 * displaced instance is remembered for 7 days and the Redis may be shared.
 */
export async function deleteRedisKeys(url: string, prefix: string): Promise<void> {
  const redis = new Redis(url, { maxRetriesPerRequest: 1 });
  redis.on('error', () => {});
  try {
    const stream = redis.scanStream({ match: `${prefix}:*`, count: 500 });
    for await (const keys of stream) {
      if (Array.isArray(keys) && keys.length > 0) await redis.unlink(...keys.map(String));
    }
  } finally {
    redis.disconnect();
  }
}
