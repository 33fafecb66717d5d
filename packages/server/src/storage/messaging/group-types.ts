/** The contract of the group log store (group-store.ts; docs/messages.md "Group logs"). */
import type { MessageElem, WireGroupChange, WireMessage } from '@parley/protocol';
import type { Selectable } from 'kysely';
import type { GroupCursorsTable } from './tables.js';
import type { HistoryQuery } from './types.js';

export type GroupCursorRow = Selectable<GroupCursorsTable>;

/** A group message to store, validated and stamped with the server time. */
export interface NewGroupMessage {
  sdkAppID: number;
  groupID: string;
  msgID: string;
  /** `''` for the app's admin (tips). */
  sender: string;
  random: number;
  time: number;
  elemList: MessageElem[];
  cloudCustomData: string;
  excludedFromUnreadCount: boolean;
  excludedFromLastMessage: boolean;
  groupAtUserList: string[];
  /** A targeted message's receivers (the sender sees it too); empty: every member. */
  targets?: string[];
  /** The group's type counts unread: the log's count grows with counted messages. */
  countsUnread: boolean;
  /** Sent with `supportMessageExtension` (docs/message-extras.md). */
  supportMessageExtension?: boolean;
  /** Sent with `needReadReceipt`: the members who could read it (the sender aside). */
  receiptAudience?: number;
}

export type GroupAppendResult =
  | { kind: 'stored'; message: WireMessage }
  | { kind: 'duplicate'; message: WireMessage }
  | { kind: 'taken' };

/** The group's log head and change head. */
export interface GroupHeads {
  headSeq: number;
  lastSeq: number;
  /** Counted messages so far (the unread arithmetic's running count). */
  count: number;
  changeSeq: number;
}

/** What a member's conversation snapshot is made of (the service adds the group's facts). */
export interface GroupConversationState {
  cursor: GroupCursorRow;
  heads: GroupHeads;
  lastMessage?: WireMessage;
  mentions: { user_id: string; seq: number }[];
  /** Counted messages of others after the member's read position that were recalled since. */
  recalledUnread: number;
}

/** A stored group message as the engine checks it (recall, edit rights). */
export interface GroupMessageRecord {
  groupID: string;
  msgID: string;
  seq: number;
  sender: string;
  time: number;
  revoked: boolean;
  version: number;
  excludedFromUnreadCount: boolean;
  elemList: MessageElem[];
  cloudCustomData: string;
  supportMessageExtension?: boolean;
  /** Sent with `needReadReceipt`: how many members could read it at sending. */
  receiptAudience?: number;
}

export type GroupModifyResult =
  | { kind: 'modified'; message: WireMessage; change: WireGroupChange }
  | { kind: 'conflict'; message: WireMessage };

export interface GroupLogStore {
  append(message: NewGroupMessage, stamp: number): Promise<GroupAppendResult>;
  /** The record of a group message by msgID (`undefined` when not a group message). */
  get(sdkAppID: number, msgID: string): Promise<GroupMessageRecord | undefined>;
  heads(sdkAppID: number, groupID: string): Promise<GroupHeads>;
  cursor(sdkAppID: number, userID: string, groupID: string): Promise<GroupCursorRow | undefined>;
  /** Every cursor of the user (its joined groups as the engine knows them). */
  cursors(sdkAppID: number, userID: string): Promise<GroupCursorRow[]>;
  /** The user's unread over all its groups (offline push badges); recalls are not taken off. */
  totalUnread(sdkAppID: number, userID: string): Promise<number>;
  state(sdkAppID: number, cursor: GroupCursorRow): Promise<GroupConversationState>;
  history(
    sdkAppID: number,
    cursor: GroupCursorRow,
    query: HistoryQuery,
  ): Promise<{ messages: WireMessage[]; complete: boolean }>;
  changes(
    sdkAppID: number,
    groupID: string,
    afterChangeSeq: number,
    limit: number,
  ): Promise<{ changes: WireGroupChange[]; complete: boolean }>;
  /** Cursors at the log's head (history before joining cut off unless `historyBeforeJoin`). */
  join(
    sdkAppID: number,
    groupID: string,
    userIDs: readonly string[],
    options: { now: number; stamp: number; historyBeforeJoin: boolean },
  ): Promise<void>;
  /** The members' cursors and mentions go. */
  leave(sdkAppID: number, groupID: string, userIDs: readonly string[]): Promise<void>;
  /** The log, its changes, mentions and every cursor go. */
  dismiss(sdkAppID: number, groupID: string): Promise<void>;
  /** Read up to the head; `undefined` when the user has no cursor. */
  markRead(
    sdkAppID: number,
    userID: string,
    groupID: string,
    stamp: number,
  ): Promise<GroupCursorRow | undefined>;
  /**
   * Sets the member's unread count (REST `import_group_member`'s `UnreadMsgNum`); `undefined` when
   * the user has no cursor.
   */
  setUnread(
    sdkAppID: number,
    userID: string,
    groupID: string,
    unread: number,
    stamp: number,
  ): Promise<GroupCursorRow | undefined>;
  /** Pin or draft (`fields`), with the member's activity moved to `now`. */
  updateCursor(
    sdkAppID: number,
    userID: string,
    groupID: string,
    fields: Partial<Pick<GroupCursorRow, 'is_pinned' | 'draft_text' | 'draft_time' | 'hidden'>>,
    options: { now: number; stamp: number },
  ): Promise<GroupCursorRow | undefined>;
  /** Hides messages (seqs of one group) from the member's history only. */
  deleteForMember(
    sdkAppID: number,
    userID: string,
    groupID: string,
    seqs: readonly number[],
    stamp: number,
  ): Promise<GroupCursorRow | undefined>;
  /**
   * Empties the member's history (and reads to the head); with `hide`, the conversation is also
   * hidden until the log's next message. `undefined` when the user has no cursor.
   */
  clearForMember(
    sdkAppID: number,
    userID: string,
    groupID: string,
    stamp: number,
    options?: { hide?: boolean },
  ): Promise<GroupCursorRow | undefined>;
  revoke(
    sdkAppID: number,
    msgID: string,
    operator: string,
    reason: string,
    now: number,
  ): Promise<WireGroupChange | undefined>;
  modify(
    sdkAppID: number,
    msgID: string,
    change: { elemList?: MessageElem[]; cloudCustomData?: string; expectedVersion: number },
    modifier: string,
    now: number,
  ): Promise<GroupModifyResult>;
}
