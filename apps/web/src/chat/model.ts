/**
 * What the chat screens show, independent of the SDK's object shapes (messaging.ts maps them), and
 * the pure rules for merging what arrives: history pages, live messages, recalls and read receipts
 * can come in any order and more than once.
 */

export type MessageStatus = 'sending' | 'sent' | 'failed' | 'revoked';

export interface ChatMessage {
  msgID: string;
  /** `c2c_<userID>` or `group_<groupID>`: the thread the message belongs to. */
  conversationID: string;
  /** The other user of a one-to-one conversation (the same for sent and received messages); `''` in groups. */
  peer: string;
  sender: string;
  isSelf: boolean;
  text: string;
  /** Server time in seconds. */
  timestamp: number;
  /** Orders messages of the same second. */
  seq: number;
  status: MessageStatus;
  /** Own message read by the peer. */
  isPeerRead: boolean;
  /** Group message sent asking for per-message read receipts. */
  needReadReceipt?: boolean;
  /** Own group message with receipts: members who reported it read, and those who have not yet. */
  readCount?: number;
  unreadCount?: number;
  /** A group tip (a join, a name change…): `text` says what happened, shown as a centred line. */
  tip?: boolean;
  /** The sender's nickname and avatar URL as the message carries them (`''` when unset). */
  nickName?: string;
  faceUrl?: string;
  /** A picture (shown by its thumbnail) or a file (a download link). */
  attachment?: ChatAttachment;
}

export type ChatAttachment =
  | { kind: 'image'; thumbUrl: string; url: string; width: number; height: number }
  | { kind: 'file'; name: string; size: number; url: string }
  | { kind: 'sound'; url: string; duration: number }
  | { kind: 'video'; url: string; posterUrl: string };

export interface ChatConversation {
  /** `c2c_<userID>` or `group_<groupID>`. */
  conversationID: string;
  /** The peer's UserID (one-to-one conversations). */
  userID?: string;
  /** The group's ID (group conversations). */
  groupID?: string;
  /** The peer's nickname (the UserID when there is none), or the group's name. */
  showName: string;
  /** The peer's or the group's avatar URL, when set. */
  faceUrl?: string;
  unreadCount: number;
  lastMessage?: ChatMessage;
}

/** Where a conversation ID points: a user (one-to-one) or a group. */
export type ChatTarget = { userID: string; groupID?: undefined } | { groupID: string; userID?: undefined };

export function c2cConversationID(userID: string): string {
  return `c2c_${userID}`;
}

export function groupConversationID(groupID: string): string {
  return `group_${groupID}`;
}

/** The user or group of `c2c_…` / `group_…`. */
export function targetOf(conversationID: string): ChatTarget {
  return conversationID.startsWith('group_')
    ? { groupID: conversationID.slice('group_'.length) }
    : { userID: conversationID.slice('c2c_'.length) };
}

/** A new, empty conversation entry, for a thread opened before any message. */
export function emptyConversation(conversationID: string, showName?: string): ChatConversation {
  const target = targetOf(conversationID);
  return {
    conversationID,
    ...target,
    showName: showName ?? target.userID ?? target.groupID ?? '',
    unreadCount: 0,
  };
}

/** Window in which the sender may recall a message (im-features §1.12: 2 minutes by default). */
export const RECALL_WINDOW_SECONDS = 120;

/** Oldest first, ties by seq then msgID so the order is stable whatever arrived first. */
export function compareMessages(a: ChatMessage, b: ChatMessage): number {
  return a.timestamp - b.timestamp || a.seq - b.seq || (a.msgID < b.msgID ? -1 : a.msgID > b.msgID ? 1 : 0);
}

/**
 * Adds messages to a thread: one entry per msgID (a later copy wins, except that a recall or a
 * peer-read already seen is never undone by an older copy), sorted oldest first.
 */
export function mergeMessages(
  existing: readonly ChatMessage[],
  incoming: readonly ChatMessage[],
): ChatMessage[] {
  const byID = new Map(existing.map((message) => [message.msgID, message]));
  for (const message of incoming) {
    const known = byID.get(message.msgID);
    byID.set(
      message.msgID,
      known === undefined
        ? message
        : {
            ...message,
            status: known.status === 'revoked' ? 'revoked' : message.status,
            isPeerRead: known.isPeerRead || message.isPeerRead,
            ...newerCounts(known, message),
          },
    );
  }
  return [...byID.values()].sort(compareMessages);
}

/** Read counts only grow: a copy with fewer readers (an older answer) keeps the known counts. */
function newerCounts(
  known: ChatMessage,
  incoming: ChatMessage,
): Pick<ChatMessage, 'readCount' | 'unreadCount'> | Record<string, never> {
  if (known.readCount === undefined) return {};
  if (incoming.readCount !== undefined && incoming.readCount >= known.readCount) return {};
  return {
    readCount: known.readCount,
    ...(known.unreadCount === undefined ? {} : { unreadCount: known.unreadCount }),
  };
}

/** A group message's read counts, as a receipt tells them. */
export interface ChatReceipt {
  msgID: string;
  readCount: number;
  unreadCount: number;
}

/** Applies read counts to own messages; an older receipt (fewer readers) never lowers them. */
export function applyReceipts(
  messages: readonly ChatMessage[],
  receipts: readonly ChatReceipt[],
): ChatMessage[] {
  const byID = new Map(receipts.map((receipt) => [receipt.msgID, receipt]));
  return messages.map((message) => {
    const receipt = byID.get(message.msgID);
    if (!receipt || !message.isSelf) return message;
    if (message.readCount !== undefined && receipt.readCount < message.readCount) return message;
    return { ...message, readCount: receipt.readCount, unreadCount: receipt.unreadCount };
  });
}

/** The peer read everything up to `readUpTo` (seconds): own messages sent until then show "Read". */
export function markPeerRead(messages: readonly ChatMessage[], readUpTo: number): ChatMessage[] {
  return messages.map((message) =>
    message.isSelf && !message.isPeerRead && message.status === 'sent' && message.timestamp <= readUpTo
      ? { ...message, isPeerRead: true }
      : message,
  );
}

export function markRevoked(messages: readonly ChatMessage[], msgID: string): ChatMessage[] {
  return messages.map((message) => (message.msgID === msgID ? { ...message, status: 'revoked' } : message));
}

/** Own, sent, and young enough: the recall button shows. */
export function canRecall(message: ChatMessage, nowSeconds: number): boolean {
  return (
    message.isSelf && message.status === 'sent' && nowSeconds - message.timestamp <= RECALL_WINDOW_SECONDS
  );
}

/** What the conversation list shows under the name. */
export function preview(message: ChatMessage | undefined): string {
  if (message === undefined) return 'No messages yet';
  if (message.status === 'revoked')
    return message.isSelf ? 'You recalled a message' : 'A message was recalled';
  if (message.isSelf) return `You: ${message.text}`;
  // In a group the sender is not the conversation's name, so the list says who wrote.
  if (message.peer === '' && !message.tip) return `${message.nickName || message.sender}: ${message.text}`;
  return message.text;
}

/** Most recent conversation first; a conversation without messages last. */
export function sortConversations(list: readonly ChatConversation[]): ChatConversation[] {
  return [...list].sort((a, b) => (b.lastMessage?.timestamp ?? 0) - (a.lastMessage?.timestamp ?? 0));
}

/** A run of messages from one sender within a minute shows its time once, under the last one. */
export function showsTime(message: ChatMessage, next: ChatMessage | undefined): boolean {
  return next === undefined || next.sender !== message.sender || next.timestamp - message.timestamp >= 60;
}
