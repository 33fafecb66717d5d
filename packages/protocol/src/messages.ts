import type { GroupTipsElem } from './groups-base.js';
import type { FaceElem, LocationElem, MediaElem } from './media.js';
import type { WireOfflinePushInfo } from './push.js';

/**
 * One-to-one messages, conversations and the per-user change feed on the wire
 * (docs/protocol.md "Messages", docs/messages.md for the model).
 *
 * A message is stored once, in its conversation's log, where it gets that log's next seq. Every
 * stored message and every change a user must learn about (recall, edit, read receipt, conversation
 * change) is also an event in that user's feed with the user's next event `seq`, allocated in the
 * storing transaction. Clients pull `syncEvents {afterSeq}` after every (re)login and de-duplicate
 * live `syncEvent` pushes by event `seq`, so nothing is lost or delivered twice.
 */

/**
 * Largest message body in bytes (im-features.md §1.2): the UTF-8 bytes of every string of every
 * element (text; custom data, desc, extension) plus `cloudCustomData`.
 */
export const MAX_MESSAGE_BODY_BYTES = 12 * 1024;

/** Largest page of `syncEvents` and of `getHistory`. */
export const MAX_SYNC_PAGE = 200;
export const MAX_HISTORY_PAGE = 100;
/** Largest page of `getConversations`. */
export const MAX_CONVERSATION_PAGE = 100;
/** Messages per `deleteMessages` call (im-features.md §1.10). */
export const MAX_DELETE_MESSAGES = 50;
/** Default recall window in seconds (im-features.md §1.12). */
export const DEFAULT_REVOKE_WINDOW_SECONDS = 120;

/** Element types, numbered as V2TIM's `elemType` (media elements in media.ts). */
export const ElemType = Object.freeze({
  TEXT: 1,
  CUSTOM: 2,
  IMAGE: 3,
  SOUND: 4,
  VIDEO: 5,
  FILE: 6,
  LOCATION: 7,
  FACE: 8,
  GROUP_TIPS: 9,
  MERGER: 10,
} as const);

export interface TextElem {
  elemType: typeof ElemType.TEXT;
  text: string;
}

export interface CustomElem {
  elemType: typeof ElemType.CUSTOM;
  data: string;
  desc?: string;
  extension?: string;
}

/** Group tips (elemType 9): written by the server only, never accepted from a client. */
export type MessageElem = TextElem | CustomElem | MediaElem | LocationElem | FaceElem | GroupTipsElem;

/**
 * A one-to-one message. `seq` is its place in its conversation's log, the same for both parties
 * (history pages are anchored on it); 0 for an online-only message, which is not stored.
 */
export interface WireMessage {
  /** Chosen by the sending client (or derived for REST sends); unique per app. */
  msgID: string;
  sender: string;
  receiver: string;
  seq: number;
  /** 32-bit random chosen by the sender. */
  random: number;
  /** Server time of storing, ms since the epoch. */
  time: number;
  elemList: MessageElem[];
  /** `''` when none. */
  cloudCustomData: string;
  excludedFromUnreadCount: boolean;
  excludedFromLastMessage: boolean;
  onlineUserOnly: boolean;
  revoked: boolean;
  /** Who recalled it and why, when `revoked`. */
  revoker?: string;
  revokeReason?: string;
  /** 0 until the first edit, then bumped by each `modifyMessage` (optimistic concurrency). */
  version: number;
  /** For the sender's view: the peer's read position has passed this message. */
  isPeerRead: boolean;
  /** Who made the latest edit, once the message was modified. */
  modifier?: string;
  /** Set on a group message (then `receiver` is `''`). */
  groupID?: string;
  /** The members a group message mentions (`AT_ALL_TAG` for everyone). */
  groupAtUserList?: string[];
  /**
   * Group messages as delivered live and in the send reply: the sender's name card in the group and
   * its profile's nickname and avatar, as they were at sending (left out when empty).
   */
  nameCard?: string;
  nickName?: string;
  faceUrl?: string;
  /** Sent with `supportMessageExtension`: its extensions may be set (docs/message-extras.md). */
  supportMessageExtension?: boolean;
  /** Sent with `needReadReceipt`: receivers may report it read (docs/read-receipts.md). */
  needReadReceipt?: boolean;
}

/** A user's one-to-one conversation with `peerID` (conversation ID `c2c_<peerID>`). */
export interface WireConversation {
  peerID: string;
  unreadCount: number;
  /** Absent when there is none (new, cleared, or only excluded messages). */
  lastMessage?: WireMessage;
  isPinned: boolean;
  /** `''` when none. */
  draftText: string;
  /** ms; 0 when no draft. */
  draftTime: number;
  /** Activation order: the timeline seq of the last message, pin or draft. Larger is more recent. */
  orderKey: number;
  /** My messages up to this time (ms) are read by me (`c2cReadTimestamp`). */
  readTime: number;
  /** The peer has read my messages up to this time (ms): drives `isPeerRead`. */
  peerReadTime: number;
  /** The timeline seq of the last change; a client keeps the snapshot with the larger version. */
  version: number;
  /**
   * The peer's nickname and avatar, and my receive option for the peer (docs/users.md). Only on
   * `getConversations` and new messages' snapshots; a client keeps the last it saw.
   */
  showName?: string;
  faceUrl?: string;
  recvOpt?: number;
}

