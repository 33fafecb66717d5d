/**
 * What the group log store's parts share (group-store.ts, group-cursor-store.ts): the reads of a
 * group's heads, a member's cursor and a message, the log head lock, and the wire view of a row.
 */
import type { MessageElem, WireMessage } from '@parley/protocol';
import type { Kysely } from 'kysely';
import type { StorageSchema } from '../schema.js';
import { decodeBody } from './body.js';
import type { GroupCursorRow, GroupHeads, GroupMessageRecord } from './group-types.js';
import { groupConversationKey } from './keys.js';
import type { LogMessageRow } from './rows.js';
import { viewMessage } from './rows.js';
import type { SendStatements } from './statements.js';

export type Db = Kysely<StorageSchema>;

export const GROUP_PREFIX = 'group\t';

export interface GroupLogStoreOptions {
  statements: SendStatements;
  singleWriter: boolean;
}

/** A group row as every member sees it (no per-viewer state: read receipts are not per member here). */
export function viewGroupMessage(row: LogMessageRow, elemList?: MessageElem[]): WireMessage {
  const view = viewMessage(row, '', 0, elemList);
  const at = row.receiver_id === '' ? [] : (JSON.parse(row.receiver_id) as string[]);
  return {
    ...view,
    receiver: '',
    groupID: row.conv_id.slice(GROUP_PREFIX.length),
    ...(at.length > 0 ? { groupAtUserList: at } : {}),
  };
}

/** The shared reads, bound to one database handle. */
export interface GroupStoreBase {
  readonly db: Db;
  readonly statements: SendStatements;
  atomic<T>(fn: (trx: Db) => Promise<T>): Promise<T>;
  readHeads(trx: Db, sdkAppID: number, groupID: string): Promise<GroupHeads>;
  readCursor(
    trx: Db,
    sdkAppID: number,
    userID: string,
    groupID: string,
    forUpdate?: boolean,
  ): Promise<GroupCursorRow | undefined>;
  findRow(trx: Db, sdkAppID: number, msgID: string): Promise<LogMessageRow | undefined>;
  /** Locks the group's log head so that change seqs are allocated one at a time (PostgreSQL). */
  lockLog(trx: Db, sdkAppID: number, groupID: string): Promise<void>;
}

export function groupStoreBase(db: Db, options: GroupLogStoreOptions): GroupStoreBase {
  const { statements, singleWriter } = options;
  const atomic = <T>(fn: (trx: Db) => Promise<T>): Promise<T> =>
    db.isTransaction ? fn(db) : db.transaction().execute(fn);

  const readHeads = async (trx: Db, sdkAppID: number, groupID: string): Promise<GroupHeads> => {
    const log = await trx
      .selectFrom('conversation_logs')
      .select(['head_seq', 'last_seq', 'count_0'])
      .where('sdk_app_id', '=', sdkAppID)
      .where('conv_id', '=', groupConversationKey(groupID))
      .executeTakeFirst();
    const change = await trx
      .selectFrom('group_changes')
      .select('change_seq')
      .where('sdk_app_id', '=', sdkAppID)
      .where('group_id', '=', groupID)
      .orderBy('change_seq', 'desc')
      .limit(1)
      .executeTakeFirst();
    return {
      headSeq: Number(log?.head_seq ?? 0),
      lastSeq: Number(log?.last_seq ?? 0),
      count: Number(log?.count_0 ?? 0),
      changeSeq: Number(change?.change_seq ?? 0),
    };
  };

  const readCursor = (trx: Db, sdkAppID: number, userID: string, groupID: string, forUpdate = false) => {
    let query = trx
      .selectFrom('group_cursors')
      .selectAll()
      .where('sdk_app_id', '=', sdkAppID)
      .where('user_id', '=', userID)
      .where('group_id', '=', groupID);
    if (forUpdate && !singleWriter) query = query.forUpdate();
    return query.executeTakeFirst();
  };

  const findRow = (trx: Db, sdkAppID: number, msgID: string) =>
    trx
      .selectFrom('log_messages')
      .selectAll()
      .where('sdk_app_id', '=', sdkAppID)
      .where('msg_id', '=', msgID)
      .executeTakeFirst();

  const lockLog = async (trx: Db, sdkAppID: number, groupID: string) => {
    if (singleWriter) return;
    await trx
      .selectFrom('conversation_logs')
      .select('head_seq')
      .where('sdk_app_id', '=', sdkAppID)
      .where('conv_id', '=', groupConversationKey(groupID))
      .forUpdate()
      .executeTakeFirst();
  };

  return { db, statements, atomic, readHeads, readCursor, findRow, lockLog };
}

export function recordOf(row: LogMessageRow): GroupMessageRecord {
  return {
    groupID: row.conv_id.slice(GROUP_PREFIX.length),
    msgID: row.msg_id,
    seq: Number(row.seq),
    sender: row.sender_id,
    time: Number(row.time),
    revoked: Number(row.revoked) === 1,
    version: Number(row.version),
    excludedFromUnreadCount: Number(row.excluded_unread) === 1,
    ...bodyFields(row.body),
    cloudCustomData: row.cloud_custom_data,
    ...(Number(row.support_extension) === 1 ? { supportMessageExtension: true } : {}),
  };
}

function bodyFields(body: string): { elemList: MessageElem[]; receiptAudience?: number } {
  const { elemList, audience } = decodeBody(body);
  return audience === undefined ? { elemList } : { elemList, receiptAudience: audience };
}

/** Whether a log's key is a group's. */
export function isGroupConversationKey(convID: string): boolean {
  return convID.startsWith(GROUP_PREFIX);
}
