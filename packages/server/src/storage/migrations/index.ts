import type { Kysely, Migration, MigrationProvider } from 'kysely';
import { Migrator } from 'kysely';
import { appsAndAccounts } from './0001-apps-accounts.js';
import { profilesAndPushRegistrations } from './0002-profiles-push-registrations.js';
import { webhookOutbox } from './0003-webhook-outbox.js';
import { messages } from './0004-messages.js';
import { ticketRevocations } from './0005-ticket-revocations.js';

/**
 * Every migration, in order. They live in code rather than in files read at runtime so that the
 * built package works from any directory and a bundler cannot drop them. Names sort in order of
 * application; never rename or edit one that has shipped, add the next instead.
 */
const MIGRATIONS: Readonly<Record<string, Migration>> = Object.freeze({
  '0001-apps-accounts': appsAndAccounts,
  '0002-profiles-push-registrations': profilesAndPushRegistrations,
  '0003-webhook-outbox': webhookOutbox,
  '0004-messages': messages,
  '0005-ticket-revocations': ticketRevocations,
});

const provider: MigrationProvider = {
  getMigrations: async () => ({ ...MIGRATIONS }),
};

/**
 * Brings the schema up to date; throws with the failing migration's name when one fails.
 * `schema` names where the migrator's own tables live (see `StorageDialect.schema`).
 */
export async function migrateToLatest(db: Kysely<unknown>, options: { schema?: string } = {}): Promise<void> {
  const migrator = new Migrator({
    db,
    provider,
    ...(options.schema === undefined ? {} : { migrationTableSchema: options.schema }),
  });
  let { error, results } = await migrator.migrateToLatest();
  // Before migrating, the migrator lists the tables of every schema (PostgreSQL). A schema dropped
  // meanwhile by someone else (another deployment or test run in the same database) makes that
  // listing fail with "schema … does not exist"; nothing was applied, so asking again is safe.
  for (let retry = 0; retry < SCHEMA_RACE_RETRIES && isDroppedSchemaError(error); retry++) {
    await new Promise((resolve) => setTimeout(resolve, 20 + Math.random() * 80));
    ({ error, results } = await migrator.migrateToLatest());
  }
  if (error !== undefined) {
    const failed = results?.find((result) => result.status === 'Error')?.migrationName ?? 'unknown';
    throw new Error(`database migration ${failed} failed: ${describe(error)}`, { cause: error });
  }
}

const SCHEMA_RACE_RETRIES = 5;
/** PostgreSQL's invalid_schema_name. */
const INVALID_SCHEMA_NAME = '3F000';

function isDroppedSchemaError(error: unknown): boolean {
  return error instanceof Error && 'code' in error && error.code === INVALID_SCHEMA_NAME;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
