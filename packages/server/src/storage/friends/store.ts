/** The friends store over Kysely (SQLite and PostgreSQL alike); see types.ts for the contract. */
import type { Kysely, Selectable } from 'kysely';
import type { StorageSchema } from '../schema.js';
import type { FriendApplicationsTable, FriendsTable } from './tables.js';
import type { FriendApplicationRecord, FriendRecord, FriendStore } from './types.js';

/** Parameters per `IN (…)` list: well under SQLite's and PostgreSQL's caps. */
const CHUNK = 500;

function chunks<T>(items: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += CHUNK) out.push(items.slice(i, i + CHUNK));
  return out;
}

export function createFriendStore(
  db: Kysely<StorageSchema>,
  options: { singleWriter: boolean },
): FriendStore {
  const userIDsWhere = async (
    ids: readonly string[],
    query: (part: string[]) => Promise<string[]>,
  ): Promise<Set<string>> => {
    const found = new Set<string>();
    for (const part of chunks(ids)) for (const id of await query(part)) found.add(id);
    return found;
  };

  return {
    async lockUser(sdkAppID, userID) {
      let query = db
        .selectFrom('accounts')
        .select('user_id')
        .where('sdk_app_id', '=', sdkAppID)
        .where('user_id', '=', userID);
      if (!options.singleWriter) query = query.forUpdate();
      return (await query.executeTakeFirst()) !== undefined;
    },

    async allowType(sdkAppID, userID) {
      const row = await db
        .selectFrom('accounts')
        .select('allow_type')
        .where('sdk_app_id', '=', sdkAppID)
        .where('user_id', '=', userID)
        .executeTakeFirst();
      return row === undefined ? undefined : Number(row.allow_type);
    },

    async setAllowType(sdkAppID, userID, allowType) {
      await db
        .updateTable('accounts')
        .set({ allow_type: allowType })
        .where('sdk_app_id', '=', sdkAppID)
        .where('user_id', '=', userID)
        .execute();
    },

    existing(sdkAppID, userIDs) {
      return userIDsWhere(userIDs, async (part) =>
        (
          await db
            .selectFrom('accounts')
            .select('user_id')
            .where('sdk_app_id', '=', sdkAppID)
            .where('user_id', 'in', part)
            .execute()
        ).map((r) => r.user_id),
      );
    },

    async friends(sdkAppID, userID) {
      const rows = await db
        .selectFrom('friends')
        .selectAll()
        .where('sdk_app_id', '=', sdkAppID)
        .where('user_id', '=', userID)
        .orderBy('add_time')
        .orderBy('friend_id')
        .execute();
      return rows.map(toFriend);
    },

    async friendsAmong(sdkAppID, userID, friendIDs) {
      const out: FriendRecord[] = [];
      for (const part of chunks(friendIDs)) {
        const rows = await db
          .selectFrom('friends')
          .selectAll()
          .where('sdk_app_id', '=', sdkAppID)
          .where('user_id', '=', userID)
          .where('friend_id', 'in', part)
          .execute();
        out.push(...rows.map(toFriend));
      }
      return out;
    },

    async listersOf(sdkAppID, friendID) {
      const rows = await db
        .selectFrom('friends')
        .select('user_id')
        .where('sdk_app_id', '=', sdkAppID)
        .where('friend_id', '=', friendID)
        .execute();
      return rows.map((r) => r.user_id);
    },

    async entriesAbout(sdkAppID, friendID) {
      const rows = await db
        .selectFrom('friends')
        .selectAll()
        .where('sdk_app_id', '=', sdkAppID)
        .where('friend_id', '=', friendID)
        .execute();
      return rows.map(toFriend);
    },

    whoHas(sdkAppID, friendID, userIDs) {
      return userIDsWhere(userIDs, async (part) =>
        (
          await db
            .selectFrom('friends')
            .select('user_id')
            .where('sdk_app_id', '=', sdkAppID)
            .where('friend_id', '=', friendID)
            .where('user_id', 'in', part)
            .execute()
        ).map((r) => r.user_id),
      );
    },

    async countFriends(sdkAppID, userID) {
      const row = await db
        .selectFrom('friends')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('sdk_app_id', '=', sdkAppID)
        .where('user_id', '=', userID)
        .executeTakeFirst();
      return Number(row?.n ?? 0);
    },

    async putFriend(sdkAppID, f) {
      const row = {
        sdk_app_id: sdkAppID,
        user_id: f.userID,
        friend_id: f.friendID,
        remark: f.remark,
        add_source: f.addSource,
        add_wording: f.addWording,
        add_time: f.addTime,
        custom_info: JSON.stringify(f.customInfo),
        groups: JSON.stringify(f.groups),
      };
      const { sdk_app_id, user_id, friend_id, ...rest } = row;
      await db
        .insertInto('friends')
        .values(row)
        .onConflict((c) => c.columns(['sdk_app_id', 'user_id', 'friend_id']).doUpdateSet(rest))
        .execute();
    },

    async deleteFriends(sdkAppID, userID, friendIDs) {
      const deleted: string[] = [];
      for (const part of chunks(friendIDs)) {
        const rows = await db
          .deleteFrom('friends')
          .where('sdk_app_id', '=', sdkAppID)
          .where('user_id', '=', userID)
          .where('friend_id', 'in', part)
          .returning('friend_id')
          .execute();
        deleted.push(...rows.map((r) => r.friend_id));
      }
      return deleted;
    },

    async removeFromLists(sdkAppID, friendID, userIDs) {
      const removed: string[] = [];
      for (const part of chunks(userIDs)) {
        const rows = await db
          .deleteFrom('friends')
          .where('sdk_app_id', '=', sdkAppID)
          .where('friend_id', '=', friendID)
          .where('user_id', 'in', part)
          .returning('user_id')
          .execute();
        removed.push(...rows.map((r) => r.user_id));
      }
      return removed;
    },

    async deleteApplicationsWith(sdkAppID, userID, otherIDs) {
      const removed: { fromUser: string; toUser: string }[] = [];
      for (const part of chunks(otherIDs)) {
        const rows = await db
          .deleteFrom('friend_applications')
          .where('sdk_app_id', '=', sdkAppID)
          .where((eb) =>
            eb.or([
              eb.and([eb('from_user', '=', userID), eb('to_user', 'in', part)]),
              eb.and([eb('to_user', '=', userID), eb('from_user', 'in', part)]),
            ]),
          )
          .returning(['from_user', 'to_user'])
          .execute();
        removed.push(...rows.map((r) => ({ fromUser: r.from_user, toUser: r.to_user })));
      }
      return removed;
    },

    async application(sdkAppID, fromUser, toUser) {
      const row = await db
        .selectFrom('friend_applications')
        .selectAll()
        .where('sdk_app_id', '=', sdkAppID)
        .where('from_user', '=', fromUser)
        .where('to_user', '=', toUser)
        .executeTakeFirst();
      return row === undefined ? undefined : toApplication(row);
    },

    async applicationsOf(sdkAppID, userID, limit) {
      const rows = await db
        .selectFrom('friend_applications')
        .selectAll()
        .where('sdk_app_id', '=', sdkAppID)
        .where((eb) => eb.or([eb('to_user', '=', userID), eb('from_user', '=', userID)]))
        .orderBy('add_time', 'desc')
        .limit(limit)
        .execute();
      return rows.map(toApplication);
    },

    async countApplicationsTo(sdkAppID, toUser) {
      const row = await db
        .selectFrom('friend_applications')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('sdk_app_id', '=', sdkAppID)
        .where('to_user', '=', toUser)
        .executeTakeFirst();
      return Number(row?.n ?? 0);
    },

    async putApplication(sdkAppID, a) {
      const row = {
        sdk_app_id: sdkAppID,
        from_user: a.fromUser,
        to_user: a.toUser,
        add_source: a.addSource,
        add_wording: a.addWording,
        remark: a.remark,
        group_name: a.groupName,
        add_type: a.addType,
        add_time: a.addTime,
      };
      const { sdk_app_id, from_user, to_user, ...rest } = row;
      await db
        .insertInto('friend_applications')
        .values(row)
        .onConflict((c) => c.columns(['sdk_app_id', 'from_user', 'to_user']).doUpdateSet(rest))
        .execute();
    },

    async deleteApplication(sdkAppID, fromUser, toUser) {
      const result = await db
        .deleteFrom('friend_applications')
        .where('sdk_app_id', '=', sdkAppID)
        .where('from_user', '=', fromUser)
        .where('to_user', '=', toUser)
        .executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    },

    async applicationsReadAt(sdkAppID, userID) {
      const row = await db
        .selectFrom('friend_application_reads')
        .select('read_at')
        .where('sdk_app_id', '=', sdkAppID)
        .where('user_id', '=', userID)
        .executeTakeFirst();
      return Number(row?.read_at ?? 0);
    },

    async setApplicationsReadAt(sdkAppID, userID, at) {
      await db
        .insertInto('friend_application_reads')
        .values({ sdk_app_id: sdkAppID, user_id: userID, read_at: at })
        .onConflict((c) => c.columns(['sdk_app_id', 'user_id']).doUpdateSet({ read_at: at }))
        .execute();
    },

    async friendGroups(sdkAppID, userID) {
      const rows = await db
        .selectFrom('friend_groups')
        .select(['name', 'create_time'])
        .where('sdk_app_id', '=', sdkAppID)
        .where('user_id', '=', userID)
        .orderBy('create_time')
        .orderBy('name')
        .execute();
      return rows.map((r) => ({ name: r.name, createTime: Number(r.create_time) }));
    },

    async putFriendGroup(sdkAppID, userID, group) {
      await db
        .insertInto('friend_groups')
        .values({ sdk_app_id: sdkAppID, user_id: userID, name: group.name, create_time: group.createTime })
        .onConflict((c) => c.columns(['sdk_app_id', 'user_id', 'name']).doNothing())
        .execute();
    },

    async deleteFriendGroup(sdkAppID, userID, name) {
      const result = await db
        .deleteFrom('friend_groups')
        .where('sdk_app_id', '=', sdkAppID)
        .where('user_id', '=', userID)
        .where('name', '=', name)
        .executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    },

    async blocked(sdkAppID, userID) {
      const rows = await db
        .selectFrom('blocklist')
        .select(['blocked_id', 'add_time'])
        .where('sdk_app_id', '=', sdkAppID)
        .where('user_id', '=', userID)
        .orderBy('add_time')
        .orderBy('blocked_id')
        .execute();
      return rows.map((r) => ({ blockedID: r.blocked_id, addTime: Number(r.add_time) }));
    },

    async blockLists(sdkAppID, userIDs) {
      const lists = new Map<string, string[]>(userIDs.map((id) => [id, []]));
      for (const part of chunks(userIDs)) {
        const rows = await db
          .selectFrom('blocklist')
          .select(['user_id', 'blocked_id'])
          .where('sdk_app_id', '=', sdkAppID)
          .where('user_id', 'in', part)
          .execute();
        for (const row of rows) lists.get(row.user_id)?.push(row.blocked_id);
      }
      return lists;
    },

    blockedAmong(sdkAppID, userID, userIDs) {
      return userIDsWhere(userIDs, async (part) =>
        (
          await db
            .selectFrom('blocklist')
            .select('blocked_id')
            .where('sdk_app_id', '=', sdkAppID)
            .where('user_id', '=', userID)
            .where('blocked_id', 'in', part)
            .execute()
        ).map((r) => r.blocked_id),
      );
    },

    blockersAmong(sdkAppID, userID, userIDs) {
      return userIDsWhere(userIDs, async (part) =>
        (
          await db
            .selectFrom('blocklist')
            .select('user_id')
            .where('sdk_app_id', '=', sdkAppID)
            .where('blocked_id', '=', userID)
            .where('user_id', 'in', part)
            .execute()
        ).map((r) => r.user_id),
      );
    },

    async putBlocked(sdkAppID, userID, blocks) {
      for (const part of chunks(blocks)) {
        if (part.length === 0) continue;
        await db
          .insertInto('blocklist')
          .values(
            part.map((b) => ({
              sdk_app_id: sdkAppID,
              user_id: userID,
              blocked_id: b.blockedID,
              add_time: b.addTime,
            })),
          )
          .onConflict((c) => c.columns(['sdk_app_id', 'user_id', 'blocked_id']).doNothing())
          .execute();
      }
    },

    async deleteBlocked(sdkAppID, userID, blockedIDs) {
      const deleted: string[] = [];
      for (const part of chunks(blockedIDs)) {
        const rows = await db
          .deleteFrom('blocklist')
          .where('sdk_app_id', '=', sdkAppID)
          .where('user_id', '=', userID)
          .where('blocked_id', 'in', part)
          .returning('blocked_id')
          .execute();
        deleted.push(...rows.map((r) => r.blocked_id));
      }
      return deleted;
    },
    async forgetUser(sdkAppID, userID) {
      const touched = new Set<string>();
      for (const row of await db
        .deleteFrom('friends')
        .where('sdk_app_id', '=', sdkAppID)
        .where('friend_id', '=', userID)
        .returning('user_id')
        .execute())
        touched.add(row.user_id);
      for (const row of await db
        .deleteFrom('blocklist')
        .where('sdk_app_id', '=', sdkAppID)
        .where('blocked_id', '=', userID)
        .returning('user_id')
        .execute())
        touched.add(row.user_id);
      await db
        .deleteFrom('friends')
        .where('sdk_app_id', '=', sdkAppID)
        .where('user_id', '=', userID)
        .execute();
      await db
        .deleteFrom('blocklist')
        .where('sdk_app_id', '=', sdkAppID)
        .where('user_id', '=', userID)
        .execute();
      await db
        .deleteFrom('friend_applications')
        .where('sdk_app_id', '=', sdkAppID)
        .where((eb) => eb.or([eb('from_user', '=', userID), eb('to_user', '=', userID)]))
        .execute();
      for (const table of ['friend_groups', 'friend_application_reads'] as const)
        await db.deleteFrom(table).where('sdk_app_id', '=', sdkAppID).where('user_id', '=', userID).execute();
      touched.delete(userID);
      return [...touched];
    },
  };
}

function toFriend(row: Selectable<FriendsTable>): FriendRecord {
  return {
    userID: row.user_id,
    friendID: row.friend_id,
    remark: row.remark,
    addSource: row.add_source,
    addWording: row.add_wording,
    addTime: Number(row.add_time),
    customInfo: JSON.parse(row.custom_info) as Record<string, string>,
    groups: JSON.parse(row.groups) as string[],
  };
}

function toApplication(row: Selectable<FriendApplicationsTable>): FriendApplicationRecord {
  return {
    fromUser: row.from_user,
    toUser: row.to_user,
    addSource: row.add_source,
    addWording: row.add_wording,
    remark: row.remark,
    groupName: row.group_name,
    addType: Number(row.add_type),
    addTime: Number(row.add_time),
  };
}
