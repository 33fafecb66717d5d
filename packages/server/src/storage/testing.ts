import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { type OpenStorage, openStorage } from './database.js';
import type { DatabaseConfig } from './types.js';

/**
 * The dialects storage tests run on: `PARLEY_TEST_DIALECTS` (comma-separated), default `sqlite`.
 * The vitest configuration sets it to `sqlite,postgres` when the PostgreSQL at
 * `PARLEY_TEST_PG_URL` answers (test/support/backends.ts), so every suite that loops over this
 * list covers both without change.
 */
export const TEST_DIALECTS: readonly string[] = (process.env.PARLEY_TEST_DIALECTS ?? 'sqlite')
  .split(',')
  .map((name) => name.trim())
  .filter((name) => name !== '');

/** A fresh, empty storage of one dialect, and how to throw it away. */
export interface TestStorage {
  readonly storage: OpenStorage;
  dispose(): Promise<void>;
}

/** The PostgreSQL that tests use: `PARLEY_TEST_PG_URL`, default the local one of the CI machine. */
export const TEST_PG_URL = process.env.PARLEY_TEST_PG_URL || 'postgres://postgres@127.0.0.1:5432/test';

/** Opens an empty storage in its own temporary place, so tests can run in parallel. */
export async function openTestStorage(dialect: string): Promise<TestStorage> {
  if (dialect === 'postgres') return openPostgresTestStorage();
  if (dialect !== 'sqlite') throw new Error(`no test database for dialect ${JSON.stringify(dialect)}`);
  const dir = await mkdtemp(join(tmpdir(), 'parley-storage-'));
  const config: DatabaseConfig = { kind: 'sqlite', path: join(dir, 'test.db') };
  const storage = await openStorage(config);
  return {
    storage,
    async dispose() {
      await storage.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/**
 * A schema of its own in the test PostgreSQL, dropped at dispose: parallel test files then never
 * see each other's rows, and a failed run leaves at most a `parley_t_…` schema behind.
 */
async function openPostgresTestStorage(): Promise<TestStorage> {
  const schema = newTestSchema();
  let storage: OpenStorage;
  try {
    storage = await openStorage({ kind: 'postgres', url: withSchema(TEST_PG_URL, schema) });
  } catch (error) {
    // The dialect creates the schema on connecting; a failed migration must not leave it behind.
    await dropPostgresSchema(TEST_PG_URL, schema).catch(() => {});
    throw error;
  }
  return {
    storage,
    async dispose() {
      await storage.close();
      await dropPostgresSchema(TEST_PG_URL, schema);
    },
  };
}

/** A fresh schema name for one test storage or one test server. */
export function newTestSchema(): string {
  return `parley_t_${randomBytes(6).toString('hex')}`;
}

/** The URL with `?schema=NAME` added (the PostgreSQL dialect creates the schema on first use). */
export function withSchema(url: string, schema: string): string {
  const parsed = new URL(url);
  parsed.searchParams.set('schema', schema);
  return parsed.toString();
}

/** Drops a test schema and everything in it; a schema that was never created is fine. */
export async function dropPostgresSchema(url: string, schema: string): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`drop schema if exists "${schema}" cascade`);
  } finally {
    await client.end();
  }
}
