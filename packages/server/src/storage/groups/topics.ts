/**
 * Community topics as rows of `groups` (im-features §3.10): `parent_group_id` names the community,
 * there are no member rows (a topic's members are its community's), and `custom_info` holds the
 * topic's `customString` under one key, since a topic has no legacy custom fields of its own.
 */
import type { Kysely } from 'kysely';
import type { StorageSchema } from '../schema.js';
import { toGroup } from './rows.js';
import type { GroupStore } from './types.js';

type TopicQueries = Pick<GroupStore, 'topics'>;

export function createTopicQueries(db: Kysely<StorageSchema>): TopicQueries {
  return {
    async topics(sdkAppID, communityID) {
      const rows = await db
        .selectFrom('groups')
        .selectAll()
        .where('sdk_app_id', '=', sdkAppID)
        .where('parent_group_id', '=', communityID)
        .orderBy('create_time')
        .orderBy('group_id')
        .execute();
      return rows.map(toGroup);
    },
  };
}
