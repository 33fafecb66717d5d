/**
 * Group types of the SDK (V2TIM `V2TimGroupInfo`, `V2TimGroupMemberFullInfo`, `V2TimGroupListener`
 * …), named as the Flutter SDK names them. Times are ms since the epoch.
 */
import type {
  GroupAddOpt,
  GroupApplicationKey,
  GroupInfoChange,
  GroupMemberChange,
  GroupMemberFilter,
  GroupMemberOperationResult,
  GroupMemberRole,
  GroupType,
  SetGroupInfoRequest,
  WireGroupApplication,
  WireGroupInfo,
  WireGroupMember,
  WireTopicProfile,
} from '@parley/protocol';
import type { V2TimMessage } from './message-types.js';

export {
  GroupAddOpt as V2TimGroupAddOpt,
  GroupApplicationType as V2TimGroupApplicationType,
  GroupInfoChangeType as V2TimGroupInfoChangeType,
  GroupMemberFilter as V2TimGroupMemberFilter,
  GroupMemberResult as V2TimGroupMemberResult,
  GroupMemberRole as V2TimGroupMemberRole,
  GroupTipsType as V2TimGroupTipsType,
} from '@parley/protocol';

/** `V2TimGroupInfo`: the group's profile, with the caller's own `role`, `joinTime` and `recvOpt`. */
export type V2TimGroupInfo = WireGroupInfo;
/** `V2TimGroupMemberFullInfo`. */
export type V2TimGroupMemberFullInfo = WireGroupMember;
/** `V2TimGroupMemberInfo`, as listener callbacks name members. */
export interface V2TimGroupMemberInfo {
  userID: string;
}
export type V2TimGroupChangeInfo = GroupInfoChange;
export type V2TimGroupMemberChangeInfo = GroupMemberChange;
export type V2TimGroupApplication = WireGroupApplication;
export type V2TimGroupMemberOperationResult = GroupMemberOperationResult;

export interface V2TimGroupInfoResult {
  resultCode: number;
  resultMessage: string;
  groupInfo?: V2TimGroupInfo;
}

export interface V2TimGroupApplicationResult {
  unreadCount: number;
  groupApplicationList: V2TimGroupApplication[];
}

export interface V2TimGroupMemberInfoResult {
  /** `'0'` once the last page is returned. */
  nextSeq: string;
  memberInfoList: V2TimGroupMemberFullInfo[];
}

/** Arguments of `createGroup`. */
export interface V2TimCreateGroupParams {
  groupType: GroupType;
  /** Chosen by the app (printable ASCII, ≤ 48 bytes, not `@TGS#…`); allocated when absent. */
  groupID?: string;
  groupName: string;
  notification?: string;
  introduction?: string;
  faceUrl?: string;
  isAllMuted?: boolean;
  addOpt?: GroupAddOpt;
  approveOpt?: GroupAddOpt;
  customInfo?: Record<string, string>;
  /** Community only: topics are supported (the ID gets the `@TGS#_` prefix). */
  isSupportTopic?: boolean;
  /** Initial members (≤ 20), as member (200) or admin (300). */
  memberList?: { userID: string; role?: GroupMemberRole }[];
}

export interface V2TimGroupIDParams {
  groupID: string;
}

export type V2TimSetGroupInfoParams = { info: SetGroupInfoRequest } | SetGroupInfoRequest;

export interface V2TimGroupSearchParam {
  keywordList: string[];
  isSearchGroupID?: boolean;
  isSearchGroupName?: boolean;
}

export interface V2TimGetGroupMemberListParams {
  groupID: string;
  filter?: GroupMemberFilter;
  /** `'0'` for the first page, then the previous page's `nextSeq`. */
  nextSeq?: string;
  count?: number;
}

export type V2TimGroupApplicationParams = GroupApplicationKey;

