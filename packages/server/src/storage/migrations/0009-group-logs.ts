import { type CreateTableBuilder, type Kysely, sql } from 'kysely';
import type { DialectCapabilities } from '../dialects/dialect.js';
import type { DialectMigration } from './dialect-migration.js';

/**
 * Group logs (docs/messages.md "Group logs"). A group's messages go into the existing log tables
 * (`conversation_logs`, `log_messages`) under the key `group\t<groupID>`; what is new is per member
 * or rare: each member's cursor, the group's change stream (recalls and edits, which members who
 * were offline must still learn of), and mentions (one row per mentioned member, `''` for @all).
 * Kept apart from `conversation_members` so that no one-to-one query or write changes.
 */
export const groupLogs: DialectMigration = {
  async up(db: Kysely<unknown>, capabilities: DialectCapabilities): Promise<void> {
    const clustered = <T extends string, C extends string>(table: CreateTableBuilder<T, C>) =>
      capabilities.clusteredTables ? table.modifyEnd(sql`without rowid`) : table;
    await clustered(db.schema.createTable('group_cursors'))
      .addColumn('sdk_app_id', 'bigint', (col) => col.notNull())
      .addColumn('user_id', 'text', (col) => col.notNull())
      .addColumn('group_id', 'text', (col) => col.notNull())
      .addColumn('read_seq', 'bigint', (col) => col.notNull().defaultTo(0))
      .addColumn('read_count', 'bigint', (col) => col.notNull().defaultTo(0))
      .addColumn('unread_adjust', 'bigint', (col) => col.notNull().defaultTo(0))
      .addColumn('cleared_seq', 'bigint', (col) => col.notNull().defaultTo(0))
      .addColumn('join_time', 'bigint', (col) => col.notNull().defaultTo(0))
      .addColumn('is_pinned', 'integer', (col) => col.notNull().defaultTo(0))
      .addColumn('draft_text', 'text', (col) => col.notNull().defaultTo(''))
      .addColumn('draft_time', 'bigint', (col) => col.notNull().defaultTo(0))
      .addColumn('activity_time', 'bigint', (col) => col.notNull().defaultTo(0))
      .addColumn('version', 'bigint', (col) => col.notNull().defaultTo(0))
      .addColumn('hidden', 'integer', (col) => col.notNull().defaultTo(0))
      .addPrimaryKeyConstraint('group_cursors_pk', ['sdk_app_id', 'user_id', 'group_id'])
      .execute();
    // Leaving and dismissing find a group's cursors by group.
    await db.schema
      .createIndex('group_cursors_group')
      .on('group_cursors')
      .columns(['sdk_app_id', 'group_id'])
      .execute();

    await clustered(db.schema.createTable('group_changes'))
      .addColumn('sdk_app_id', 'bigint', (col) => col.notNull())
      .addColumn('group_id', 'text', (col) => col.notNull())
      .addColumn('change_seq', 'bigint', (col) => col.notNull())
      .addColumn('kind', 'text', (col) => col.notNull())
      .addColumn('msg_id', 'text', (col) => col.notNull())
      .addColumn('seq', 'bigint', (col) => col.notNull())
      .addColumn('operator', 'text', (col) => col.notNull())
      .addColumn('reason', 'text', (col) => col.notNull().defaultTo(''))
      .addColumn('created_at', 'bigint', (col) => col.notNull())
      .addPrimaryKeyConstraint('group_changes_pk', ['sdk_app_id', 'group_id', 'change_seq'])
      .execute();

    await clustered(db.schema.createTable('group_mentions'))
      .addColumn('sdk_app_id', 'bigint', (col) => col.notNull())
      .addColumn('group_id', 'text', (col) => col.notNull())
      .addColumn('user_id', 'text', (col) => col.notNull())
      .addColumn('seq', 'bigint', (col) => col.notNull())
      .addPrimaryKeyConstraint('group_mentions_pk', ['sdk_app_id', 'group_id', 'user_id', 'seq'])
      .execute();
  },

  async down(db: Kysely<unknown>): Promise<void> {
    await db.schema.dropTable('group_mentions').execute();
    await db.schema.dropTable('group_changes').execute();
    await db.schema.dropTable('group_cursors').execute();
  },
};
