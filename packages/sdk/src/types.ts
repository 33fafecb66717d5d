/**
 * Public types of the V2TIM-shaped API: result objects, enums, options and the SDK listener.
 */
import type { KickReason, Platform } from '@parley/protocol';
import type { V2TimMessage } from './message-types.js';
import type { WebSocketConstructor } from './transport.js';

/** The result of every call that returns no data. `code === 0` is success. */
export interface V2TimCallback {
  /** 0 on success, otherwise a V2TIM error code (`ErrorCode` in `@parley/protocol`). */
  code: number;
  /** Empty on success, otherwise a human-readable reason. */
  desc: string;
}

/** The result of every call that returns data; `data` is present when `code === 0`. */
export interface V2TimValueCallback<T> extends V2TimCallback {
  data?: T;
}

/** Login status as `getLoginStatus()` reports it (native V2TIM numbering, login.md §4.2). */
export const V2TimLoginStatus = Object.freeze({
  /** Logged in (also while the SDK reconnects by itself after a network loss). */
  V2TIM_STATUS_LOGINED: 1,
  /** `login` was called and has not finished. */
  V2TIM_STATUS_LOGINING: 2,
  /** Not logged in: before login, after a failed login, after logout, kick or ticket expiry. */
  V2TIM_STATUS_LOGOUT: 3,
});
export type V2TimLoginStatus = (typeof V2TimLoginStatus)[keyof typeof V2TimLoginStatus];

/** The platform an instance declares at login; it decides which multi-device policy applies. */
export const V2TimPlatform = Object.freeze({
  WEB: 'web',
  ANDROID: 'android',
  IPHONE: 'iphone',
  IPAD: 'ipad',
  WINDOWS: 'windows',
  MAC: 'mac',
  LINUX: 'linux',
} as const satisfies Record<string, Platform>);
export type V2TimPlatform = Platform;

/** Log levels of `initSDK({ loglevel })`, numbered as V2TIM's. */
export const V2TimLogLevel = Object.freeze({
  V2TIM_LOG_NONE: 0,
  V2TIM_LOG_DEBUG: 3,
  V2TIM_LOG_INFO: 4,
  V2TIM_LOG_WARN: 5,
  V2TIM_LOG_ERROR: 6,
});
export type V2TimLogLevel = (typeof V2TimLogLevel)[keyof typeof V2TimLogLevel];

/** The connection state behind the web-style `netStateChange` event. */
export const V2TimNetState = Object.freeze({
  /** Logged in and the socket is up. */
  CONNECTED: 'connected',
  /** Connecting or reconnecting. */
  CONNECTING: 'connecting',
  /** No socket: not logged in, or between two reconnect attempts (the SDK keeps retrying when logged in). */
  DISCONNECTED: 'disconnected',
});
export type V2TimNetState = (typeof V2TimNetState)[keyof typeof V2TimNetState];

/** Own profile, as `onSelfInfoUpdated` reports it. */
export interface V2TimUserFullInfo {
  userID: string;
  nickName?: string;
  faceUrl?: string;
  selfSignature?: string;
  /** 0 unknown, 1 male, 2 female (`V2TimGender`). */
  gender?: number;
  /** E.g. 20190419; 0 when not set. */
  birthday?: number;
  level?: number;
  role?: number;
  /** How others may add the user as a friend: 0 any, 1 need confirm, 2 deny (`V2TimFriendAllowType`). */
  allowType?: number;
  /** Custom fields the app declared, without the `Tag_Profile_Custom_` prefix. */
  customInfo?: Record<string, string>;
}

/** `V2TimReceiveMessageOpt` (im-features §1.18). */
export const V2TimReceiveMessageOpt = Object.freeze({
  V2TIM_RECEIVE_MESSAGE: 0,
  V2TIM_NOT_RECEIVE_MESSAGE: 1,
  V2TIM_RECEIVE_NOT_NOTIFY_MESSAGE: 2,
  V2TIM_RECEIVE_NOT_NOTIFY_MESSAGE_EXCEPT_AT: 3,
  V2TIM_NOT_RECEIVE_MESSAGE_EXCEPT_AT: 4,
});
export type V2TimReceiveMessageOpt = (typeof V2TimReceiveMessageOpt)[keyof typeof V2TimReceiveMessageOpt];

/** The global receive option (`getAllReceiveMessageOpt`, `onAllReceiveMessageOptChanged`). */
export interface V2TimReceiveMessageOptInfo {
  allReceiveMessageOpt: number;
  startHour: number;
  startMinute: number;
  startSecond: number;
  /** Unix seconds; 0 when the option starts daily at the hour, minute and second. */
  startTimeStamp: number;
  /** Seconds; under 86,400 repeats daily, from 86,400 on lasts from the start. */
  duration: number;
}

/** One user's option, as `getC2CReceiveMessageOpt` reports it. */
export interface V2TimReceiveMessageOptInfoForUser {
  userID: string;
  c2CReceiveMessageOpt: number;
}

