/**
 * Read receipts (docs/read-receipts.md): who reported which message read. A row is written per
 * (message, reader) when the reader reports, so counts and reader pages are one indexed read of the
 * message's rows; nothing is written for members who have not read.
 */
import type { Kysely } from 'kysely';
import { groupConversationKey } from '../messaging/keys.js';
import type { StorageSchema } from '../schema.js';

/** A message's readers so far. */
export interface ReadTally {
  count: number;
  /** ms of the newest report; 0 when none. */
  lastReadAt: number;
}

export interface ReceiptStore {
  /** Records that `userID` read the messages; returns those it had not reported before. */
  addReads(sdkAppID: number, userID: string, msgIDs: readonly string[], at: number): Promise<string[]>;
  /** Each message's tally (messages nobody read are left out). */
  tallies(sdkAppID: number, msgIDs: readonly string[]): Promise<Map<string, ReadTally>>;
  /** A page of a message's readers, by UserID. */
  readers(sdkAppID: number, msgID: string, offset: number, limit: number): Promise<string[]>;
  /** Which of `userIDs` read the message. */
  readersAmong(sdkAppID: number, msgID: string, userIDs: readonly string[]): Promise<Set<string>>;
  /** The msgIDs of a group's messages at these seqs (REST names group messages by seq). */
  groupMsgIDsAt(sdkAppID: number, groupID: string, seqs: readonly number[]): Promise<string[]>;
}

/** Bounds the `IN` lists of one statement (SQLite's default variable limit is 32,766). */
const CHUNK = 500;

export function createReceiptStore(db: Kysely<StorageSchema>): ReceiptStore {
  return {
    async addReads(sdkAppID, userID, msgIDs, at) {
      const fresh: string[] = [];
      for (const msgID of new Set(msgIDs)) {
        const result = await db
          .insertInto('message_reads')
          .values({ sdk_app_id: sdkAppID, msg_id: msgID, user_id: userID, read_at: at })
          .onConflict((conflict) => conflict.columns(['sdk_app_id', 'msg_id', 'user_id']).doNothing())
          .executeTakeFirst();
        if (Number(result.numInsertedOrUpdatedRows ?? 0n) > 0) fresh.push(msgID);
      }
      return fresh;
    },

    async tallies(sdkAppID, msgIDs) {
      const tallies = new Map<string, ReadTally>();
      if (msgIDs.length === 0) return tallies;
      const rows = await db
        .selectFrom('message_reads')
        .select((eb) => ['msg_id', eb.fn.countAll().as('count'), eb.fn.max('read_at').as('last')])
        .where('sdk_app_id', '=', sdkAppID)
        .where('msg_id', 'in', [...new Set(msgIDs)])
        .groupBy('msg_id')
        .execute();
      for (const row of rows)
        tallies.set(row.msg_id, { count: Number(row.count), lastReadAt: Number(row.last ?? 0) });
      return tallies;
    },

    async readers(sdkAppID, msgID, offset, limit) {
      const rows = await db
        .selectFrom('message_reads')
        .select('user_id')
        .where('sdk_app_id', '=', sdkAppID)
        .where('msg_id', '=', msgID)
        .orderBy('user_id')
        .limit(limit)
        .offset(offset)
        .execute();
      return rows.map((row) => row.user_id);
    },

    async readersAmong(sdkAppID, msgID, userIDs) {
      const found = new Set<string>();
      for (let i = 0; i < userIDs.length; i += CHUNK) {
        const rows = await db
          .selectFrom('message_reads')
          .select('user_id')
          .where('sdk_app_id', '=', sdkAppID)
          .where('msg_id', '=', msgID)
          .where('user_id', 'in', userIDs.slice(i, i + CHUNK))
          .execute();
        for (const row of rows) found.add(row.user_id);
      }
      return found;
    },

    async groupMsgIDsAt(sdkAppID, groupID, seqs) {
      if (seqs.length === 0) return [];
      const rows = await db
        .selectFrom('log_messages')
        .select('msg_id')
        .where('sdk_app_id', '=', sdkAppID)
        .where('conv_id', '=', groupConversationKey(groupID))
        .where('seq', 'in', [...new Set(seqs)])
        .execute();
      return rows.map((row) => row.msg_id);
    },
  };
}
