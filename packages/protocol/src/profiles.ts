/**
 * User profiles and receive options on the wire (docs/protocol.md "Users", docs/users.md for the
 * rules): the V2TIM `V2TIMUserFullInfo` and `V2TIMReceiveMessageOpt`, their ops, and the
 * `profileChanged` and `allReceiveMessageOptChanged` pushes.
 */

/** Sizes in UTF-8 bytes and counts (im-features §4.1, §1.18, §11). */
export const PROFILE_LIMITS = Object.freeze({
  /** Nickname, avatar URL, signature, and each custom value. */
  text: 500,
  customKey: 8,
  /** IDs per `getUsersInfo` (the original recommends at most 100). */
  usersPerGet: 100,
  subscriptions: 200,
  searchKeywords: 5,
  searchCount: 100,
  defaultSearchCount: 20,
  /** Users per `setC2CReceiveMessageOpt` / `getC2CReceiveMessageOpt`. */
  receiveOptUsers: 30,
} as const);

/** What `Tag_Profile_Custom_<key>` becomes in `customInfo`: the key without the prefix. */
export const PROFILE_CUSTOM_PREFIX = 'Tag_Profile_Custom_';

/** `V2TIMGender`. */
export const UserGender = Object.freeze({ UNKNOWN: 0, MALE: 1, FEMALE: 2 } as const);
export type UserGender = (typeof UserGender)[keyof typeof UserGender];

/** `V2TIMFriendAllowType`: how others may add the user as a friend. */
export const FriendAllowType = Object.freeze({ ALLOW_ANY: 0, NEED_CONFIRM: 1, DENY_ANY: 2 } as const);
export type FriendAllowType = (typeof FriendAllowType)[keyof typeof FriendAllowType];

/** `V2TIMReceiveMessageOpt` (im-features §1.18). */
export const ReceiveMessageOpt = Object.freeze({
  /** Receive online and by push. */
  RECEIVE: 0,
  /** Not delivered at all (kept in history only). */
  NOT_RECEIVE: 1,
  /** Received online, no push. */
  NOT_NOTIFY: 2,
  /** Received online, push only for @ messages. */
  NOT_NOTIFY_EXCEPT_AT: 3,
  /** Received online and pushed only for @ messages. */
  NOT_RECEIVE_EXCEPT_AT: 4,
} as const);
export type ReceiveMessageOpt = (typeof ReceiveMessageOpt)[keyof typeof ReceiveMessageOpt];

/** `V2TIMUserFullInfo`; `customInfo` keys are without the `Tag_Profile_Custom_` prefix. */
export interface WireUserFullInfo {
  userID: string;
  nickName: string;
  faceUrl: string;
  selfSignature: string;
  gender: UserGender;
  /** E.g. 20190419; 0 when not set. */
  birthday: number;
  level: number;
  role: number;
  allowType: FriendAllowType;
  customInfo: Record<string, string>;
}

/** What `setSelfInfo` may change: any subset; `customInfo` keys must be declared by the app. */
export type WireUserInfoChange = Partial<Omit<WireUserFullInfo, 'userID'>>;

export interface SearchUsersRequest {
  /** 1 to 5 keywords, each matched against UserID and nickname. */
  keywordList: string[];
  /** 0 AND (every keyword matches), 1 OR; default AND. */
  keywordListMatchType?: 0 | 1;
  /** Only users of this gender when set. */
  userGender?: UserGender;
  /** Birthday range (inclusive) when set. */
  userMinBirthday?: number;
  userMaxBirthday?: number;
  /** 1 to 100, default 20. */
  searchCount?: number;
  /** The `searchCursor` of the previous page; absent or '' for the first. */
  searchCursor?: string;
}

export interface SearchUsersReply {
  userList: WireUserFullInfo[];
  totalCount: number;
  /** '' when this was the last page. */
  searchCursor: string;
  isFinished: boolean;
}

/** One user's option as `getC2CReceiveMessageOpt` reports it. */
export interface WireC2CReceiveMessageOpt {
  userID: string;
  c2CReceiveMessageOpt: ReceiveMessageOpt;
}

/**
 * The global receive option (quiet hours). Either a daily start (`startHour`/`startMinute`/
 * `startSecond`, `startTimeStamp` 0) or a start time (`startTimeStamp`, Unix seconds); `duration`
 * in seconds, under 86,400 repeating daily, from 86,400 on permanent from the start.
 */
export interface WireReceiveMessageOptInfo {
  allReceiveMessageOpt: ReceiveMessageOpt;
  startHour: number;
  startMinute: number;
  startSecond: number;
  startTimeStamp: number;
  duration: number;
}

export type SetAllReceiveMessageOptRequest = {
  opt: ReceiveMessageOpt;
  duration: number;
} & (
  | { startHour: number; startMinute: number; startSecond: number; startTimeStamp?: undefined }
  | { startTimeStamp: number; startHour?: undefined; startMinute?: undefined; startSecond?: undefined }
);

type Empty = Record<string, never>;

export interface ProfileOps {
  getUsersInfo: { request: { userIDList: string[] }; reply: { userInfoList: WireUserFullInfo[] } };
  setSelfInfo: { request: { userFullInfo: WireUserInfoChange }; reply: Empty };
  searchUsers: { request: SearchUsersRequest; reply: SearchUsersReply };
  subscribeUserInfo: { request: { userIDList: string[] }; reply: Empty };
  /** Without `userIDList` (or with an empty one) every subscription ends. */
  unsubscribeUserInfo: { request: { userIDList?: string[] }; reply: Empty };
  setC2CReceiveMessageOpt: { request: { userIDList: string[]; opt: ReceiveMessageOpt }; reply: Empty };
  getC2CReceiveMessageOpt: {
    request: { userIDList: string[] };
    reply: { optList: WireC2CReceiveMessageOpt[] };
  };
  setGroupReceiveMessageOpt: { request: { groupID: string; opt: ReceiveMessageOpt }; reply: Empty };
  setAllReceiveMessageOpt: { request: SetAllReceiveMessageOptRequest; reply: Empty };
  getAllReceiveMessageOpt: { request: Empty; reply: WireReceiveMessageOptInfo };
}

/** `profileChanged`: `self` for the user's own devices (`onSelfInfoUpdated`), else a subscription's. */
export interface ProfileChangedPush {
  self: boolean;
  info: WireUserFullInfo;
}

export interface ProfilePushes {
  profileChanged: ProfileChangedPush;
  /** The user's global receive option changed (on another device, or by REST). */
  allReceiveMessageOptChanged: WireReceiveMessageOptInfo;
  /** A receive option of one conversation changed on another device. */
  receiveMessageOptChanged: { conversationID: string; opt: ReceiveMessageOpt };
}
