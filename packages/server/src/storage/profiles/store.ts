/** The profile store over `accounts` (profile columns) and the tables of migration 0012. */
import { type Expression, type Kysely, type Selectable, type SqlBool, sql } from 'kysely';
import type { AccountsTable, StorageSchema } from '../schema.js';
import type { ProfileChange, ProfileRecord, ProfileStore } from './types.js';

/** Rows per `IN (…)` query: well under every dialect's bound-parameter limit. */
const IN_LIST_CHUNK = 500;

/**
 * `singleWriter` (SQLite): a transaction already excludes every other writer, so rows need no lock;
 * elsewhere the profile row is locked between the read and the write of a change.
 */
export function createProfileStore(
  db: Kysely<StorageSchema>,
  options: { singleWriter: boolean },
): ProfileStore {
  const get = async (sdkAppID: number, userIDs: readonly string[]): Promise<ProfileRecord[]> => {
    const unique = [...new Set(userIDs)];
    const records: ProfileRecord[] = [];
    for (let start = 0; start < unique.length; start += IN_LIST_CHUNK) {
      const rows = await db
        .selectFrom('accounts')
        .selectAll()
        .where('sdk_app_id', '=', sdkAppID)
        .where('user_id', 'in', unique.slice(start, start + IN_LIST_CHUNK))
        .execute();
      records.push(...rows.map(toProfile));
    }
    return records;
  };

  return {
    get,

    async update(sdkAppID, userID, change) {
      // Read, merge the custom fields, write: callers run it in a transaction, so two devices'
      // changes of different custom keys both stay.
      let read = db
        .selectFrom('accounts')
        .selectAll()
        .where('sdk_app_id', '=', sdkAppID)
        .where('user_id', '=', userID);
      if (!options.singleWriter) read = read.forUpdate();
      const row = await read.executeTakeFirst();
      if (row === undefined) return undefined;
      const before = toProfile(row);
      const columns = profileColumns(change, before.customInfo);
      if (Object.keys(columns).length > 0) {
        await db
          .updateTable('accounts')
          .set(columns)
          .where('sdk_app_id', '=', sdkAppID)
          .where('user_id', '=', userID)
          .execute();
      }
      return {
        ...before,
        ...withoutCustom(change),
        customInfo: mergeCustom(before.customInfo, change.customInfo),
      };
    },

    async search(sdkAppID, query) {
      const patterns = query.keywords.map(
        (keyword) => `%${keyword.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`,
      );
      let base = db.selectFrom('accounts').where('sdk_app_id', '=', sdkAppID);
      base = base.where((eb) => {
        const matches: Expression<SqlBool>[] = patterns.map((pattern) =>
          eb.or([
            eb(sql`lower(user_id)`, 'like', sql`${pattern} escape '\\'`),
            eb(sql`lower(nick)`, 'like', sql`${pattern} escape '\\'`),
          ]),
        );
        return query.matchAll ? eb.and(matches) : eb.or(matches);
      });
      if (query.gender !== undefined) base = base.where('gender', '=', query.gender);
      if (query.minBirthday !== undefined) base = base.where('birthday', '>=', query.minBirthday);
      if (query.maxBirthday !== undefined) base = base.where('birthday', '<=', query.maxBirthday);
      const count = await base.select((eb) => eb.fn.countAll().as('n')).executeTakeFirst();
      let page = base.selectAll();
      if (query.after !== undefined) page = page.where('user_id', '>', query.after);
      const rows = await page.orderBy('user_id').limit(query.limit).execute();
      return { profiles: rows.map(toProfile), total: Number(count?.n ?? 0) };
    },

    async subscribe(sdkAppID, subscriber, targets, now, max) {
      if (targets.length === 0) return;
      // Callers run it in a transaction: the insert and the eviction go together.
      // A renewed subscription counts as the newest: it is the last to be evicted.
      await db
        .insertInto('profile_subscriptions')
        .values(
          targets.map((target, i) => ({ sdk_app_id: sdkAppID, subscriber, target, created_at: now + i })),
        )
        .onConflict((c) =>
          c
            .columns(['sdk_app_id', 'subscriber', 'target'])
            .doUpdateSet({ created_at: (eb) => eb.ref('excluded.created_at') }),
        )
        .execute();
      const evicted = await db
        .selectFrom('profile_subscriptions')
        .select('target')
        .where('sdk_app_id', '=', sdkAppID)
        .where('subscriber', '=', subscriber)
        .orderBy('created_at', 'desc')
        .orderBy('target')
        .offset(max)
        .limit(1_000_000)
        .execute();
      if (evicted.length === 0) return;
      await db
        .deleteFrom('profile_subscriptions')
        .where('sdk_app_id', '=', sdkAppID)
        .where('subscriber', '=', subscriber)
        .where(
          'target',
          'in',
          evicted.map((row) => row.target),
        )
        .execute();
    },

    async unsubscribe(sdkAppID, subscriber, targets) {
      let query = db
        .deleteFrom('profile_subscriptions')
        .where('sdk_app_id', '=', sdkAppID)
        .where('subscriber', '=', subscriber);
      if (targets !== undefined) {
        if (targets.length === 0) return;
        query = query.where('target', 'in', [...targets]);
      }
      await query.execute();
    },

    async subscribers(sdkAppID, target) {
      const rows = await db
        .selectFrom('profile_subscriptions')
        .select('subscriber')
        .where('sdk_app_id', '=', sdkAppID)
        .where('target', '=', target)
        .execute();
      return rows.map((row) => row.subscriber);
    },

    async setC2CReceiveOpt(sdkAppID, userID, peers, opt) {
      if (peers.length === 0) return;
      if (opt === 0) {
        await db
          .deleteFrom('c2c_receive_opts')
          .where('sdk_app_id', '=', sdkAppID)
          .where('user_id', '=', userID)
          .where('peer_id', 'in', [...peers])
          .execute();
        return;
      }
      await db
        .insertInto('c2c_receive_opts')
        .values(peers.map((peer) => ({ sdk_app_id: sdkAppID, user_id: userID, peer_id: peer, opt })))
        .onConflict((c) => c.columns(['sdk_app_id', 'user_id', 'peer_id']).doUpdateSet({ opt }))
        .execute();
    },

    async c2cReceiveOpts(sdkAppID, userID, peers) {
      if (peers.length === 0) return new Map();
      const rows = await db
        .selectFrom('c2c_receive_opts')
        .select(['peer_id', 'opt'])
        .where('sdk_app_id', '=', sdkAppID)
        .where('user_id', '=', userID)
        .where('peer_id', 'in', [...peers])
        .execute();
      return new Map(rows.map((row) => [row.peer_id, Number(row.opt)]));
    },

    async c2cReceiveOptsOfPairs(sdkAppID, pairs) {
      const found = new Map<string, number>();
      const wanted = new Set(pairs.map((p) => `${p.userID}\n${p.peer}`));
      // Rows are few (only for peers a user set an option for): the rows of the users and peers
      // involved are read, and the pairs asked for are kept.
      for (let start = 0; start < pairs.length; start += IN_LIST_CHUNK) {
        const part = pairs.slice(start, start + IN_LIST_CHUNK);
        const rows = await db
          .selectFrom('c2c_receive_opts')
          .select(['user_id', 'peer_id', 'opt'])
          .where('sdk_app_id', '=', sdkAppID)
          .where('user_id', 'in', [...new Set(part.map((p) => p.userID))])
          .where('peer_id', 'in', [...new Set(part.map((p) => p.peer))])
          .execute();
        for (const row of rows) {
          const k = `${row.user_id}\n${row.peer_id}`;
          if (wanted.has(k)) found.set(k, Number(row.opt));
        }
      }
      return found;
    },

    async setAllReceiveOpt(sdkAppID, userID, option) {
      const columns = {
        opt: option.opt,
        start_hour: option.startHour,
        start_minute: option.startMinute,
        start_second: option.startSecond,
        start_time_stamp: option.startTimeStamp,
        duration: option.duration,
      };
      await db
        .insertInto('all_receive_opts')
        .values({ sdk_app_id: sdkAppID, user_id: userID, ...columns })
        .onConflict((c) => c.columns(['sdk_app_id', 'user_id']).doUpdateSet(columns))
        .execute();
    },

    async allReceiveOpt(sdkAppID, userID) {
      const row = await db
        .selectFrom('all_receive_opts')
        .selectAll()
        .where('sdk_app_id', '=', sdkAppID)
        .where('user_id', '=', userID)
        .executeTakeFirst();
      if (row === undefined) return undefined;
      return {
        opt: Number(row.opt),
        startHour: Number(row.start_hour),
        startMinute: Number(row.start_minute),
        startSecond: Number(row.start_second),
        startTimeStamp: Number(row.start_time_stamp),
        duration: Number(row.duration),
      };
    },

    async forget(sdkAppID, userID) {
      await db
        .deleteFrom('profile_subscriptions')
        .where('sdk_app_id', '=', sdkAppID)
        .where((eb) => eb.or([eb('subscriber', '=', userID), eb('target', '=', userID)]))
        .execute();
      await db
        .deleteFrom('c2c_receive_opts')
        .where('sdk_app_id', '=', sdkAppID)
        .where((eb) => eb.or([eb('user_id', '=', userID), eb('peer_id', '=', userID)]))
        .execute();
      await db
        .deleteFrom('all_receive_opts')
        .where('sdk_app_id', '=', sdkAppID)
        .where('user_id', '=', userID)
        .execute();
    },

    async groupReceiveOpts(sdkAppID, userID) {
      const rows = await db
        .selectFrom('group_members')
        .select(['group_id', 'recv_opt'])
        .where('sdk_app_id', '=', sdkAppID)
        .where('user_id', '=', userID)
        .execute();
      return new Map(rows.map((row) => [row.group_id, Number(row.recv_opt)]));
    },

    async setGroupReceiveOpt(sdkAppID, groupID, userID, opt) {
      const result = await db
        .updateTable('group_members')
        .set({ recv_opt: opt })
        .where('sdk_app_id', '=', sdkAppID)
        .where('group_id', '=', groupID)
        .where('user_id', '=', userID)
        .executeTakeFirst();
      return result.numUpdatedRows > 0n;
    },
  };
}

