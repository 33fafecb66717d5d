/** Tables of call signaling (migration 0021). */

/**
 * One invitation. `deadline` is when its timeout is due, and is cleared by whichever node fires it
 * (or at once when it has none): a due row with a deadline is a timeout nobody has fired yet.
 */
export interface SignalingInvitationsTable {
  sdk_app_id: number;
  invite_id: string;
  inviter: string;
  /** `''` for a one-to-one invitation. */
  group_id: string;
  data: string;
  timeout_seconds: number;
  online_only: number;
  created_at: number;
  deadline: number | null;
  /** 1 once the timeout fired. */
  timed_out: number;
  /** 1 once the inviter was told of the timeout (live, or by its next sync). */
  inviter_told: number;
}

/** One invitee of an invitation and where its answer stands (`InviteeState`). */
export interface SignalingInviteesTable {
  sdk_app_id: number;
  invite_id: string;
  user_id: string;
  /** Place in the invitation's list, to give the list back in its order. */
  ordinal: number;
  state: number;
  /** For a timed-out invitee: 1 once it was told (live, or by its next sync). */
  told: number;
}

export interface SignalingTables {
  signaling_invitations: SignalingInvitationsTable;
  signaling_invitees: SignalingInviteesTable;
}
