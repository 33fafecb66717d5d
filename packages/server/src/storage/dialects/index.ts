import type { DatabaseConfig } from '../types.js';
import { type StorageDialect, UnsupportedDatabaseError } from './dialect.js';
import { createSqliteDialect } from './sqlite.js';

export type { DialectCapabilities, StorageDialect } from './dialect.js';
export { UnsupportedDatabaseError } from './dialect.js';

/** Picks the dialect factory for a database configuration; the only place that looks at its kind. */
export function createDialect(config: DatabaseConfig): StorageDialect {
  switch (config.kind) {
    case 'sqlite':
      return createSqliteDialect(config.path);
    case 'postgres':
      throw new UnsupportedDatabaseError(
        'PostgreSQL (--db postgres://…) is not supported yet; use an SQLite path, e.g. --db ./data/parley.db',
      );
  }
}
