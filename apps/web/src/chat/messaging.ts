/**
 * What the chat needs from the SDK's message and conversation managers, in the chat's own terms
 * (model.ts). The mapping from V2TIM objects lives in sdk-messaging.ts, so the screens do not change
 * when the SDK's shapes grow.
 */
import type { ChatConversation, ChatMessage } from './model.js';

export type Outcome<T> = { ok: true; value: T } | { ok: false; code: number; desc: string };

export interface HistoryPage {
  /** Oldest first. */
  messages: ChatMessage[];
  /** No older messages exist. */
  isFinished: boolean;
}

export interface MessagingEvents {
  /** A message arrived (from the peer, or sent by this user on another device). */
  onMessage(message: ChatMessage): void;
  /** Conversations were added or changed (unread counts, last message). */
  onConversations(changed: ChatConversation[]): void;
  /** `peer` read this user's messages up to `readUpTo` (seconds). */
  onPeerRead(peer: string, readUpTo: number): void;
  onRevoked(msgID: string): void;
  /** `peer` is typing to this user (an online-only notice; never a message of the thread). */
  onTyping?(peer: string): void;
}

export interface Messaging {
  conversations(): Promise<Outcome<ChatConversation[]>>;
  /** A page of one-to-one history older than `before` (the newest page when absent). */
  history(peer: string, count: number, before?: ChatMessage): Promise<Outcome<HistoryPage>>;
  sendText(peer: string, text: string): Promise<Outcome<ChatMessage>>;
  /** Sends a picture (an `image/*` file) or any other file; `progress` gets 0 to 100 while it uploads. */
  sendFile(peer: string, file: File, progress: (percent: number) => void): Promise<Outcome<ChatMessage>>;
  /** Marks the conversation with `peer` read: the unread count goes to 0 and the peer sees "Read". */
  markRead(peer: string): Promise<Outcome<void>>;
  recall(message: ChatMessage): Promise<Outcome<void>>;
  /** Tells `peer` this user is typing (online only: no history, no unread); failures are ignored. */
  sendTyping?(peer: string): Promise<void>;
  /** Starts the listeners; the returned function removes them. */
  listen(events: MessagingEvents): () => void;
}
