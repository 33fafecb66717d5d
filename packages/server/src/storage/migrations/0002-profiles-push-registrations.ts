import type { Kysely, Migration } from 'kysely';

/**
 * Account profile fields for the REST `account_import` (login.md §3.3), and the push registrations
 * that make a disconnected native instance `PushOnline` (login.md §7.1).
 *
 * The profile columns default to `''` so that rows of accounts made by auto-registration need no
 * backfill. Push registrations reference their account and go with it: `account_delete` must leave
 * no device that still looks push-reachable.
 */
export const profilesAndPushRegistrations: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .alterTable('accounts')
      .addColumn('nick', 'text', (col) => col.notNull().defaultTo(''))
      .execute();
    await db.schema
      .alterTable('accounts')
      .addColumn('face_url', 'text', (col) => col.notNull().defaultTo(''))
      .execute();

    await db.schema
      .createTable('push_registrations')
      .addColumn('sdk_app_id', 'bigint', (col) => col.notNull())
      .addColumn('user_id', 'text', (col) => col.notNull())
      .addColumn('instance_id', 'text', (col) => col.notNull())
      .addColumn('platform', 'text', (col) => col.notNull())
      .addColumn('business_id', 'bigint', (col) => col.notNull())
      .addColumn('token', 'text', (col) => col.notNull())
      .addColumn('updated_at', 'bigint', (col) => col.notNull())
      .addPrimaryKeyConstraint('push_registrations_pk', ['sdk_app_id', 'user_id', 'instance_id'])
      .addForeignKeyConstraint(
        'push_registrations_account_fk',
        ['sdk_app_id', 'user_id'],
        'accounts',
        ['sdk_app_id', 'user_id'],
        (fk) => fk.onDelete('cascade'),
      )
      .execute();
  },

  async down(db: Kysely<unknown>): Promise<void> {
    await db.schema.dropTable('push_registrations').execute();
    await db.schema.alterTable('accounts').dropColumn('face_url').execute();
    await db.schema.alterTable('accounts').dropColumn('nick').execute();
  },
};
