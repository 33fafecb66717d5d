import type { Kysely, Migration } from 'kysely';

/**
 * Community topics (im-features §3.10) are rows of `groups` whose `parent_group_id` names their
 * community; this index lists a community's topics without scanning every group of the app.
 */
export const communityTopics: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createIndex('groups_by_parent')
      .on('groups')
      .columns(['sdk_app_id', 'parent_group_id'])
      .execute();
  },

  async down(db: Kysely<unknown>): Promise<void> {
    await db.schema.dropIndex('groups_by_parent').execute();
  },
};
