/**
 * User status (presence) on the wire (im-features §4.2, docs/users.md "Presence"): reading anyone's
 * status, setting one's own custom status, and subscribing to other users' changes, which arrive as
 * `userStatusChanged` pushes.
 */

/** `V2TIMUserStatusType`: how a user is reachable. */
export const UserStatusType = Object.freeze({
  /** The server could not tell (never sent by Parley; kept for V2TIM's numbering). */
  UNKNOWN: 0,
  /** At least one instance is connected (the server's `Online`). */
  ONLINE: 1,
  /** Logged in but not connected, reachable by offline push (the server's `PushOnline`). */
  OFFLINE: 2,
  /** Logged out, never logged in, or gone past push reach (the server's `Offline`). */
  UNLOGINED: 3,
} as const);
export type UserStatusType = (typeof UserStatusType)[keyof typeof UserStatusType];

/** Sizes and counts of the status calls (im-features §4.2, §11). */
export const STATUS_LIMITS = Object.freeze({
  /** `customStatus` in UTF-8 bytes. */
  customStatus: 100,
  /** Users one user may subscribe to; subscribing to more evicts the oldest subscriptions. */
  subscriptions: 200,
  /** UserIDs per `getUserStatus`, `subscribeUserStatus` or `unsubscribeUserStatus` call. */
  userIDsPerCall: 500,
} as const);

/** `V2TIMUserStatus`. */
export interface WireUserStatus {
  userID: string;
  statusType: UserStatusType;
  /** Set by the user with `setSelfStatus`; `''` when none. */
  customStatus: string;
  /** Platform names (`Web`, `Android`, …) of the user's connected instances. */
  onlineDevices: string[];
}

export interface StatusOps {
  /** Status of any users of the app (the caller's own included); unknown UserIDs are left out. */
  getUserStatus: { request: { userIDList: string[] }; reply: { statusList: WireUserStatus[] } };
  /** Sets the caller's custom status (`''` clears it); subscribers hear of it. */
  setSelfStatus: { request: { customStatus: string }; reply: Record<string, never> };
  /**
   * Subscribes the caller (the user, on every device and across logins) to these users' changes.
   * The caller itself may not be listed; past the limit the oldest subscriptions are dropped.
   */
  subscribeUserStatus: { request: { userIDList: string[] }; reply: Record<string, never> };
  /** Drops these subscriptions, or all of them when `userIDList` is empty or absent. */
  unsubscribeUserStatus: { request: { userIDList?: string[] }; reply: Record<string, never> };
}

export interface StatusPushes {
  /** Statuses that changed, for subscribers (and, later, friends when the app pushes those). */
  userStatusChanged: { statusList: WireUserStatus[] };
}
