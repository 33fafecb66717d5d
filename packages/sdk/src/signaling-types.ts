/** Types of call signaling (`V2TIMSignalingManager`, docs/signaling.md), with the Flutter SDK's names. */
import type { V2TimOfflinePushInfo } from './types.js';

/** `V2TIMSignalingActionType`: what a signaling message (or `V2TimSignalingInfo`) says. */
export const V2TimSignalingActionType = Object.freeze({
  SIGNALING_ACTION_TYPE_INVITE: 1,
  SIGNALING_ACTION_TYPE_CANCEL_INVITE: 2,
  SIGNALING_ACTION_TYPE_ACCEPT_INVITE: 3,
  SIGNALING_ACTION_TYPE_REJECT_INVITE: 4,
  SIGNALING_ACTION_TYPE_INVITE_TIMEOUT: 5,
} as const);
export type V2TimSignalingActionType =
  (typeof V2TimSignalingActionType)[keyof typeof V2TimSignalingActionType];

/** `V2TIMSignalingInfo`: an invitation, or one action on it. */
export interface V2TimSignalingInfo {
  inviteID: string;
  /** `''` for a one-to-one invitation. */
  groupID: string;
  inviter: string;
  inviteeList: string[];
  data: string;
  /** Seconds; 0 when the invitation never times out. */
  timeout: number;
  actionType: V2TimSignalingActionType;
  isOnlineUserOnly?: boolean;
}

/** `V2TIMSignalingListener`: every callback is optional. */
export interface V2TimSignalingListener {
  /** An invitation for this user: live, or found at login while it is still ringing. */
  onReceiveNewInvitation?(
    inviteID: string,
    inviter: string,
    groupID: string,
    inviteeList: string[],
    data: string,
  ): void;
  onInviteeAccepted?(inviteID: string, invitee: string, data: string): void;
  onInviteeRejected?(inviteID: string, invitee: string, data: string): void;
  onInvitationCancelled?(inviteID: string, inviter: string, data: string): void;
  /** The invitation timed out for these invitees; the inviter and each of them hear it once. */
  onInvitationTimeout?(inviteID: string, inviteeList: string[]): void;
  onInvitationModified?(inviteID: string, data: string): void;
}

/** `invite` options. */
export interface V2TimSignalingInviteParams {
  invitee: string;
  data?: string;
  /** Seconds, 0 for none; default 30. */
  timeout?: number;
  /** Rings only instances online now; nothing is stored, pushed or caught up at login. */
  onlineUserOnly?: boolean;
  /** The incoming-call notification on the invitee's away devices ("Incoming call" by default). */
  offlinePushInfo?: V2TimOfflinePushInfo;
}

/** `inviteInGroup` options. */
export interface V2TimSignalingInviteInGroupParams {
  groupID: string;
  /** Members of the group, at most 100. */
  inviteeList: string[];
  data?: string;
  /** Seconds, 0 for none; default 30. */
  timeout?: number;
  onlineUserOnly?: boolean;
  /** When given, the invitees' away devices get this notification (no group-wide push). */
  offlinePushInfo?: V2TimOfflinePushInfo;
}

/** `cancel`, `accept`, `reject` and `modifyInvitation` options. */
export interface V2TimSignalingActionParams {
  inviteID: string;
  data?: string;
}
