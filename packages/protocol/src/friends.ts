/**
 * Friends and the blocklist on the wire (im-features §4.3, §4.4): the `V2TIMFriendshipManager` ops
 * and the `friendEvent` push. Op names and request fields are the V2TIM / Flutter ones. Times are
 * seconds since the epoch, as V2TIM reports `friendAddTime` and `addTime`.
 */
import type { WireUserFullInfo } from './profiles.js';

/** Limits of the relationship chain (im-features §11). */
export const FRIEND_LIMITS = Object.freeze({
  friends: 3000,
  pendingApplications: 100,
  friendGroups: 32,
  friendGroupNameBytes: 30,
  remarkBytes: 96,
  addWordingBytes: 256,
  addSourceBytes: 8,
  blocklist: 1000,
  /** UserIDs per call (checkFriend, deleteFromFriendList, blocklist calls …). */
  idsPerCall: 1000,
  customKeyBytes: 8,
  customValueBytes: 500,
});

/** `V2TIMFriendAddApplication.addType` and `deleteFromFriendList`'s `deleteType`. */
export const FriendType = Object.freeze({ SINGLE: 1, BOTH: 2 } as const);
export type FriendType = (typeof FriendType)[keyof typeof FriendType];

/** `V2TIMFriendApplication.type`: requests to me, mine to others. */
export const FriendApplicationType = Object.freeze({ COME_IN: 1, SEND_OUT: 2, BOTH: 3 } as const);
export type FriendApplicationType = (typeof FriendApplicationType)[keyof typeof FriendApplicationType];

/** `acceptFriendApplication`'s `responseType`. */
export const FriendResponseType = Object.freeze({ AGREE: 0, AGREE_AND_ADD: 1 } as const);
export type FriendResponseType = (typeof FriendResponseType)[keyof typeof FriendResponseType];

/** `checkFriend`'s `resultType` and `getFriendsInfo`'s `relation`. */
export const FriendRelation = Object.freeze({
  NONE: 0,
  IN_MY_LIST: 1,
  IN_OTHER_LIST: 2,
  BOTH_WAY: 3,
} as const);
export type FriendRelation = (typeof FriendRelation)[keyof typeof FriendRelation];

/** The friend-verification setting of a user (`allowType`) is a profile field (profiles.ts). */
export { FriendAllowType } from './profiles.js';

/** `V2TIMFriendInfo` as the server knows it (the profile is the profiles feature's). */
export interface WireFriendInfo {
  userID: string;
  friendRemark: string;
  /** Seconds since the epoch; 0 for an entry that is not a friend (a blocked user, for instance). */
  friendAddTime: number;
  /** `Tag_SNS_Custom_<key>` fields, keys without the prefix. */
  friendCustomInfo: Record<string, string>;
  friendGroups: string[];
  /**
   * The friend's profile (`userProfile`): on `getFriendList`, `getFriendsInfo` and
   * `FriendProfileChanged`; absent from the other events and from blocklist entries.
   */
  userProfile?: WireUserFullInfo;
}

/** `V2TIMFriendApplication`. */
export interface WireFriendApplication {
  userID: string;
  addTime: number;
  addSource: string;
  addWording: string;
  type: 1 | 2;
}

/** `V2TIMFriendGroup`. */
export interface WireFriendGroup {
  groupName: string;
  userCount: number;
  friendList: string[];
}

/** One user's outcome in a batch (`V2TIMFriendOperationResult`). */
export interface FriendOperationResult {
  userID: string;
  resultCode: number;
  resultInfo: string;
}

export interface AddFriendRequest {
  userID: string;
  remark?: string;
  friendGroup?: string;
  addWording?: string;
  addSource?: string;
  addType?: FriendType;
}

type Empty = Record<string, never>;
type IDs = { userIDList: string[] };
type Results = { results: FriendOperationResult[] };

/** Op → request and reply data of the friendship ops. */
export interface FriendOps {
  /** `resultCode` 0: added; 30539: waiting for the peer's answer. */
  addFriend: { request: AddFriendRequest; reply: FriendOperationResult };
  getFriendApplicationList: {
    request: Empty;
    reply: { unreadCount: number; friendApplicationList: WireFriendApplication[] };
  };
  acceptFriendApplication: {
    request: { userID: string; responseType?: FriendResponseType; remark?: string };
    reply: FriendOperationResult;
  };
  refuseFriendApplication: { request: { userID: string }; reply: FriendOperationResult };
  /** Removes a request to me (type 1) or mine to the user (type 2). */
  deleteFriendApplication: { request: { userID: string; type?: 1 | 2 }; reply: Empty };
  setFriendApplicationRead: { request: Empty; reply: Empty };
  getFriendList: { request: Empty; reply: { friendList: WireFriendInfo[] } };
  getFriendsInfo: {
    request: IDs;
    reply: {
      results: (FriendOperationResult & { relation: FriendRelation; friendInfo?: WireFriendInfo })[];
    };
  };
  setFriendInfo: {
    request: { userID: string; friendRemark?: string; friendCustomInfo?: Record<string, string> };
    reply: Empty;
  };
  checkFriend: {
    request: IDs & { checkType?: FriendType };
    reply: { results: (FriendOperationResult & { resultType: FriendRelation })[] };
  };
  deleteFromFriendList: { request: IDs & { deleteType?: FriendType }; reply: Results };
  createFriendGroup: { request: { groupName: string; userIDList?: string[] }; reply: Results };
  getFriendGroups: { request: { groupNameList?: string[] }; reply: { groups: WireFriendGroup[] } };
  deleteFriendGroup: { request: { groupNameList: string[] }; reply: Empty };
  renameFriendGroup: { request: { oldName: string; newName: string }; reply: Empty };
  addFriendsToFriendGroup: { request: IDs & { groupName: string }; reply: Results };
  deleteFriendsFromFriendGroup: { request: IDs & { groupName: string }; reply: Results };
  addToBlackList: { request: IDs; reply: Results };
  deleteFromBlackList: { request: IDs; reply: Results };
  getBlackList: { request: Empty; reply: { blackList: WireFriendInfo[] } };
}

/**
 * What changed in a user's relationship chain, one per `friendEvent` push; each maps to the
 * `V2TIMFriendshipListener` callback of the same name with `on` in front.
 */
export type FriendEvent =
  | { type: 'FriendApplicationListAdded'; applications: WireFriendApplication[] }
  | { type: 'FriendApplicationListDeleted'; userIDs: string[] }
  | { type: 'FriendApplicationListRead' }
  | { type: 'FriendListAdded'; friends: WireFriendInfo[] }
  | { type: 'FriendListDeleted'; userIDs: string[] }
  | { type: 'FriendInfoChanged'; friends: WireFriendInfo[] }
  /** A friend changed their profile: my entry for them, with `userProfile` set. */
  | { type: 'FriendProfileChanged'; friends: WireFriendInfo[] }
  | { type: 'BlackListAdded'; infos: WireFriendInfo[] }
  | { type: 'BlackListDeleted'; userIDs: string[] }
  | { type: 'FriendGroupCreated'; groupName: string; friends: WireFriendInfo[] }
  | { type: 'FriendGroupDeleted'; groupNames: string[] }
  | { type: 'FriendGroupNameChanged'; oldName: string; newName: string }
  | { type: 'FriendsAddedToGroup'; groupName: string; friends: WireFriendInfo[] }
  | { type: 'FriendsDeletedFromGroup'; groupName: string; userIDs: string[] };

export interface FriendPushes {
  /** A live notification to every instance of the user; after a reconnect the SDK asks again. */
  friendEvent: { event: FriendEvent };
}
