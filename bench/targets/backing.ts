/**
 * PostgreSQL and Redis for the cluster-mode servers of the workers scenario: a reachability check, and
 * a fresh schema and Redis key prefix per server, removed again afterwards (the services are shared
 * with the tests and other runs).
 */
import { randomBytes } from 'node:crypto';
import { deleteRedisKeys, probePostgres, probeRedis } from '@parley/server';
import pg from 'pg';

export const BENCH_PG_URL = process.env.PARLEY_BENCH_PG_URL || 'postgres://postgres@127.0.0.1:5432/test';
export const BENCH_REDIS_URL = process.env.PARLEY_BENCH_REDIS_URL || 'redis://127.0.0.1:6379';

const PROBE_TIMEOUT_MS = 2_000;

/** Why PostgreSQL or Redis cannot be used, or undefined when both answer. */
export async function backingUnavailable(): Promise<string | undefined> {
  const [postgres, redis] = await Promise.all([probePostgres(BENCH_PG_URL), probeRedis(BENCH_REDIS_URL)]);
  const problems = [
    ...(postgres ? [`PostgreSQL at ${BENCH_PG_URL}: ${postgres}`] : []),
    ...(redis ? [`Redis at ${BENCH_REDIS_URL}: ${redis}`] : []),
  ];
  return problems.length > 0 ? problems.join('; ') : undefined;
}

/** One server's own PostgreSQL schema and Redis prefix (the same fresh name for both). */
export interface Backing {
  name: string;
  /** `serve` arguments pointing the server at them. */
  args: string[];
  /** Drops the schema and deletes the prefix's keys; failures are returned, not thrown. */
  remove(): Promise<string | undefined>;
}

export function newBacking(): Backing {
  const name = `parley_bench_${randomBytes(6).toString('hex')}`;
  const db = new URL(BENCH_PG_URL);
  db.searchParams.set('schema', name);
  return {
    name,
    args: ['--db', db.toString(), '--redis', BENCH_REDIS_URL, '--redis-prefix', name],
    async remove() {
      const results = await Promise.allSettled([dropSchema(name), deleteRedisKeys(BENCH_REDIS_URL, name)]);
      const failed = results.flatMap((r) => (r.status === 'rejected' ? [String(r.reason)] : []));
      return failed.length > 0 ? `cleaning up ${name}: ${failed.join('; ')}` : undefined;
    },
  };
}

async function dropSchema(schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: BENCH_PG_URL, connectionTimeoutMillis: PROBE_TIMEOUT_MS });
  client.on('error', () => {});
  await client.connect();
  try {
    await client.query(`drop schema if exists "${schema}" cascade`);
  } finally {
    await client.end();
  }
}