/** `V2TimGroupListener`: every callback is optional. */
export interface V2TimGroupListener {
  onMemberEnter?(groupID: string, memberList: V2TimGroupMemberInfo[]): void;
  onMemberLeave?(groupID: string, member: V2TimGroupMemberInfo): void;
  onMemberInvited?(groupID: string, opUser: V2TimGroupMemberInfo, memberList: V2TimGroupMemberInfo[]): void;
  onMemberKicked?(groupID: string, opUser: V2TimGroupMemberInfo, memberList: V2TimGroupMemberInfo[]): void;
  onMemberInfoChanged?(groupID: string, changeInfoList: V2TimGroupMemberChangeInfo[]): void;
  onAllGroupMembersMuted?(groupID: string, isMute: boolean): void;
  onGroupCreated?(groupID: string): void;
  onGroupDismissed?(groupID: string, opUser: V2TimGroupMemberInfo): void;
  onGroupInfoChanged?(groupID: string, changeInfos: V2TimGroupChangeInfo[]): void;
  onGroupAttributeChanged?(groupID: string, groupAttributeMap: Record<string, string>): void;
  onGroupCounterChanged?(groupID: string, key: string, newValue: number): void;
  onReceiveJoinApplication?(groupID: string, member: V2TimGroupMemberInfo, opReason: string): void;
  onApplicationProcessed?(
    groupID: string,
    opUser: V2TimGroupMemberInfo,
    isAgreeJoin: boolean,
    opReason: string,
  ): void;
  onGrantAdministrator?(
    groupID: string,
    opUser: V2TimGroupMemberInfo,
    memberList: V2TimGroupMemberInfo[],
  ): void;
  onRevokeAdministrator?(
    groupID: string,
    opUser: V2TimGroupMemberInfo,
    memberList: V2TimGroupMemberInfo[],
  ): void;
  onQuitFromGroup?(groupID: string): void;
  onReceiveRESTCustomData?(groupID: string, customData: string): void;
  /** A topic was created in the community `groupID`. */
  onTopicCreated?(groupID: string, topicID: string): void;
  /** Topics of the community `groupID` were deleted. */
  onTopicDeleted?(groupID: string, topicIDList: string[]): void;
  /** A topic's profile changed; `topicInfo` carries the profile, not the receiver's conversation. */
  onTopicChanged?(groupID: string, topicInfo: V2TimTopicInfo): void;
  /** A message of the group was pinned (`isPinned`) or unpinned by `opUser` (docs/message-extras.md). */
  onGroupMessagePinned?(
    groupID: string,
    message: V2TimMessage,
    isPinned: boolean,
    opUser: V2TimGroupMemberInfo,
  ): void;
}

/** The editable fields of a topic (`V2TimTopicInfo` as an argument). */
export interface V2TimTopicFields {
  /** ≤ 150 bytes; required on create. */
  topicName?: string;
  /** ≤ 500 bytes. */
  topicFaceUrl?: string;
  /** ≤ 400 bytes each. */
  introduction?: string;
  notification?: string;
  customString?: string;
  /** Only the community's owner and admins may send in a muted topic. */
  isAllMuted?: boolean;
}

/**
 * `V2TimTopicInfo`. The profile fields are the topic's; `selfMuteTime` (ms since the epoch, 0 when
 * not muted), `recvOpt`, `unreadCount`, `readSequence`, `lastMessage`, `groupAtInfoList` and
 * `draftText` are the caller's own (present in `getTopicInfoList` results only).
 */
export interface V2TimTopicInfo extends WireTopicProfile {
  selfMuteTime?: number;
  recvOpt?: number;
  unreadCount?: number;
  readSequence?: number;
  lastMessage?: V2TimMessage;
  groupAtInfoList?: { seq: number; atType: number }[];
  draftText?: string;
}

/** One topic of `getTopicInfoList`: `errorCode` 0 with its info, or why not (10010 no such topic). */
export interface V2TimTopicInfoResult {
  errorCode: number;
  errorMessage: string;
  topicInfo?: V2TimTopicInfo;
}

/** One topic of `deleteTopicFromCommunity`. */
export interface V2TimTopicOperationResult {
  topicID: string;
  errorCode: number;
  errorMessage: string;
}
