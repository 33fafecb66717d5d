import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { SqliteDialect } from 'kysely';
import type { StorageDialect } from './dialect.js';

/** How long a connection waits for another process's write lock before failing with SQLITE_BUSY. */
const BUSY_TIMEOUT_MS = 5000;

const IN_MEMORY = ':memory:';

/**
 * Opens an SQLite database file (creating its folder) for the embedded single-node setup.
 * WAL lets readers run while a write is in progress, and lets `parley app …` change settings while
 * a server holds the same file; the busy timeout makes those occasional concurrent writers wait
 * for each other instead of failing.
 */
export function createSqliteDialect(path: string): StorageDialect {
  if (path !== IN_MEMORY) mkdirSync(dirname(path), { recursive: true });
  const database = new Database(path);
  try {
    database.pragma('journal_mode = WAL');
    database.pragma('foreign_keys = ON');
    database.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    // With WAL, NORMAL is still crash-safe for the database; it can lose only the last commits on power loss.
    database.pragma('synchronous = NORMAL');
  } catch (error) {
    database.close();
    throw error;
  }
  return {
    dialect: new SqliteDialect({ database }),
    capabilities: { singleWriter: true, skipLocked: false },
    description: `sqlite:${path}`,
  };
}
