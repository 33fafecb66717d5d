import type { Kysely } from 'kysely';
import type { DialectCapabilities } from '../dialects/dialect.js';

/**
 * A migration that may adapt its SQL to the database by the dialect's capability flags, never by
 * testing which adapter it runs on. A plain Kysely `Migration` is one (it ignores the flags).
 */
export interface DialectMigration {
  up(db: Kysely<unknown>, capabilities: DialectCapabilities): Promise<void>;
  down?(db: Kysely<unknown>): Promise<void>;
}
