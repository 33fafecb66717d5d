import type { Kysely } from 'kysely';
import type { DialectMigration } from './dialect-migration.js';

/**
 * Read receipts (docs/read-receipts.md): one row per (message, reader), written when the reader
 * reports the message read, never at sending, so a message to a 5,000-member group costs nothing
 * here until members read it. The flag and the audience at sending ride in the message's body.
 * The group types with receipts are an app setting; existing apps get the default (every type
 * that can have them). The default is written out here: a migration states the schema as shipped.
 */
export const readReceipts: DialectMigration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable('message_reads')
      .addColumn('sdk_app_id', 'bigint', (col) => col.notNull())
      .addColumn('msg_id', 'text', (col) => col.notNull())
      .addColumn('user_id', 'text', (col) => col.notNull())
      .addColumn('read_at', 'bigint', (col) => col.notNull())
      .addPrimaryKeyConstraint('message_reads_pk', ['sdk_app_id', 'msg_id', 'user_id'])
      .execute();
    await db.schema
      .alterTable('apps')
      .addColumn('read_receipt_group_types', 'text', (col) =>
        col.notNull().defaultTo('["Work","Public","Meeting","Community"]'),
      )
      .execute();
  },

  async down(db: Kysely<unknown>): Promise<void> {
    await db.schema.dropTable('message_reads').execute();
    await db.schema.alterTable('apps').dropColumn('read_receipt_group_types').execute();
  },
};
