import type { Kysely } from 'kysely';
import type { DialectMigration } from './dialect-migration.js';

/**
 * User status (docs/users.md "Presence"): who subscribed to whose status, kept per user so a
 * subscription survives logins and devices, and each user's custom status. The index by watched
 * user is what a node loads, once per watched user, to fan a change out. Apps get the switch that
 * will push friends' status without subscriptions, off.
 */
export const userStatus: DialectMigration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable('status_subscriptions')
      .addColumn('sdk_app_id', 'bigint', (col) => col.notNull())
      .addColumn('subscriber_id', 'text', (col) => col.notNull())
      .addColumn('user_id', 'text', (col) => col.notNull())
      // Orders a subscriber's subscriptions for eviction: the smallest goes first.
      .addColumn('ordinal', 'bigint', (col) => col.notNull())
      .addPrimaryKeyConstraint('status_subscriptions_pk', ['sdk_app_id', 'subscriber_id', 'user_id'])
      .execute();
    await db.schema
      .createIndex('status_subscriptions_by_user')
      .on('status_subscriptions')
      .columns(['sdk_app_id', 'user_id'])
      .execute();

    await db.schema
      .createTable('user_custom_status')
      .addColumn('sdk_app_id', 'bigint', (col) => col.notNull())
      .addColumn('user_id', 'text', (col) => col.notNull())
      .addColumn('custom_status', 'text', (col) => col.notNull())
      .addColumn('updated_at', 'bigint', (col) => col.notNull())
      .addPrimaryKeyConstraint('user_custom_status_pk', ['sdk_app_id', 'user_id'])
      .execute();

    // The app switch "push friends' status", off for every app, existing ones included.
    await db.schema
      .alterTable('apps')
      .addColumn('push_friend_status', 'integer', (col) => col.notNull().defaultTo(0))
      .execute();
  },

  async down(db: Kysely<unknown>): Promise<void> {
    await db.schema.alterTable('apps').dropColumn('push_friend_status').execute();
    await db.schema.dropTable('user_custom_status').execute();
    await db.schema.dropTable('status_subscriptions').execute();
  },
};
