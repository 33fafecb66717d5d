import type { Kysely } from 'kysely';

/**
 * Friends and the blocklist (docs/friends.md): each user's friend entries (one row per direction,
 * so a one-way friendship is one row), pending friend requests, friend groups, the blocklist, the
 * "read up to" time of friend requests, and the two app settings of the relationship chain. The
 * friend-verification setting of each account (`accounts.allow_type`) is a profile field: 0012 adds it. Defaults are written as numbers: a migration states the schema as it was when it shipped.
 */
export const friends = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable('friends')
      .addColumn('sdk_app_id', 'bigint', (col) => col.notNull())
      .addColumn('user_id', 'text', (col) => col.notNull())
      .addColumn('friend_id', 'text', (col) => col.notNull())
      .addColumn('remark', 'text', (col) => col.notNull().defaultTo(''))
      .addColumn('add_source', 'text', (col) => col.notNull().defaultTo(''))
      .addColumn('add_wording', 'text', (col) => col.notNull().defaultTo(''))
      .addColumn('add_time', 'bigint', (col) => col.notNull())
      // JSON: an object of custom fields and an array of friend group names.
      .addColumn('custom_info', 'text', (col) => col.notNull().defaultTo('{}'))
      .addColumn('groups', 'text', (col) => col.notNull().defaultTo('[]'))
      .addPrimaryKeyConstraint('friends_pk', ['sdk_app_id', 'user_id', 'friend_id'])
      .execute();
    // "Who has me in their list" (checkFriend BOTH, deletes both ways).
    await db.schema
      .createIndex('friends_by_friend')
      .on('friends')
      .columns(['sdk_app_id', 'friend_id', 'user_id'])
      .execute();
    await db.schema
      .createTable('friend_applications')
      .addColumn('sdk_app_id', 'bigint', (col) => col.notNull())
      .addColumn('from_user', 'text', (col) => col.notNull())
      .addColumn('to_user', 'text', (col) => col.notNull())
      .addColumn('add_source', 'text', (col) => col.notNull())
      .addColumn('add_wording', 'text', (col) => col.notNull())
      .addColumn('remark', 'text', (col) => col.notNull())
      .addColumn('group_name', 'text', (col) => col.notNull())
      .addColumn('add_type', 'integer', (col) => col.notNull())
      .addColumn('add_time', 'bigint', (col) => col.notNull())
      .addPrimaryKeyConstraint('friend_applications_pk', ['sdk_app_id', 'from_user', 'to_user'])
      .execute();
    await db.schema
      .createIndex('friend_applications_to')
      .on('friend_applications')
      .columns(['sdk_app_id', 'to_user', 'add_time'])
      .execute();
    await db.schema
      .createTable('friend_groups')
      .addColumn('sdk_app_id', 'bigint', (col) => col.notNull())
      .addColumn('user_id', 'text', (col) => col.notNull())
      .addColumn('name', 'text', (col) => col.notNull())
      .addColumn('create_time', 'bigint', (col) => col.notNull())
      .addPrimaryKeyConstraint('friend_groups_pk', ['sdk_app_id', 'user_id', 'name'])
      .execute();
    await db.schema
      .createTable('blocklist')
      .addColumn('sdk_app_id', 'bigint', (col) => col.notNull())
      .addColumn('user_id', 'text', (col) => col.notNull())
      .addColumn('blocked_id', 'text', (col) => col.notNull())
      .addColumn('add_time', 'bigint', (col) => col.notNull())
      .addPrimaryKeyConstraint('blocklist_pk', ['sdk_app_id', 'user_id', 'blocked_id'])
      .execute();
    await db.schema
      .createIndex('blocklist_by_blocked')
      .on('blocklist')
      .columns(['sdk_app_id', 'blocked_id'])
      .execute();
    await db.schema
      .createTable('friend_application_reads')
      .addColumn('sdk_app_id', 'bigint', (col) => col.notNull())
      .addColumn('user_id', 'text', (col) => col.notNull())
      .addColumn('read_at', 'bigint', (col) => col.notNull())
      .addPrimaryKeyConstraint('friend_application_reads_pk', ['sdk_app_id', 'user_id'])
      .execute();
    await db.schema
      .alterTable('apps')
      .addColumn('c2c_friends_only', 'integer', (col) => col.notNull().defaultTo(0))
      .execute();
    await db.schema
      .alterTable('apps')
      .addColumn('reveal_blocked', 'integer', (col) => col.notNull().defaultTo(1))
      .execute();
  },

  async down(db: Kysely<unknown>): Promise<void> {
    await db.schema.alterTable('apps').dropColumn('reveal_blocked').execute();
    await db.schema.alterTable('apps').dropColumn('c2c_friends_only').execute();
    for (const table of [
      'friend_application_reads',
      'blocklist',
      'friend_groups',
      'friend_applications',
      'friends',
    ])
      await db.schema.dropTable(table).execute();
  },
};
