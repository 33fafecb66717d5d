/**
 * Group messages, group conversations and the catch-up of groups on the wire (docs/protocol.md
 * "Group messages", docs/messages.md "Group logs").
 *
 * A group message is stored once, in the group's log, with the log's next `seq`; it is never
 * written to the members' feeds. A client keeps, per group, the highest seq it applied and the
 * highest change seq (recalls, edits) it applied; after every (re)login it asks `syncGroups` for
 * each joined group's heads and pulls what it lacks with `getGroupHistory` and `getGroupChanges`.
 * Live `groupMessage` pushes are de-duplicated by (groupID, seq); one that skips a seq makes the
 * client pull the gap.
 */
import type { GroupType } from './groups-base.js';
import type { WireMessage } from './messages.js';

/** The text of `groupAtUserList` that mentions everyone (V2TIM's constant, spelling included). */
export const AT_ALL_TAG = '__kImSDK_MesssageAtALL__';
/** Largest `groupAtUserList`. */
export const MAX_AT_USERS = 100;
/** Most receivers of a targeted group message (§11). */
export const MAX_TARGETED_RECEIVERS = 50;
/** Largest page of `getGroupChanges`. */
export const MAX_GROUP_CHANGES_PAGE = 200;

/** `V2TIMGroupAtInfo.atType`. */
export const GroupAtType = Object.freeze({ AT_ME: 1, AT_ALL: 2, AT_ALL_AT_ME: 3 } as const);
export type GroupAtType = (typeof GroupAtType)[keyof typeof GroupAtType];

/** A mention of me (or of everyone) that I have not read yet. */
export interface WireGroupAtInfo {
  seq: number;
  atType: GroupAtType;
}

/** A member's conversation of a group (conversation ID `group_<groupID>`). */
export interface WireGroupConversation {
  groupID: string;
  groupType: GroupType;
  /** The group's name. */
  showName: string;
  faceUrl: string;
  /** Always 0 for types without unread counts (Meeting, AVChatRoom). */
  unreadCount: number;
  lastMessage?: WireMessage;
  isPinned: boolean;
  draftText: string;
  draftTime: number;
  /** ms of the newest activity (message, draft, pin or join): orders the list with one-to-one ones. */
  activityTime: number;
  /** I have read the group's log up to this seq. */
  readSeq: number;
  /** The log's newest seq the snapshot accounts for (its unread and last message). */
  headSeq: number;
  /** The group's newest change seq when the snapshot was taken: a client new to the group starts there. */
  changeSeq: number;
  groupAtInfoList: WireGroupAtInfo[];
  /** Grows with every change of this member's snapshot; a client keeps the larger. */
  version: number;
  /**
   * I deleted the conversation (`deleteGroupConversation`) and nothing was posted to the group
   * since: it stays out of my list, my unread total and my history until the group's next message.
   */
  hidden?: boolean;
  /**
   * My receive option in the group (docs/users.md); sent with the login's group sync only, so a
   * client keeps the last it saw. 1, 2 and 3 leave the group out of the total unread count.
   */
  recvOpt?: number;
}

/** A recall or an edit in a group, numbered by the group's change seq. */
export type WireGroupChange =
  | { changeSeq: number; kind: 'revoked'; msgID: string; seq: number; operator: string; reason: string }
  | { changeSeq: number; kind: 'modified'; msgID: string; seq: number; message: WireMessage };

/** One joined group's heads and my conversation of it. */
export interface GroupSyncState {
  groupID: string;
  /** The seq of the group's newest message. */
  headSeq: number;
  /** The group's newest change seq. */
  changeSeq: number;
  conversation: WireGroupConversation;
}

export interface GetGroupHistoryRequest {
  groupID: string;
  count: number;
  /** Exclusive anchor: before (or, with `newer`, after) this seq; absent = the newest (oldest). */
  anchorSeq?: number;
  newer?: boolean;
}

type Empty = Record<string, never>;

/** The group message ops (merged into `Ops` of frames.ts). `sendMessage` takes a `groupID`. */
export interface GroupMessageOps {
  getGroupHistory: { request: GetGroupHistoryRequest; reply: { messages: WireMessage[]; complete: boolean } };
  /** Every joined group (AVChatRoom aside) with its heads and my conversation. */
  syncGroups: { request: Empty; reply: { groups: GroupSyncState[] } };
  getGroupChanges: {
    request: { groupID: string; afterChangeSeq: number; limit?: number };
    reply: { changes: WireGroupChange[]; complete: boolean };
  };
  /** Empties my history of the group (the conversation stays); my other devices get the snapshot. */
  clearGroupHistory: { request: { groupID: string }; reply: Empty };
  /**
   * Deletes my conversation of the group: my history of it is emptied and the conversation leaves my
   * list on all my devices; I stay a member, and the group's next message brings it back.
   */
  deleteGroupConversation: { request: { groupID: string }; reply: { conversation: WireGroupConversation } };
  /** Marks the group read up to its head; my other devices get the new snapshot. */
  markGroupRead: { request: { groupID: string }; reply: { conversation?: WireGroupConversation } };
  pinGroupConversation: {
    request: { groupID: string; isPinned: boolean };
    reply: { conversation: WireGroupConversation };
  };
  setGroupConversationDraft: {
    request: { groupID: string; draftText: string };
    reply: { conversation: WireGroupConversation };
  };
}

/** The group message pushes (merged into `Pushes` of frames.ts). */
export interface GroupMessagePushes {
  /** A new group message (seq 0 when not stored: AVChatRoom), the same frame for every member. */
  groupMessage: { message: WireMessage };
  /** A recall or edit in a group. */
  groupChange: { groupID: string; change: WireGroupChange };
  /** My conversation of a group changed (read, pin, draft, join), or left my list (`removed`). */
  groupConversation: {
    groupID: string;
    conversation?: WireGroupConversation;
    removed?: boolean;
    /** Messages I deleted for myself (`deleteMessages`): my other devices drop them too. */
    deletedMsgIDs?: string[];
  };
}
