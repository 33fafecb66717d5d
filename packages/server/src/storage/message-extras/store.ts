/**
 * Reactions, extensions and pinned group messages on SQLite and PostgreSQL alike
 * (docs/message-extras.md). Every write first bumps the message's row of `message_extra_heads` in
 * its transaction: on PostgreSQL that row lock makes writes to one message take turns (SQLite has
 * one writer anyway), so each write's checks (versions, counts) see every earlier write committed.
 * Checks come before changes, so a refused write changes nothing and needs no rollback.
 */
import type {
  ExtensionDelete,
  ExtensionWrite,
  WireExtension,
  WireMessage,
  WireReaction,
} from '@parley/protocol';
import { type Kysely, sql } from 'kysely';
import { viewGroupMessage } from '../messaging/group-store-base.js';
import { groupConversationKey } from '../messaging/keys.js';
import type { StorageSchema } from '../schema.js';

type Db = Kysely<StorageSchema>;

/** A reaction's users after a change: how many, and the first `partial` of them. */
export interface ReactionCount {
  totalUserCount: number;
  partialUserList: string[];
}

export type AddReactionResult =
  | ({ kind: 'added' } & ReactionCount)
  | { kind: 'already' }
  | { kind: 'reactionLimit' }
  | { kind: 'userLimit' };

export type RemoveReactionResult = ({ kind: 'removed' } & ReactionCount) | { kind: 'absent' };

export interface ReactionLimits {
  reactionsPerMessage: number;
  usersPerReaction: number;
  /** Users listed in the result. */
  partialUsers: number;
}

/** One write to a message's extensions: keys to set, and keys to delete (or all of them). */
export interface ExtensionChange {
  set?: readonly ExtensionWrite[];
  remove?: readonly ExtensionDelete[] | 'all';
}

export type ExtensionWriteResult =
  /** `set` as stored (with the write's seq); `deleted` the keys that were there and are gone. */
  | { kind: 'written'; seq: number; set: WireExtension[]; deleted: string[] }
  /** A key's seq was not the one given: nothing was written; `current` is the keys' state now. */
  | { kind: 'conflict'; current: WireExtension[] }
  /** The message would hold more keys than allowed. */
  | { kind: 'tooMany' };

export interface PinRecord {
  msgID: string;
  pinner: string;
  pinTime: number;
}

export interface MessageExtrasStore {
  addReaction(
    sdkAppID: number,
    msgID: string,
    reactionID: string,
    userID: string,
    limits: ReactionLimits,
    now: number,
  ): Promise<AddReactionResult>;
  removeReaction(
    sdkAppID: number,
    msgID: string,
    reactionID: string,
    userID: string,
    partialUsers: number,
  ): Promise<RemoveReactionResult>;
  /** Each message's reactions in the order they first appeared; messages without any are left out. */
  reactions(
    sdkAppID: number,
    msgIDs: readonly string[],
    viewer: string,
    partialUsers: number,
  ): Promise<Map<string, WireReaction[]>>;
  /** A page of a reaction's users in the order they reacted, after the cursor `after` (0: from the first). */
  reactionUsers(
    sdkAppID: number,
    msgID: string,
    reactionID: string,
    after: number,
    count: number,
  ): Promise<{ userIDs: string[]; nextSeq: number; isFinished: boolean }>;
  /** The message's keys by seq; with `page`, those with seq ≥ `startSeq`, at most `limit`. */
  extensions(
    sdkAppID: number,
    msgID: string,
    page?: { startSeq: number; limit: number },
  ): Promise<WireExtension[]>;
  writeExtensions(
    sdkAppID: number,
    msgID: string,
    change: ExtensionChange,
    maxKeys: number,
  ): Promise<ExtensionWriteResult>;
  /** The group's pinned messages, most recently pinned first. */
  pins(sdkAppID: number, groupID: string): Promise<PinRecord[]>;
  pin(
    sdkAppID: number,
    groupID: string,
    msgID: string,
    pinner: string,
    now: number,
    limit: number,
  ): Promise<'pinned' | 'already' | 'full'>;
  /** `false` when the message was not pinned. */
  unpin(sdkAppID: number, groupID: string, msgID: string): Promise<boolean>;
  /** The msgID of the group message at `seq`, if there is one. */
  groupMessageIDAt(sdkAppID: number, groupID: string, seq: number): Promise<string | undefined>;
  /** A stored group message as every member sees it. */
  groupMessage(sdkAppID: number, msgID: string): Promise<WireMessage | undefined>;
  /** The members a targeted group message is for (its sender included); empty when not targeted. */
  targetsOf(sdkAppID: number, groupID: string, seq: number): Promise<string[]>;
}

