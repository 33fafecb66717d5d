import type { Kysely } from 'kysely';
import type { DialectCapabilities } from '../dialects/dialect.js';
import type { DialectMigration } from './dialect-migration.js';

/**
 * Offline push (docs/push.md): the providers of each app keyed by `businessID` (APNs, FCM or a
 * webhook, their secrets in `config` like the app key in `apps`), the durable push queue the
 * worker drains, and the background flag of a registered instance (`doBackground`).
 *
 * One queue row per (message, instance): the unique key is what makes "one push per device per
 * message" hold when a send is retried or two nodes plan the same message.
 */
export const offlinePush: DialectMigration = {
  async up(db: Kysely<unknown>, capabilities: DialectCapabilities): Promise<void> {
    await db.schema
      .createTable('push_providers')
      .addColumn('sdk_app_id', 'bigint', (col) =>
        col.notNull().references('apps.sdk_app_id').onDelete('cascade'),
      )
      .addColumn('business_id', 'bigint', (col) => col.notNull())
      .addColumn('type', 'text', (col) => col.notNull())
      .addColumn('config', 'text', (col) => col.notNull())
      .addColumn('updated_at', 'bigint', (col) => col.notNull())
      .addPrimaryKeyConstraint('push_providers_pk', ['sdk_app_id', 'business_id'])
      .execute();

    const identity = capabilities.identityColumns;
    await db.schema
      .createTable('push_queue')
      .addColumn('id', identity ? 'bigint' : 'integer', (col) =>
        identity ? col.primaryKey().generatedAlwaysAsIdentity() : col.primaryKey().autoIncrement(),
      )
      .addColumn('sdk_app_id', 'bigint', (col) =>
        col.notNull().references('apps.sdk_app_id').onDelete('cascade'),
      )
      .addColumn('msg_key', 'text', (col) => col.notNull())
      .addColumn('user_id', 'text', (col) => col.notNull())
      .addColumn('instance_id', 'text', (col) => col.notNull())
      .addColumn('business_id', 'bigint', (col) => col.notNull())
      .addColumn('token', 'text', (col) => col.notNull())
      .addColumn('platform', 'text', (col) => col.notNull())
      .addColumn('payload', 'text', (col) => col.notNull())
      .addColumn('attempts', 'integer', (col) => col.notNull().defaultTo(0))
      .addColumn('next_attempt_at', 'bigint', (col) => col.notNull())
      .addColumn('created_at', 'bigint', (col) => col.notNull())
      .addColumn('last_error', 'text')
      .addUniqueConstraint('push_queue_once', ['sdk_app_id', 'msg_key', 'user_id', 'instance_id'])
      // A deleted account's pushes go with it, as its registrations do.
      .addForeignKeyConstraint(
        'push_queue_account_fk',
        ['sdk_app_id', 'user_id'],
        'accounts',
        ['sdk_app_id', 'user_id'],
        (fk) => fk.onDelete('cascade'),
      )
      .execute();
    await db.schema
      .createIndex('push_queue_due')
      .on('push_queue')
      .columns(['next_attempt_at', 'id'])
      .execute();

    await db.schema
      .alterTable('push_registrations')
      .addColumn('background', 'integer', (col) => col.notNull().defaultTo(0))
      .execute();
  },

  async down(db: Kysely<unknown>): Promise<void> {
    await db.schema.alterTable('push_registrations').dropColumn('background').execute();
    await db.schema.dropTable('push_queue').execute();
    await db.schema.dropTable('push_providers').execute();
  },
};
