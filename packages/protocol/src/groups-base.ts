/**
 * Group vocabulary shared by the group service and the message engine (im-features.md §3):
 * types, roles, and the group tips element (elemType 9) that records group events in history.
 * The canonical numbering is V2TIM's native one (the Web SDK's differs; a Web face maps it).
 */
import type { WireMessage } from './messages.js';

/** Group types by their native names; REST's legacy `Private` and `ChatRoom` map to Work and Meeting. */
export const GROUP_TYPES = Object.freeze(['Work', 'Public', 'Meeting', 'AVChatRoom', 'Community'] as const);
export type GroupType = (typeof GROUP_TYPES)[number];

/** `V2TIMGroupMemberRole`. */
export const GroupMemberRole = Object.freeze({ MEMBER: 200, ADMIN: 300, OWNER: 400 } as const);
export type GroupMemberRole = (typeof GroupMemberRole)[keyof typeof GroupMemberRole];

/** `V2TIMGroupTipsType`. */
export const GroupTipsType = Object.freeze({
  JOIN: 1,
  INVITE: 2,
  QUIT: 3,
  KICKED: 4,
  SET_ADMIN: 5,
  CANCEL_ADMIN: 6,
  GROUP_INFO_CHANGE: 7,
  MEMBER_INFO_CHANGE: 8,
  TOPIC_INFO_CHANGE: 9,
  PINNED_MESSAGE_ADDED: 10,
  PINNED_MESSAGE_DELETED: 11,
} as const);
export type GroupTipsType = (typeof GroupTipsType)[keyof typeof GroupTipsType];

/** `V2TIMGroupInfoChangeType`. */
export const GroupInfoChangeType = Object.freeze({
  NAME: 1,
  INTRODUCTION: 2,
  NOTIFICATION: 3,
  FACE: 4,
  OWNER: 5,
  CUSTOM: 6,
  SHUT_UP_ALL: 8,
  RECEIVE_MESSAGE_OPT: 10,
  GROUP_ADD_OPT: 11,
  GROUP_APPROVE_OPT: 12,
} as const);
export type GroupInfoChangeType = (typeof GroupInfoChangeType)[keyof typeof GroupInfoChangeType];

/** One changed group field of a GROUP_INFO_CHANGE tip or `onGroupInfoChanged`. */
export interface GroupInfoChange {
  type: GroupInfoChangeType;
  /** String fields (name, notification, owner, …) and the custom field's value. */
  value?: string;
  /** The custom field's key, for CUSTOM. */
  key?: string;
  /** SHUT_UP_ALL. */
  boolValue?: boolean;
  /** GROUP_ADD_OPT, GROUP_APPROVE_OPT, RECEIVE_MESSAGE_OPT. */
  intValue?: number;
}

/** One member's change of a MEMBER_INFO_CHANGE tip: mute until `muteTime` seconds from now (0 = unmuted). */
export interface GroupMemberChange {
  userID: string;
  muteTime: number;
}

/** The group tips element (elemType 9), stored in the group's log like any message. */
export interface GroupTipsElem {
  elemType: 9;
  groupID: string;
  type: GroupTipsType;
  /** Who did it (`''` for the app's REST admin acting as nobody in particular). */
  opMember: string;
  /** The members it is about: joined, invited, quit, kicked, granted or revoked. */
  memberList: string[];
  groupChangeInfoList?: GroupInfoChange[];
  memberChangeInfoList?: GroupMemberChange[];
  /** The member count after the change (join, invite, quit, kick). */
  memberCount?: number;
  /** PINNED_MESSAGE_ADDED / PINNED_MESSAGE_DELETED: the message pinned or unpinned. */
  pinnedMessage?: WireMessage;
}
