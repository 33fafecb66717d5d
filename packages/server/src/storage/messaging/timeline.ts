/**
 * Each user's timeline: seq allocation from the user's counter row, appending events, and reading a
 * sync page. Allocation is an UPDATE … RETURNING on `user_timelines` inside the caller's transaction,
 * so the seq is durable exactly when the rows it numbers are, and concurrent writers of one user's
 * timeline queue on that row: seq order is commit order.
 */
import type { SyncEvent, SyncEventKind, SyncEventsReply, WireConversation } from '@parley/protocol';
import type { Kysely, Selectable } from 'kysely';
import type { StorageSchema } from '../schema.js';
import { loadConversations } from './conversations.js';
import { type MessageRow, viewMessage } from './rows.js';
import type { TimelineEventsTable } from './tables.js';

type Db = Kysely<StorageSchema>;
type EventRow = Selectable<TimelineEventsTable>;

/** Rows per `IN (…)` list: well under every dialect's bound-parameter limit. */
export const IN_LIST_CHUNK = 500;

/** An event to append; `payload` carries what the kind needs beyond peer and message. */
export interface NewEvent {
  kind: SyncEventKind;
  peerID: string;
  msgID?: string;
  payload?: Readonly<Record<string, unknown>>;
}

/** Reserves `count` seqs of the user's timeline and returns the first; call inside a transaction. */
export async function allocateSeqs(db: Db, sdkAppID: number, userID: string, count: number): Promise<number> {
  // One upsert: a new user's row starts at `count`, an existing one grows by it (and is locked).
  const row = await db
    .insertInto('user_timelines')
    .values({ sdk_app_id: sdkAppID, user_id: userID, head_seq: count, acked_seq: 0 })
    .onConflict((conflict) =>
      conflict
        .columns(['sdk_app_id', 'user_id'])
        .doUpdateSet((eb) => ({ head_seq: eb('user_timelines.head_seq', '+', count) })),
    )
    .returning('head_seq')
    .executeTakeFirstOrThrow();
  return Number(row.head_seq) - count + 1;
}

/** Writes events with consecutive seqs starting at `firstSeq` (from `allocateSeqs`). */
export async function insertEvents(
  db: Db,
  sdkAppID: number,
  userID: string,
  firstSeq: number,
  events: readonly NewEvent[],
  now: number,
): Promise<void> {
  if (events.length === 0) return;
  await db
    .insertInto('timeline_events')
    .values(
      events.map((event, i) => ({
        sdk_app_id: sdkAppID,
        user_id: userID,
        seq: firstSeq + i,
        kind: event.kind,
        peer_id: event.peerID,
        msg_id: event.msgID ?? null,
        payload: event.payload === undefined ? null : JSON.stringify(event.payload),
        created_at: now,
      })),
    )
    .execute();
}

/** An event of some user's timeline, with the seq allocated for it. */
export interface EventToInsert {
  sdkAppID: number;
  userID: string;
  seq: number;
  event: NewEvent;
  now: number;
}

/** Writes events of several users, each with the seq allocated for it, in as few statements as fit. */
export async function insertEventRows(db: Db, events: readonly EventToInsert[]): Promise<void> {
  for (let start = 0; start < events.length; start += IN_LIST_CHUNK) {
    await db
      .insertInto('timeline_events')
      .values(
        events.slice(start, start + IN_LIST_CHUNK).map(({ sdkAppID, userID, seq, event, now }) => ({
          sdk_app_id: sdkAppID,
          user_id: userID,
          seq,
          kind: event.kind,
          peer_id: event.peerID,
          msg_id: event.msgID ?? null,
          payload: event.payload === undefined ? null : JSON.stringify(event.payload),
          created_at: now,
        })),
      )
      .execute();
  }
}

/** The user's head and acknowledged seqs (0 and 0 for a user without a timeline yet). */
export async function readPosition(
  db: Db,
  sdkAppID: number,
  userID: string,
): Promise<{ head: number; acked: number }> {
  const row = await db
    .selectFrom('user_timelines')
    .select(['head_seq', 'acked_seq'])
    .where('sdk_app_id', '=', sdkAppID)
    .where('user_id', '=', userID)
    .executeTakeFirst();
  return { head: Number(row?.head_seq ?? 0), acked: Number(row?.acked_seq ?? 0) };
}

export async function ackPosition(db: Db, sdkAppID: number, userID: string, seq: number): Promise<void> {
  await db
    .updateTable('user_timelines')
    .set({ acked_seq: seq })
    .where('sdk_app_id', '=', sdkAppID)
    .where('user_id', '=', userID)
    .where('acked_seq', '<', seq)
    .where('head_seq', '>=', seq)
    .execute();
}

/**
 * One page of events after `afterSeq`. The head is read first and the page is bounded by it: every
 * seq up to a committed head is committed (they are written in one transaction), so a client that
 * moves its position to `headSeq` after a complete page can never skip an event.
 */
