import type { GroupTipsElem } from '@parley/protocol';
/**
 * Public types of messages and conversations (V2TIM `V2TIMMessage`, `V2TIMAdvancedMsgListener`,
 * `V2TIMConversationListener`), with the Flutter SDK's names.
 */
import type { V2TimMessageExtension, V2TimMessageReactionChangeInfo } from './message-extras-types.js';
import type { V2TimConversation } from './types.js';

/** Message status, numbered as V2TIM's. */
export const V2TimMessageStatus = Object.freeze({
  V2TIM_MSG_STATUS_SENDING: 1,
  V2TIM_MSG_STATUS_SEND_SUCC: 2,
  V2TIM_MSG_STATUS_SEND_FAIL: 3,
  V2TIM_MSG_STATUS_HAS_DELETED: 4,
  V2TIM_MSG_STATUS_LOCAL_IMPORTED: 5,
  V2TIM_MSG_STATUS_LOCAL_REVOKED: 6,
});
export type V2TimMessageStatus = (typeof V2TimMessageStatus)[keyof typeof V2TimMessageStatus];

/** Element types, numbered as V2TIM's. */
export const V2TimElemType = Object.freeze({
  V2TIM_ELEM_TYPE_NONE: 0,
  V2TIM_ELEM_TYPE_TEXT: 1,
  V2TIM_ELEM_TYPE_CUSTOM: 2,
  V2TIM_ELEM_TYPE_IMAGE: 3,
  V2TIM_ELEM_TYPE_SOUND: 4,
  V2TIM_ELEM_TYPE_VIDEO: 5,
  V2TIM_ELEM_TYPE_FILE: 6,
  V2TIM_ELEM_TYPE_LOCATION: 7,
  V2TIM_ELEM_TYPE_FACE: 8,
  /** A group event (join, quit, info change…) in a group's history; written by the server only. */
  V2TIM_ELEM_TYPE_GROUP_TIPS: 9,
  /** Several messages forwarded as one; open it with `downloadMergerMessage`. */
  V2TIM_ELEM_TYPE_MERGER: 10,
});
export type V2TimElemType = (typeof V2TimElemType)[keyof typeof V2TimElemType];

/** `getHistoryMessageList` directions, numbered as V2TIM's `V2TIMMessageGetType`. */
export const V2TimHistoryMessageGetType = Object.freeze({
  /** From the server, older than the anchor, newest first. */
  V2TIM_GET_CLOUD_OLDER_MSG: 1,
  /** From the server, newer than the anchor, oldest first. */
  V2TIM_GET_CLOUD_NEWER_MSG: 2,
  /** From this SDK's cache, older than the anchor, newest first. */
  V2TIM_GET_LOCAL_OLDER_MSG: 3,
  /** From this SDK's cache, newer than the anchor, oldest first. */
  V2TIM_GET_LOCAL_NEWER_MSG: 4,
});
export type V2TimHistoryMessageGetType =
  (typeof V2TimHistoryMessageGetType)[keyof typeof V2TimHistoryMessageGetType];

export interface V2TimTextElem {
  text: string;
}

export interface V2TimCustomElem {
  data: string;
  desc?: string;
  extension?: string;
}

/**
 * One variant of an image (`V2TIMImage`): `type` 0 original, 1 thumb (198 px), 2 large (720 px).
 * `url` is signed and expires (a week by default): cache by `uuid`.
 */
export interface V2TimImage {
  uuid: string;
  type: number;
  size: number;
  width: number;
  height: number;
  url: string;
}

/** An image: `path` (Node) or `file` (browser) on the sender's side; `imageList` once sent. */
export interface V2TimImageElem {
  path?: string;
  /** The upload, once uploaded. */
  uuid?: string;
  imageList: V2TimImage[];
}

export interface V2TimSoundElem {
  path?: string;
  UUID?: string;
  dataSize?: number;
  /** Seconds. */
  duration: number;
  url?: string;
}

export interface V2TimVideoElem {
  videoPath?: string;
  UUID?: string;
  /** Container format, such as `mp4`. */
  type?: string;
  videoSize?: number;
  /** Seconds. */
  duration: number;
  videoUrl?: string;
  snapshotPath?: string;
  snapshotUUID?: string;
  snapshotSize?: number;
  snapshotWidth?: number;
  snapshotHeight?: number;
  snapshotUrl?: string;
}

export interface V2TimFileElem {
  path?: string;
  fileName: string;
  UUID?: string;
  fileSize?: number;
  url?: string;
}

