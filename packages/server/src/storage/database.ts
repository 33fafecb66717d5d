import { Kysely } from 'kysely';
import { createAccountStore } from './accounts.js';
import { createActivityStore } from './activity.js';
import { createAppStore } from './apps.js';
import { createDialect, type DialectCapabilities } from './dialects/index.js';
import { migrateToLatest } from './migrations/index.js';
import type { StorageSchema } from './schema.js';
import type { DatabaseConfig, Storage } from './types.js';

/** An open storage, plus what the database can do (for code that needs to adapt its queries). */
export interface OpenStorage extends Storage {
  readonly capabilities: DialectCapabilities;
  /** Where the data lives, for logs (never contains credentials). */
  readonly description: string;
}

/**
 * Opens the database, brings its schema up to date and returns the stores. Throws
 * `UnsupportedDatabaseError` for a database this build cannot open. `close()` is idempotent.
 */
export async function openStorage(config: DatabaseConfig): Promise<OpenStorage> {
  const { dialect, capabilities, description } = createDialect(config);
  const db = new Kysely<StorageSchema>({ dialect });
  try {
    await migrateToLatest(db as Kysely<unknown>);
  } catch (error) {
    await db.destroy();
    throw error;
  }

  let closing: Promise<void> | undefined;
  return {
    apps: createAppStore(db),
    accounts: createAccountStore(db),
    activity: createActivityStore(db),
    capabilities,
    description,
    close() {
      closing ??= db.destroy();
      return closing;
    },
  };
}
