/**
 * Groups on the wire (docs/protocol.md "Groups", docs/groups.md for the rules): the management
 * ops and the `groupEvent` push. Op names and request fields are the V2TIM / Flutter ones. Times
 * are ms since the epoch. Group messages travel with the messaging ops.
 */
import type { GroupInfoChange, GroupMemberChange, GroupMemberRole, GroupType } from './groups-base.js';
import type { WireMessage } from './messages.js';
import type { TopicEvent } from './topics.js';

/** `V2TIMGroupAddOpt`: how a user joins (groupAddOpt) or is invited (groupApproveOpt). */
export const GroupAddOpt = Object.freeze({ FORBID: 0, AUTH: 1, ANY: 2 } as const);
export type GroupAddOpt = (typeof GroupAddOpt)[keyof typeof GroupAddOpt];

/** `V2TIMGroupMemberFilter` of `getGroupMemberList`. */
export const GroupMemberFilter = Object.freeze({ ALL: 0, OWNER: 1, ADMIN: 2, COMMON: 4 } as const);
export type GroupMemberFilter = (typeof GroupMemberFilter)[keyof typeof GroupMemberFilter];

/** Result of one member of `createGroup`, `inviteUserToGroup` and `kickGroupMember`. */
export const GroupMemberResult = Object.freeze({
  FAIL: 0,
  SUCC: 1,
  INVALID: 2,
  PENDING: 3,
  OVERLIMIT: 4,
} as const);
export type GroupMemberResult = (typeof GroupMemberResult)[keyof typeof GroupMemberResult];

/** `V2TIMGroupApplicationType`. */
export const GroupApplicationType = Object.freeze({
  JOIN_APPROVED_BY_ADMIN: 0,
  INVITE_APPROVED_BY_INVITEE: 1,
  INVITE_APPROVED_BY_ADMIN: 2,
} as const);
export type GroupApplicationType = (typeof GroupApplicationType)[keyof typeof GroupApplicationType];

/** Field sizes in UTF-8 bytes and item counts (im-features §3.3, §3.7, §3.8, §11). */
export const GROUP_LIMITS = Object.freeze({
  groupID: 48,
  name: 100,
  notification: 400,
  introduction: 400,
  faceUrl: 500,
  customKey: 16,
  customValue: 512,
  nameCard: 50,
  joinMessage: 300,
  initialMembers: 20,
  invitees: 20,
  applications: 50,
  attributeKeys: 16,
  attributeKey: 32,
  attributeValue: 4096,
  attributesTotal: 16 * 1024,
  counterKeys: 20,
  counterKey: 128,
  searchKeywords: 5,
  searchCount: 100,
  memberPage: 100,
} as const);

/** Prefix of server-allocated group IDs; `@TGS#_` for a community with topics. */
export const SERVER_GROUP_ID_PREFIX = '@TGS#';

/** `V2TIMGroupInfo`; `role`, `joinTime` and `recvOpt` are the caller's own when a member. */
export interface WireGroupInfo {
  groupID: string;
  groupType: GroupType;
  groupName: string;
  notification: string;
  introduction: string;
  faceUrl: string;
  isAllMuted: boolean;
  owner: string;
  createTime: number;
  lastInfoTime: number;
  memberCount: number;
  memberMaxCount: number;
  groupAddOpt: GroupAddOpt;
  groupApproveOpt: GroupAddOpt;
  customInfo: Record<string, string>;
  isSupportTopic: boolean;
  /** 0 when the caller is not a member. */
  role: GroupMemberRole | 0;
  joinTime: number;
  recvOpt: number;
}

/** `V2TIMGroupMemberFullInfo` as the server knows it. */
export interface WireGroupMember {
  userID: string;
  nameCard: string;
  customInfo: Record<string, string>;
  role: GroupMemberRole;
  /** ms since the epoch until which the member is muted; 0 when not muted. */
  muteUntil: number;
  joinTime: number;
}

export interface WireGroupApplication {
  groupID: string;
  fromUser: string;
  /** '' for a join request; the invitee of an invitation. */
  toUser: string;
  addTime: number;
  requestMsg: string;
  handledMsg: string;
  applicationType: GroupApplicationType;
  /** 0 unhandled, 1 handled by someone else, 2 handled by the caller. */
  handleStatus: 0 | 1 | 2;
  /** 0 refused, 1 accepted (meaningful once handled). */
  handleResult: 0 | 1;
}

export interface CreateGroupRequest {
  groupType: GroupType;
  groupID?: string;
  groupName: string;
  notification?: string;
  introduction?: string;
  faceUrl?: string;
  isAllMuted?: boolean;
  addOpt?: GroupAddOpt;
  approveOpt?: GroupAddOpt;
  customInfo?: Record<string, string>;
  isSupportTopic?: boolean;
  /** Initial members (≤ 20), as member or admin. */
  memberList?: { userID: string; role?: GroupMemberRole }[];
}

/** The editable fields of `setGroupInfo`; absent fields are left as they are. */
export interface SetGroupInfoRequest {
  groupID: string;
  groupName?: string;
  notification?: string;
  introduction?: string;
  faceUrl?: string;
  isAllMuted?: boolean;
  addOpt?: GroupAddOpt;
  approveOpt?: GroupAddOpt;
  customInfo?: Record<string, string>;
}

export interface GroupMemberOperationResult {
  memberID: string;
  result: GroupMemberResult;
}

/** Identifies an application for accept/refuse. */
export interface GroupApplicationKey {
  groupID: string;
  fromUser: string;
  toUser?: string;
  reason?: string;
}