export interface V2TimLocationElem {
  desc: string;
  longitude: number;
  latitude: number;
}

/** Merged messages: what to show before opening them with `downloadMergerMessage`. */
export interface V2TimMergerElem {
  title: string;
  abstractList: string[];
  compatibleText: string;
  layersOverLimit: boolean;
  /** The upload holding the list, once uploaded. */
  uuid?: string;
  url?: string;
}

export interface V2TimFaceElem {
  index: number;
  data: string;
}

/** A message (V2TIM `V2TIMMessage`). */
export interface V2TimMessage {
  /** Unique per app; chosen by the SDK when the message is created, kept by every resend. */
  msgID: string;
  /** The id `create…Message` returned (the same as `msgID`). */
  id: string;
  /** Server time of the message in Unix seconds (the local time until it is sent). */
  timestamp: number;
  sender: string;
  /** One-to-one: always the other party, whoever sent it. */
  userID?: string;
  groupID?: string;
  /**
   * Position in its conversation: increasing in the order the conversation's messages were stored,
   * the same for both parties and on every device. 0 until stored.
   */
  seq: number;
  /** 32-bit random chosen at creation. */
  random: number;
  status: V2TimMessageStatus;
  /** The type of the first element. */
  elemType: V2TimElemType;
  textElem?: V2TimTextElem;
  customElem?: V2TimCustomElem;
  imageElem?: V2TimImageElem;
  soundElem?: V2TimSoundElem;
  videoElem?: V2TimVideoElem;
  fileElem?: V2TimFileElem;
  locationElem?: V2TimLocationElem;
  faceElem?: V2TimFaceElem;
  mergerElem?: V2TimMergerElem;
  /** The group event of a tips message (`elemType` 9). */
  groupTipsElem?: GroupTipsElem;
  /** Group messages: the members mentioned (`__kImSDK_MesssageAtALL__` for everyone). */
  groupAtUserList?: string[];
  /**
   * A targeted group message (`createTargetedGroupMessage`): the members who see it besides its
   * sender. Set on the sender's copy only.
   */
  targetedReceivers?: string[];
  /** Group messages: the sender's name card in the group, when known. */
  nameCard?: string;
  /** The sender's nickname (its profile), when known. */
  nickName?: string;
  /** The sender's avatar URL (its profile), when known. */
  faceUrl?: string;
  /** Stored on the server and delivered with the message; counts toward the 12 KB limit. */
  cloudCustomData: string;
  /** Kept on this device only. */
  localCustomData: string;
  /** Sent by the logged-in user. */
  isSelf: boolean;
  /** Read by the logged-in user (own messages are always read). */
  isRead: boolean;
  /** One-to-one, own messages: the peer marked the conversation read after it arrived. */
  isPeerRead: boolean;
  isExcludedFromUnreadCount: boolean;
  isExcludedFromLastMessage: boolean;
  /** Delivered only to online users and not stored (typing indicators and the like). */
  isOnlineUserOnly: boolean;
  /** Who recalled it, once recalled (`status` 6). */
  revokerInfo?: { userID: string };
  revokeReason?: string;
  /** Edit version: 0 until the first `modifyMessage`; an edit of an older version conflicts (2480). */
  version: number;
  /** Group only in V2TIM; always 0 here. */
  priority: number;
  /** Sent with `supportMessageExtension`: its key-value extensions may be set. */
  supportMessageExtension?: boolean;
  /** Sent with `needReadReceipt`: receivers may report it read (docs/read-receipts.md). */
  needReadReceipt?: boolean;
}

/** What `createTextMessage` / `createCustomMessage` give: the id to pass to `sendMessage`. */
export interface V2TimMsgCreateInfoResult {
  id: string;
  messageInfo: V2TimMessage;
}

/**
 * A read receipt: conversation-level (`onRecvC2CReadReceipt`: the peer read the user's messages up
 * to `timestamp`), or of one message sent with `needReadReceipt` (`msgID` set, with its counts).
 */
export interface V2TimMessageReceipt {
  userID: string;
  /** Unix seconds; 0 when nobody read the message yet. */
  timestamp: number;
  isPeerRead: boolean;
  msgID?: string;
  groupID?: string;
  /** Per-message receipts: members (one-to-one: 0 or 1) who reported the message read. */
  readCount?: number;
  /** Per-message receipts: members who could read it at sending and have not reported it. */
  unreadCount?: number;
}