export async function readSyncPage(
  db: Db,
  sdkAppID: number,
  userID: string,
  afterSeq: number | undefined,
  limit: number,
): Promise<SyncEventsReply> {
  const { head, acked } = await readPosition(db, sdkAppID, userID);
  const after = afterSeq ?? acked;
  const rows = await db
    .selectFrom('timeline_events')
    .selectAll()
    .where('sdk_app_id', '=', sdkAppID)
    .where('user_id', '=', userID)
    .where('seq', '>', after)
    .where('seq', '<=', head)
    .orderBy('seq')
    .limit(limit + 1)
    .execute();
  const complete = rows.length <= limit;
  const page = rows.slice(0, limit);
  const batch = await buildBatch(db, sdkAppID, userID, page);
  if (afterSeq !== undefined && afterSeq > acked) await ackPosition(db, sdkAppID, userID, afterSeq);
  const last = page.at(-1);
  const untilSeq = complete ? Math.max(head, after) : last === undefined ? after : Number(last.seq);
  return { afterSeq: after, headSeq: head, untilSeq, complete, ...batch };
}

/**
 * Events as the user sees them now, with the current state of the conversations they touch. Message
 * events show the message's current content (a message recalled since is shown recalled).
 */
export async function buildBatch(
  db: Db,
  sdkAppID: number,
  userID: string,
  rows: readonly EventRow[],
): Promise<{ events: SyncEvent[]; conversations: WireConversation[] }> {
  const msgIDs = [...new Set(rows.flatMap((r) => (r.msg_id === null ? [] : [r.msg_id])))];
  const messages = await loadMessages(db, sdkAppID, msgIDs);
  const edited = rows
    .filter((r) => r.kind === 'modified' && r.msg_id !== null)
    .map((r) => r.msg_id as string);
  const ownSeqs = await messageSeqs(db, sdkAppID, userID, edited);
  const peers = [...new Set(rows.map((r) => r.peer_id))];
  const conversations = await loadConversations(db, sdkAppID, userID, peers);
  const peerReadTimes = new Map(conversations.map((c) => [c.peerID, c.peerReadTime]));
  const events: SyncEvent[] = [];
  for (const row of rows) {
    const event = toEvent(row, userID, messages, ownSeqs, peerReadTimes.get(row.peer_id) ?? 0);
    if (event) events.push(event);
  }
  return { events, conversations };
}

function toEvent(
  row: EventRow,
  userID: string,
  messages: ReadonlyMap<string, MessageRow>,
  ownSeqs: ReadonlyMap<string, number>,
  peerReadTime: number,
): SyncEvent | undefined {
  const seq = Number(row.seq);
  const peerID = row.peer_id;
  const payload = row.payload === null ? {} : (JSON.parse(row.payload) as Record<string, unknown>);
  const message = row.msg_id === null ? undefined : messages.get(row.msg_id);
  switch (row.kind as SyncEventKind) {
    case 'message':
      return message && { seq, kind: 'message', message: viewMessage(message, userID, seq, peerReadTime) };
    case 'modified': {
      // The edit of a message since deleted for this user is of no interest to them.
      const own = row.msg_id === null ? undefined : ownSeqs.get(row.msg_id);
      return message && own !== undefined
        ? { seq, kind: 'modified', message: viewMessage(message, userID, own, peerReadTime) }
        : undefined;
    }
    case 'revoked':
      return {
        seq,
        kind: 'revoked',
        peerID,
        msgID: row.msg_id ?? '',
        operator: String(payload.operator ?? ''),
        reason: String(payload.reason ?? ''),
      };
    case 'peerRead':
      return { seq, kind: 'peerRead', peerID, readTime: Number(payload.readTime ?? 0) };
    case 'messagesDeleted':
      return {
        seq,
        kind: 'messagesDeleted',
        peerID,
        msgIDs: Array.isArray(payload.msgIDs) ? payload.msgIDs.map(String) : [],
      };
    case 'conversationChanged':
    case 'conversationDeleted':
    case 'historyCleared':
      return {
        seq,
        kind: row.kind as 'conversationChanged' | 'conversationDeleted' | 'historyCleared',
        peerID,
      };
  }
}

export async function loadMessages(
  db: Db,
  sdkAppID: number,
  msgIDs: readonly string[],
): Promise<Map<string, MessageRow>> {
  const found = new Map<string, MessageRow>();
  for (let start = 0; start < msgIDs.length; start += IN_LIST_CHUNK) {
    const rows = await db
      .selectFrom('c2c_messages')
      .selectAll()
      .where('sdk_app_id', '=', sdkAppID)
      .where('msg_id', 'in', msgIDs.slice(start, start + IN_LIST_CHUNK))
      .execute();
    for (const row of rows) found.set(row.msg_id, row);
  }
  return found;
}

/** The user's own seq of each message still in their history (its `message` event). */
export async function messageSeqs(
  db: Db,
  sdkAppID: number,
  userID: string,
  msgIDs: readonly string[],
): Promise<Map<string, number>> {
  const found = new Map<string, number>();
  for (let start = 0; start < msgIDs.length; start += IN_LIST_CHUNK) {
    const rows = await db
      .selectFrom('timeline_events')
      .select(['msg_id', 'seq'])
      .where('sdk_app_id', '=', sdkAppID)
      .where('msg_id', 'in', msgIDs.slice(start, start + IN_LIST_CHUNK))
      .where('user_id', '=', userID)
      .where('kind', '=', 'message')
      .execute();
    for (const row of rows) if (row.msg_id !== null) found.set(row.msg_id, Number(row.seq));
  }
  return found;
}