/** One event of a user's timeline. */
export type SyncEvent =
  | { seq: number; kind: 'message'; message: WireMessage }
  | { seq: number; kind: 'revoked'; peerID: string; msgID: string; operator: string; reason: string }
  | { seq: number; kind: 'modified'; message: WireMessage }
  /** The peer read my messages up to `readTime` (ms). */
  | { seq: number; kind: 'peerRead'; peerID: string; readTime: number }
  /** My conversation changed elsewhere (read on another device, pin, draft); see `conversations`. */
  | { seq: number; kind: 'conversationChanged'; peerID: string }
  | { seq: number; kind: 'conversationDeleted'; peerID: string }
  /** Deleted for me (on another device or this one). */
  | { seq: number; kind: 'messagesDeleted'; peerID: string; msgIDs: string[] }
  | { seq: number; kind: 'historyCleared'; peerID: string };

export type SyncEventKind = SyncEvent['kind'];

/** A batch of timeline events and the current state of the conversations they touch. */
export interface SyncBatch {
  events: SyncEvent[];
  conversations: WireConversation[];
}

/**
 * A group message's priority (`V2TIMMessagePriority`): above a room's message rate, Low messages
 * are dropped first, then Normal; High is kept if at all possible. Default (0) counts as Normal.
 */
export enum MessagePriority {
  DEFAULT = 0,
  HIGH = 1,
  NORMAL = 2,
  LOW = 3,
}

/** Exactly one of `receiver` (one-to-one) and `groupID`. */
export interface SendMessageRequest {
  msgID: string;
  receiver?: string;
  groupID?: string;
  /** Group messages only: who is mentioned. */
  groupAtUserList?: string[];
  /**
   * Group messages only: a targeted message, seen (live, in history, as last message) by these
   * members and the sender only; never counted as unread; not with `groupAtUserList`.
   */
  targetedReceivers?: string[];
  random: number;
  elemList: MessageElem[];
  cloudCustomData?: string;
  onlineUserOnly?: boolean;
  excludedFromUnreadCount?: boolean;
  excludedFromLastMessage?: boolean;
  /** Group messages only: what goes first when the group's message rate is exceeded. */
  priority?: MessagePriority;
  /** What the offline push says, or `disablePush`; never stored with the message. */
  offlinePushInfo?: WireOfflinePushInfo;
  /** The message may carry key-value extensions later (not online-only, not AVChatRoom). */
  supportMessageExtension?: boolean;
  /** Receivers may report the message read (docs/read-receipts.md); not with `onlineUserOnly`. */
  needReadReceipt?: boolean;
}

export interface SyncEventsRequest {
  /** Events after this seq; absent = after the user's acknowledged position (a fresh client). */
  afterSeq?: number;
  limit?: number;
}

export interface SyncEventsReply extends SyncBatch {
  /** The seq the page starts after (the acknowledged position when the request had none). */
  afterSeq: number;
  /** The user's newest seq when the page was read. */
  headSeq: number;
  /**
   * The page covers the timeline up to here (events deleted since leave holes): continue after it.
   * Equal to `headSeq` when `complete`.
   */
  untilSeq: number;
  /** True when no event after this page existed when it was read. */
  complete: boolean;
}

export interface GetHistoryRequest {
  peerID: string;
  count: number;
  /** Exclusive anchor: messages before (or, with `newer`, after) this seq; absent = from the newest (oldest). */
  anchorSeq?: number;
  /** Page towards newer messages, oldest first; default older, newest first. */
  newer?: boolean;
}

export interface ModifyMessageRequest {
  msgID: string;
  /** The `version` the client edited; another version gives 2480 and the latest message. */
  version: number;
  elemList?: MessageElem[];
  cloudCustomData?: string;
}

type Empty = Record<string, never>;

/** The messaging ops (merged into `Ops` of frames.ts). */
export interface MessagingOps {
  /** Stores (or, for online-only, just delivers) a message; resending the same `msgID` is answered from the store. */
  sendMessage: { request: SendMessageRequest; reply: { message: WireMessage } };
  syncEvents: { request: SyncEventsRequest; reply: SyncEventsReply };
  /** Records that this user's clients have everything up to `seq` (where a fresh client starts). */
  ackEvents: { request: { seq: number }; reply: Empty };
  getHistory: { request: GetHistoryRequest; reply: { messages: WireMessage[]; complete: boolean } };
  /** Marks the conversation read now; the peer gets a `peerRead` event. */
  markRead: { request: { peerID: string }; reply: { conversation?: WireConversation } };
  revokeMessage: { request: { msgID: string; reason?: string }; reply: Empty };
  modifyMessage: { request: ModifyMessageRequest; reply: { message: WireMessage } };
  /** Deletes messages of one conversation for this user only. */
  deleteMessages: { request: { msgIDs: string[] }; reply: Empty };
  clearHistory: { request: { peerID: string }; reply: Empty };
  /** Pinned first, then by `orderKey` descending; `nextSeq` is an offset as a string. */
  getConversations: {
    request: { nextSeq: string; count: number };
    reply: { conversations: WireConversation[]; nextSeq: string; isFinished: boolean };
  };
  /** Deletes the conversation and this user's history of it. */
  deleteConversation: { request: { peerID: string }; reply: Empty };
  pinConversation: {
    request: { peerID: string; isPinned: boolean };
    reply: { conversation: WireConversation };
  };
  setConversationDraft: {
    request: { peerID: string; draftText: string };
    reply: { conversation: WireConversation };
  };
}

/** The messaging pushes (merged into `Pushes` of frames.ts). */
export interface MessagingPushes {
  /** One timeline event, with the state of the conversation it touched. */
  syncEvent: SyncBatch;
  /** An online-only message: no seq, not stored, delivered only to connected instances. */
  onlineMessage: { message: WireMessage };
}
