import type { Kysely } from 'kysely';
import type { DialectCapabilities } from '../dialects/dialect.js';
import type { DialectMigration } from './dialect-migration.js';

/**
 * The webhook outbox: callbacks written in the same transaction as the state change they report,
 * and deleted once delivered (or given up), so a crash or restart loses none (webhooks/dispatcher.ts).
 *
 * `id` is the delivery order. It is the one column whose SQL differs between dialects: SQLite's
 * `INTEGER PRIMARY KEY AUTOINCREMENT` is not valid in PostgreSQL, which has identity columns instead
 * (the `identityColumns` capability).
 */
export const webhookOutbox: DialectMigration = {
  async up(db: Kysely<unknown>, capabilities: DialectCapabilities): Promise<void> {
    const identity = capabilities.identityColumns;
    await db.schema
      .createTable('webhook_outbox')
      .addColumn('id', identity ? 'bigint' : 'integer', (col) =>
        identity ? col.primaryKey().generatedAlwaysAsIdentity() : col.primaryKey().autoIncrement(),
      )
      .addColumn('sdk_app_id', 'bigint', (col) =>
        col.notNull().references('apps.sdk_app_id').onDelete('cascade'),
      )
      .addColumn('command', 'text', (col) => col.notNull())
      .addColumn('body', 'text', (col) => col.notNull())
      .addColumn('query', 'text', (col) => col.notNull())
      .addColumn('order_key', 'text')
      .addColumn('instance_key', 'text')
      .addColumn('deliver_after', 'bigint', (col) => col.notNull())
      .addColumn('attempts', 'integer', (col) => col.notNull().defaultTo(0))
      .addColumn('next_attempt_at', 'bigint', (col) => col.notNull())
      .addColumn('created_at', 'bigint', (col) => col.notNull())
      .addColumn('last_error', 'text')
      .execute();

    // The dispatcher's poll: rows whose time has come, oldest first.
    await db.schema
      .createIndex('webhook_outbox_due')
      .on('webhook_outbox')
      .columns(['next_attempt_at', 'id'])
      .execute();
    // A login cancels its instance's pending Disconnect inside the login's transaction: keep it a lookup.
    await db.schema
      .createIndex('webhook_outbox_instance')
      .on('webhook_outbox')
      .column('instance_key')
      .execute();
  },

  async down(db: Kysely<unknown>): Promise<void> {
    await db.schema.dropTable('webhook_outbox').execute();
  },
};
