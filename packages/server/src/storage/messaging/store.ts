/** The messaging store over the tables of migration 0004 (see types.ts for the contract). */
import type { WireMessage } from '@parley/protocol';
import type { Kysely } from 'kysely';
import type { StorageSchema } from '../schema.js';
import {
  listConversations,
  loadConversations,
  readConversation,
  totalUnread,
  withLastMessages,
  writeConversation,
  writeMessageArrival,
} from './conversations.js';
import { deleteHistory, hasSomethingToRead, latestMessage } from './history-queries.js';
import type { ConversationRow, MessageRow } from './rows.js';
import { recordFromRow, viewMessage } from './rows.js';
import * as rules from './rules.js';
import {
  ackPosition,
  allocateSeqs,
  buildBatch,
  type EventToInsert,
  IN_LIST_CHUNK,
  insertEventRows,
  insertEvents,
  loadMessages,
  messageSeqs,
  type NewEvent,
  readSyncPage,
} from './timeline.js';
import type { MessagingStore, NewC2CMessage, StoreMessageResult, UserDelivery } from './types.js';

type Db = Kysely<StorageSchema>;

/** How an event changes the owner's conversation, given the event's seq; `null` deletes it. */
type Change = (row: ConversationRow, seq: number) => ConversationRow | null;

/** The row of a new message. */
function messageRow(message: NewC2CMessage): MessageRow {
  return {
    sdk_app_id: message.sdkAppID,
    msg_id: message.msgID,
    sender_id: message.sender,
    receiver_id: message.receiver,
    random: message.random,
    time: message.time,
    body: JSON.stringify(message.elemList),
    cloud_custom_data: message.cloudCustomData,
    excluded_unread: message.excludedFromUnreadCount ? 1 : 0,
    excluded_last: message.excludedFromLastMessage ? 1 : 0,
    revoked: 0,
    revoker: null,
    revoke_reason: null,
    version: 0,
  };
}

