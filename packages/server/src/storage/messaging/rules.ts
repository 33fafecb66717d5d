/**
 * How each event changes a conversation row: pure functions (unread arithmetic, ordering, read
 * markers), tested as a table. `seq` is the owner's timeline seq of the event; it becomes the
 * snapshot's `version`, and for activations (a message, a pin, a draft) its `order_key`.
 */
import type { ConversationRow } from './rows.js';

/** What a conversation needs to know of a message. */
export interface MessageFacts {
  msgID: string;
  sender: string;
  time: number;
  excludedFromUnreadCount: boolean;
  excludedFromLastMessage: boolean;
}

/**
 * What a stored message changes in its owner's conversation: how much the unread count grows, and
 * the columns set to values. `messageArrived` applies it to a row; the store applies it in one upsert.
 */
export function messageArrival(
  ownerID: string,
  message: MessageFacts,
  seq: number,
): { unreadIncrement: number; set: Partial<ConversationRow> } {
  const unread = message.sender !== ownerID && !message.excludedFromUnreadCount;
  const unreadIncrement = unread ? 1 : 0;
  if (message.excludedFromLastMessage) {
    // Neither the last message nor the order changes: the message must not surface the conversation.
    return { unreadIncrement, set: { version: seq } };
  }
  return {
    unreadIncrement,
    set: { last_msg_id: message.msgID, last_msg_seq: seq, order_key: seq, version: seq },
  };
}

/** A stored message lands in the owner's conversation. The owner's own messages are never unread. */
export function messageArrived(row: ConversationRow, message: MessageFacts, seq: number): ConversationRow {
  const { unreadIncrement, set } = messageArrival(row.user_id, message, seq);
  return { ...row, ...set, unread_count: Number(row.unread_count) + unreadIncrement };
}

/** Whether the message counts in the owner's unread count now. */
export function isUnread(row: ConversationRow, message: MessageFacts): boolean {
  return (
    message.sender !== row.user_id &&
    !message.excludedFromUnreadCount &&
    message.time > Number(row.read_time) &&
    Number(row.unread_count) > 0
  );
}

/** The owner read everything up to `now`. */
export function readUpTo(row: ConversationRow, now: number, seq: number): ConversationRow {
  return { ...row, unread_count: 0, read_time: Math.max(Number(row.read_time), now), version: seq };
}

/** The peer read the owner's messages up to `readTime`. */
export function peerReadUpTo(row: ConversationRow, readTime: number, seq: number): ConversationRow {
  return { ...row, peer_read_time: Math.max(Number(row.peer_read_time), readTime), version: seq };
}

/** Messages left the owner's history (recalled while unread, or deleted); `unread` of them were unread. */
export function messagesGone(
  row: ConversationRow,
  unread: number,
  newLast: { msgID: string; seq: number } | null | undefined,
  seq: number,
): ConversationRow {
  const next = { ...row, unread_count: Math.max(0, Number(row.unread_count) - unread), version: seq };
  // `undefined`: the last message stays; `null`: no message is left.
  if (newLast === undefined) return next;
  return { ...next, last_msg_id: newLast?.msgID ?? null, last_msg_seq: newLast?.seq ?? 0 };
}

/** History emptied: no last message, nothing unread, but the place in the list is kept. */
export function historyCleared(row: ConversationRow, seq: number): ConversationRow {
  return { ...row, unread_count: 0, last_msg_id: null, last_msg_seq: 0, version: seq };
}

export function pinned(row: ConversationRow, isPinned: boolean, seq: number): ConversationRow {
  return { ...row, is_pinned: isPinned ? 1 : 0, order_key: seq, version: seq };
}

export function drafted(row: ConversationRow, text: string, now: number, seq: number): ConversationRow {
  return { ...row, draft_text: text, draft_time: text === '' ? 0 : now, order_key: seq, version: seq };
}

/** Something shown in the snapshot changed (the last message was edited or recalled). */
export function touched(row: ConversationRow, seq: number): ConversationRow {
  return { ...row, version: seq };
}
