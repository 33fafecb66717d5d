/**
 * Group logs over the log tables and migration 0009 (group-types.ts for the contract). A message is
 * one `log_messages` row under `group\t<groupID>`; a send writes the log head, the row, its mention
 * rows and the sender's cursor, nothing per other member. For a group row `receiver_id` holds the
 * JSON list of mentioned UserIDs (`''` when none): a group message has no receiver.
 */
import type { WireGroupChange } from '@parley/protocol';
import type { ExpressionBuilder } from 'kysely';
import type { StorageSchema } from '../schema.js';
import { encodeBody, replaceBodyElems } from './body.js';
import { groupCursorMethods } from './group-cursor-store.js';
import { mentionUsers, readCountAfterOwnMessage } from './group-rules.js';
import {
  type Db,
  GROUP_PREFIX,
  type GroupLogStoreOptions,
  groupStoreBase,
  recordOf,
  viewGroupMessage,
} from './group-store-base.js';
import type { GroupLogStore } from './group-types.js';
import { groupConversationKey } from './keys.js';
import type { LogMessageRow } from './rows.js';
import { logKey } from './statements.js';

/**
 * Rows of `log_messages` a member may see: untargeted messages, and targeted ones that name the
 * member (migration 0011; the sender is one of the rows).
 */
function visibleTo(sdkAppID: number, groupID: string, userID: string) {
  return ({ or, not, exists, selectFrom }: ExpressionBuilder<StorageSchema, 'log_messages'>) => {
    const targets = () =>
      selectFrom('group_message_targets as t')
        .select('t.seq')
        .where('t.sdk_app_id', '=', sdkAppID)
        .where('t.group_id', '=', groupID)
        .whereRef('t.seq', '=', 'log_messages.seq');
    return or([not(exists(targets())), exists(targets().where('t.user_id', '=', userID))]);
  };
}

export { isGroupConversationKey, viewGroupMessage } from './group-store-base.js';