export function createMessagingStore(db: Db): MessagingStore {
  // On a `storage.transaction` handle the work joins that transaction; Kysely cannot nest them.
  const atomic = <T>(fn: (trx: Db) => Promise<T>): Promise<T> =>
    db.isTransaction ? fn(db) : db.transaction().execute(fn);

  /** Appends one event to the user's timeline, applies its conversation change, and builds its push. */
  const record = async (
    trx: Db,
    sdkAppID: number,
    userID: string,
    event: NewEvent,
    now: number,
    change?: Change,
    create = true,
  ): Promise<UserDelivery> => {
    const seq = await allocateSeqs(trx, sdkAppID, userID, 1);
    if (change) {
      await writeConversation(trx, sdkAppID, userID, event.peerID, (row) => change(row, seq), { create });
    }
    await insertEvents(trx, sdkAppID, userID, seq, [event], now);
    const row = {
      sdk_app_id: sdkAppID,
      user_id: userID,
      seq,
      kind: event.kind,
      peer_id: event.peerID,
      msg_id: event.msgID ?? null,
      payload: event.payload === undefined ? null : JSON.stringify(event.payload),
      created_at: now,
    };
    return { userID, batch: await buildBatch(trx, sdkAppID, userID, [row]) };
  };

  const findRow = (trx: Db, sdkAppID: number, msgID: string): Promise<MessageRow | undefined> =>
    trx
      .selectFrom('c2c_messages')
      .selectAll()
      .where('sdk_app_id', '=', sdkAppID)
      .where('msg_id', '=', msgID)
      .executeTakeFirst();

  const peerReadTime = async (trx: Db, sdkAppID: number, userID: string, peerID: string): Promise<number> =>
    Number((await readConversation(trx, sdkAppID, userID, peerID))?.peer_read_time ?? 0);

  /** The parties that still have the message in their history, with their seq of it. */
  const holders = async (
    trx: Db,
    row: MessageRow,
  ): Promise<{ userID: string; peerID: string; seq: number }[]> => {
    const sdkAppID = Number(row.sdk_app_id);
    const found: { userID: string; peerID: string; seq: number }[] = [];
    // A fixed order of users, so that two transactions never lock two counter rows in opposite orders.
    for (const userID of [row.sender_id, row.receiver_id].sort()) {
      const seq = (await messageSeqs(trx, sdkAppID, userID, [row.msg_id])).get(row.msg_id);
      const peerID = userID === row.sender_id ? row.receiver_id : row.sender_id;
      if (seq !== undefined) found.push({ userID, peerID, seq });
    }
    return found;
  };

  /** A resend of a stored msgID: another sender's, or the sender's own as the sender sees it. */
  const duplicate = async (trx: Db, message: NewC2CMessage): Promise<StoreMessageResult> => {
    const { sdkAppID, msgID, sender, receiver } = message;
    const existing = await findRow(trx, sdkAppID, msgID);
    if (!existing) throw new Error(`message ${msgID} neither inserted nor found`);
    if (existing.sender_id !== sender) return { kind: 'taken' };
    const seq = (await messageSeqs(trx, sdkAppID, sender, [msgID])).get(msgID);
    // In the sender's history: as `view` shows it; else without a seq.
    const peer = seq === undefined ? receiver : existing.receiver_id;
    const view = viewMessage(existing, sender, seq ?? 0, await peerReadTime(trx, sdkAppID, sender, peer));
    return { kind: 'duplicate', message: view };
  };

  /**
   * Stores messages in one transaction, as storing them one after the other would. Every timeline
   * counter the messages need is taken first, in one fixed order (app, then user), so concurrent
   * writers never wait on each other in opposite orders; each message then gets the next seqs.
   */
  const storeMany = (messages: readonly NewC2CMessage[]): Promise<StoreMessageResult[]> =>
    atomic(async (trx) => {
      const results: (StoreMessageResult | undefined)[] = [];
      const stored: { index: number; message: NewC2CMessage; row: MessageRow; parties: string[] }[] = [];
      const resends: number[] = [];
      const counts = new Map<string, { sdkAppID: number; userID: string; count: number }>();
      for (const [index, message] of messages.entries()) {
        const { sdkAppID, sender, receiver } = message;
        const row = messageRow(message);
        results.push(undefined);
        // A msgID stored before (also earlier in this batch) inserts nothing: that is how a resend is
        // recognized. It is answered once the messages before it have their seqs (it may resend one).
        const inserted = await trx
          .insertInto('c2c_messages')
          .values(row)
          .onConflict((conflict) => conflict.columns(['sdk_app_id', 'msg_id']).doNothing())
          .executeTakeFirst();
        if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 0) {
          resends.push(index);
          continue;
        }
        const parties = message.skipSenderTimeline ? [receiver] : [sender, receiver].sort();
        stored.push({ index, message, row, parties });
        for (const userID of parties) {
          const key = `${sdkAppID}\u0000${userID}`;
          const entry = counts.get(key) ?? { sdkAppID, userID, count: 0 };
          entry.count += 1;
          counts.set(key, entry);
        }
      }
      const next = new Map<string, number>();
      const order = [...counts.entries()].sort(([, a], [, b]) =>
        a.sdkAppID !== b.sdkAppID
          ? a.sdkAppID - b.sdkAppID
          : a.userID < b.userID
            ? -1
            : a.userID > b.userID
              ? 1
              : 0,
      );
      for (const [key, { sdkAppID, userID, count }] of order) {
        next.set(key, await allocateSeqs(trx, sdkAppID, userID, count));
      }
      const events: EventToInsert[] = [];
      for (const { index, message, row, parties } of stored) {
        const { sdkAppID, msgID, sender, receiver } = message;
        const deliveries: UserDelivery[] = [];
        let view: WireMessage | undefined;
        for (const userID of parties) {
          const peerID = userID === sender ? receiver : sender;
          const key = `${sdkAppID}\u0000${userID}`;
          const seq = next.get(key) ?? 0;
          next.set(key, seq + 1);
          // One upsert returns the conversation as written; the message row needs no reading either.
          const conversation = await writeMessageArrival(trx, sdkAppID, userID, peerID, message, seq);
          events.push({
            sdkAppID,
            userID,
            seq,
            event: { kind: 'message', peerID, msgID },
            now: message.time,
          });
          const own = viewMessage(row, userID, seq, Number(conversation.peer_read_time));
          if (userID === sender) view = own;
          deliveries.push({
            userID,
            batch: {
              events: [{ seq, kind: 'message', message: own }],
              conversations: await withLastMessages(trx, sdkAppID, [conversation], [row]),
            },
          });
        }
        results[index] = {
          kind: 'stored',
          // Not in the sender's history: the sender's view has no seq.
          message: view ?? viewMessage(row, sender, 0, 0),
          deliveries,
          ...(message.countReceiverUnread
            ? { receiverUnread: await totalUnread(trx, sdkAppID, receiver) }
            : {}),
        };
      }
      await insertEventRows(trx, events);
      for (const index of resends) {
        const message = messages[index];
        if (message) results[index] = await duplicate(trx, message);
      }
      return results.map((result, i) => {
        if (!result) throw new Error(`no result for message ${messages[i]?.msgID}`);
        return result;
      });
    });

  return {
    async storeC2C(message: NewC2CMessage) {
      const [result] = await storeMany([message]);
      if (!result) throw new Error(`no result for message ${message.msgID}`);
      return result;
    },

    storeC2CMany(messages: readonly NewC2CMessage[]) {
      return storeMany(messages);
    },

    async get(sdkAppID, msgID) {
      const row = await findRow(db, sdkAppID, msgID);
      return row && recordFromRow(row);
    },

    async view(sdkAppID, msgID, viewer) {
      const row = await findRow(db, sdkAppID, msgID);
      if (!row) return undefined;
      const seq = (await messageSeqs(db, sdkAppID, viewer, [msgID])).get(msgID);
      if (seq === undefined) return undefined;
      const peer = row.sender_id === viewer ? row.receiver_id : row.sender_id;
      return viewMessage(row, viewer, seq, await peerReadTime(db, sdkAppID, viewer, peer));
    },

    sync(sdkAppID, userID, afterSeq, limit) {
      return readSyncPage(db, sdkAppID, userID, afterSeq, limit);
    },

    ack(sdkAppID, userID, seq) {
      return ackPosition(db, sdkAppID, userID, seq);
    },

    async history(sdkAppID, userID, peerID, query) {
      let select = db
        .selectFrom('timeline_events as t')
        .innerJoin('c2c_messages as m', (join) =>
          join.onRef('m.sdk_app_id', '=', 't.sdk_app_id').onRef('m.msg_id', '=', 't.msg_id'),
        )
        .selectAll('m')
        .select('t.seq as seq')
        .where('t.sdk_app_id', '=', sdkAppID)
        .where('t.user_id', '=', userID)
        .where('t.peer_id', '=', peerID)
        .where('t.kind', '=', 'message');
      if (query.anchorSeq !== undefined)
        select = select.where('t.seq', query.newer ? '>' : '<', query.anchorSeq);
      if (query.minTime !== undefined) select = select.where('m.time', '>=', query.minTime);
      if (query.maxTime !== undefined) select = select.where('m.time', '<=', query.maxTime);
      const rows = await select
        .orderBy('t.seq', query.newer ? 'asc' : 'desc')
        .limit(query.count + 1)
        .execute();
      const readTime = await peerReadTime(db, sdkAppID, userID, peerID);
      const messages = rows
        .slice(0, query.count)
        .map(({ seq, ...row }) => viewMessage(row, userID, Number(seq), readTime));
      return { messages, complete: rows.length <= query.count };
    },

    revoke(sdkAppID, msgID, operator, reason, now) {
      return atomic(async (trx) => {
        const row = await findRow(trx, sdkAppID, msgID);
        if (!row) return undefined;
        if (Number(row.revoked) === 1) return [];
        await trx
          .updateTable('c2c_messages')
          .set({ revoked: 1, revoker: operator, revoke_reason: reason })
          .where('sdk_app_id', '=', sdkAppID)
          .where('msg_id', '=', msgID)
          .execute();
        const facts = recordFromRow(row);
        const deliveries: UserDelivery[] = [];
        for (const { userID, peerID } of await holders(trx, row)) {
          const event: NewEvent = { kind: 'revoked', peerID, msgID, payload: { operator, reason } };
          // A recalled message no longer waits to be read; it stays in place as a placeholder.
          const change: Change = (conv, seq) =>
            rules.messagesGone(conv, rules.isUnread(conv, facts) ? 1 : 0, undefined, seq);
          deliveries.push(await record(trx, sdkAppID, userID, event, now, change, false));
        }
        return deliveries;
      });
    },

    modify(sdkAppID, msgID, change, viewer) {
      return atomic(async (trx) => {
        const row = await findRow(trx, sdkAppID, msgID);
        const parties = row ? await holders(trx, row) : [];
        const own = parties.find((p) => p.userID === viewer);
        if (!row || !own) return { kind: 'notFound' as const };
        if (Number(row.version) !== change.expectedVersion) {
          const readTime = await peerReadTime(trx, sdkAppID, viewer, own.peerID);
          return { kind: 'conflict' as const, message: viewMessage(row, viewer, own.seq, readTime) };
        }
        await trx
          .updateTable('c2c_messages')
          .set({
            version: Number(row.version) + 1,
            ...(change.elemList === undefined ? {} : { body: JSON.stringify(change.elemList) }),
            ...(change.cloudCustomData === undefined ? {} : { cloud_custom_data: change.cloudCustomData }),
          })
          .where('sdk_app_id', '=', sdkAppID)
          .where('msg_id', '=', msgID)
          .execute();
        const deliveries: UserDelivery[] = [];
        for (const { userID, peerID } of parties) {
          const event: NewEvent = { kind: 'modified', peerID, msgID };
          deliveries.push(await record(trx, sdkAppID, userID, event, Date.now(), rules.touched, false));
        }
        const mine = deliveries.find((d) => d.userID === viewer)?.batch.events[0];
        if (mine?.kind !== 'modified') throw new Error(`edit of ${msgID} has no event for ${viewer}`);
        return { kind: 'modified' as const, message: mine.message, deliveries };
      });
    },

    deleteForUser(sdkAppID, userID, msgIDs, now) {
      return atomic(async (trx) => {
        const unique = [...new Set(msgIDs)];
        const entries = [];
        for (let start = 0; start < unique.length; start += IN_LIST_CHUNK) {
          entries.push(
            ...(await trx
              .selectFrom('timeline_events')
              .select(['msg_id', 'peer_id'])
              .where('sdk_app_id', '=', sdkAppID)
              .where('msg_id', 'in', unique.slice(start, start + IN_LIST_CHUNK))
              .where('user_id', '=', userID)
              .where('kind', '=', 'message')
              .execute()),
          );
        }
        const present = new Set(entries.map((e) => e.msg_id));
        const missing = unique.find((id) => !present.has(id));
        if (missing !== undefined) return { kind: 'notFound' as const, msgID: missing };
        const peers = new Set(entries.map((e) => e.peer_id));
        const [peerID] = peers;
        if (peers.size !== 1 || peerID === undefined) return { kind: 'mixed' as const };

        const messages = [...(await loadMessages(trx, sdkAppID, unique)).values()].map(recordFromRow);
        for (let start = 0; start < unique.length; start += IN_LIST_CHUNK) {
          await trx
            .deleteFrom('timeline_events')
            .where('sdk_app_id', '=', sdkAppID)
            .where('msg_id', 'in', unique.slice(start, start + IN_LIST_CHUNK))
            .where('user_id', '=', userID)
            .where('kind', '=', 'message')
            .execute();
        }
        const conversation = await readConversation(trx, sdkAppID, userID, peerID);
        const lastGone = conversation?.last_msg_id != null && present.has(conversation.last_msg_id);
        const newLast = lastGone ? await latestMessage(trx, sdkAppID, userID, peerID) : undefined;
        const event: NewEvent = { kind: 'messagesDeleted', peerID, payload: { msgIDs: unique } };
        const change: Change = (conv, seq) =>
          rules.messagesGone(conv, messages.filter((m) => rules.isUnread(conv, m)).length, newLast, seq);
        return {
          kind: 'deleted' as const,
          delivery: await record(trx, sdkAppID, userID, event, now, change, false),
        };
      });
    },

    clearHistory(sdkAppID, userID, peerID, now) {
      return atomic(async (trx) => {
        await deleteHistory(trx, sdkAppID, userID, peerID);
        const event: NewEvent = { kind: 'historyCleared', peerID };
        return record(trx, sdkAppID, userID, event, now, rules.historyCleared, false);
      });
    },

    markRead(sdkAppID, userID, peerID, now) {
      return atomic(async (trx) => {
        const conversation = await readConversation(trx, sdkAppID, userID, peerID);
        if (!conversation || !(await hasSomethingToRead(trx, conversation))) return [];
        const deliveries: UserDelivery[] = [];
        for (const owner of [userID, peerID].sort()) {
          deliveries.push(
            owner === userID
              ? await record(
                  trx,
                  sdkAppID,
                  userID,
                  { kind: 'conversationChanged', peerID },
                  now,
                  (row, seq) => rules.readUpTo(row, now, seq),
                  false,
                )
              : await record(
                  trx,
                  sdkAppID,
                  peerID,
                  { kind: 'peerRead', peerID: userID, payload: { readTime: now } },
                  now,
                  (row, seq) => rules.peerReadUpTo(row, now, seq),
                  false,
                ),
          );
        }
        return deliveries;
      });
    },

    conversations(sdkAppID, userID, offset, count) {
      return listConversations(db, sdkAppID, userID, offset, count);
    },

    async conversation(sdkAppID, userID, peerID) {
      return (await loadConversations(db, sdkAppID, userID, [peerID]))[0];
    },

    deleteConversation(sdkAppID, userID, peerID, now) {
      return atomic(async (trx) => {
        if (!(await readConversation(trx, sdkAppID, userID, peerID))) return undefined;
        await deleteHistory(trx, sdkAppID, userID, peerID);
        return record(trx, sdkAppID, userID, { kind: 'conversationDeleted', peerID }, now, () => null, false);
      });
    },

    pin(sdkAppID, userID, peerID, isPinned, now) {
      return atomic((trx) =>
        record(trx, sdkAppID, userID, { kind: 'conversationChanged', peerID }, now, (row, seq) =>
          rules.pinned(row, isPinned, seq),
        ),
      );
    },

    setDraft(sdkAppID, userID, peerID, text, now) {
      return atomic((trx) =>
        record(trx, sdkAppID, userID, { kind: 'conversationChanged', peerID }, now, (row, seq) =>
          rules.drafted(row, text, now, seq),
        ),
      );
    },

    totalUnread(sdkAppID, userID) {
      return totalUnread(db, sdkAppID, userID);
    },
  };
}
