/**
 * The storage and bus a test server runs on. `startTestServer` asks for one per server, so that the
 * same suites run on SQLite with the in-process bus and, in the vitest project `cluster`, on
 * PostgreSQL with the Redis bus.
 */
import { join } from 'node:path';
import type { ServerConfig } from '../../src/config.js';
import { dropPostgresSchema, newTestSchema, withSchema } from '../../src/storage/testing.js';
import type { DatabaseConfig } from '../../src/storage/types.js';
import { deleteRedisKeys, TEST_PG_URL, TEST_REDIS_URL } from './services.js';

/**
 * Which backend `startTestServer` runs on: `sqlite` (SQLite and the in-process bus, the default) or
 * `cluster` (PostgreSQL and the Redis bus), from `PARLEY_TEST_BACKEND`, which the vitest project
 * `cluster` sets.
 */
export type TestBackendKind = 'sqlite' | 'cluster';

export function testBackendKind(): TestBackendKind {
  return process.env.PARLEY_TEST_BACKEND === 'cluster' ? 'cluster' : 'sqlite';
}

/** The storage and bus settings of one test server, and how to throw its data away. */
export interface TestBackend {
  readonly kind: TestBackendKind;
  readonly db: DatabaseConfig;
  /** Cluster settings for `ServerConfig` (empty for SQLite). */
  readonly cluster: Pick<ServerConfig, 'redisUrl' | 'redisPrefix'>;
  dispose(): Promise<void>;
}

/**
 * A backend of its own for one test server: an SQLite file in `dataDir`, or a fresh PostgreSQL
 * schema and Redis key prefix, so that test files running in parallel never share data. The same
 * backend serves a restart of the server.
 */
export async function openTestBackend(dataDir: string, kind = testBackendKind()): Promise<TestBackend> {
  if (kind === 'sqlite') {
    return {
      kind,
      db: { kind: 'sqlite', path: join(dataDir, 'parley.db') },
      cluster: {},
      dispose: async () => {},
    };
  }
  const schema = newTestSchema();
  return {
    kind,
    db: { kind: 'postgres', url: withSchema(TEST_PG_URL, schema) },
    cluster: { redisUrl: TEST_REDIS_URL, redisPrefix: schema },
    async dispose() {
      await dropPostgresSchema(TEST_PG_URL, schema);
      await deleteRedisKeys(TEST_REDIS_URL, schema);
    },
  };
}