export function createGroupLogStore(db: Db, options: GroupLogStoreOptions): GroupLogStore {
  const base = groupStoreBase(db, options);
  const { statements, atomic, readHeads, readCursor, findRow, lockLog } = base;

  const addChange = async (
    trx: Db,
    sdkAppID: number,
    groupID: string,
    change: { kind: 'revoked' | 'modified'; msgID: string; seq: number; operator: string; reason: string },
    now: number,
  ): Promise<number> => {
    await lockLog(trx, sdkAppID, groupID);
    const changeSeq = (await readHeads(trx, sdkAppID, groupID)).changeSeq + 1;
    await trx
      .insertInto('group_changes')
      .values({
        sdk_app_id: sdkAppID,
        group_id: groupID,
        change_seq: changeSeq,
        kind: change.kind,
        msg_id: change.msgID,
        seq: change.seq,
        operator: change.operator,
        reason: change.reason,
        created_at: now,
      })
      .execute();
    return changeSeq;
  };

  return {
    ...groupCursorMethods(base),
    append(message, stamp) {
      return atomic(async (trx) => {
        const { sdkAppID, groupID } = message;
        const [earlier] = await statements.findMessages(trx, sdkAppID, [message.msgID]);
        if (earlier) {
          return earlier.sender_id === message.sender && earlier.conv_id === groupConversationKey(groupID)
            ? { kind: 'duplicate' as const, message: viewGroupMessage(earlier) }
            : { kind: 'taken' as const };
        }
        const convID = groupConversationKey(groupID);
        const counted = message.countsUnread && !message.excludedFromUnreadCount;
        const heads = await statements.growLogs(trx, [
          {
            sdkAppID,
            convID,
            count: 1,
            lastOffset: message.excludedFromLastMessage ? 0 : 1,
            unread0: counted ? 1 : 0,
            unread1: 0,
          },
        ]);
        const head = heads.get(logKey(sdkAppID, convID));
        if (!head) throw new Error(`no log head for group ${groupID}`);
        const row: LogMessageRow = {
          sdk_app_id: sdkAppID,
          conv_id: convID,
          seq: head.headSeq,
          msg_id: message.msgID,
          sender_id: message.sender,
          receiver_id: message.groupAtUserList.length > 0 ? JSON.stringify(message.groupAtUserList) : '',
          random: message.random,
          time: message.time,
          body: encodeBody(message.elemList, message.receiptAudience),
          cloud_custom_data: message.cloudCustomData,
          excluded_unread: message.excludedFromUnreadCount ? 1 : 0,
          excluded_last: message.excludedFromLastMessage ? 1 : 0,
          revoked: 0,
          revoker: null,
          revoke_reason: null,
          version: 0,
          modifier: null,
          expire_at: 0,
          support_extension: message.supportMessageExtension ? 1 : 0,
        };
        await statements.insertMessages(trx, [row]);
        if (message.targets !== undefined && message.targets.length > 0) {
          const users = new Set([...message.targets, message.sender]);
          await trx
            .insertInto('group_message_targets')
            .values(
              [...users].map((userID) => ({
                sdk_app_id: sdkAppID,
                group_id: groupID,
                seq: row.seq,
                user_id: userID,
              })),
            )
            .execute();
        }
        const mentioned = mentionUsers(message.groupAtUserList, message.sender);
        if (mentioned.length > 0) {
          await trx
            .insertInto('group_mentions')
            .values(
              mentioned.map((userID) => ({
                sdk_app_id: sdkAppID,
                group_id: groupID,
                user_id: userID,
                seq: row.seq,
              })),
            )
            .onConflict((c) => c.doNothing())
            .execute();
        }
        if (message.sender !== '') {
          // The sender's own message never counts for it, and its conversation shows again.
          const cursor = await readCursor(trx, sdkAppID, message.sender, groupID, true);
          if (cursor) {
            await trx
              .updateTable('group_cursors')
              .set({
                read_count: readCountAfterOwnMessage(Number(cursor.read_count), counted),
                hidden: 0,
                version: stamp,
              })
              .where('sdk_app_id', '=', sdkAppID)
              .where('user_id', '=', message.sender)
              .where('group_id', '=', groupID)
              .execute();
          }
        }
        return { kind: 'stored' as const, message: viewGroupMessage(row, message.elemList) };
      });
    },

    async get(sdkAppID, msgID) {
      const row = await findRow(db, sdkAppID, msgID);
      if (!row?.conv_id.startsWith(GROUP_PREFIX)) return undefined;
      return recordOf(row);
    },

    heads(sdkAppID, groupID) {
      return readHeads(db, sdkAppID, groupID);
    },

    async state(sdkAppID, cursor) {
      const groupID = cursor.group_id;
      const heads = await readHeads(db, sdkAppID, groupID);
      let last: LogMessageRow | undefined;
      if (heads.lastSeq > Number(cursor.cleared_seq)) {
        const convID = groupConversationKey(groupID);
        // The newest message that may be a last message and that this member still has.
        last = await db
          .selectFrom('log_messages')
          .selectAll()
          .where('log_messages.sdk_app_id', '=', sdkAppID)
          .where('log_messages.conv_id', '=', convID)
          .where('log_messages.seq', '<=', heads.lastSeq)
          .where('log_messages.seq', '>', Number(cursor.cleared_seq))
          .where('log_messages.excluded_last', '=', 0)
          .where(visibleTo(sdkAppID, groupID, cursor.user_id))
          .where(({ not, exists, selectFrom }) =>
            not(
              exists(
                selectFrom('hidden_messages as h')
                  .select('h.seq')
                  .where('h.sdk_app_id', '=', sdkAppID)
                  .where('h.user_id', '=', cursor.user_id)
                  .where('h.conv_id', '=', convID)
                  .whereRef('h.seq', '=', 'log_messages.seq'),
              ),
            ),
          )
          .orderBy('log_messages.seq', 'desc')
          .limit(1)
          .executeTakeFirst();
      }
      const mentions = await db
        .selectFrom('group_mentions')
        .select(['user_id', 'seq'])
        .where('sdk_app_id', '=', sdkAppID)
        .where('group_id', '=', groupID)
        .where('user_id', 'in', [cursor.user_id, ''])
        .where('seq', '>', Number(cursor.read_seq))
        .execute();
      // Recalls leave the log's running count as it was: what was recalled among this member's
      // unread is counted here instead, over the unread range only (no per-member write on recall).
      const recalled =
        heads.headSeq > Number(cursor.read_seq)
          ? await db
              .selectFrom('log_messages')
              .select((eb) => eb.fn.countAll<number | string>().as('n'))
              .where('sdk_app_id', '=', sdkAppID)
              .where('conv_id', '=', groupConversationKey(groupID))
              .where('seq', '>', Number(cursor.read_seq))
              .where('revoked', '=', 1)
              .where('excluded_unread', '=', 0)
              .where('sender_id', '!=', cursor.user_id)
              .executeTakeFirst()
          : undefined;
      return {
        cursor,
        heads,
        ...(last ? { lastMessage: viewGroupMessage(last) } : {}),
        mentions: mentions.map((m) => ({ user_id: m.user_id, seq: Number(m.seq) })),
        recalledUnread: Number(recalled?.n ?? 0),
      };
    },

    async history(sdkAppID, cursor, query) {
      const convID = groupConversationKey(cursor.group_id);
      let select = db
        .selectFrom('log_messages')
        .selectAll()
        .where('log_messages.sdk_app_id', '=', sdkAppID)
        .where('log_messages.conv_id', '=', convID)
        .where('log_messages.seq', '>', Number(cursor.cleared_seq))
        .where(visibleTo(sdkAppID, cursor.group_id, cursor.user_id))
        .where(({ not, exists, selectFrom }) =>
          not(
            exists(
              selectFrom('hidden_messages as h')
                .select('h.seq')
                .where('h.sdk_app_id', '=', sdkAppID)
                .where('h.user_id', '=', cursor.user_id)
                .where('h.conv_id', '=', convID)
                .whereRef('h.seq', '=', 'log_messages.seq'),
            ),
          ),
        );
      if (query.anchorSeq !== undefined)
        select = select.where('log_messages.seq', query.newer ? '>' : '<', query.anchorSeq);
      const rows = await select
        .orderBy('log_messages.seq', query.newer ? 'asc' : 'desc')
        .limit(query.count + 1)
        .execute();
      return {
        messages: rows.slice(0, query.count).map((row) => viewGroupMessage(row)),
        complete: rows.length <= query.count,
      };
    },

    async changes(sdkAppID, groupID, afterChangeSeq, limit) {
      const rows = await db
        .selectFrom('group_changes')
        .selectAll()
        .where('sdk_app_id', '=', sdkAppID)
        .where('group_id', '=', groupID)
        .where('change_seq', '>', afterChangeSeq)
        .orderBy('change_seq')
        .limit(limit + 1)
        .execute();
      const page = rows.slice(0, limit);
      const modified = page.filter((r) => r.kind === 'modified').map((r) => r.msg_id);
      const current = new Map<string, LogMessageRow>();
      for (const msgID of new Set(modified)) {
        const row = await findRow(db, sdkAppID, msgID);
        if (row) current.set(msgID, row);
      }
      const changes: WireGroupChange[] = [];
      for (const r of page) {
        const base = { changeSeq: Number(r.change_seq), msgID: r.msg_id, seq: Number(r.seq) };
        if (r.kind === 'revoked') {
          changes.push({ ...base, kind: 'revoked', operator: r.operator, reason: r.reason });
        } else {
          const row = current.get(r.msg_id);
          if (row) changes.push({ ...base, kind: 'modified', message: viewGroupMessage(row) });
        }
      }
      return { changes, complete: rows.length <= limit };
    },

    revoke(sdkAppID, msgID, operator, reason, now) {
      return atomic(async (trx) => {
        const row = await findRow(trx, sdkAppID, msgID);
        if (!row?.conv_id.startsWith(GROUP_PREFIX) || Number(row.revoked) === 1) return undefined;
        const groupID = row.conv_id.slice(GROUP_PREFIX.length);
        await trx
          .updateTable('log_messages')
          .set({ revoked: 1, revoker: operator, revoke_reason: reason })
          .where('sdk_app_id', '=', sdkAppID)
          .where('msg_id', '=', msgID)
          .execute();
        const seq = Number(row.seq);
        const changeSeq = await addChange(
          trx,
          sdkAppID,
          groupID,
          { kind: 'revoked', msgID, seq, operator, reason },
          now,
        );
        return { changeSeq, kind: 'revoked' as const, msgID, seq, operator, reason };
      });
    },

    modify(sdkAppID, msgID, change, modifier, now) {
      return atomic(async (trx) => {
        const row = await findRow(trx, sdkAppID, msgID);
        if (!row?.conv_id.startsWith(GROUP_PREFIX)) throw new Error(`${msgID} is not a group message`);
        if (Number(row.version) !== change.expectedVersion) {
          return { kind: 'conflict' as const, message: viewGroupMessage(row) };
        }
        const next: LogMessageRow = {
          ...row,
          version: Number(row.version) + 1,
          modifier,
          ...(change.elemList === undefined ? {} : { body: replaceBodyElems(row.body, change.elemList) }),
          ...(change.cloudCustomData === undefined ? {} : { cloud_custom_data: change.cloudCustomData }),
        };
        await trx
          .updateTable('log_messages')
          .set({
            version: next.version,
            modifier,
            body: next.body,
            cloud_custom_data: next.cloud_custom_data,
          })
          .where('sdk_app_id', '=', sdkAppID)
          .where('msg_id', '=', msgID)
          .execute();
        const groupID = row.conv_id.slice(GROUP_PREFIX.length);
        const seq = Number(row.seq);
        const changeSeq = await addChange(
          trx,
          sdkAppID,
          groupID,
          { kind: 'modified', msgID, seq, operator: modifier, reason: '' },
          now,
        );
        const message = viewGroupMessage(next);
        return {
          kind: 'modified' as const,
          message,
          change: { changeSeq, kind: 'modified' as const, msgID, seq, message },
        };
      });
    },
  };
}
