import type { Kysely, Migration, MigrationProvider, MigrationResultSet } from 'kysely';
import { Migrator } from 'kysely';
import type { DialectCapabilities } from '../dialects/dialect.js';
import { appsAndAccounts } from './0001-apps-accounts.js';
import { profilesAndPushRegistrations } from './0002-profiles-push-registrations.js';
import { webhookOutbox } from './0003-webhook-outbox.js';
import { messages } from './0004-messages.js';
import { messageLogs } from './0005-message-logs.js';
import { appMessageSettings } from './0006-app-message-settings.js';
import { ticketRevocations } from './0007-ticket-revocations.js';
import { groups } from './0008-groups.js';
import { groupLogs } from './0009-group-logs.js';
import { communityTopics } from './0010-community-topics.js';
import { groupMessageTargets } from './0011-group-message-targets.js';
import { profiles } from './0012-profiles.js';
import { friends } from './0013-friends.js';
import { userStatus } from './0014-user-status.js';
import { groupMemberChanges } from './0015-group-member-changes.js';
import { mediaFiles } from './0016-media-files.js';
import { offlinePush } from './0018-offline-push.js';
import { readReceipts } from './0019-read-receipts.js';
import { messageExtras } from './0020-message-extras.js';
import { signaling } from './0021-signaling.js';
import { coveringReverseIndexes } from './0022-covering-reverse-indexes.js';
import type { DialectMigration } from './dialect-migration.js';

/**
 * Every migration, in order. They live in code rather than in files read at runtime so that the
 * built package works from any directory and a bundler cannot drop them. Names sort in order of
 * application; never rename or edit one that has shipped, add the next instead.
 */
const MIGRATIONS: Readonly<Record<string, DialectMigration>> = Object.freeze({
  '0001-apps-accounts': appsAndAccounts,
  '0002-profiles-push-registrations': profilesAndPushRegistrations,
  '0003-webhook-outbox': webhookOutbox,
  '0004-messages': messages,
  '0005-message-logs': messageLogs,
  '0006-app-message-settings': appMessageSettings,
  '0007-ticket-revocations': ticketRevocations,
  '0008-groups': groups,
  '0009-group-logs': groupLogs,
  '0010-community-topics': communityTopics,
  '0011-group-message-targets': groupMessageTargets,
  '0012-profiles': profiles,
  '0013-friends': friends,
  '0014-user-status': userStatus,
  '0015-group-member-changes': groupMemberChanges,
  '0016-media-files': mediaFiles,
  '0018-offline-push': offlinePush,
  '0019-read-receipts': readReceipts,
  '0020-message-extras': messageExtras,
  '0021-signaling': signaling,
  '0022-covering-reverse-indexes': coveringReverseIndexes,
});

/** The migrations as Kysely runs them, bound to one database's flags. */
function providerFor(capabilities: DialectCapabilities): MigrationProvider {
  const bind = ({ up, down }: DialectMigration): Migration => ({
    up: (db) => up(db, capabilities),
    ...(down === undefined ? {} : { down }),
  });
  return {
    getMigrations: async () =>
      Object.fromEntries(Object.entries(MIGRATIONS).map(([name, migration]) => [name, bind(migration)])),
  };
}

function migratorFor(
  db: Kysely<unknown>,
  capabilities: DialectCapabilities,
  options: { schema?: string },
): Migrator {
  return new Migrator({
    db,
    provider: providerFor(capabilities),
    ...(options.schema === undefined ? {} : { migrationTableSchema: options.schema }),
  });
}

/**
 * Brings the schema up to date; throws with the failing migration's name when one fails.
 * `schema` names where the migrator's own tables live (see `StorageDialect.schema`).
 */
export async function migrateToLatest(
  db: Kysely<unknown>,
  capabilities: DialectCapabilities,
  options: { schema?: string } = {},
): Promise<void> {
  const migrator = migratorFor(db, capabilities, options);
  const { error, results } = await retryingSchemaRaces(() => migrator.migrateToLatest());
  if (error !== undefined) {
    const failed = results?.find((result) => result.status === 'Error')?.migrationName ?? 'unknown';
    throw new Error(`database migration ${failed} failed: ${describe(error)}`, { cause: error });
  }
}

/** Brings the schema up to `name` only: for tests of a later migration's carrying over of data. */
export async function migrateTo(
  db: Kysely<unknown>,
  name: string,
  capabilities: DialectCapabilities,
  options: { schema?: string } = {},
): Promise<void> {
  const migrator = migratorFor(db, capabilities, options);
  const { error } = await retryingSchemaRaces(() => migrator.migrateTo(name));
  if (error !== undefined)
    throw new Error(`database migration to ${name} failed: ${describe(error)}`, { cause: error });
}

/**
 * Before migrating, the migrator lists the tables of every schema (PostgreSQL). A schema or a table
 * dropped meanwhile by someone else (another deployment or test run in the same database, or its
 * migration) makes that listing fail with "… does not exist"; a migration that failed was rolled
 * back with its transaction, so asking again is safe.
 */
async function retryingSchemaRaces(run: () => Promise<MigrationResultSet>): Promise<MigrationResultSet> {
  let outcome = await run();
  for (let retry = 0; retry < SCHEMA_RACE_RETRIES && isDroppedSchemaError(outcome.error); retry++) {
    await new Promise((resolve) => setTimeout(resolve, 20 + Math.random() * 80));
    outcome = await run();
  }
  return outcome;
}

const SCHEMA_RACE_RETRIES = 5;
/** PostgreSQL's invalid_schema_name. */
const INVALID_SCHEMA_NAME = '3F000';
/** PostgreSQL's undefined_table: the same race when another run's migration drops a table (0005 does). */
const UNDEFINED_TABLE = '42P01';

function isDroppedSchemaError(error: unknown): boolean {
  return (
    error instanceof Error &&
    'code' in error &&
    (error.code === INVALID_SCHEMA_NAME || error.code === UNDEFINED_TABLE)
  );
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
