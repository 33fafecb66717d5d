/**
 * Storing a batch of one-to-one sends in one transaction (the send path). Per batch, whatever its
 * size: resends are found first, each conversation's log grows once, each user's feed grows once,
 * then messages, feed events and member rows are written with the dialect's batch statements.
 * Results are what storing the messages one after the other would give.
 */
import type { WireMessage } from '@parley/protocol';
import type { Kysely } from 'kysely';
import type { StorageSchema } from '../schema.js';
import { encodeBody } from './body.js';
import { c2cConversationKey, c2cSlot } from './keys.js';
import type { ConversationMemberRow, LogMessageRow } from './rows.js';
import { viewConversation, viewMessage } from './rows.js';
import {
  type FeedEventRow,
  type FeedGrowth,
  feedKey,
  type HiddenRow,
  type LogGrowth,
  logKey,
  type MemberArrival,
  memberKey,
  type SendStatements,
} from './statements.js';
import type { NewC2CMessage, StoreMessageResult, UserDelivery } from './types.js';

type Db = Kysely<StorageSchema>;

/** What the batch needs from the rest of the store. */
export interface AppendReads {
  /** The newest message `member` can see that may be a last message, when not in this batch. */
  lastVisible(db: Db, member: ConversationMemberRow): Promise<LogMessageRow | undefined>;
  /** The sender's view of a message it stored before (a resend). */
  resentView(db: Db, row: LogMessageRow): Promise<WireMessage>;
  totalUnread(db: Db, sdkAppID: number, userID: string): Promise<number>;
}

interface Fresh {
  index: number;
  message: NewC2CMessage;
  convID: string;
  /** 1-based position among this batch's messages of its conversation. */
  offset: number;
  row?: LogMessageRow;
  parties: string[];
  /** Each party's feed seq of the message. */
  feedSeqs: Map<string, number>;
}

function messageRow(message: NewC2CMessage, convID: string, seq: number): LogMessageRow {
  return {
    sdk_app_id: message.sdkAppID,
    conv_id: convID,
    seq,
    msg_id: message.msgID,
    sender_id: message.sender,
    receiver_id: message.receiver,
    random: message.random,
    time: message.time,
    body: encodeBody(message.elemList, message.needReadReceipt ? 1 : undefined),
    cloud_custom_data: message.cloudCustomData,
    excluded_unread: message.excludedFromUnreadCount ? 1 : 0,
    excluded_last: message.excludedFromLastMessage ? 1 : 0,
    revoked: 0,
    revoker: null,
    revoke_reason: null,
    version: 0,
    modifier: null,
    expire_at: message.expireAt ?? 0,
    support_extension: message.supportMessageExtension ? 1 : 0,
  };
}

export async function appendC2C(
  db: Db,
  statements: SendStatements,
  reads: AppendReads,
  messages: readonly NewC2CMessage[],
): Promise<StoreMessageResult[]> {
  // Resends: a msgID stored before, or earlier in this batch.
  const known = new Map<string, LogMessageRow>();
  const idsByApp = new Map<number, string[]>();
  for (const m of messages) {
    const ids = idsByApp.get(m.sdkAppID);
    if (ids) ids.push(m.msgID);
    else idsByApp.set(m.sdkAppID, [m.msgID]);
  }
  for (const [sdkAppID, ids] of idsByApp) {
    for (const row of await statements.findMessages(db, sdkAppID, [...new Set(ids)])) {
      known.set(`${sdkAppID}\n${row.msg_id}`, row);
    }
  }
  const fresh: Fresh[] = [];
  const firstOfID = new Map<string, Fresh>();
  const resends: number[] = [];
  const growth = new Map<string, LogGrowth>();
  for (const [index, message] of messages.entries()) {
    const idKey = `${message.sdkAppID}\n${message.msgID}`;
    if (known.has(idKey) || firstOfID.has(idKey)) {
      resends.push(index);
      continue;
    }
    const convID = c2cConversationKey(message.sender, message.receiver);
    const key = logKey(message.sdkAppID, convID);
    const g = growth.get(key) ?? {
      sdkAppID: message.sdkAppID,
      convID,
      count: 0,
      lastOffset: 0,
      unread0: 0,
      unread1: 0,
    };
    g.count += 1;
    if (!message.excludedFromLastMessage) g.lastOffset = g.count;
    if (!message.excludedFromUnreadCount && !message.skipReceiverTimeline) {
      if (c2cSlot(message.receiver, message.sender) === 0) g.unread0 += 1;
      else g.unread1 += 1;
    }
    growth.set(key, g);
    const parties = [
      ...(message.skipSenderTimeline ? [] : [message.sender]),
      ...(message.skipReceiverTimeline ? [] : [message.receiver]),
    ];
    const entry: Fresh = { index, message, convID, offset: g.count, parties, feedSeqs: new Map() };
    fresh.push(entry);
    firstOfID.set(idKey, entry);
  }

  const results: (StoreMessageResult | undefined)[] = messages.map(() => undefined);
  if (fresh.length > 0) await writeFresh(db, statements, reads, fresh, growth, results);

  for (const index of resends) {
    const message = messages[index];
    if (!message) continue;
    const idKey = `${message.sdkAppID}\n${message.msgID}`;
    const stored = known.get(idKey) ?? firstOfID.get(idKey)?.row;
    if (!stored) throw new Error(`message ${message.msgID} neither stored nor found`);
    results[index] =
      stored.sender_id === message.sender
        ? { kind: 'duplicate', message: await reads.resentView(db, stored) }
        : { kind: 'taken' };
  }
  return results.map((result, i) => {
    if (!result) throw new Error(`no result for message ${messages[i]?.msgID}`);
    return result;
  });
}

