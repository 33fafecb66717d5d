/**
 * What each group type allows (im-features §3.1–3.2), as data: the service reads these flags and
 * never tests a type's name, so the rules of a type are one row here.
 */
import { GroupAddOpt, type GroupType } from '@parley/protocol';
import type { AppSettings } from '../../storage/types.js';

export interface TypeRules {
  /** `groupAddOpt` / `groupApproveOpt` of a new group when the creator gives none. */
  defaultAddOpt: GroupAddOpt;
  defaultApproveOpt: GroupAddOpt;
  /** Admins exist (grant/revoke, admin initial members). */
  hasAdmins: boolean;
  /** The owner may quit (ownership passes on); otherwise 10009. */
  ownerMayQuit: boolean;
  /** The owner may dismiss it (Work only through the REST admin). */
  ownerMayDismiss: boolean;
  /** Any member may edit the profile; otherwise owner and admins (owner only without admins). */
  membersEditProfile: boolean;
  /** Ordinary members may invite; how is decided by `groupApproveOpt` unless `membersInviteFreely`. */
  invitable: boolean;
  membersInviteFreely: boolean;
  /** Admins may kick ordinary members (the owner always may). */
  adminsKick: boolean;
  /** Muting is supported at all, and whether admins may mute ordinary members. */
  mutable: boolean;
  adminsMute: boolean;
  transferable: boolean;
  /** Initial members may be given at creation. */
  initialMembers: boolean;
  /** Counters are supported. */
  counters: boolean;
  /** Member enter/leave and role change events (Meeting: off, as the original's console default). */
  notifiesMembership: boolean;
  /** Member info change events (Meeting and AVChatRoom: off by default on the original). */
  notifiesMemberInfo: boolean;
  /** Which app setting limits its members; `undefined` for unlimited. */
  memberLimit: keyof AppSettings | undefined;
  /** Counted against the user's joined-group limit and listed by `getJoinedGroupList`. */
  listed: boolean;
  historyBeforeJoin: boolean;
  stored: boolean;
  countsUnread: boolean;
}

const base = {
  ownerMayQuit: false,
  ownerMayDismiss: true,
  membersEditProfile: false,
  invitable: true,
  membersInviteFreely: false,
  adminsKick: true,
  mutable: true,
  adminsMute: true,
  transferable: true,
  initialMembers: true,
  counters: true,
  notifiesMembership: true,
  notifiesMemberInfo: true,
  listed: true,
  historyBeforeJoin: false,
  stored: true,
  countsUnread: true,
  hasAdmins: true,
} as const;

export const TYPE_RULES: Readonly<Record<GroupType, TypeRules>> = Object.freeze({
  Work: {
    ...base,
    defaultAddOpt: GroupAddOpt.FORBID,
    defaultApproveOpt: GroupAddOpt.ANY,
    hasAdmins: false,
    ownerMayQuit: true,
    ownerMayDismiss: false,
    membersEditProfile: true,
    membersInviteFreely: true,
    adminsKick: false,
    mutable: false,
    adminsMute: false,
    memberLimit: 'maxMembersWork',
  },
  Public: {
    ...base,
    defaultAddOpt: GroupAddOpt.AUTH,
    defaultApproveOpt: GroupAddOpt.FORBID,
    memberLimit: 'maxMembersPublic',
  },
  Meeting: {
    ...base,
    defaultAddOpt: GroupAddOpt.ANY,
    defaultApproveOpt: GroupAddOpt.FORBID,
    adminsMute: false,
    notifiesMembership: false,
    notifiesMemberInfo: false,
    historyBeforeJoin: true,
    countsUnread: false,
    memberLimit: 'maxMembersMeeting',
  },
  Community: {
    ...base,
    defaultAddOpt: GroupAddOpt.ANY,
    defaultApproveOpt: GroupAddOpt.ANY,
    membersInviteFreely: true,
    counters: false,
    historyBeforeJoin: true,
    memberLimit: 'maxMembersCommunity',
  },
  AVChatRoom: {
    ...base,
    defaultAddOpt: GroupAddOpt.ANY,
    defaultApproveOpt: GroupAddOpt.FORBID,
    hasAdmins: false,
    invitable: false,
    adminsKick: false,
    adminsMute: false,
    transferable: false,
    initialMembers: false,
    // Joins and quits are told by their tips alone, Low priority under the room's rate: an event to
    // every member per join made a room filling up cost O(N²).
    notifiesMembership: false,
    notifiesMemberInfo: false,
    listed: false,
    stored: false,
    countsUnread: false,
    memberLimit: undefined,
  },
});
