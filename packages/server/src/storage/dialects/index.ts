import type { DatabaseConfig } from '../types.js';
import { type StorageDialect, UnsupportedDatabaseError } from './dialect.js';
import { createPostgresDialect } from './postgres.js';
import { createSqliteDialect } from './sqlite.js';

export type { DialectCapabilities, StorageDialect } from './dialect.js';
export { UnsupportedDatabaseError } from './dialect.js';

/** Picks the dialect factory for a database configuration; the only place that looks at its kind. */
export function createDialect(config: DatabaseConfig): StorageDialect {
  switch (config.kind) {
    case 'sqlite':
      return createSqliteDialect(config.path);
    case 'postgres':
      try {
        return createPostgresDialect(config.url);
      } catch (error) {
        // A malformed URL is a configuration the build cannot open; callers report these in one way.
        if (error instanceof RangeError) throw new UnsupportedDatabaseError(error.message, { cause: error });
        throw error;
      }
  }
}
