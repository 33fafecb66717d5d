/**
 * Friendship types of the SDK (V2TIM `V2TimFriendInfo`, `V2TimFriendApplication`,
 * `V2TimFriendshipListener` …), named as the Flutter SDK names them. Times are seconds since the
 * epoch, as V2TIM reports them.
 */
import type {
  FriendApplicationType,
  FriendRelation,
  FriendResponseType,
  FriendType,
  WireFriendApplication,
  WireFriendGroup,
  WireFriendInfo,
} from '@parley/protocol';

export {
  FriendAllowType as V2TimFriendAllowType,
  FriendApplicationType as V2TimFriendApplicationType,
  FriendRelation as V2TimFriendRelation,
  FriendResponseType as V2TimFriendResponseType,
  FriendType as V2TimFriendType,
} from '@parley/protocol';

/** `V2TimFriendInfo`: my entry for a friend (remark, groups, custom fields, when added). */
export type V2TimFriendInfo = WireFriendInfo;
/** `V2TimFriendApplication`: a request to me (type 1, COME_IN) or mine (type 2, SEND_OUT). */
export type V2TimFriendApplication = WireFriendApplication;
/** `V2TimFriendGroup`. */
export type V2TimFriendGroup = WireFriendGroup;

/** `V2TimFriendOperationResult`: one user's outcome (30539 from `addFriend`: a request was sent). */
export interface V2TimFriendOperationResult {
  userID: string;
  resultCode: number;
  resultInfo: string;
}

/** `V2TimFriendApplicationResult`. */
export interface V2TimFriendApplicationResult {
  unreadCount: number;
  friendApplicationList: V2TimFriendApplication[];
}

/** `V2TimFriendInfoResult`: a non-friend has no `friendInfo`. */
export interface V2TimFriendInfoResult extends V2TimFriendOperationResult {
  relation: FriendRelation;
  friendInfo?: V2TimFriendInfo;
}

/** `V2TimFriendCheckResult`. */
export interface V2TimFriendCheckResult extends V2TimFriendOperationResult {
  resultType: FriendRelation;
}

/** `addFriend`'s options (`V2TIMFriendAddApplication`). */
export interface V2TimAddFriendParams {
  userID: string;
  remark?: string;
  friendGroup?: string;
  addWording?: string;
  addSource?: string;
  /** SINGLE 1 (only I have them) or BOTH 2 (the default: each has the other). */
  addType?: FriendType;
}

export interface V2TimFriendApplicationParams {
  userID: string;
  /** Which request: one to me (COME_IN, the default) or mine (SEND_OUT). */
  type?: FriendApplicationType;
}

export interface V2TimAcceptFriendApplicationParams extends V2TimFriendApplicationParams {
  /** AGREE 0 (they get me) or AGREE_AND_ADD 1 (and I get them; the default). */
  responseType?: FriendResponseType;
  remark?: string;
}

/** `V2TimFriendshipListener`: every callback is optional. */
export interface V2TimFriendshipListener {
  onFriendApplicationListAdded?(applicationList: V2TimFriendApplication[]): void;
  onFriendApplicationListDeleted?(userIDList: string[]): void;
  onFriendApplicationListRead?(): void;
  onFriendListAdded?(users: V2TimFriendInfo[]): void;
  onFriendListDeleted?(userList: string[]): void;
  onFriendInfoChanged?(infoList: V2TimFriendInfo[]): void;
  /** Friends changed their profiles: my entries for them, each with the new `userProfile`. */
  onFriendProfileChanged?(infoList: V2TimFriendInfo[]): void;
  onBlackListAdded?(infoList: V2TimFriendInfo[]): void;
  onBlackListDeleted?(userList: string[]): void;
  onFriendGroupCreated?(groupName: string, friendInfoList: V2TimFriendInfo[]): void;
  onFriendGroupDeleted?(groupNameList: string[]): void;
  onFriendGroupNameChanged?(oldGroupName: string, newGroupName: string): void;
  onFriendsAddedToGroup?(groupName: string, friendInfoList: V2TimFriendInfo[]): void;
  onFriendsDeletedFromGroup?(groupName: string, friendIDList: string[]): void;
}
