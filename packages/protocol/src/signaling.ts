/**
 * Call signaling on the wire (im-features §7, docs/signaling.md): invitations whose state the
 * server keeps per invitee, and the `signaling` push that tells each party of a change. Every
 * action is also a custom message in the one-to-one or group conversation, whose `data` is the
 * JSON of a `WireSignalingInfo` with `businessID: SIGNALING_BUSINESS_ID`.
 */
import type { WireOfflinePushInfo } from './push.js';

/** `V2TIMSignalingActionType`: what a signaling message says. */
export const SignalingActionType = Object.freeze({
  INVITE: 1,
  CANCEL_INVITE: 2,
  ACCEPT_INVITE: 3,
  REJECT_INVITE: 4,
  INVITE_TIMEOUT: 5,
} as const);
export type SignalingActionType = (typeof SignalingActionType)[keyof typeof SignalingActionType];

/** Marks the custom messages of signaling among an app's own custom messages. */
export const SIGNALING_BUSINESS_ID = 1;

/** Sizes and counts of signaling (docs/signaling.md "Limits"). */
export const SIGNALING_LIMITS = Object.freeze({
  /** `data` of any action, in UTF-8 bytes: the message carrying it stays under the body limit. */
  dataBytes: 8 * 1024,
  /** Invitees of one group invitation. */
  invitees: 100,
  /** Longest `timeout`, in seconds (0 means none). */
  timeoutSeconds: 3_600,
} as const);

/** `V2TIMSignalingInfo`: one invitation, or one action on it. */
export interface WireSignalingInfo {
  inviteID: string;
  /** `''` for a one-to-one invitation. */
  groupID: string;
  inviter: string;
  /** Everyone invited (INVITE, CANCEL), the one who answered (ACCEPT, REJECT), those who timed out (TIMEOUT). */
  inviteeList: string[];
  /** The app's payload of this action (of the invitation, for INVITE and TIMEOUT). */
  data: string;
  /** Seconds; 0 when the invitation never times out. */
  timeout: number;
  actionType: SignalingActionType;
  /** Online-only invitations leave no history and are not caught up at login. */
  onlineUserOnly?: boolean;
}

export interface SignalingInviteRequest {
  /** One-to-one: the invitee. Exactly one of `invitee` and `groupID`. */
  invitee?: string;
  /** Group: the group whose members in `inviteeList` are invited. */
  groupID?: string;
  inviteeList?: string[];
  data: string;
  onlineUserOnly?: boolean;
  offlinePushInfo?: WireOfflinePushInfo;
  /** Seconds; 0 or absent: no timeout. */
  timeout?: number;
}

/** What a `signaling` push tells one party. */
export type SignalingEvent =
  | { kind: 'invited'; info: WireSignalingInfo }
  | { kind: 'accepted' | 'rejected'; info: WireSignalingInfo; invitee: string; data: string }
  | { kind: 'cancelled'; info: WireSignalingInfo; data: string }
  | { kind: 'timeout'; info: WireSignalingInfo; inviteeList: string[] }
  | { kind: 'modified'; info: WireSignalingInfo; data: string };

type Empty = Record<string, never>;

export interface SignalingOps {
  /** Starts an invitation; the invitees get `invited`, and a stored one rings offline devices. */
  signalingInvite: { request: SignalingInviteRequest; reply: { inviteID: string } };
  /** The inviter withdraws the invitation from every invitee still pending. */
  signalingCancel: { request: { inviteID: string; data: string }; reply: Empty };
  /** A pending invitee answers yes. */
  signalingAccept: { request: { inviteID: string; data: string }; reply: Empty };
  /** A pending invitee answers no. */
  signalingReject: { request: { inviteID: string; data: string }; reply: Empty };
  /** The inviter changes `data` of a stored invitation some invitee still has pending. */
  signalingModify: { request: { inviteID: string; data: string }; reply: Empty };
  /**
   * After a login or reconnect: the stored invitations the caller still has pending, and the
   * timeouts it has not been told of yet (each is handed out once per user).
   */
  signalingSync: { request: Empty; reply: { events: SignalingEvent[] } };
}

export interface SignalingPushes {
  signaling: { event: SignalingEvent };
}
