/** Conversation rows: reading snapshots (with their last message) and writing one through a pure change. */
import type { WireConversation } from '@parley/protocol';
import type { Kysely } from 'kysely';
import type { StorageSchema } from '../schema.js';
import { type ConversationRow, type MessageRow, viewConversation } from './rows.js';
import { type MessageFacts, messageArrival, messageArrived } from './rules.js';

type Db = Kysely<StorageSchema>;

const IN_LIST_CHUNK = 500;

/** A new conversation's row before anything happened in it. */
export function emptyConversation(sdkAppID: number, userID: string, peerID: string): ConversationRow {
  return {
    sdk_app_id: sdkAppID,
    user_id: userID,
    peer_id: peerID,
    unread_count: 0,
    last_msg_id: null,
    last_msg_seq: 0,
    is_pinned: 0,
    draft_text: '',
    draft_time: 0,
    order_key: 0,
    read_time: 0,
    peer_read_time: 0,
    version: 0,
  };
}

export async function readConversation(
  db: Db,
  sdkAppID: number,
  userID: string,
  peerID: string,
): Promise<ConversationRow | undefined> {
  return db
    .selectFrom('c2c_conversations')
    .selectAll()
    .where('sdk_app_id', '=', sdkAppID)
    .where('user_id', '=', userID)
    .where('peer_id', '=', peerID)
    .executeTakeFirst();
}

/**
 * Applies `change` to the conversation (an empty one when it does not exist) and stores the result;
 * `null` from `change` deletes the row; without `create`, a missing conversation stays missing. Call inside a transaction after allocating a seq of `userID`:
 * that allocation locks the user's counter row, so writers of one user's conversations queue.
 */
export async function writeConversation(
  db: Db,
  sdkAppID: number,
  userID: string,
  peerID: string,
  change: (row: ConversationRow) => ConversationRow | null,
  options: { create: boolean } = { create: true },
): Promise<ConversationRow | null> {
  const existing = await readConversation(db, sdkAppID, userID, peerID);
  if (!existing && !options.create) return null;
  const next = change(existing ?? emptyConversation(sdkAppID, userID, peerID));
  if (next === null) {
    if (existing) {
      await db
        .deleteFrom('c2c_conversations')
        .where('sdk_app_id', '=', sdkAppID)
        .where('user_id', '=', userID)
        .where('peer_id', '=', peerID)
        .execute();
    }
    return null;
  }
  const { sdk_app_id: _a, user_id: _u, peer_id: _p, ...fields } = next;
  if (existing) {
    await db
      .updateTable('c2c_conversations')
      .set(fields)
      .where('sdk_app_id', '=', sdkAppID)
      .where('user_id', '=', userID)
      .where('peer_id', '=', peerID)
      .execute();
  } else {
    await db.insertInto('c2c_conversations').values(next).execute();
  }
  return next;
}

/**
 * `rules.messageArrived` in one statement: creates the conversation or updates it in place, and
 * returns the row as written. Call inside a transaction after allocating a seq of `userID`.
 */
export async function writeMessageArrival(
  db: Db,
  sdkAppID: number,
  userID: string,
  peerID: string,
  message: MessageFacts,
  seq: number,
): Promise<ConversationRow> {
  const { unreadIncrement, set } = messageArrival(userID, message, seq);
  return db
    .insertInto('c2c_conversations')
    .values(messageArrived(emptyConversation(sdkAppID, userID, peerID), message, seq))
    .onConflict((conflict) =>
      conflict.columns(['sdk_app_id', 'user_id', 'peer_id']).doUpdateSet((eb) => ({
        ...set,
        unread_count: eb('c2c_conversations.unread_count', '+', unreadIncrement),
      })),
    )
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Snapshots of the user's conversations with `peerIDs` that exist, with their last messages. */
export async function loadConversations(
  db: Db,
  sdkAppID: number,
  userID: string,
  peerIDs: readonly string[],
): Promise<WireConversation[]> {
  const rows: ConversationRow[] = [];
  for (let start = 0; start < peerIDs.length; start += IN_LIST_CHUNK) {
    rows.push(
      ...(await db
        .selectFrom('c2c_conversations')
        .selectAll()
        .where('sdk_app_id', '=', sdkAppID)
        .where('user_id', '=', userID)
        .where('peer_id', 'in', peerIDs.slice(start, start + IN_LIST_CHUNK))
        .execute()),
    );
  }
  return withLastMessages(db, sdkAppID, rows);
}

/** A page of the list: pinned first, then by activation (`order_key`) descending. */
export async function listConversations(
  db: Db,
  sdkAppID: number,
  userID: string,
  offset: number,
  count: number,
): Promise<{ conversations: WireConversation[]; total: number }> {
  const rows = await db
    .selectFrom('c2c_conversations')
    .selectAll()
    .where('sdk_app_id', '=', sdkAppID)
    .where('user_id', '=', userID)
    .orderBy('is_pinned', 'desc')
    .orderBy('order_key', 'desc')
    .orderBy('peer_id')
    .limit(count)
    .offset(offset)
    .execute();
  const total = await db
    .selectFrom('c2c_conversations')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('sdk_app_id', '=', sdkAppID)
    .where('user_id', '=', userID)
    .executeTakeFirstOrThrow();
  return { conversations: await withLastMessages(db, sdkAppID, rows), total: Number(total.n) };
}

export async function totalUnread(db: Db, sdkAppID: number, userID: string): Promise<number> {
  const row = await db
    .selectFrom('c2c_conversations')
    .select((eb) => eb.fn.sum<number>('unread_count').as('n'))
    .where('sdk_app_id', '=', sdkAppID)
    .where('user_id', '=', userID)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

/** Conversation snapshots of `rows`, with their last messages (`known` saves reading them). */
export async function withLastMessages(
  db: Db,
  sdkAppID: number,
  rows: readonly ConversationRow[],
  known: readonly MessageRow[] = [],
): Promise<WireConversation[]> {
  const messages = new Map<string, MessageRow>(known.map((m) => [m.msg_id, m]));
  const ids = [
    ...new Set(
      rows.flatMap((r) => (r.last_msg_id === null || messages.has(r.last_msg_id) ? [] : [r.last_msg_id])),
    ),
  ];
  for (let start = 0; start < ids.length; start += IN_LIST_CHUNK) {
    const found = await db
      .selectFrom('c2c_messages')
      .selectAll()
      .where('sdk_app_id', '=', sdkAppID)
      .where('msg_id', 'in', ids.slice(start, start + IN_LIST_CHUNK))
      .execute();
    for (const m of found) messages.set(m.msg_id, m);
  }
  return rows.map((row) =>
    viewConversation(row, row.last_msg_id === null ? undefined : messages.get(row.last_msg_id)),
  );
}
