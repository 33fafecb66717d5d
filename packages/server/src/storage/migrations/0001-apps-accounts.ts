import type { Kysely, Migration } from 'kysely';

/**
 * Apps, accounts and login days. Ids and times are `bigint` because SDKAppIDs are uint32 (they
 * overflow PostgreSQL's `integer`) and millisecond times overflow 32 bits; SQLite stores both as
 * plain integers.
 */
export const appsAndAccounts: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable('apps')
      .addColumn('sdk_app_id', 'bigint', (col) => col.primaryKey())
      .addColumn('name', 'text', (col) => col.notNull())
      .addColumn('secret_key', 'text', (col) => col.notNull())
      .addColumn('admins', 'text', (col) => col.notNull())
      .addColumn('login_policy', 'text', (col) => col.notNull())
      .addColumn('max_web_instances', 'integer', (col) => col.notNull())
      .addColumn('max_instances_per_platform', 'integer', (col) => col.notNull())
      .addColumn('callback_url', 'text')
      .addColumn('created_at', 'bigint', (col) => col.notNull())
      .addColumn('updated_at', 'bigint', (col) => col.notNull())
      .execute();

    await db.schema
      .createTable('accounts')
      .addColumn('sdk_app_id', 'bigint', (col) =>
        col.notNull().references('apps.sdk_app_id').onDelete('cascade'),
      )
      .addColumn('user_id', 'text', (col) => col.notNull())
      .addColumn('created_at', 'bigint', (col) => col.notNull())
      .addColumn('sig_not_before', 'bigint', (col) => col.notNull().defaultTo(0))
      .addPrimaryKeyConstraint('accounts_pk', ['sdk_app_id', 'user_id'])
      .execute();

    // The key order (app, day, user) serves both the DAU count of one day and the MAU range scan.
    await db.schema
      .createTable('login_days')
      .addColumn('sdk_app_id', 'bigint', (col) =>
        col.notNull().references('apps.sdk_app_id').onDelete('cascade'),
      )
      .addColumn('day', 'text', (col) => col.notNull())
      .addColumn('user_id', 'text', (col) => col.notNull())
      .addPrimaryKeyConstraint('login_days_pk', ['sdk_app_id', 'day', 'user_id'])
      .execute();
  },

  async down(db: Kysely<unknown>): Promise<void> {
    await db.schema.dropTable('login_days').execute();
    await db.schema.dropTable('accounts').execute();
    await db.schema.dropTable('apps').execute();
  },
};