/** The lock row of a group's pins: a tab never occurs in a msgID, so it cannot be a message's. */
const pinsKey = (groupID: string) => `pins\t${groupID}`;

export function createMessageExtrasStore(db: Db): MessageExtrasStore {
  const atomic = <T>(fn: (trx: Db) => Promise<T>): Promise<T> =>
    db.isTransaction ? fn(db) : db.transaction().execute(fn);

  /** Takes the row's lock (creating it); resolves the message's extension seq. */
  const lock = async (trx: Db, sdkAppID: number, key: string): Promise<number> => {
    const row = await trx
      .insertInto('message_extra_heads')
      .values({ sdk_app_id: sdkAppID, msg_id: key, extension_seq: 0, writes: 1 })
      .onConflict((oc) =>
        oc
          .columns(['sdk_app_id', 'msg_id'])
          .doUpdateSet({ writes: sql<number>`message_extra_heads.writes + 1` }),
      )
      .returning('extension_seq')
      .executeTakeFirstOrThrow();
    return Number(row.extension_seq);
  };

  const reactionCount = async (
    trx: Db,
    sdkAppID: number,
    msgID: string,
    reactionID: string,
    partial: number,
  ): Promise<ReactionCount> => {
    const total = await trx
      .selectFrom('message_reactions')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('sdk_app_id', '=', sdkAppID)
      .where('msg_id', '=', msgID)
      .where('reaction_id', '=', reactionID)
      .executeTakeFirstOrThrow();
    const first =
      partial === 0
        ? []
        : await trx
            .selectFrom('message_reactions')
            .select('user_id')
            .where('sdk_app_id', '=', sdkAppID)
            .where('msg_id', '=', msgID)
            .where('reaction_id', '=', reactionID)
            .orderBy('id')
            .limit(partial)
            .execute();
    return { totalUserCount: Number(total.n), partialUserList: first.map((r) => r.user_id) };
  };

  const keysOf = async (trx: Db, sdkAppID: number, msgID: string, keys?: readonly string[]) => {
    if (keys !== undefined && keys.length === 0) return [];
    let query = trx
      .selectFrom('message_extensions')
      .select(['ext_key', 'ext_value', 'seq'])
      .where('sdk_app_id', '=', sdkAppID)
      .where('msg_id', '=', msgID);
    if (keys !== undefined) query = query.where('ext_key', 'in', [...keys]);
    const rows = await query.orderBy('seq').orderBy('ext_key').execute();
    return rows.map((r): WireExtension => ({ key: r.ext_key, value: r.ext_value, seq: Number(r.seq) }));
  };

  return {
    addReaction(sdkAppID, msgID, reactionID, userID, limits, now) {
      return atomic(async (trx) => {
        await lock(trx, sdkAppID, msgID);
        const rows = await trx
          .selectFrom('message_reactions')
          .select(['reaction_id', 'user_id'])
          .where('sdk_app_id', '=', sdkAppID)
          .where('msg_id', '=', msgID)
          .execute();
        if (rows.some((r) => r.reaction_id === reactionID && r.user_id === userID))
          return { kind: 'already' };
        const kinds = new Set(rows.map((r) => r.reaction_id));
        if (!kinds.has(reactionID) && kinds.size >= limits.reactionsPerMessage)
          return { kind: 'reactionLimit' };
        if (rows.filter((r) => r.reaction_id === reactionID).length >= limits.usersPerReaction)
          return { kind: 'userLimit' };
        await trx
          .insertInto('message_reactions')
          .values({
            sdk_app_id: sdkAppID,
            msg_id: msgID,
            reaction_id: reactionID,
            user_id: userID,
            created_at: now,
          })
          .execute();
        return {
          kind: 'added',
          ...(await reactionCount(trx, sdkAppID, msgID, reactionID, limits.partialUsers)),
        };
      });
    },

    removeReaction(sdkAppID, msgID, reactionID, userID, partialUsers) {
      return atomic(async (trx) => {
        await lock(trx, sdkAppID, msgID);
        const gone = await trx
          .deleteFrom('message_reactions')
          .where('sdk_app_id', '=', sdkAppID)
          .where('msg_id', '=', msgID)
          .where('reaction_id', '=', reactionID)
          .where('user_id', '=', userID)
          .executeTakeFirst();
        if (Number(gone.numDeletedRows) === 0) return { kind: 'absent' };
        return {
          kind: 'removed',
          ...(await reactionCount(trx, sdkAppID, msgID, reactionID, partialUsers)),
        };
      });
    },

    async reactions(sdkAppID, msgIDs, viewer, partialUsers) {
      const result = new Map<string, WireReaction[]>();
      if (msgIDs.length === 0) return result;
      const rows = await db
        .selectFrom('message_reactions')
        .select(['msg_id', 'reaction_id', 'user_id'])
        .where('sdk_app_id', '=', sdkAppID)
        .where('msg_id', 'in', [...msgIDs])
        .orderBy('id')
        .execute();
      const byMessage = new Map<string, Map<string, WireReaction>>();
      for (const row of rows) {
        let reactions = byMessage.get(row.msg_id);
        if (!reactions) {
          reactions = new Map();
          byMessage.set(row.msg_id, reactions);
        }
        let reaction = reactions.get(row.reaction_id);
        if (!reaction) {
          reaction = {
            reactionID: row.reaction_id,
            totalUserCount: 0,
            partialUserList: [],
            reactedByMyself: false,
          };
          reactions.set(row.reaction_id, reaction);
        }
        reaction.totalUserCount++;
        if (reaction.partialUserList.length < partialUsers) reaction.partialUserList.push(row.user_id);
        if (row.user_id === viewer) reaction.reactedByMyself = true;
      }
      for (const [msgID, reactions] of byMessage) result.set(msgID, [...reactions.values()]);
      return result;
    },

    async reactionUsers(sdkAppID, msgID, reactionID, after, count) {
      const rows = await db
        .selectFrom('message_reactions')
        .select(['id', 'user_id'])
        .where('sdk_app_id', '=', sdkAppID)
        .where('msg_id', '=', msgID)
        .where('reaction_id', '=', reactionID)
        .where('id', '>', after)
        .orderBy('id')
        .limit(count + 1)
        .execute();
      const page = rows.slice(0, count);
      const last = page.at(-1);
      return {
        userIDs: page.map((r) => r.user_id),
        nextSeq: last === undefined ? after : Number(last.id),
        isFinished: rows.length <= count,
      };
    },

    async extensions(sdkAppID, msgID, page) {
      if (!page) return keysOf(db, sdkAppID, msgID);
      const rows = await db
        .selectFrom('message_extensions')
        .select(['ext_key', 'ext_value', 'seq'])
        .where('sdk_app_id', '=', sdkAppID)
        .where('msg_id', '=', msgID)
        .where('seq', '>=', page.startSeq)
        .orderBy('seq')
        .orderBy('ext_key')
        .limit(page.limit)
        .execute();
      return rows.map((r) => ({ key: r.ext_key, value: r.ext_value, seq: Number(r.seq) }));
    },

    writeExtensions(sdkAppID, msgID, change, maxKeys) {
      return atomic(async (trx): Promise<ExtensionWriteResult> => {
        const headSeq = await lock(trx, sdkAppID, msgID);
        const sets = change.set ?? [];
        const removals = change.remove ?? [];
        const named =
          removals === 'all'
            ? undefined
            : [...new Set([...sets.map((e) => e.key), ...removals.map((e) => e.key)])];
        const current = await keysOf(trx, sdkAppID, msgID, named);
        const seqOf = new Map(current.map((e) => [e.key, e.seq]));
        // Compare-and-set: every key written with a seq must still be at that seq (0 = unset).
        const stale =
          sets.some((e) => e.seq !== undefined && (seqOf.get(e.key) ?? 0) !== e.seq) ||
          (removals !== 'all' &&
            removals.some((e) => e.seq !== undefined && (seqOf.get(e.key) ?? 0) !== e.seq));
        if (stale) return { kind: 'conflict', current };
        const deleted =
          removals === 'all'
            ? current.map((e) => e.key)
            : removals.flatMap((e) => (seqOf.has(e.key) ? [e.key] : []));
        if (sets.length > 0) {
          const total = await trx
            .selectFrom('message_extensions')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .where('sdk_app_id', '=', sdkAppID)
            .where('msg_id', '=', msgID)
            .executeTakeFirstOrThrow();
          const added = new Set(sets.filter((e) => !seqOf.has(e.key)).map((e) => e.key)).size;
          if (Number(total.n) + added - deleted.length > maxKeys) return { kind: 'tooMany' };
        }
        if (sets.length === 0 && deleted.length === 0)
          return { kind: 'written', seq: headSeq, set: [], deleted };
        const seq = headSeq + 1;
        await trx
          .updateTable('message_extra_heads')
          .set({ extension_seq: seq })
          .where('sdk_app_id', '=', sdkAppID)
          .where('msg_id', '=', msgID)
          .execute();
        if (deleted.length > 0)
          await trx
            .deleteFrom('message_extensions')
            .where('sdk_app_id', '=', sdkAppID)
            .where('msg_id', '=', msgID)
            .where('ext_key', 'in', deleted)
            .execute();
        // The last value of a key named twice in one call wins.
        const stored = new Map(sets.map((e) => [e.key, e.value]));
        if (stored.size > 0)
          await trx
            .insertInto('message_extensions')
            .values(
              [...stored].map(([key, value]) => ({
                sdk_app_id: sdkAppID,
                msg_id: msgID,
                ext_key: key,
                ext_value: value,
                seq,
              })),
            )
            .onConflict((oc) =>
              oc.columns(['sdk_app_id', 'msg_id', 'ext_key']).doUpdateSet((eb) => ({
                ext_value: eb.ref('excluded.ext_value'),
                seq: eb.ref('excluded.seq'),
              })),
            )
            .execute();
        return {
          kind: 'written',
          seq,
          set: [...stored].map(([key, value]) => ({ key, value, seq })),
          deleted: deleted.filter((key) => !stored.has(key)),
        };
      });
    },

    async pins(sdkAppID, groupID) {
      const rows = await db
        .selectFrom('group_pinned_messages')
        .select(['msg_id', 'pinner', 'pin_time'])
        .where('sdk_app_id', '=', sdkAppID)
        .where('group_id', '=', groupID)
        .orderBy('pin_time', 'desc')
        .orderBy('msg_id')
        .execute();
      return rows.map((r) => ({ msgID: r.msg_id, pinner: r.pinner, pinTime: Number(r.pin_time) }));
    },

    pin(sdkAppID, groupID, msgID, pinner, now, limit) {
      return atomic(async (trx) => {
        await lock(trx, sdkAppID, pinsKey(groupID));
        const rows = await trx
          .selectFrom('group_pinned_messages')
          .select(['msg_id', 'pin_time'])
          .where('sdk_app_id', '=', sdkAppID)
          .where('group_id', '=', groupID)
          .execute();
        if (rows.some((r) => r.msg_id === msgID)) return 'already';
        if (rows.length >= limit) return 'full';
        // Pin times only grow within a group, so the list's order is the order of pinning.
        const pinTime = Math.max(now, ...rows.map((r) => Number(r.pin_time) + 1));
        await trx
          .insertInto('group_pinned_messages')
          .values({ sdk_app_id: sdkAppID, group_id: groupID, msg_id: msgID, pinner, pin_time: pinTime })
          .execute();
        return 'pinned';
      });
    },

    unpin(sdkAppID, groupID, msgID) {
      return atomic(async (trx) => {
        await lock(trx, sdkAppID, pinsKey(groupID));
        const gone = await trx
          .deleteFrom('group_pinned_messages')
          .where('sdk_app_id', '=', sdkAppID)
          .where('group_id', '=', groupID)
          .where('msg_id', '=', msgID)
          .executeTakeFirst();
        return Number(gone.numDeletedRows) > 0;
      });
    },

    async groupMessageIDAt(sdkAppID, groupID, seq) {
      const row = await db
        .selectFrom('log_messages')
        .select('msg_id')
        .where('sdk_app_id', '=', sdkAppID)
        .where('conv_id', '=', groupConversationKey(groupID))
        .where('seq', '=', seq)
        .executeTakeFirst();
      return row?.msg_id;
    },

    async groupMessage(sdkAppID, msgID) {
      const row = await db
        .selectFrom('log_messages')
        .selectAll()
        .where('sdk_app_id', '=', sdkAppID)
        .where('msg_id', '=', msgID)
        .executeTakeFirst();
      return row?.conv_id.startsWith('group\t') ? viewGroupMessage(row) : undefined;
    },

    async targetsOf(sdkAppID, groupID, seq) {
      const rows = await db
        .selectFrom('group_message_targets')
        .select('user_id')
        .where('sdk_app_id', '=', sdkAppID)
        .where('group_id', '=', groupID)
        .where('seq', '=', seq)
        .execute();
      return rows.map((r) => r.user_id);
    },
  };
}