function toProfile(row: Selectable<AccountsTable>): ProfileRecord {
  return {
    userID: row.user_id,
    nick: row.nick,
    faceUrl: row.face_url,
    selfSignature: row.self_signature,
    gender: Number(row.gender),
    birthday: Number(row.birthday),
    level: Number(row.level),
    role: Number(row.role),
    allowType: Number(row.allow_type),
    msgSettings: Number(row.msg_settings),
    customInfo: parseCustom(row.custom_info),
  };
}

function parseCustom(text: string): Record<string, string> {
  const value: unknown = JSON.parse(text);
  if (typeof value !== 'object' || value === null) return {};
  return Object.fromEntries(Object.entries(value).filter(([, v]) => typeof v === 'string')) as Record<
    string,
    string
  >;
}

/** Custom fields after a change: '' removes a key. */
function mergeCustom(before: Record<string, string>, change: Record<string, string> | undefined) {
  if (change === undefined) return before;
  const merged = { ...before, ...change };
  for (const [key, value] of Object.entries(change)) if (value === '') delete merged[key];
  return merged;
}

function withoutCustom(change: ProfileChange): Omit<ProfileChange, 'customInfo'> {
  const { customInfo: _, ...rest } = change;
  return rest;
}

function profileColumns(change: ProfileChange, customBefore: Record<string, string>) {
  const columns: Record<string, string | number> = {};
  if (change.nick !== undefined) columns.nick = change.nick;
  if (change.faceUrl !== undefined) columns.face_url = change.faceUrl;
  if (change.selfSignature !== undefined) columns.self_signature = change.selfSignature;
  if (change.gender !== undefined) columns.gender = change.gender;
  if (change.birthday !== undefined) columns.birthday = change.birthday;
  if (change.level !== undefined) columns.level = change.level;
  if (change.role !== undefined) columns.role = change.role;
  if (change.allowType !== undefined) columns.allow_type = change.allowType;
  if (change.msgSettings !== undefined) columns.msg_settings = change.msgSettings;
  if (change.customInfo !== undefined)
    columns.custom_info = JSON.stringify(mergeCustom(customBefore, change.customInfo));
  return columns;
}