/** Arguments of `searchUsers` (keywords match UserID and nickname). */
export interface V2TimUserSearchParam {
  /** 1 to 5 keywords. */
  keywordList: string[];
  /** 0 every keyword must match (default), 1 any. */
  keywordListMatchType?: 0 | 1;
  userGender?: number;
  userMinBirthday?: number;
  userMaxBirthday?: number;
  /** 1 to 100, default 20. */
  searchCount?: number;
  /** The previous page's `searchCursor`. */
  searchCursor?: string;
}

/** One page of `searchUsers`. */
export interface V2TimUserSearchResult {
  userList: V2TimUserFullInfo[];
  totalCount: number;
  /** Pass to get the next page; '' after the last. */
  searchCursor: string;
  isFinished: boolean;
}

/**
 * A user's status (`V2TIMUserStatus`), as `getUserStatus` and `onUserStatusChanged` report it.
 * `statusType`: 0 unknown, 1 online (connected), 2 offline (logged in, reachable by push only),
 * 3 not logged in (`V2TimUserStatusType`).
 */
export interface V2TimUserStatus {
  userID: string;
  statusType: number;
  /** Set by the user with `setSelfStatus`; `''` when none. */
  customStatus: string;
  /** Platforms of the user's connected devices (`Web`, `Android`, `iPhone`, …). */
  onlineDevices: string[];
}

/** `V2TimUserStatus.statusType`. */
export const V2TimUserStatusType = Object.freeze({
  V2TIM_USER_STATUS_UNKNOWN: 0,
  V2TIM_USER_STATUS_ONLINE: 1,
  V2TIM_USER_STATUS_OFFLINE: 2,
  V2TIM_USER_STATUS_UNLOGINED: 3,
} as const);

/**
 * Callbacks about the login and the connection (V2TIM `V2TIMSDKListener`). Every member is
 * optional; add listeners with `initSDK({ listener })` or `addSDKListener`.
 */
export interface V2TimSDKListener {
  /** The SDK started connecting: at login, and when it reconnects by itself after a network loss. */
  onConnecting?(): void;
  /** Connected and logged in (after `login`, and after every automatic reconnect). */
  onConnectSuccess?(): void;
  /** A connection attempt failed; while logged in the SDK keeps retrying. */
  onConnectFailed?(code: number, desc: string): void;
  /** Another login displaced this instance (or an admin kicked it). Status is LOGOUT; log in again. */
  onKickedOffline?(): void;
  /** The ticket expired while logged in. Status is LOGOUT; get a new ticket and log in again. */
  onUserSigExpired?(): void;
  /** Own profile changed: by `setSelfInfo` here or on another device, or by the app's backend. */
  onSelfInfoUpdated?(info: V2TimUserFullInfo): void;
  /** Profiles of users this user subscribed to (`subscribeUserInfo`) changed. */
  onUserInfoChanged?(userInfoList: V2TimUserFullInfo[]): void;
  /** The global receive option changed (`setAllReceiveMessageOpt` here or on another device). */
  onAllReceiveMessageOptChanged?(receiveMessageOptInfo: V2TimReceiveMessageOptInfo): void;
  /**
   * Statuses changed: of users this user subscribed to (`subscribeUserStatus`, on any device), and
   * this user's own custom status set on any of its devices.
   */
  onUserStatusChanged?(statusList: V2TimUserStatus[]): void;
}

/** Reconnect backoff: each wait is random between `minDelayMs` and a cap that doubles per attempt. */
export interface ReconnectOptions {
  /** Shortest wait before a reconnect attempt. Default 500 ms. */
  minDelayMs?: number;
  /** Longest wait between attempts. Default 10 000 ms. */
  maxDelayMs?: number;
}

/** Options of `initSDK`. */
export interface InitSDKOptions {
  /** The app's SDKAppID (a positive integer). */
  sdkAppID: number;
  /**
   * Where the Parley server is, e.g. `ws://127.0.0.1:8080`. An array lists several nodes of a
   * cluster, tried in turn when one fails.
   */
  serverAddr: string | readonly string[];
  /** The platform this client declares; decides the multi-device policy. Default `web`. */
  platform?: V2TimPlatform;
  /** `V2TimLogLevel`; default `V2TIM_LOG_WARN`. Logs go to `console`. */
  loglevel?: V2TimLogLevel;
  /** A listener added as by `addSDKListener`. */
  listener?: V2TimSDKListener;
  /** Reconnect backoff after a network loss. */
  reconnect?: ReconnectOptions;
  /** How long a request waits for its reply before failing with 9520. Default 10 000 ms. */
  requestTimeoutMs?: number;
  /** How long one connection attempt may take before it counts as failed (9510). Default 10 000 ms. */
  connectTimeoutMs?: number;
  /**
   * The WebSocket constructor. Default: the one registered by the Node entry (`ws`), else
   * `globalThis.WebSocket` (browsers, React Native, Node ≥ 22).
   */
  WebSocket?: WebSocketConstructor;
  /** Clock in milliseconds since the epoch; default `Date.now`. Useful in tests. */
  now?: () => number;
}

/** `login` data: `repeatLogin` is true when the same user was already logged in (no round trip). */
export interface V2TimLoginResult {
  repeatLogin?: boolean;
}

