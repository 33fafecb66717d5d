import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type OpenStorage, openStorage } from './database.js';
import type { DatabaseConfig } from './types.js';

/**
 * The dialects storage tests run on: `PARLEY_TEST_DIALECTS` (comma-separated), default `sqlite`.
 * When the PostgreSQL dialect lands, CI adds a leg with `sqlite,postgres` and every suite that
 * loops over this list covers it without change.
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

/** Opens an empty storage in its own temporary place, so tests can run in parallel. */
export async function openTestStorage(dialect: string): Promise<TestStorage> {
  if (dialect !== 'sqlite') throw new Error(`no test database for dialect ${JSON.stringify(dialect)} yet`);
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
