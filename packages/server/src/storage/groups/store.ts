/**
 * The group store: group rows and member rows. Member writes bump the group's `member_version` so
 * that the directory's cached member lists stay correct on every node (services/groups/directory.ts).
 */
import { type Kysely, sql } from 'kysely';
import type { StorageSchema } from '../schema.js';
import { createApplicationQueries } from './applications.js';
import { createAttributeQueries } from './attributes.js';
import { toGroup, toMember } from './rows.js';
import { createTopicQueries } from './topics.js';
import type { GroupPatch, GroupStore, NewMember } from './types.js';

/** Member versions whose changes are kept per group: a cache further behind reads the whole list. */
export const KEPT_VERSIONS = 1_000;
/** Old changes are pruned once every this many versions, not on every change. */
const PRUNE_EVERY = 100;

export function createGroupStore(db: Kysely<StorageSchema>, options: { singleWriter: boolean }): GroupStore {
  /** Bumps the member version (and count) and records whom the new version changed. */
  const bumpMembers = async (
    sdkAppID: number,
    groupID: string,
    delta: number,
    changed: readonly string[],
  ) => {
    const bumped = await db
      .updateTable('groups')
      .set((eb) => ({
        member_count: eb('member_count', '+', delta),
        member_version: eb('member_version', '+', 1),
      }))
      .where('sdk_app_id', '=', sdkAppID)
      .where('group_id', '=', groupID)
      .returning('member_version')
      .executeTakeFirst();
    if (bumped === undefined || changed.length === 0) return;
    const version = Number(bumped.member_version);
    await db
      .insertInto('group_member_changes')
      .values(
        changed.map((userID) => ({ sdk_app_id: sdkAppID, group_id: groupID, version, user_id: userID })),
      )
      .onConflict((conflict) => conflict.doNothing())
      .execute();
    if (version % PRUNE_EVERY === 0)
      await db
        .deleteFrom('group_member_changes')
        .where('sdk_app_id', '=', sdkAppID)
        .where('group_id', '=', groupID)
        .where('version', '<=', version - KEPT_VERSIONS)
        .execute();
  };

  const insertMembers = async (sdkAppID: number, groupID: string, members: readonly NewMember[]) => {
    if (members.length === 0) return;
    await db
      .insertInto('group_members')
      .values(
        members.map((m) => ({
          sdk_app_id: sdkAppID,
          group_id: groupID,
          user_id: m.userID,
          role: m.role,
          name_card: '',
          custom_info: '{}',
          mute_until: 0,
          join_time: m.joinTime,
          recv_opt: 0,
        })),
      )
      .execute();
  };

  return {
    async get(sdkAppID, groupID, { forUpdate = false } = {}) {
      let query = db
        .selectFrom('groups')
        .selectAll()
        .where('sdk_app_id', '=', sdkAppID)
        .where('group_id', '=', groupID);
      if (forUpdate && !options.singleWriter) query = query.forUpdate();
      const row = await query.executeTakeFirst();
      return row === undefined ? undefined : toGroup(row);
    },

    async create(group, members) {
      const result = await db
        .insertInto('groups')
        .values({
          sdk_app_id: group.sdkAppID,
          group_id: group.groupID,
          type: group.type,
          parent_group_id: group.parentGroupID,
          name: group.name,
          face_url: group.faceURL,
          introduction: group.introduction,
          notification: group.notification,
          owner_id: group.ownerID,
          add_opt: group.addOpt,
          approve_opt: group.approveOpt,
          all_muted: group.allMuted ? 1 : 0,
          custom_info: JSON.stringify(group.customInfo),
          create_time: group.createTime,
          last_info_time: group.lastInfoTime,
          member_count: members.length,
          max_member_count: group.maxMemberCount,
          is_support_topic: group.isSupportTopic ? 1 : 0,
          member_version: 1,
        })
        .onConflict((conflict) => conflict.columns(['sdk_app_id', 'group_id']).doNothing())
        .executeTakeFirst();
      if (result.numInsertedOrUpdatedRows === 0n) return false;
      await insertMembers(group.sdkAppID, group.groupID, members);
      return true;
    },

    async update(sdkAppID, groupID, patch) {
      const columns = groupColumns(patch);
      if (Object.keys(columns).length === 0) return;
      await db
        .updateTable('groups')
        .set(columns)
        .where('sdk_app_id', '=', sdkAppID)
        .where('group_id', '=', groupID)
        .execute();
    },

    async delete(sdkAppID, groupID) {
      for (const table of [
        'group_members',
        'group_member_changes',
        'group_applications',
        'group_attributes',
        'group_counters',
        'groups',
      ] as const) {
        await db
          .deleteFrom(table)
          .where('sdk_app_id', '=', sdkAppID)
          .where('group_id', '=', groupID)
          .execute();
      }
    },

    async members(sdkAppID, groupID) {
      const rows = await db
        .selectFrom('group_members')
        .selectAll()
        .where('sdk_app_id', '=', sdkAppID)
        .where('group_id', '=', groupID)
        .orderBy('join_time')
        .orderBy('role', 'desc')
        .orderBy('user_id')
        .execute();
      return rows.map(toMember);
    },

    async member(sdkAppID, groupID, userID) {
      const row = await db
        .selectFrom('group_members')
        .selectAll()
        .where('sdk_app_id', '=', sdkAppID)
        .where('group_id', '=', groupID)
        .where('user_id', '=', userID)
        .executeTakeFirst();
      return row === undefined ? undefined : toMember(row);
    },

    async membersByID(sdkAppID, groupID, userIDs) {
      if (userIDs.length === 0) return [];
      const rows = await db
        .selectFrom('group_members')
        .selectAll()
        .where('sdk_app_id', '=', sdkAppID)
        .where('group_id', '=', groupID)
        .where('user_id', 'in', [...userIDs])
        .execute();
      return rows.map(toMember);
    },

    async memberChanges(sdkAppID, groupID, fromVersion, toVersion) {
      if (toVersion <= fromVersion) return [];
      const rows = await db
        .selectFrom('group_member_changes')
        .select(['version', 'user_id'])
        .where('sdk_app_id', '=', sdkAppID)
        .where('group_id', '=', groupID)
        .where('version', '>', fromVersion)
        .where('version', '<=', toVersion)
        .execute();
      // Every version records at least one member: a version without rows was pruned (or predates
      // the log), and what it changed is unknown.
      const versions = new Set(rows.map((r) => Number(r.version)));
      if (versions.size !== toVersion - fromVersion) return undefined;
      return [...new Set(rows.map((r) => r.user_id))];
    },

    async membersPage(sdkAppID, groupID, { roles, offset, limit }) {
      let query = db
        .selectFrom('group_members')
        .selectAll()
        .where('sdk_app_id', '=', sdkAppID)
        .where('group_id', '=', groupID);
      if (roles !== undefined) query = query.where('role', 'in', [...roles]);
      const rows = await query
        .orderBy('join_time')
        .orderBy('role', 'desc')
        .orderBy('user_id')
        .offset(offset)
        .limit(limit)
        .execute();
      return rows.map(toMember);
    },

    async addMembers(sdkAppID, groupID, members) {
      if (members.length === 0) return;
      await insertMembers(sdkAppID, groupID, members);
      await bumpMembers(
        sdkAppID,
        groupID,
        members.length,
        members.map((m) => m.userID),
      );
    },

    async removeMembers(sdkAppID, groupID, userIDs) {
      if (userIDs.length === 0) return 0;
      const result = await db
        .deleteFrom('group_members')
        .where('sdk_app_id', '=', sdkAppID)
        .where('group_id', '=', groupID)
        .where('user_id', 'in', [...userIDs])
        .executeTakeFirst();
      const removed = Number(result.numDeletedRows);
      if (removed > 0) await bumpMembers(sdkAppID, groupID, -removed, userIDs);
      return removed;
    },

    async updateMember(sdkAppID, groupID, userID, patch) {
      const columns: Record<string, string | number> = {};
      if (patch.role !== undefined) columns.role = patch.role;
      if (patch.nameCard !== undefined) columns.name_card = patch.nameCard;
      if (patch.customInfo !== undefined) columns.custom_info = JSON.stringify(patch.customInfo);
      if (patch.muteUntil !== undefined) columns.mute_until = patch.muteUntil;
      if (patch.joinTime !== undefined) columns.join_time = patch.joinTime;
      if (Object.keys(columns).length === 0) return;
      await db
        .updateTable('group_members')
        .set(columns)
        .where('sdk_app_id', '=', sdkAppID)
        .where('group_id', '=', groupID)
        .where('user_id', '=', userID)
        .execute();
      await bumpMembers(sdkAppID, groupID, 0, [userID]);
    },

    async joinedGroups(sdkAppID, userID) {
      const rows = await db
        .selectFrom('group_members as m')
        .innerJoin('groups as g', (join) =>
          join.onRef('g.sdk_app_id', '=', 'm.sdk_app_id').onRef('g.group_id', '=', 'm.group_id'),
        )
        .selectAll('g')
        .select([
          'm.user_id as m_user_id',
          'm.role as m_role',
          'm.name_card as m_name_card',
          'm.custom_info as m_custom_info',
          'm.mute_until as m_mute_until',
          'm.join_time as m_join_time',
          'm.recv_opt as m_recv_opt',
        ])
        .where('m.sdk_app_id', '=', sdkAppID)
        .where('m.user_id', '=', userID)
        .orderBy('m.join_time')
        .orderBy('m.group_id')
        .execute();
      return rows.map((row) => ({
        ...toGroup(row),
        self: toMember({
          sdk_app_id: row.sdk_app_id,
          group_id: row.group_id,
          user_id: row.m_user_id,
          role: row.m_role,
          name_card: row.m_name_card,
          custom_info: row.m_custom_info,
          mute_until: row.m_mute_until,
          join_time: row.m_join_time,
          recv_opt: row.m_recv_opt,
        }),
      }));
    },

    async joinedCount(sdkAppID, userID) {
      const row = await db
        .selectFrom('group_members as m')
        .innerJoin('groups as g', (join) =>
          join.onRef('g.sdk_app_id', '=', 'm.sdk_app_id').onRef('g.group_id', '=', 'm.group_id'),
        )
        .select((eb) => eb.fn.countAll().as('n'))
        .where('m.sdk_app_id', '=', sdkAppID)
        .where('m.user_id', '=', userID)
        .where('g.type', '<>', 'AVChatRoom')
        .executeTakeFirst();
      return Number(row?.n ?? 0);
    },

    async listIDs(sdkAppID, { offset, limit, type }) {
      let query = db
        .selectFrom('groups')
        .where('sdk_app_id', '=', sdkAppID)
        .where('parent_group_id', 'is', null);
      if (type !== undefined) query = query.where('type', '=', type);
      const rows = await query.select('group_id').orderBy('group_id').offset(offset).limit(limit).execute();
      const count = await query.select((eb) => eb.fn.countAll().as('n')).executeTakeFirst();
      return { groupIDs: rows.map((r) => r.group_id), total: Number(count?.n ?? 0) };
    },

    async search(sdkAppID, keyword, fields, limit) {
      // LIKE with the keyword's own wildcards escaped; lower() makes it case-insensitive on both databases.
      const pattern = `%${keyword.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      const rows = await db
        .selectFrom('groups')
        .selectAll()
        .where('sdk_app_id', '=', sdkAppID)
        .where('parent_group_id', 'is', null)
        .where((eb) =>
          eb.or([
            ...(fields.groupID ? [eb(sql`lower(group_id)`, 'like', sql`${pattern} escape '\\'`)] : []),
            ...(fields.name ? [eb(sql`lower(name)`, 'like', sql`${pattern} escape '\\'`)] : []),
          ]),
        )
        .orderBy('create_time')
        .limit(limit)
        .execute();
      return rows.map(toGroup);
    },

    ...createApplicationQueries(db),
    ...createAttributeQueries(db),
    ...createTopicQueries(db),
  };
}

function groupColumns(patch: GroupPatch): Record<string, string | number> {
  const columns: Record<string, string | number> = {};
  if (patch.name !== undefined) columns.name = patch.name;
  if (patch.faceURL !== undefined) columns.face_url = patch.faceURL;
  if (patch.introduction !== undefined) columns.introduction = patch.introduction;
  if (patch.notification !== undefined) columns.notification = patch.notification;
  if (patch.ownerID !== undefined) columns.owner_id = patch.ownerID;
  if (patch.addOpt !== undefined) columns.add_opt = patch.addOpt;
  if (patch.approveOpt !== undefined) columns.approve_opt = patch.approveOpt;
  if (patch.allMuted !== undefined) columns.all_muted = patch.allMuted ? 1 : 0;
  if (patch.customInfo !== undefined) columns.custom_info = JSON.stringify(patch.customInfo);
  if (patch.lastInfoTime !== undefined) columns.last_info_time = patch.lastInfoTime;
  return columns;
}
