/**
 * The member cursors of group logs (migration 0009): join, leave, dismissal, read, pin and draft,
 * delete for me and clear. Each writes only the acting member's rows (or, for join and leave, the
 * rows of the members named).
 */

import { groupUnread } from './group-rules.js';
import type { GroupStoreBase } from './group-store-base.js';
import type { GroupLogStore } from './group-types.js';
import { groupConversationKey } from './keys.js';

export type GroupCursorMethods = Pick<
  GroupLogStore,
  | 'cursor'
  | 'cursors'
  | 'totalUnread'
  | 'join'
  | 'leave'
  | 'dismiss'
  | 'markRead'
  | 'setUnread'
  | 'updateCursor'
  | 'deleteForMember'
  | 'clearForMember'
>;

/** Group logs read per statement when summing a user's unread. */
const LOGS_PER_READ = 500;

export function groupCursorMethods(base: GroupStoreBase): GroupCursorMethods {
  const { db, statements, atomic, readHeads, readCursor } = base;
  return {
    async cursor(sdkAppID, userID, groupID) {
      return readCursor(db, sdkAppID, userID, groupID);
    },

    cursors(sdkAppID, userID) {
      return db
        .selectFrom('group_cursors')
        .selectAll()
        .where('sdk_app_id', '=', sdkAppID)
        .where('user_id', '=', userID)
        .execute();
    },

    async totalUnread(sdkAppID, userID) {
      const cursors = await db
        .selectFrom('group_cursors')
        .select(['group_id', 'read_count', 'unread_adjust'])
        .where('sdk_app_id', '=', sdkAppID)
        .where('user_id', '=', userID)
        .execute();
      let total = 0;
      for (let start = 0; start < cursors.length; start += LOGS_PER_READ) {
        const part = cursors.slice(start, start + LOGS_PER_READ);
        const logs = await db
          .selectFrom('conversation_logs')
          .select(['conv_id', 'count_0'])
          .where('sdk_app_id', '=', sdkAppID)
          .where(
            'conv_id',
            'in',
            part.map((c) => groupConversationKey(c.group_id)),
          )
          .execute();
        const counts = new Map(logs.map((l) => [l.conv_id, Number(l.count_0)]));
        // A log's count grows only with messages its type counts (none in Meeting or AVChatRoom).
        for (const cursor of part)
          total += groupUnread(cursor, counts.get(groupConversationKey(cursor.group_id)) ?? 0, true);
      }
      return total;
    },

    join(sdkAppID, groupID, userIDs, { now, stamp, historyBeforeJoin }) {
      return atomic(async (trx) => {
        const heads = await readHeads(trx, sdkAppID, groupID);
        for (const userID of userIDs) {
          const values = {
            read_seq: heads.headSeq,
            read_count: heads.count,
            unread_adjust: 0,
            cleared_seq: historyBeforeJoin ? 0 : heads.headSeq,
            join_time: now,
            is_pinned: 0,
            draft_text: '',
            draft_time: 0,
            activity_time: now,
            version: stamp,
            hidden: 0,
          };
          await trx
            .insertInto('group_cursors')
            .values({ sdk_app_id: sdkAppID, user_id: userID, group_id: groupID, ...values })
            // Joining again (after leaving, or a repeated call) starts over at the head.
            .onConflict((c) => c.columns(['sdk_app_id', 'user_id', 'group_id']).doUpdateSet(values))
            .execute();
        }
      });
    },

    leave(sdkAppID, groupID, userIDs) {
      return atomic(async (trx) => {
        if (userIDs.length === 0) return;
        await trx
          .deleteFrom('group_cursors')
          .where('sdk_app_id', '=', sdkAppID)
          .where('group_id', '=', groupID)
          .where('user_id', 'in', [...userIDs])
          .execute();
        await trx
          .deleteFrom('group_mentions')
          .where('sdk_app_id', '=', sdkAppID)
          .where('group_id', '=', groupID)
          .where('user_id', 'in', [...userIDs])
          .execute();
      });
    },

    dismiss(sdkAppID, groupID) {
      return atomic(async (trx) => {
        const convID = groupConversationKey(groupID);
        for (const table of [
          'group_cursors',
          'group_changes',
          'group_mentions',
          'group_message_targets',
        ] as const) {
          await trx
            .deleteFrom(table)
            .where('sdk_app_id', '=', sdkAppID)
            .where('group_id', '=', groupID)
            .execute();
        }
        for (const table of ['log_messages', 'conversation_logs', 'hidden_messages'] as const) {
          await trx
            .deleteFrom(table)
            .where('sdk_app_id', '=', sdkAppID)
            .where('conv_id', '=', convID)
            .execute();
        }
      });
    },

    setUnread(sdkAppID, userID, groupID, unread, stamp) {
      return atomic(async (trx) => {
        const cursor = await readCursor(trx, sdkAppID, userID, groupID, true);
        if (!cursor) return undefined;
        const heads = await readHeads(trx, sdkAppID, groupID);
        // Unread is count − read_count − adjust (group-rules.ts): the read count says how many.
        const next = { read_count: heads.count - unread, unread_adjust: 0, version: stamp };
        await trx
          .updateTable('group_cursors')
          .set(next)
          .where('sdk_app_id', '=', sdkAppID)
          .where('user_id', '=', userID)
          .where('group_id', '=', groupID)
          .execute();
        return { ...cursor, ...next };
      });
    },

    markRead(sdkAppID, userID, groupID, stamp) {
      return atomic(async (trx) => {
        const cursor = await readCursor(trx, sdkAppID, userID, groupID, true);
        if (!cursor) return undefined;
        const heads = await readHeads(trx, sdkAppID, groupID);
        const next = {
          read_seq: Math.max(Number(cursor.read_seq), heads.headSeq),
          read_count: heads.count,
          unread_adjust: 0,
          version: stamp,
        };
        await trx
          .updateTable('group_cursors')
          .set(next)
          .where('sdk_app_id', '=', sdkAppID)
          .where('user_id', '=', userID)
          .where('group_id', '=', groupID)
          .execute();
        return { ...cursor, ...next };
      });
    },

    updateCursor(sdkAppID, userID, groupID, fields, { now, stamp }) {
      return atomic(async (trx) => {
        const cursor = await readCursor(trx, sdkAppID, userID, groupID, true);
        if (!cursor) return undefined;
        const next = { ...fields, activity_time: now, version: stamp };
        await trx
          .updateTable('group_cursors')
          .set(next)
          .where('sdk_app_id', '=', sdkAppID)
          .where('user_id', '=', userID)
          .where('group_id', '=', groupID)
          .execute();
        return { ...cursor, ...next };
      });
    },

    deleteForMember(sdkAppID, userID, groupID, seqs, stamp) {
      const convID = groupConversationKey(groupID);
      return atomic(async (trx) => {
        const cursor = await readCursor(trx, sdkAppID, userID, groupID, true);
        if (!cursor) return undefined;
        await statements.hide(
          trx,
          seqs.map((seq) => ({ sdk_app_id: sdkAppID, user_id: userID, conv_id: convID, seq })),
        );
        await trx
          .updateTable('group_cursors')
          .set({ version: stamp })
          .where('sdk_app_id', '=', sdkAppID)
          .where('user_id', '=', userID)
          .where('group_id', '=', groupID)
          .execute();
        return { ...cursor, version: stamp };
      });
    },

    clearForMember(sdkAppID, userID, groupID, stamp, options = {}) {
      return atomic(async (trx) => {
        const cursor = await readCursor(trx, sdkAppID, userID, groupID, true);
        if (!cursor) return undefined;
        const heads = await readHeads(trx, sdkAppID, groupID);
        const next = {
          cleared_seq: heads.headSeq,
          read_seq: Math.max(Number(cursor.read_seq), heads.headSeq),
          read_count: heads.count,
          unread_adjust: 0,
          version: stamp,
          // Hidden counts only while the log's head is where it was cleared (isHiddenConversation).
          hidden: options.hide === true ? 1 : 0,
        };
        await trx
          .updateTable('group_cursors')
          .set(next)
          .where('sdk_app_id', '=', sdkAppID)
          .where('user_id', '=', userID)
          .where('group_id', '=', groupID)
          .execute();
        return { ...cursor, ...next };
      });
    },
  };
}
