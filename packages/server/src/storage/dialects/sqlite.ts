import { chmodSync, closeSync, existsSync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { type SqliteDatabase, SqliteDialect } from 'kysely';
import type { StorageDialect } from './dialect.js';
import { startCheckpointer } from './sqlite-checkpointer.js';

/** How long a connection waits for another process's write lock before failing with SQLITE_BUSY. */
const BUSY_TIMEOUT_MS = 5000;

const IN_MEMORY = ':memory:';

const WAL_SIZE_LIMIT_BYTES = 64 * 1024 * 1024;

/** Prepared statements kept; enough for every query shape the stores use, bounded for IN lists. */
const STATEMENT_CACHE_SIZE = 500;

/**
 * Kysely prepares a statement for every query it runs, and preparing costs more than running a
 * small query (a third of a login's storage time, more of a message's, when profiled). The same SQL
 * text gets the same statement back. Safe because Kysely runs one query at a time on this
 * connection and never leaves a statement mid-iteration.
 */
function withStatementCache(database: Database.Database): SqliteDatabase {
  const statements = new Map<string, Database.Statement>();
  return {
    close: () => database.close(),
    prepare(sql) {
      let statement = statements.get(sql);
      if (statement) {
        statements.delete(sql); // re-insert: the Map's order is then least recently used first
      } else {
        statement = database.prepare(sql);
        if (statements.size >= STATEMENT_CACHE_SIZE) {
          const oldest = statements.keys().next().value;
          if (oldest !== undefined) statements.delete(oldest);
        }
      }
      statements.set(sql, statement);
      return statement;
    },
  };
}

/** Owner-only permissions of the database's folder (when we create it) and of its files. */
const PRIVATE_DIR_MODE = 0o700;
const PRIVATE_FILE_MODE = 0o600;
/** The files of a database in WAL mode: SQLite creates the last two with the first one's mode. */
const DATABASE_FILE_SUFFIXES = ['', '-wal', '-shm'] as const;

/**
 * The database holds every app's secret key, so nobody but the owner may read it: its folder is
 * created 0700, the file is created 0600 before SQLite opens it (SQLite then gives the `-wal` and
 * `-shm` files the same mode), and files an older version left readable are tightened.
 */
function createPrivately(path: string): void {
  mkdirSync(dirname(path), { recursive: true, mode: PRIVATE_DIR_MODE });
  if (!existsSync(path)) closeSync(openSync(path, 'a', PRIVATE_FILE_MODE));
  for (const suffix of DATABASE_FILE_SUFFIXES) {
    try {
      chmodSync(`${path}${suffix}`, PRIVATE_FILE_MODE);
    } catch {
      // Missing (no -wal yet), or not ours to change: SQLite reports what matters when it opens.
    }
  }
}

/**
 * Opens an SQLite database file (creating its folder) for the embedded single-node setup.
 * WAL lets readers run while a write is in progress, and lets `parley app …` change settings while
 * a server holds the same file; the busy timeout makes those occasional concurrent writers wait
 * for each other instead of failing.
 */
export function createSqliteDialect(path: string): StorageDialect {
  if (path !== IN_MEMORY) createPrivately(path);
  const database = new Database(path);
  try {
    database.pragma('journal_mode = WAL');
    database.pragma('foreign_keys = ON');
    database.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    // With WAL, NORMAL is still crash-safe for the database; it can lose only the last commits on power loss.
    database.pragma('synchronous = NORMAL');
    // Checkpoints run in a worker thread, not inside this connection's commits (sqlite-checkpointer.ts).
    if (path !== IN_MEMORY) database.pragma('wal_autocheckpoint = 0');
    // After a burst, a WAL file that was reset is cut back to this size instead of staying as large.
    database.pragma(`journal_size_limit = ${WAL_SIZE_LIMIT_BYTES}`);
  } catch (error) {
    database.close();
    throw error;
  }
  const checkpointer = path === IN_MEMORY ? undefined : startCheckpointer(path);
  return {
    dialect: new SqliteDialect({ database: withStatementCache(database) }),
    ...(checkpointer ? { stopHelpers: () => checkpointer.stop() } : {}),
    capabilities: {
      singleWriter: true,
      skipLocked: false,
      arrayParameters: false,
      identityColumns: false,
      clusteredTables: true,
    },
    description: `sqlite:${path}`,
    sqlite: database,
  };
}
