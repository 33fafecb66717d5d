import type { Kysely, Migration } from 'kysely';

/**
 * One-to-one messages, the per-user sync timelines and conversations (docs/messages.md).
 *
 * No foreign key to `accounts`: a message may be sent to a user who has not logged in yet (it waits),
 * and deleting an account must not rewrite the other party's history.
 */
export const messages: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable('c2c_messages')
      .addColumn('sdk_app_id', 'bigint', (col) => col.notNull())
      .addColumn('msg_id', 'text', (col) => col.notNull())
      .addColumn('sender_id', 'text', (col) => col.notNull())
      .addColumn('receiver_id', 'text', (col) => col.notNull())
      .addColumn('random', 'bigint', (col) => col.notNull())
      .addColumn('time', 'bigint', (col) => col.notNull())
      .addColumn('body', 'text', (col) => col.notNull())
      .addColumn('cloud_custom_data', 'text', (col) => col.notNull().defaultTo(''))
      .addColumn('excluded_unread', 'integer', (col) => col.notNull().defaultTo(0))
      .addColumn('excluded_last', 'integer', (col) => col.notNull().defaultTo(0))
      .addColumn('revoked', 'integer', (col) => col.notNull().defaultTo(0))
      .addColumn('revoker', 'text')
      .addColumn('revoke_reason', 'text')
      .addColumn('version', 'integer', (col) => col.notNull().defaultTo(0))
      // The msgID is the idempotency key of a send: a resend finds the stored row.
      .addPrimaryKeyConstraint('c2c_messages_pk', ['sdk_app_id', 'msg_id'])
      .execute();

    await db.schema
      .createTable('user_timelines')
      .addColumn('sdk_app_id', 'bigint', (col) => col.notNull())
      .addColumn('user_id', 'text', (col) => col.notNull())
      .addColumn('head_seq', 'bigint', (col) => col.notNull().defaultTo(0))
      .addColumn('acked_seq', 'bigint', (col) => col.notNull().defaultTo(0))
      .addPrimaryKeyConstraint('user_timelines_pk', ['sdk_app_id', 'user_id'])
      .execute();

    await db.schema
      .createTable('timeline_events')
      .addColumn('sdk_app_id', 'bigint', (col) => col.notNull())
      .addColumn('user_id', 'text', (col) => col.notNull())
      .addColumn('seq', 'bigint', (col) => col.notNull())
      .addColumn('kind', 'text', (col) => col.notNull())
      .addColumn('peer_id', 'text', (col) => col.notNull())
      .addColumn('msg_id', 'text')
      .addColumn('payload', 'text')
      .addColumn('created_at', 'bigint', (col) => col.notNull())
      .addPrimaryKeyConstraint('timeline_events_pk', ['sdk_app_id', 'user_id', 'seq'])
      .execute();
    // History of one conversation: the message events of (user, peer) by seq.
    await db.schema
      .createIndex('timeline_events_history')
      .on('timeline_events')
      .columns(['sdk_app_id', 'user_id', 'peer_id', 'kind', 'seq'])
      .execute();
    // A user's entry for a message (delete for me, recall and edit fan-out).
    await db.schema
      .createIndex('timeline_events_message')
      .on('timeline_events')
      .columns(['sdk_app_id', 'msg_id', 'user_id'])
      .execute();

    await db.schema
      .createTable('c2c_conversations')
      .addColumn('sdk_app_id', 'bigint', (col) => col.notNull())
      .addColumn('user_id', 'text', (col) => col.notNull())
      .addColumn('peer_id', 'text', (col) => col.notNull())
      .addColumn('unread_count', 'integer', (col) => col.notNull().defaultTo(0))
      .addColumn('last_msg_id', 'text')
      .addColumn('last_msg_seq', 'bigint', (col) => col.notNull().defaultTo(0))
      .addColumn('is_pinned', 'integer', (col) => col.notNull().defaultTo(0))
      .addColumn('draft_text', 'text', (col) => col.notNull().defaultTo(''))
      .addColumn('draft_time', 'bigint', (col) => col.notNull().defaultTo(0))
      .addColumn('order_key', 'bigint', (col) => col.notNull().defaultTo(0))
      .addColumn('read_time', 'bigint', (col) => col.notNull().defaultTo(0))
      .addColumn('peer_read_time', 'bigint', (col) => col.notNull().defaultTo(0))
      .addColumn('version', 'bigint', (col) => col.notNull().defaultTo(0))
      .addPrimaryKeyConstraint('c2c_conversations_pk', ['sdk_app_id', 'user_id', 'peer_id'])
      .execute();
  },

  async down(db: Kysely<unknown>): Promise<void> {
    await db.schema.dropTable('c2c_conversations').execute();
    await db.schema.dropTable('timeline_events').execute();
    await db.schema.dropTable('user_timelines').execute();
    await db.schema.dropTable('c2c_messages').execute();
  },
};
