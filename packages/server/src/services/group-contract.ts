/**
 * The seam between groups (services/groups: who is in which group, with which rights) and the
 * message engine (services/messages: group logs, fan-out, group conversations). Each side
 * implements one half; services/index.ts hands each to the other, so neither imports the other.
 */
import type { GroupMemberRole, GroupTipsElem, GroupType } from '@parley/protocol';

/** What the message engine needs to know about a group. */
export interface GroupFacts {
  groupID: string;
  type: GroupType;
  /** For the conversation's `showName` and `faceUrl`. */
  name: string;
  faceURL: string;
  ownerID: string;
  /** The whole group is muted: only the owner and admins may send. */
  allMuted: boolean;
  /** Members see messages sent before they joined (Meeting, Community; §3.1). */
  historyBeforeJoin: boolean;
  /** False for AVChatRoom: messages are delivered to online members only, never stored. */
  stored: boolean;
  /** False for Meeting and AVChatRoom: no unread counts. */
  countsUnread: boolean;
}

/** One user's place in a group. */
export interface MembershipFacts {
  role: GroupMemberRole;
  /** ms since the epoch until which the member may not send; 0 when not muted. */
  muteUntil: number;
  /** ms since the epoch. */
  joinTime: number;
  /** The member's name card in the group (`''` when none). */
  nameCard: string;
}

/** A group the user is in, for the conversation list and sync. */
export interface JoinedGroup {
  groupID: string;
  type: GroupType;
  name: string;
  faceURL: string;
  joinTime: number;
}

/** The group service's half: the message engine asks it. Reads only; cheap enough per message. */
export interface GroupDirectory {
  /** The group, or `undefined` when there is no such group (never created, or dismissed). */
  group(sdkAppID: number, groupID: string): Promise<GroupFacts | undefined>;
  /** The user's membership, or `undefined` when the user is not a member. */
  membership(sdkAppID: number, groupID: string, userID: string): Promise<MembershipFacts | undefined>;
  /** Every member's UserID; the engine delivers to the online ones. */
  memberIDs(sdkAppID: number, groupID: string): Promise<readonly string[]>;
  /** Every member with its membership (an AVChatRoom's fan-out compares join and login times). */
  members(sdkAppID: number, groupID: string): Promise<ReadonlyMap<string, MembershipFacts>>;
  /** The groups the user is in, AVChatRoom excluded. */
  joinedGroups(sdkAppID: number, userID: string): Promise<readonly JoinedGroup[]>;
}

/** The message engine's half: the group service tells it what happened to a group. */
export interface GroupLogs {
  /**
   * Stores a group tips message in the group's log (delivered to online members like any group
   * message; for AVChatRoom only delivered) and returns its msgID.
   */
  postTips(sdkAppID: number, groupID: string, tips: GroupTipsElem, now: number): Promise<string>;
  /** Members joined: their unread starts at the log's head, and the group shows in their conversations. */
  membersJoined(sdkAppID: number, groupID: string, userIDs: readonly string[], now: number): Promise<void>;
  /** Members left (quit, kicked): the group's conversation leaves their lists. */
  membersLeft(sdkAppID: number, groupID: string, userIDs: readonly string[], now: number): Promise<void>;
  /** The group was dismissed: its log and every member's conversation of it go. */
  groupDismissed(sdkAppID: number, groupID: string, memberIDs: readonly string[], now: number): Promise<void>;
}
