/**
 * The group store's records and interface (storage/groups/). Times are ms since the epoch. Every
 * write that changes member rows bumps the group's `memberVersion` in the same statement set, so a
 * reader holding a cached member list knows from the group row alone whether it is still current.
 */
import type { GroupMemberRole, GroupType } from '@parley/protocol';

export interface GroupRecord {
  sdkAppID: number;
  groupID: string;
  type: GroupType;
  /** The community of a topic; `null` for a group. */
  parentGroupID: string | null;
  name: string;
  faceURL: string;
  introduction: string;
  notification: string;
  ownerID: string;
  addOpt: number;
  approveOpt: number;
  allMuted: boolean;
  customInfo: Record<string, string>;
  createTime: number;
  lastInfoTime: number;
  memberCount: number;
  maxMemberCount: number;
  isSupportTopic: boolean;
  memberVersion: number;
}

/** The fields of a group that `setGroupInfo` (and ownership transfer) change. */
export type GroupPatch = Partial<
  Pick<
    GroupRecord,
    | 'name'
    | 'faceURL'
    | 'introduction'
    | 'notification'
    | 'ownerID'
    | 'addOpt'
    | 'approveOpt'
    | 'allMuted'
    | 'customInfo'
    | 'lastInfoTime'
  >
>;

export interface MemberRecord {
  userID: string;
  role: GroupMemberRole;
  nameCard: string;
  customInfo: Record<string, string>;
  /** ms since the epoch; 0 when not muted. */
  muteUntil: number;
  joinTime: number;
  recvOpt: number;
}

export type NewMember = Pick<MemberRecord, 'userID' | 'role' | 'joinTime'>;

export type MemberPatch = Partial<
  Pick<MemberRecord, 'role' | 'nameCard' | 'customInfo' | 'muteUntil' | 'joinTime'>
>;

/** A group the user is in, with the user's own place in it. */
export interface JoinedGroupRecord extends GroupRecord {
  self: MemberRecord;
}

export interface ApplicationRecord {
  groupID: string;
  fromUser: string;
  /** '' for a join request; the invitee of an invitation. */
  toUser: string;
  /** 0 join needing approval, 1 invite needing the invitee, 2 invite needing an admin. */
  type: number;
  requestMsg: string;
  addTime: number;
  /** 0 unhandled, 1 handled by someone. */
  handleStatus: number;
  /** 0 refused, 1 accepted. */
  handleResult: number;
  handledMsg: string;
  handledBy: string;
}

export interface GroupStore {
  get(sdkAppID: number, groupID: string, options?: { forUpdate?: boolean }): Promise<GroupRecord | undefined>;
  /** Creates the group with its first members; `false` when the ID is taken. */
  create(group: GroupRecord, members: readonly NewMember[]): Promise<boolean>;
  update(sdkAppID: number, groupID: string, patch: GroupPatch): Promise<void>;
  /** Deletes the group and every row hanging off it. */
  delete(sdkAppID: number, groupID: string): Promise<void>;
  members(sdkAppID: number, groupID: string): Promise<MemberRecord[]>;
  member(sdkAppID: number, groupID: string, userID: string): Promise<MemberRecord | undefined>;
  membersByID(sdkAppID: number, groupID: string, userIDs: readonly string[]): Promise<MemberRecord[]>;
  /**
   * The members changed after `fromVersion` up to `toVersion`, or `undefined` when some of those
   * versions are no longer recorded (pruned, or older than the log): then only a full read will do.
   */
  memberChanges(
    sdkAppID: number,
    groupID: string,
    fromVersion: number,
    toVersion: number,
  ): Promise<string[] | undefined>;
  /** A page of members in join order, optionally of some roles only. */
  membersPage(
    sdkAppID: number,
    groupID: string,
    page: { roles?: readonly GroupMemberRole[]; offset: number; limit: number },
  ): Promise<MemberRecord[]>;
  /** Adds members (none of whom is in yet) and counts them. */
  addMembers(sdkAppID: number, groupID: string, members: readonly NewMember[]): Promise<void>;
  /** Removes members; resolves how many were in. */
  removeMembers(sdkAppID: number, groupID: string, userIDs: readonly string[]): Promise<number>;
  updateMember(sdkAppID: number, groupID: string, userID: string, patch: MemberPatch): Promise<void>;
  /** The user's groups, oldest join first. */
  joinedGroups(sdkAppID: number, userID: string): Promise<JoinedGroupRecord[]>;
  /** How many groups the user is in, AVChatRoom not counted (the joined-group limit). */
  joinedCount(sdkAppID: number, userID: string): Promise<number>;
  /** Groups whose ID or name contains the keyword (case-insensitive for ASCII), at most `limit`. */
  /** A page of the app's group IDs (topics left out) in ID order, and how many there are in all. */
  listIDs(
    sdkAppID: number,
    options: { offset: number; limit: number; type?: GroupType },
  ): Promise<{ groupIDs: string[]; total: number }>;
  search(
    sdkAppID: number,
    keyword: string,
    fields: { groupID: boolean; name: boolean },
    limit: number,
  ): Promise<GroupRecord[]>;

  putApplication(sdkAppID: number, application: ApplicationRecord): Promise<void>;
  application(
    sdkAppID: number,
    groupID: string,
    fromUser: string,
    toUser: string,
  ): Promise<ApplicationRecord | undefined>;
  /** The applications the user may handle or is the invitee of, newest first. */
  applicationsFor(sdkAppID: number, userID: string, limit: number): Promise<ApplicationRecord[]>;
  applicationsReadAt(sdkAppID: number, userID: string): Promise<number>;
  setApplicationsReadAt(sdkAppID: number, userID: string, readAt: number): Promise<void>;

  attributes(sdkAppID: number, groupID: string): Promise<Record<string, string>>;
  /** Replaces every attribute with these. */
  replaceAttributes(sdkAppID: number, groupID: string, attributes: Record<string, string>): Promise<void>;
  upsertAttributes(sdkAppID: number, groupID: string, attributes: Record<string, string>): Promise<void>;
  deleteAttributes(sdkAppID: number, groupID: string, keys: readonly string[] | undefined): Promise<void>;

  counters(sdkAppID: number, groupID: string): Promise<Record<string, number>>;
  /** The topics of a community, oldest first (storage/groups/topics.ts). */
  topics(sdkAppID: number, communityID: string): Promise<GroupRecord[]>;
  setCounters(sdkAppID: number, groupID: string, counters: Record<string, number>): Promise<void>;
}
