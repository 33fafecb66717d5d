import type { Kysely } from 'kysely';
import type { DialectCapabilities } from '../dialects/dialect.js';
import type { DialectMigration } from './dialect-migration.js';

/**
 * Reactions, key-value extensions and pinned group messages (docs/message-extras.md).
 *
 * - `log_messages.support_extension`: the message was sent with `supportMessageExtension`.
 * - `message_extra_heads`: one row per message that has reactions or extensions. Every write first
 *   bumps the row (an upsert), which locks it on PostgreSQL: writes to one message's reactions and
 *   extensions take turns, so the version checks and the count limits read committed state.
 * - `message_extensions`: a message's keys, each with the extension seq of the write that set it.
 * - `message_reactions`: who reacted with what; `id` orders the users of a reaction (paging).
 * - `group_pinned_messages`: at most 10 per group, checked under the group's log head lock.
 */
export const messageExtras: DialectMigration = {
  async up(db: Kysely<unknown>, capabilities: DialectCapabilities): Promise<void> {
    await db.schema
      .alterTable('log_messages')
      .addColumn('support_extension', 'integer', (col) => col.notNull().defaultTo(0))
      .execute();

    await db.schema
      .createTable('message_extra_heads')
      .addColumn('sdk_app_id', 'bigint', (col) => col.notNull())
      .addColumn('msg_id', 'text', (col) => col.notNull())
      .addColumn('extension_seq', 'bigint', (col) => col.notNull().defaultTo(0))
      .addColumn('writes', 'bigint', (col) => col.notNull().defaultTo(0))
      .addPrimaryKeyConstraint('message_extra_heads_pk', ['sdk_app_id', 'msg_id'])
      .execute();

    await db.schema
      .createTable('message_extensions')
      .addColumn('sdk_app_id', 'bigint', (col) => col.notNull())
      .addColumn('msg_id', 'text', (col) => col.notNull())
      .addColumn('ext_key', 'text', (col) => col.notNull())
      .addColumn('ext_value', 'text', (col) => col.notNull())
      .addColumn('seq', 'bigint', (col) => col.notNull())
      .addPrimaryKeyConstraint('message_extensions_pk', ['sdk_app_id', 'msg_id', 'ext_key'])
      .execute();

    const identity = capabilities.identityColumns;
    await db.schema
      .createTable('message_reactions')
      .addColumn('id', identity ? 'bigint' : 'integer', (col) =>
        identity ? col.primaryKey().generatedAlwaysAsIdentity() : col.primaryKey().autoIncrement(),
      )
      .addColumn('sdk_app_id', 'bigint', (col) => col.notNull())
      .addColumn('msg_id', 'text', (col) => col.notNull())
      .addColumn('reaction_id', 'text', (col) => col.notNull())
      .addColumn('user_id', 'text', (col) => col.notNull())
      .addColumn('created_at', 'bigint', (col) => col.notNull())
      .addUniqueConstraint('message_reactions_once', ['sdk_app_id', 'msg_id', 'reaction_id', 'user_id'])
      .execute();
    await db.schema
      .createIndex('message_reactions_by_message')
      .on('message_reactions')
      .columns(['sdk_app_id', 'msg_id', 'reaction_id', 'id'])
      .execute();

    await db.schema
      .createTable('group_pinned_messages')
      .addColumn('sdk_app_id', 'bigint', (col) => col.notNull())
      .addColumn('group_id', 'text', (col) => col.notNull())
      .addColumn('msg_id', 'text', (col) => col.notNull())
      .addColumn('pinner', 'text', (col) => col.notNull())
      .addColumn('pin_time', 'bigint', (col) => col.notNull())
      .addPrimaryKeyConstraint('group_pinned_messages_pk', ['sdk_app_id', 'group_id', 'msg_id'])
      .execute();
  },

  async down(db: Kysely<unknown>): Promise<void> {
    await db.schema.dropTable('group_pinned_messages').execute();
    await db.schema.dropTable('message_reactions').execute();
    await db.schema.dropTable('message_extensions').execute();
    await db.schema.dropTable('message_extra_heads').execute();
    await db.schema.alterTable('log_messages').dropColumn('support_extension').execute();
  },
};
