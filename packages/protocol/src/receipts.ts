/**
 * Per-message read receipts on the wire (docs/read-receipts.md).
 *
 * A message sent with `needReadReceipt` can be reported read by its receivers, one message list of
 * one conversation at a time; the sender's instances get `messageReadReceipts` pushes with the new
 * counts. Readers are stored one row per (message, reader) when they read, never one row per member
 * at sending: a group message remembers how many members could read it, and the unread figure is
 * that number minus its readers.
 */

/** Messages per `sendMessageReadReceipts` / `getMessageReadReceipts` call. */
export const MAX_RECEIPT_MESSAGES = 30;
/** Largest page of `getGroupMessageReadMemberList`. */
export const MAX_RECEIPT_MEMBER_PAGE = 100;

/** `getGroupMessageReadMemberList`'s filter (V2TIM `V2TIMGroupMessageReadMembersFilter`). */
export const ReceiptMemberFilter = Object.freeze({ READ: 0, UNREAD: 1 } as const);
export type ReceiptMemberFilter = (typeof ReceiptMemberFilter)[keyof typeof ReceiptMemberFilter];

/** One message's receipt state (`V2TIMMessageReceipt`). */
export interface WireMessageReceipt {
  msgID: string;
  /** One-to-one: the peer (receiver of the message); `''` for a group message. */
  userID: string;
  /** Set for a group message. */
  groupID?: string;
  /** One-to-one: the receiver reported the message read. */
  isPeerRead: boolean;
  /** ms of the latest read report counted here; 0 when nobody read it. */
  timestamp: number;
  /** Group: members who reported it read (one-to-one: 0 or 1). */
  readCount: number;
  /** Group: members who could read it at sending, minus its readers (one-to-one: 1 or 0). */
  unreadCount: number;
}

/** A member on a page of readers or non-readers. */
export interface WireReceiptMember {
  userID: string;
  /** The member's name card in the group (`''` when none or no longer a member). */
  nameCard: string;
}

type Empty = Record<string, never>;

/** The read-receipt ops (merged into `Ops` of frames.ts). */
export interface ReceiptOps {
  /** Reports messages of one conversation read by the caller; its unread count is left alone. */
  sendMessageReadReceipts: { request: { msgIDs: string[] }; reply: Empty };
  /** The current counts of the caller's own messages (or, in groups, any member's). */
  getMessageReadReceipts: { request: { msgIDs: string[] }; reply: { receipts: WireMessageReceipt[] } };
  /** A page of a group message's readers or non-readers; `nextSeq` is an offset, 0 to start. */
  getGroupMessageReadMemberList: {
    request: { msgID: string; filter: ReceiptMemberFilter; nextSeq: number; count: number };
    reply: { members: WireReceiptMember[]; nextSeq: number; isFinished: boolean };
  };
}

/** The read-receipt pushes (merged into `Pushes` of frames.ts). */
export interface ReceiptPushes {
  /** To every instance of the messages' sender: new read counts. */
  messageReadReceipts: { receipts: WireMessageReceipt[] };
}
