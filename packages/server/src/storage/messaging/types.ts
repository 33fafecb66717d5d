/**
 * The messaging store: one-to-one messages, each user's sync timeline and conversations
 * (docs/messages.md). Every method that writes more than one row runs in one transaction (joining
 * the caller's when called on a `storage.transaction` handle), and allocates timeline seqs inside it.
 * Not-found is `undefined` or a `kind`, never an exception.
 */
import type {
  MessageElem,
  SyncBatch,
  SyncEventsReply,
  WireConversation,
  WireMessage,
} from '@parley/protocol';

/** A message to store, already validated and stamped with the server time. */
export interface NewC2CMessage {
  sdkAppID: number;
  msgID: string;
  sender: string;
  receiver: string;
  random: number;
  /** ms */
  time: number;
  elemList: MessageElem[];
  cloudCustomData: string;
  excludedFromUnreadCount: boolean;
  excludedFromLastMessage: boolean;
  /** REST `SyncOtherMachine: 2`: only the receiver's history and devices get the message. */
  skipSenderTimeline?: boolean;
  /**
   * The receiver refuses it (receive option 1, docs/users.md): only the sender's history and
   * devices get the message; the receiver's unread does not grow.
   */
  skipReceiverTimeline?: boolean;
  /** Also read the receiver's total C2C unread right after storing (for the after-send callback). */
  countReceiverUnread?: boolean;
  /** REST `MsgLifeTime`: the message leaves history and sync at this time (ms). */
  expireAt?: number;
  /** Sent with `supportMessageExtension` (docs/message-extras.md). */
  supportMessageExtension?: boolean;
  /** Sent with `needReadReceipt` (stored in the body, storage/messaging/body.ts). */
  needReadReceipt?: boolean;
}

/** A stored message, independent of who looks at it. */
export interface C2CMessageRecord
  extends Omit<
    NewC2CMessage,
    'skipSenderTimeline' | 'skipReceiverTimeline' | 'countReceiverUnread' | 'expireAt'
  > {
  /** Its place in the conversation's log. */
  seq: number;
  /** The log it is in. */
  convID: string;
  revoked: boolean;
  revoker: string | null;
  revokeReason: string | null;
  version: number;
}

/** What one user's instances must be told after a change: timeline events and conversation states. */
export interface UserDelivery {
  userID: string;
  batch: SyncBatch;
}

export type StoreMessageResult =
  /**
   * Stored now: `message` is the sender's view; `receiverUnread` the receiver's total C2C unread
   * after it, when `countReceiverUnread` asked for it.
   */
  | { kind: 'stored'; message: WireMessage; deliveries: UserDelivery[]; receiverUnread?: number }
  /** The same sender stored this msgID before: nothing was written. */
  | { kind: 'duplicate'; message: WireMessage }
  /** Another sender's message has this msgID. */
  | { kind: 'taken' };

export type ModifyMessageResult =
  | { kind: 'modified'; message: WireMessage; deliveries: UserDelivery[] }
  /** `expectedVersion` is not the stored version: `message` is the latest. */
  | { kind: 'conflict'; message: WireMessage }
  | { kind: 'notFound' };

export type DeleteMessagesResult =
  | { kind: 'deleted'; delivery: UserDelivery }
  /** A msgID is not in the user's history (never, or already deleted). */
  | { kind: 'notFound'; msgID: string }
  /** The messages belong to more than one conversation. */
  | { kind: 'mixed' };

export interface HistoryQuery {
  count: number;
  /** Exclusive anchor seq; absent = from the newest (or, with `newer`, the oldest). */
  anchorSeq?: number;
  newer?: boolean;
  /** Inclusive time window (ms), for the REST roaming query. */
  minTime?: number;
  maxTime?: number;
}

export interface MessagingStore {
  /**
   * How many `storeC2CMany` batches are worth running at once: 1 where the database has a single
   * writer (more would only queue, in smaller batches), a few where writers run in parallel.
   */
  readonly concurrentBatches: number;
  storeC2C(message: NewC2CMessage): Promise<StoreMessageResult>;
  /**
   * Stores messages in one transaction with the same results as `storeC2C` on each in turn (a
   * later message may resend an earlier one); if anything fails, nothing is stored.
   */
  storeC2CMany(messages: readonly NewC2CMessage[]): Promise<StoreMessageResult[]>;
  get(sdkAppID: number, msgID: string): Promise<C2CMessageRecord | undefined>;
  /** The message as `viewer` sees it, when it is in the viewer's history. */
  view(sdkAppID: number, msgID: string, viewer: string): Promise<WireMessage | undefined>;
  /** Events after `afterSeq` (the acknowledged position when `undefined`), oldest first. */
  sync(
    sdkAppID: number,
    userID: string,
    afterSeq: number | undefined,
    limit: number,
  ): Promise<SyncEventsReply>;
  /** Moves the acknowledged position forward (never back, never past the head). */
  ack(sdkAppID: number, userID: string, seq: number): Promise<void>;
  /** A page of the user's history with `peerID`; older pages newest first, newer pages oldest first. */
  history(
    sdkAppID: number,
    userID: string,
    peerID: string,
    query: HistoryQuery,
  ): Promise<{ messages: WireMessage[]; complete: boolean }>;
  /** Marks the message recalled and tells both parties; `undefined` when there is no such message. */
  revoke(
    sdkAppID: number,
    msgID: string,
    operator: string,
    reason: string,
    now: number,
  ): Promise<UserDelivery[] | undefined>;
  modify(
    sdkAppID: number,
    msgID: string,
    change: { elemList?: MessageElem[]; cloudCustomData?: string; expectedVersion: number },
    viewer: string,
  ): Promise<ModifyMessageResult>;
  /** Deletes messages from the user's history only. */
  deleteForUser(
    sdkAppID: number,
    userID: string,
    msgIDs: readonly string[],
    now: number,
  ): Promise<DeleteMessagesResult>;
  /** Empties the user's history with `peerID`, keeping the conversation and its place. */
  clearHistory(sdkAppID: number, userID: string, peerID: string, now: number): Promise<UserDelivery>;
  /** The user read the conversation now: unread 0 for them, a `peerRead` event for the peer. */
  markRead(sdkAppID: number, userID: string, peerID: string, now: number): Promise<UserDelivery[]>;
  /** Pinned first, then most recent; `total` is the number of conversations. */
  conversations(
    sdkAppID: number,
    userID: string,
    offset: number,
    count: number,
  ): Promise<{ conversations: WireConversation[]; total: number }>;
  conversation(sdkAppID: number, userID: string, peerID: string): Promise<WireConversation | undefined>;
  /** Deletes the conversation and the user's history of it; `undefined` when there was none. */
  deleteConversation(
    sdkAppID: number,
    userID: string,
    peerID: string,
    now: number,
  ): Promise<UserDelivery | undefined>;
  /** Pins or unpins, creating the conversation when it does not exist yet. */
  pin(
    sdkAppID: number,
    userID: string,
    peerID: string,
    isPinned: boolean,
    now: number,
  ): Promise<UserDelivery>;
  /** Sets (or, with `''`, clears) the draft, creating the conversation when needed. */
  setDraft(
    sdkAppID: number,
    userID: string,
    peerID: string,
    text: string,
    now: number,
  ): Promise<UserDelivery>;
  /** The user's unread count over every one-to-one conversation. */
  totalUnread(sdkAppID: number, userID: string): Promise<number>;
  /**
   * Deletes the app's messages sent before `before` (ms) or past their own lifetime, and feed
   * events older than `before`; returns how many messages went.
   */
  purgeExpired(sdkAppID: number, before: number): Promise<number>;
}