async function writeFresh(
  db: Db,
  statements: SendStatements,
  reads: AppendReads,
  fresh: readonly Fresh[],
  growth: ReadonlyMap<string, LogGrowth>,
  results: (StoreMessageResult | undefined)[],
): Promise<void> {
  const logHeads = await statements.growLogs(db, [...growth.values()]);

  const feedGrowth = new Map<string, FeedGrowth>();
  for (const { message, parties } of fresh) {
    for (const userID of parties) {
      const key = feedKey(message.sdkAppID, userID);
      const g = feedGrowth.get(key) ?? { sdkAppID: message.sdkAppID, userID, count: 0 };
      g.count += 1;
      feedGrowth.set(key, g);
    }
  }
  const feedHeads = await statements.growFeeds(db, [...feedGrowth.values()]);
  const nextFeedSeq = new Map<string, number>();
  for (const [key, g] of feedGrowth) nextFeedSeq.set(key, (feedHeads.get(key) ?? g.count) - g.count + 1);

  const messageRows: LogMessageRow[] = [];
  const events: FeedEventRow[] = [];
  const arrivals = new Map<string, MemberArrival>();
  const hidden: HiddenRow[] = [];
  for (const entry of fresh) {
    const { message, convID } = entry;
    const { sdkAppID } = message;
    const head = logHeads.get(logKey(sdkAppID, convID));
    const g = growth.get(logKey(sdkAppID, convID));
    if (!head || !g) throw new Error(`no log head for ${message.msgID}`);
    const row = messageRow(message, convID, head.headSeq - g.count + entry.offset);
    entry.row = row;
    messageRows.push(row);
    if (message.skipSenderTimeline) {
      hidden.push({ sdk_app_id: sdkAppID, user_id: message.sender, conv_id: convID, seq: row.seq });
    }
    if (message.skipReceiverTimeline) {
      hidden.push({ sdk_app_id: sdkAppID, user_id: message.receiver, conv_id: convID, seq: row.seq });
    }
    for (const userID of entry.parties) {
      const key = feedKey(sdkAppID, userID);
      const seq = nextFeedSeq.get(key) ?? 0;
      nextFeedSeq.set(key, seq + 1);
      entry.feedSeqs.set(userID, seq);
      const peerID = userID === message.sender ? message.receiver : message.sender;
      events.push({
        sdk_app_id: sdkAppID,
        user_id: userID,
        seq,
        kind: 'message',
        peer_id: peerID,
        msg_id: message.msgID,
        payload: null,
        created_at: message.time,
      });
      const mKey = memberKey(sdkAppID, userID, convID);
      const earlier = arrivals.get(mKey);
      arrivals.set(mKey, {
        sdkAppID,
        userID,
        convID,
        peerID,
        slot: c2cSlot(userID, peerID),
        version: seq,
        orderKey: message.excludedFromLastMessage ? (earlier?.orderKey ?? 0) : seq,
      });
    }
  }
  await statements.insertMessages(db, messageRows);
  await statements.insertEvents(db, events);
  await statements.hide(db, hidden);
  const members = await statements.arrive(db, [...arrivals.values()]);

  // Each member's snapshot after the whole batch, built once and shared by its deliveries.
  const rowsBySeq = new Map(
    messageRows.map((row) => [`${logKey(row.sdk_app_id, row.conv_id)}\n${row.seq}`, row]),
  );
  const snapshots = new Map<string, ReturnType<typeof viewConversation>>();
  const snapshot = async (sdkAppID: number, userID: string, convID: string) => {
    const mKey = memberKey(sdkAppID, userID, convID);
    const cached = snapshots.get(mKey);
    if (cached) return cached;
    const member = members.get(mKey);
    const head = logHeads.get(logKey(sdkAppID, convID));
    if (!member || !head) throw new Error(`no member row for ${userID} in a new message's conversation`);
    const last =
      rowsBySeq.get(`${logKey(sdkAppID, convID)}\n${head.lastSeq}`) ?? (await reads.lastVisible(db, member));
    const view = viewConversation(member, { count_0: head.count0, count_1: head.count1 }, last);
    snapshots.set(mKey, view);
    return view;
  };

  for (const entry of fresh) {
    const { message, convID, row } = entry;
    if (!row) continue;
    const deliveries: UserDelivery[] = [];
    let senderView: WireMessage | undefined;
    for (const userID of entry.parties) {
      // A new message: nobody has read it yet.
      const view = viewMessage(row, userID, 0, message.elemList);
      if (userID === message.sender) senderView = view;
      deliveries.push({
        userID,
        batch: {
          events: [{ seq: entry.feedSeqs.get(userID) ?? 0, kind: 'message', message: view }],
          conversations: [await snapshot(message.sdkAppID, userID, convID)],
        },
      });
    }
    results[entry.index] = {
      kind: 'stored',
      // Not in the sender's history (REST SyncOtherMachine 2): the sender's view has no seq.
      message: senderView ?? { ...viewMessage(row, message.sender, 0), seq: 0 },
      deliveries,
      ...(message.countReceiverUnread
        ? { receiverUnread: await reads.totalUnread(db, message.sdkAppID, message.receiver) }
        : {}),
    };
  }
}
