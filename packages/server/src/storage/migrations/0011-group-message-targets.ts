import { type CreateTableBuilder, type Kysely, sql } from 'kysely';
import type { DialectCapabilities } from '../dialects/dialect.js';
import type { DialectMigration } from './dialect-migration.js';

/**
 * Targeted group messages (docs/messages.md "Targeted group messages"): the members who may see a
 * message of a group log, one row per receiver plus the sender, written once with the message. A
 * message without rows is seen by every member; one with rows only by those named.
 */
export const groupMessageTargets: DialectMigration = {
  async up(db: Kysely<unknown>, capabilities: DialectCapabilities): Promise<void> {
    const clustered = <T extends string, C extends string>(table: CreateTableBuilder<T, C>) =>
      capabilities.clusteredTables ? table.modifyEnd(sql`without rowid`) : table;
    await clustered(db.schema.createTable('group_message_targets'))
      .addColumn('sdk_app_id', 'bigint', (col) => col.notNull())
      .addColumn('group_id', 'text', (col) => col.notNull())
      .addColumn('seq', 'bigint', (col) => col.notNull())
      .addColumn('user_id', 'text', (col) => col.notNull())
      .addPrimaryKeyConstraint('group_message_targets_pk', ['sdk_app_id', 'group_id', 'seq', 'user_id'])
      .execute();
  },

  async down(db: Kysely<unknown>): Promise<void> {
    await db.schema.dropTable('group_message_targets').execute();
  },
};
