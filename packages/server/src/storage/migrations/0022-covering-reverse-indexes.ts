import type { Kysely } from 'kysely';
import type { DialectMigration } from './dialect-migration.js';

/**
 * The reverse lookups "who subscribed to this user" (status and profile subscriptions) and "who
 * blocked this user" read one column besides the key they search by. With the indexes of 0012,
 * 0013 and 0014 that column was not in the index, and SQLite, which keeps no statistics unless
 * asked, preferred scanning the app's whole primary key, which holds the column: with 500,000
 * status subscriptions a lookup took 17 ms instead of microseconds, and a status change fan-out
 * stalled the server (docs/performance.md, "User status fan-out"). Each index now holds the column
 * it answers with, so it is the obvious plan on every dialect.
 */
const REPLACED = [
  {
    table: 'status_subscriptions',
    name: 'status_subscriptions_by_user',
    before: ['sdk_app_id', 'user_id'],
    after: ['sdk_app_id', 'user_id', 'subscriber_id'],
  },
  {
    table: 'profile_subscriptions',
    name: 'profile_subscriptions_target',
    before: ['sdk_app_id', 'target'],
    after: ['sdk_app_id', 'target', 'subscriber'],
  },
  {
    table: 'blocklist',
    name: 'blocklist_by_blocked',
    before: ['sdk_app_id', 'blocked_id'],
    after: ['sdk_app_id', 'blocked_id', 'user_id'],
  },
] as const;

async function rebuild(db: Kysely<unknown>, columns: 'before' | 'after'): Promise<void> {
  for (const index of REPLACED) {
    await db.schema.dropIndex(index.name).execute();
    await db.schema
      .createIndex(index.name)
      .on(index.table)
      .columns([...index[columns]])
      .execute();
  }
}

export const coveringReverseIndexes: DialectMigration = {
  up: (db) => rebuild(db, 'after'),
  down: (db) => rebuild(db, 'before'),
};
