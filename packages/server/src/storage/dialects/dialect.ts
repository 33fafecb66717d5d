import type { Dialect } from 'kysely';
import type { DirectSqliteReads } from '../account-login-state.js';
import type { SqliteHandle } from '../messaging/statements.js';

/**
 * What the database can do, as flags the core reads instead of testing a dialect's name, so a new
 * dialect is one factory file and no change elsewhere.
 */
export interface DialectCapabilities {
  /**
   * Writes are serialized by the database itself (SQLite has one writer at a time), so the core
   * may skip row locks such as `SELECT … FOR UPDATE` inside its transactions.
   */
  readonly singleWriter: boolean;
  /** `FOR UPDATE SKIP LOCKED` is available for work queues shared by several server processes. */
  readonly skipLocked: boolean;
  /**
   * Array parameters and `unnest` (PostgreSQL): a batch of rows is one statement with one array per
   * column, so its cost in round trips does not grow with its size. Without them (SQLite, in-process)
   * each row is its own prepared statement.
   */
  readonly arrayParameters: boolean;
  /**
   * Auto-numbered keys are identity columns (`GENERATED ALWAYS AS IDENTITY`, PostgreSQL); without
   * them, `INTEGER PRIMARY KEY AUTOINCREMENT` (SQLite). Migrations read it (migrations/index.ts).
   */
  readonly identityColumns: boolean;
  /**
   * Tables can be stored as their primary key's b-tree (SQLite `WITHOUT ROWID`): a small row keyed
   * by text is then one b-tree to write instead of a table and an index. PostgreSQL has no such
   * storage choice (its tables are heaps).
   */
  readonly clusteredTables: boolean;
}

/** A dialect factory's product: the Kysely dialect plus its capability flags. */
export interface StorageDialect {
  readonly dialect: Dialect;
  readonly capabilities: DialectCapabilities;
  /** A description for logs; must not contain credentials. */
  readonly description: string;
  /**
   * The schema that holds Parley's tables, for a database with schemas where it is not the default
   * (PostgreSQL `?schema=`). The migrator must name it: it otherwise looks for its own tables in
   * every schema and may find another deployment's.
   */
  readonly schema?: string;
  /**
   * The better-sqlite3 handle under the Kysely dialect (SQLite only), for the send path's prepared
   * statements (storage/messaging/statements.ts) and the login read (account-login-state.ts);
   * everything else goes through Kysely.
   */
  readonly sqlite?: SqliteHandle & DirectSqliteReads;
  /** Stops what the dialect runs beside its connection (SQLite's checkpointer); before it closes. */
  readonly stopHelpers?: () => Promise<void>;
}

/** Thrown for a database configuration this build cannot open (for example PostgreSQL for now). */
export class UnsupportedDatabaseError extends Error {
  override readonly name = 'UnsupportedDatabaseError';
}