/** Why an instance went offline, as the web-style `kickedOut` event reports it. */
export type V2TimKickedOutType = KickReason;

/** Conversation types, as V2TIM numbers them. */
export const V2TimConversationType = Object.freeze({
  V2TIM_C2C: 1,
  V2TIM_GROUP: 2,
});
export type V2TimConversationType = (typeof V2TimConversationType)[keyof typeof V2TimConversationType];

/** One conversation (`c2c_<userID>` or `group_<groupID>`). */
export interface V2TimConversation {
  conversationID: string;
  type: V2TimConversationType;
  userID?: string;
  groupID?: string;
  showName?: string;
  faceUrl?: string;
  /** The server's count, the same on every device of the user. */
  unreadCount: number;
  /** The newest message; absent when there is none (new or cleared conversation). */
  lastMessage?: V2TimMessage;
  /** Pinned conversations come first in the list. */
  isPinned?: boolean;
  draftText?: string;
  /** Unix seconds; 0 when there is no draft. */
  draftTimestamp?: number;
  /** Activation order (larger is more recent): bumped by messages, pin and draft. */
  orderKey?: number;
  /** The user's own messages up to this time (Unix seconds) are read. */
  c2cReadTimestamp?: number;
  /**
   * My receive option for this conversation (`V2TimReceiveMessageOpt`); conversations with 1, 2
   * or 3 are left out of the total unread count.
   */
  recvOpt?: number;
  /** Group conversations: the group's type (`Work`, `Public`, `Meeting`, `AVChatRoom`, `Community`). */
  groupType?: string;
  /** Group conversations: unread mentions of me or of everyone (`atType` 1 me, 2 all, 3 both). */
  groupAtInfoList?: { seq: number; atType: number }[];
}

/** Arguments of `getConversationList`. */
export interface V2TimGetConversationListParams {
  /** Where to continue: `'0'` for the first page, then the previous page's `nextSeq`. */
  nextSeq: string;
  /** Conversations per page (1–100). */
  count: number;
}

/** One page of conversations. */
export interface V2TimConversationResult {
  /** Pass as `nextSeq` to get the next page. */
  nextSeq: string;
  /** True when this page is the last. */
  isFinished: boolean;
  conversationList: V2TimConversation[];
}

/** Arguments of `sendMessage` (Flutter SDK names). */
export interface V2TimSendMessageParams {
  /** The id returned by a `create…Message` call. */
  id: string;
  /** Receiver UserID for a one-to-one message; empty for a group message. */
  receiver: string;
  /** Group ID for a group message; empty for a one-to-one message. */
  groupID: string;
  /** Deliver only to online users, store nothing. */
  onlineUserOnly?: boolean;
  /** Do not count this message in the receiver's unread count. */
  isExcludedFromUnreadCount?: boolean;
  /** Do not make this message the conversation's last message. */
  isExcludedFromLastMessage?: boolean;
  /** Stored on the server and delivered with the message (counts toward the 12 KB limit). */
  cloudCustomData?: string;
  /** Kept on this device only. */
  localCustomData?: string;
  /**
   * Group only (`MessagePriority`: 1 High, 2 Normal, 3 Low; 0 counts as Normal): above an
   * AVChatRoom's message rate Low is dropped first, then Normal (10023). Ignored for one-to-one.
   */
  priority?: number;
  /** What the offline push of this message says, or `disablePush` (docs/push.md). */
  offlinePushInfo?: V2TimOfflinePushInfo;
  /**
   * The message may get key-value extensions later (`setMessageExtensions`); not for online-only
   * messages or AVChatRoom groups.
   */
  supportMessageExtension?: boolean;
  /** Receivers may report it read (`sendMessageReadReceipts`); not with `onlineUserOnly`. */
  needReadReceipt?: boolean;
}

/** `V2TIMOfflinePushInfo`: the notification of one message on the receivers' away devices. */
export interface V2TimOfflinePushInfo {
  title?: string;
  /** The body; replaces the text derived from the message. */
  desc?: string;
  /** Handed to the app when the notification is opened. */
  ext?: string;
  disablePush?: boolean;
  /** iOS sound file; `push.no_sound` for none. */
  iOSSound?: string;
  /** Leave the iOS app badge alone. */
  ignoreIOSBadge?: boolean;
  androidSound?: string;
  androidFCMChannelID?: string;
  /** Vendor extras, passed to the app's own push gateway. */
  vendorParams?: Record<string, unknown>;
}

/** `setOfflinePushConfig` options: the push business (certificate) ID and the device token. */
export interface V2TimOfflinePushConfig {
  businessID: number;
  /** The device's push token; an empty string removes the registration. */
  token: string;
}

/** One logged-in instance of the current user, as `getOnlineDevices` lists it. */
export interface V2TimOnlineDevice {
  instanceID: string;
  platform: V2TimPlatform;
  /** When it logged in, ms since the epoch. */
  loginAt: number;
  /** False while its connection is gone but it may still resume. */
  connected: boolean;
  /** True for this SDK instance. */
  isCurrent: boolean;
}