/** A page of `getGroupMessageReadMemberList` (V2TIM `V2TimGroupMessageReadMemberList`). */
export interface V2TimGroupMessageReadMemberList {
  /** Pass to the next call; 0 once finished. */
  nextSeq: number;
  isFinished: boolean;
  memberInfoList: { userID: string; nameCard: string }[];
}

/** The result of `modifyMessage`: `message` is the edited one, or on 2480 the latest version. */
export interface V2TimMessageChangeInfo {
  code: number;
  desc: string;
  message: V2TimMessage;
}

/**
 * Message callbacks (V2TIM `V2TIMAdvancedMsgListener`). Every member is optional. Messages pulled
 * after a (re)connect arrive through `onRecvNewMessage` in order, before any live message, and each
 * message arrives exactly once per SDK instance.
 */
export interface V2TimAdvancedMsgListener {
  /** Upload progress of a message being sent with a file, 0 to 100. */
  onSendMessageProgress?(message: V2TimMessage, progress: number): void;
  /** A new message: from a peer, from the user's other devices, or sent through REST. */
  onRecvNewMessage?(message: V2TimMessage): void;
  /** A message was recalled by `operateUser`. */
  onRecvMessageRevoked?(msgID: string, operateUser: string, reason: string): void;
  /** Peers marked conversations read: the user's messages up to `timestamp` are read. */
  onRecvC2CReadReceipt?(receiptList: V2TimMessageReceipt[]): void;
  /** A message was edited (by either party or the app's callback). */
  onRecvMessageModified?(message: V2TimMessage): void;
  /** Reactions changed on messages the user can see (docs/message-extras.md). */
  onRecvMessageReactionsChanged?(changeInfos: V2TimMessageReactionChangeInfo[]): void;
  /** Extension keys were set on a message the user can see. */
  onRecvMessageExtensionsChanged?(msgID: string, extensions: V2TimMessageExtension[]): void;
  /** Extension keys were deleted from a message the user can see. */
  onRecvMessageExtensionsDeleted?(msgID: string, extensionKeys: string[]): void;
  /** Receivers reported the user's messages (sent with `needReadReceipt`) read: their new counts. */
  onRecvMessageReadReceipts?(receiptList: V2TimMessageReceipt[]): void;
}

/** Conversation callbacks (V2TIM `V2TIMConversationListener`). Every member is optional. */
export interface V2TimConversationListener {
  /** The post-login sync with the server started. */
  onSyncServerStart?(): void;
  /** The post-login sync finished: the list and unread counts are the server's. */
  onSyncServerFinish?(): void;
  /** The post-login sync failed (it is tried again after the next reconnect). */
  onSyncServerFailed?(): void;
  onNewConversation?(conversationList: V2TimConversation[]): void;
  onConversationChanged?(conversationList: V2TimConversation[]): void;
  onConversationDeleted?(conversationIDList: string[]): void;
  onTotalUnreadMessageCountChanged?(totalUnreadCount: number): void;
}

/** Arguments of `createTextMessage`. */
export interface V2TimCreateTextMessageParams {
  text: string;
}

/** Arguments of `createCustomMessage`. */
export interface V2TimCreateCustomMessageParams {
  data: string;
  desc?: string;
  extension?: string;
}

/** Arguments of `getC2CHistoryMessageList`. */
export interface V2TimC2CHistoryParams {
  userID: string;
  /** 1–100. */
  count: number;
  /** Messages older than this one (exclusive); the newest when absent. */
  lastMsgID?: string;
}

/** Arguments of `getHistoryMessageList`. */
export interface V2TimHistoryMessageListParams {
  /** Default `V2TIM_GET_CLOUD_OLDER_MSG`. */
  getType?: V2TimHistoryMessageGetType;
  userID?: string;
  /** Groups are not available in this version (7013). */
  groupID?: string;
  count: number;
  /** The exclusive anchor; absent = from the newest (older) or the oldest (newer). */
  lastMsgID?: string;
}

/** Arguments of `modifyMessage`: the message with its changed `textElem`, `customElem` or `cloudCustomData`. */
export interface V2TimModifyMessageParams {
  message: V2TimMessage;
}

/** A listener given directly or, as in the Flutter SDK, as `{ listener }`. */
export type ListenerArgument<L> = L | { listener: L };

/** `conversationID` arguments: `c2c_<userID>`. */
export interface V2TimConversationIDParams {
  conversationID: string;
}