type G = { groupID: string };
type Empty = Record<string, never>;

/** Op → request and reply data of the group ops. */
export interface GroupOps {
  createGroup: {
    request: CreateGroupRequest;
    reply: { groupID: string; memberResults: GroupMemberOperationResult[] };
  };
  /** `status` says whether the caller joined or waits for approval. */
  joinGroup: {
    request: G & { message?: string };
    reply: { status: 'JoinedSuccess' | 'WaitAdminApproval' };
  };
  quitGroup: { request: G; reply: Empty };
  dismissGroup: { request: G; reply: Empty };
  getJoinedGroupList: { request: Empty; reply: { groupList: WireGroupInfo[] } };
  getGroupsInfo: {
    request: { groupIDList: string[] };
    reply: {
      results: { groupID: string; resultCode: number; resultMessage: string; groupInfo?: WireGroupInfo }[];
    };
  };
  setGroupInfo: { request: SetGroupInfoRequest; reply: Empty };
  searchGroups: {
    request: { keywordList: string[]; isSearchGroupID?: boolean; isSearchGroupName?: boolean };
    reply: { groupList: WireGroupInfo[] };
  };
  getGroupOnlineMemberCount: { request: G; reply: { count: number } };
  transferGroupOwner: { request: G & { userID: string }; reply: Empty };
  getGroupMemberList: {
    request: G & { filter?: GroupMemberFilter; nextSeq?: string; count?: number };
    reply: { nextSeq: string; memberInfoList: WireGroupMember[] };
  };
  getGroupMembersInfo: {
    request: G & { memberList: string[] };
    reply: { memberInfoList: WireGroupMember[] };
  };
  setGroupMemberInfo: {
    request: G & { userID: string; nameCard?: string; customInfo?: Record<string, string> };
    reply: Empty;
  };
  inviteUserToGroup: {
    request: G & { userList: string[] };
    reply: { results: GroupMemberOperationResult[] };
  };
  kickGroupMember: {
    request: G & { memberList: string[]; reason?: string };
    reply: { results: GroupMemberOperationResult[] };
  };
  setGroupMemberRole: { request: G & { userID: string; role: GroupMemberRole }; reply: Empty };
  muteGroupMember: { request: G & { userID: string; seconds: number }; reply: Empty };
  muteAllGroupMembers: { request: G & { isMute: boolean }; reply: Empty };
  getGroupApplicationList: {
    request: Empty;
    reply: { unreadCount: number; groupApplicationList: WireGroupApplication[] };
  };
  acceptGroupApplication: { request: GroupApplicationKey; reply: Empty };
  refuseGroupApplication: { request: GroupApplicationKey; reply: Empty };
  setGroupApplicationRead: { request: Empty; reply: Empty };
  initGroupAttributes: { request: G & { attributes: Record<string, string> }; reply: Empty };
  setGroupAttributes: { request: G & { attributes: Record<string, string> }; reply: Empty };
  deleteGroupAttributes: { request: G & { keys?: string[] }; reply: Empty };
  getGroupAttributes: { request: G & { keys?: string[] }; reply: { attributes: Record<string, string> } };
  setGroupCounters: {
    request: G & { counters: Record<string, number> };
    reply: { counters: Record<string, number> };
  };
  getGroupCounters: { request: G & { keys?: string[] }; reply: { counters: Record<string, number> } };
  increaseGroupCounter: {
    request: G & { key: string; value: number };
    reply: { counters: Record<string, number> };
  };
  decreaseGroupCounter: {
    request: G & { key: string; value: number };
    reply: { counters: Record<string, number> };
  };
}

/**
 * What happened to a group, one per `groupEvent` push; each maps to one `V2TIMGroupListener`
 * callback of the same name with `on` in front.
 */
export type GroupEvent =
  | { type: 'MemberEnter'; userIDs: string[] }
  | { type: 'MemberLeave'; userID: string }
  | { type: 'MemberInvited'; opUser: string; userIDs: string[] }
  | { type: 'MemberKicked'; opUser: string; userIDs: string[] }
  | { type: 'MemberInfoChanged'; changes: GroupMemberChange[] }
  | { type: 'AllGroupMembersMuted'; isMute: boolean }
  | { type: 'GroupCreated' }
  | { type: 'GroupDismissed'; opUser: string }
  | { type: 'GroupInfoChanged'; changes: GroupInfoChange[] }
  | { type: 'GroupAttributeChanged'; attributes: Record<string, string> }
  | { type: 'GroupCounterChanged'; key: string; value: number }
  | { type: 'ReceiveJoinApplication'; userID: string; message: string }
  | { type: 'ApplicationProcessed'; opUser: string; isAgreeJoin: boolean; opReason: string }
  | { type: 'GrantAdministrator'; opUser: string; userIDs: string[] }
  | { type: 'RevokeAdministrator'; opUser: string; userIDs: string[] }
  | { type: 'QuitFromGroup' }
  | { type: 'ReceiveRESTCustomData'; data: string }
  /** A message was pinned or unpinned (docs/message-extras.md). */
  | { type: 'GroupMessagePinned'; message: WireMessage; isPinned: boolean; opUser: string }
  | TopicEvent;

export interface GroupEventPush {
  groupID: string;
  event: GroupEvent;
}

export interface GroupPushes {
  /** A live notification: after a reconnect the SDK refreshes its joined groups instead. */
  groupEvent: GroupEventPush;
}
