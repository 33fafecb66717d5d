/**
 * What the chat needs from the SDK's message, conversation and group managers, in the chat's own
 * terms (model.ts). The mapping from V2TIM objects lives in sdk-messaging.ts, so the screens do not
 * change when the SDK's shapes grow. Conversations are named by their ID: `c2c_<userID>` or
 * `group_<groupID>`.
 */
import type { ChatConversation, ChatMessage, ChatReceipt } from './model.js';

export type Outcome<T> = { ok: true; value: T } | { ok: false; code: number; desc: string };

export interface HistoryPage {
  /** Oldest first. */
  messages: ChatMessage[];
  /** No older messages exist. */
  isFinished: boolean;
}

export interface MessagingEvents {
  /** A message arrived (from the peer, a group member, or this user on another device). */
  onMessage(message: ChatMessage): void;
  /** Conversations were added or changed (unread counts, last message). */
  onConversations(changed: ChatConversation[]): void;
  /** `peer` read this user's one-to-one messages up to `readUpTo` (seconds). */
  onPeerRead(peer: string, readUpTo: number): void;
  onRevoked(msgID: string): void;
  /** `userID` is typing in the conversation (an online-only notice; never a message of the thread). */
  onTyping?(conversationID: string, userID: string, name: string): void;
  /** Read counts of own group messages changed. */
  onReceipts?(receipts: ChatReceipt[]): void;
  /** This user was added to a group (by its creator or an invitation): the list should show it. */
  onJoinedGroup?(groupID: string): void;
}

export interface Messaging {
  conversations(): Promise<Outcome<ChatConversation[]>>;
  /** The groups this user is in, as conversations (for groups that have no message yet). */
  joinedGroups?(): Promise<Outcome<ChatConversation[]>>;
  /** Creates a Work group with these members; resolves its conversation. */
  createGroup?(name: string, members: readonly string[]): Promise<Outcome<ChatConversation>>;
  /** A page of history older than `before` (the newest page when absent). */
  history(conversationID: string, count: number, before?: ChatMessage): Promise<Outcome<HistoryPage>>;
  sendText(conversationID: string, text: string): Promise<Outcome<ChatMessage>>;
  /** Sends a picture (an `image/*` file) or any other file; `progress` gets 0 to 100 while it uploads. */
  sendFile(
    conversationID: string,
    file: File,
    progress: (percent: number) => void,
  ): Promise<Outcome<ChatMessage>>;
  /** Marks the conversation read: the unread count goes to 0 (and a one-to-one peer sees "Read"). */
  markRead(conversationID: string): Promise<Outcome<void>>;
  recall(message: ChatMessage): Promise<Outcome<void>>;
  /** Tells the peer or the group this user is typing (online only); failures are ignored. */
  sendTyping?(conversationID: string): Promise<void>;
  /** Reports group messages (of one conversation, at most 30) read by this user. */
  sendReadReceipts?(msgIDs: readonly string[]): Promise<Outcome<void>>;
  /** The current read counts of own group messages (of one conversation, at most 30). */
  readReceipts?(msgIDs: readonly string[]): Promise<Outcome<ChatReceipt[]>>;
  /** Starts the listeners; the returned function removes them. */
  listen(events: MessagingEvents): () => void;
}
