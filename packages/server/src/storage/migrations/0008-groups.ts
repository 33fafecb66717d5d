import type { Kysely, Migration } from 'kysely';

/**
 * Groups (im-features.md §3): the group rows, their members, join/invite applications, custom
 * attributes and counters, and the per-app member limits. `member_version` is bumped by every
 * change of the member list, so a node's cached list is checked with one primary-key read.
 * `parent_group_id` is null for a group and names its community for a topic (topics come later).
 *
 * Defaults are written as numbers, not imported: a migration states the schema as it shipped.
 */
export const groups: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable('groups')
      .addColumn('sdk_app_id', 'bigint', (col) => col.notNull())
      .addColumn('group_id', 'text', (col) => col.notNull())
      .addColumn('type', 'text', (col) => col.notNull())
      .addColumn('parent_group_id', 'text')
      .addColumn('name', 'text', (col) => col.notNull())
      .addColumn('face_url', 'text', (col) => col.notNull().defaultTo(''))
      .addColumn('introduction', 'text', (col) => col.notNull().defaultTo(''))
      .addColumn('notification', 'text', (col) => col.notNull().defaultTo(''))
      .addColumn('owner_id', 'text', (col) => col.notNull())
      .addColumn('add_opt', 'integer', (col) => col.notNull())
      .addColumn('approve_opt', 'integer', (col) => col.notNull())
      .addColumn('all_muted', 'integer', (col) => col.notNull().defaultTo(0))
      .addColumn('custom_info', 'text', (col) => col.notNull().defaultTo('{}'))
      .addColumn('create_time', 'bigint', (col) => col.notNull())
      .addColumn('last_info_time', 'bigint', (col) => col.notNull())
      .addColumn('member_count', 'integer', (col) => col.notNull().defaultTo(0))
      .addColumn('max_member_count', 'integer', (col) => col.notNull())
      .addColumn('is_support_topic', 'integer', (col) => col.notNull().defaultTo(0))
      .addColumn('member_version', 'bigint', (col) => col.notNull().defaultTo(0))
      .addPrimaryKeyConstraint('groups_pk', ['sdk_app_id', 'group_id'])
      .execute();
    // searchGroups by name.
    await db.schema.createIndex('groups_by_name').on('groups').columns(['sdk_app_id', 'name']).execute();

    await db.schema
      .createTable('group_members')
      .addColumn('sdk_app_id', 'bigint', (col) => col.notNull())
      .addColumn('group_id', 'text', (col) => col.notNull())
      .addColumn('user_id', 'text', (col) => col.notNull())
      .addColumn('role', 'integer', (col) => col.notNull())
      .addColumn('name_card', 'text', (col) => col.notNull().defaultTo(''))
      .addColumn('custom_info', 'text', (col) => col.notNull().defaultTo('{}'))
      .addColumn('mute_until', 'bigint', (col) => col.notNull().defaultTo(0))
      .addColumn('join_time', 'bigint', (col) => col.notNull())
      .addColumn('recv_opt', 'integer', (col) => col.notNull().defaultTo(0))
      .addPrimaryKeyConstraint('group_members_pk', ['sdk_app_id', 'group_id', 'user_id'])
      .execute();
    // A user's joined groups.
    await db.schema
      .createIndex('group_members_by_user')
      .on('group_members')
      .columns(['sdk_app_id', 'user_id'])
      .execute();

    await db.schema
      .createTable('group_applications')
      .addColumn('sdk_app_id', 'bigint', (col) => col.notNull())
      .addColumn('group_id', 'text', (col) => col.notNull())
      .addColumn('from_user', 'text', (col) => col.notNull())
      // '' for a join request; the invitee for an invitation.
      .addColumn('to_user', 'text', (col) => col.notNull())
      .addColumn('type', 'integer', (col) => col.notNull())
      .addColumn('request_msg', 'text', (col) => col.notNull().defaultTo(''))
      .addColumn('add_time', 'bigint', (col) => col.notNull())
      .addColumn('handle_status', 'integer', (col) => col.notNull().defaultTo(0))
      .addColumn('handle_result', 'integer', (col) => col.notNull().defaultTo(0))
      .addColumn('handled_msg', 'text', (col) => col.notNull().defaultTo(''))
      .addColumn('handled_by', 'text', (col) => col.notNull().defaultTo(''))
      .addPrimaryKeyConstraint('group_applications_pk', ['sdk_app_id', 'group_id', 'from_user', 'to_user'])
      .execute();
    // When each user last called setGroupApplicationRead: applications added later are unread.
    await db.schema
      .createTable('group_application_reads')
      .addColumn('sdk_app_id', 'bigint', (col) => col.notNull())
      .addColumn('user_id', 'text', (col) => col.notNull())
      .addColumn('read_at', 'bigint', (col) => col.notNull())
      .addPrimaryKeyConstraint('group_application_reads_pk', ['sdk_app_id', 'user_id'])
      .execute();

    await db.schema
      .createTable('group_attributes')
      .addColumn('sdk_app_id', 'bigint', (col) => col.notNull())
      .addColumn('group_id', 'text', (col) => col.notNull())
      .addColumn('key', 'text', (col) => col.notNull())
      .addColumn('value', 'text', (col) => col.notNull())
      .addPrimaryKeyConstraint('group_attributes_pk', ['sdk_app_id', 'group_id', 'key'])
      .execute();
    await db.schema
      .createTable('group_counters')
      .addColumn('sdk_app_id', 'bigint', (col) => col.notNull())
      .addColumn('group_id', 'text', (col) => col.notNull())
      .addColumn('key', 'text', (col) => col.notNull())
      .addColumn('value', 'bigint', (col) => col.notNull())
      .addPrimaryKeyConstraint('group_counters_pk', ['sdk_app_id', 'group_id', 'key'])
      .execute();

    // Member limits per type (im-features §11) and the groups a user may be in.
    const limits: [string, number][] = [
      ['max_members_work', 200],
      ['max_members_public', 2000],
      ['max_members_meeting', 6000],
      ['max_members_community', 100_000],
      ['max_joined_groups', 1000],
    ];
    for (const [column, value] of limits) {
      await db.schema
        .alterTable('apps')
        .addColumn(column, 'integer', (col) => col.notNull().defaultTo(value))
        .execute();
    }
  },

  async down(db: Kysely<unknown>): Promise<void> {
    for (const column of [
      'max_joined_groups',
      'max_members_community',
      'max_members_meeting',
      'max_members_public',
      'max_members_work',
    ]) {
      await db.schema.alterTable('apps').dropColumn(column).execute();
    }
    for (const table of [
      'group_counters',
      'group_attributes',
      'group_application_reads',
      'group_applications',
      'group_members',
      'groups',
    ]) {
      await db.schema.dropTable(table).execute();
    }
  },
};
