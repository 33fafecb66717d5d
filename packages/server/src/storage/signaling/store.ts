/**
 * The signaling store: invitations and their invitees' states. Every change of state is a
 * conditional update (`… WHERE state = pending`), so that two nodes, or an answer and a timeout,
 * racing for the same invitee leave exactly one winner; the winner is the one that tells anyone.
 */
import type { Kysely } from 'kysely';
import type { StorageSchema } from '../schema.js';

/** Where one invitee's answer stands. */
export const InviteeState = Object.freeze({
  PENDING: 0,
  ACCEPTED: 1,
  REJECTED: 2,
  TIMED_OUT: 3,
  CANCELLED: 4,
} as const);
export type InviteeState = (typeof InviteeState)[keyof typeof InviteeState];

export interface InviteeRecord {
  userID: string;
  state: InviteeState;
  /** For a timed-out invitee: it has been told. */
  told: boolean;
}

export interface InvitationRecord {
  sdkAppID: number;
  inviteID: string;
  inviter: string;
  /** `''` for one-to-one. */
  groupID: string;
  data: string;
  timeoutSeconds: number;
  onlineOnly: boolean;
  createdAt: number;
  /** When the timeout is due; null when there is none or it fired. */
  deadline: number | null;
  timedOut: boolean;
  inviterTold: boolean;
  /** In the order invited. */
  invitees: InviteeRecord[];
}

export type NewInvitation = Omit<InvitationRecord, 'timedOut' | 'inviterTold' | 'invitees'> & {
  invitees: readonly string[];
};

export interface SignalingStore {
  create(invitation: NewInvitation): Promise<void>;
  /** Removes an invitation whose first message could not be sent. */
  remove(sdkAppID: number, inviteID: string): Promise<void>;
  get(sdkAppID: number, inviteID: string): Promise<InvitationRecord | undefined>;
  /** Moves one invitee from pending to `state`; false when it was not pending (or not invited). */
  answer(sdkAppID: number, inviteID: string, userID: string, state: InviteeState): Promise<boolean>;
  /** Moves every pending invitee to cancelled; resolves those moved. */
  cancel(sdkAppID: number, inviteID: string): Promise<string[]>;
  /** Clears the deadline once nobody is pending, so that no timeout is looked for. */
  settleIfAnswered(sdkAppID: number, inviteID: string): Promise<void>;
  setData(sdkAppID: number, inviteID: string, data: string): Promise<void>;
  /** Invitations whose timeout is due and not fired yet, earliest first, any app. */
  due(now: number, limit: number): Promise<{ sdkAppID: number; inviteID: string }[]>;
  /** The earliest deadline still to fire, any app. */
  nextDeadline(): Promise<number | undefined>;
  /**
   * Fires a due timeout (run it in a transaction): clears the deadline if it is still set and due,
   * then moves the pending invitees to timed out. Resolves those invitees, or undefined when another
   * node fired it first.
   */
  expire(sdkAppID: number, inviteID: string, now: number): Promise<string[] | undefined>;
  /** Marks a party told of the timeout; true for the one call that changed it. */
  claimTold(sdkAppID: number, inviteID: string, userID: string, asInviter: boolean): Promise<boolean>;
  /** Stored (not online-only) invitations `userID` has pending, oldest first. */
  pendingFor(sdkAppID: number, userID: string): Promise<InvitationRecord[]>;
  /** Timed-out invitations `userID` (as inviter or invitee) has not been told of, oldest first. */
  untoldTimeouts(sdkAppID: number, userID: string): Promise<InvitationRecord[]>;
  /** Deletes invitations created before `before`; resolves how many. */
  purge(before: number, limit: number): Promise<number>;
}

export function createSignalingStore(db: Kysely<StorageSchema>): SignalingStore {
  const load = async (sdkAppID: number, inviteIDs: readonly string[]): Promise<InvitationRecord[]> => {
    if (inviteIDs.length === 0) return [];
    const [rows, invitees] = await Promise.all([
      db
        .selectFrom('signaling_invitations')
        .selectAll()
        .where('sdk_app_id', '=', sdkAppID)
        .where('invite_id', 'in', inviteIDs)
        .orderBy('created_at')
        .execute(),
      db
        .selectFrom('signaling_invitees')
        .select(['invite_id', 'user_id', 'state', 'told'])
        .where('sdk_app_id', '=', sdkAppID)
        .where('invite_id', 'in', inviteIDs)
        .orderBy('invite_id')
        .orderBy('ordinal')
        .execute(),
    ]);
    const byInvite = new Map<string, InviteeRecord[]>();
    for (const row of invitees) {
      const list = byInvite.get(row.invite_id) ?? [];
      list.push({
        userID: row.user_id,
        state: Number(row.state) as InviteeState,
        told: Number(row.told) === 1,
      });
      byInvite.set(row.invite_id, list);
    }
    return rows.map((row) => ({
      sdkAppID: Number(row.sdk_app_id),
      inviteID: row.invite_id,
      inviter: row.inviter,
      groupID: row.group_id,
      data: row.data,
      timeoutSeconds: Number(row.timeout_seconds),
      onlineOnly: Number(row.online_only) === 1,
      createdAt: Number(row.created_at),
      deadline: row.deadline === null ? null : Number(row.deadline),
      timedOut: Number(row.timed_out) === 1,
      inviterTold: Number(row.inviter_told) === 1,
      invitees: byInvite.get(row.invite_id) ?? [],
    }));
  };

  return {
    async create(invitation) {
      await db
        .insertInto('signaling_invitations')
        .values({
          sdk_app_id: invitation.sdkAppID,
          invite_id: invitation.inviteID,
          inviter: invitation.inviter,
          group_id: invitation.groupID,
          data: invitation.data,
          timeout_seconds: invitation.timeoutSeconds,
          online_only: invitation.onlineOnly ? 1 : 0,
          created_at: invitation.createdAt,
          deadline: invitation.deadline,
          timed_out: 0,
          inviter_told: 0,
        })
        .execute();
      await db
        .insertInto('signaling_invitees')
        .values(
          invitation.invitees.map((userID, ordinal) => ({
            sdk_app_id: invitation.sdkAppID,
            invite_id: invitation.inviteID,
            user_id: userID,
            ordinal,
            state: InviteeState.PENDING,
            told: 0,
          })),
        )
        .execute();
    },

    async remove(sdkAppID, inviteID) {
      await db
        .deleteFrom('signaling_invitees')
        .where('sdk_app_id', '=', sdkAppID)
        .where('invite_id', '=', inviteID)
        .execute();
      await db
        .deleteFrom('signaling_invitations')
        .where('sdk_app_id', '=', sdkAppID)
        .where('invite_id', '=', inviteID)
        .execute();
    },

    async get(sdkAppID, inviteID) {
      return (await load(sdkAppID, [inviteID]))[0];
    },

    async answer(sdkAppID, inviteID, userID, state) {
      const result = await db
        .updateTable('signaling_invitees')
        .set({ state })
        .where('sdk_app_id', '=', sdkAppID)
        .where('invite_id', '=', inviteID)
        .where('user_id', '=', userID)
        .where('state', '=', InviteeState.PENDING)
        .executeTakeFirst();
      return result.numUpdatedRows > 0n;
    },

    async cancel(sdkAppID, inviteID) {
      const rows = await db
        .updateTable('signaling_invitees')
        .set({ state: InviteeState.CANCELLED })
        .where('sdk_app_id', '=', sdkAppID)
        .where('invite_id', '=', inviteID)
        .where('state', '=', InviteeState.PENDING)
        .returning('user_id')
        .execute();
      return rows.map((row) => row.user_id);
    },

    async settleIfAnswered(sdkAppID, inviteID) {
      const pending = await db
        .selectFrom('signaling_invitees')
        .select('user_id')
        .where('sdk_app_id', '=', sdkAppID)
        .where('invite_id', '=', inviteID)
        .where('state', '=', InviteeState.PENDING)
        .limit(1)
        .executeTakeFirst();
      if (pending) return;
      await db
        .updateTable('signaling_invitations')
        .set({ deadline: null })
        .where('sdk_app_id', '=', sdkAppID)
        .where('invite_id', '=', inviteID)
        .execute();
    },

    async setData(sdkAppID, inviteID, data) {
      await db
        .updateTable('signaling_invitations')
        .set({ data })
        .where('sdk_app_id', '=', sdkAppID)
        .where('invite_id', '=', inviteID)
        .execute();
    },

    async due(now, limit) {
      const rows = await db
        .selectFrom('signaling_invitations')
        .select(['sdk_app_id', 'invite_id'])
        .where('deadline', 'is not', null)
        .where('deadline', '<=', now)
        .orderBy('deadline')
        .limit(limit)
        .execute();
      return rows.map((row) => ({ sdkAppID: Number(row.sdk_app_id), inviteID: row.invite_id }));
    },

    async nextDeadline() {
      const row = await db
        .selectFrom('signaling_invitations')
        .select((eb) => eb.fn.min('deadline').as('next'))
        .where('deadline', 'is not', null)
        .executeTakeFirst();
      return row?.next === null || row?.next === undefined ? undefined : Number(row.next);
    },

    async expire(sdkAppID, inviteID, now) {
      const claimed = await db
        .updateTable('signaling_invitations')
        .set({ deadline: null, timed_out: 1 })
        .where('sdk_app_id', '=', sdkAppID)
        .where('invite_id', '=', inviteID)
        .where('deadline', 'is not', null)
        .where('deadline', '<=', now)
        .executeTakeFirst();
      if (claimed.numUpdatedRows === 0n) return undefined;
      const rows = await db
        .updateTable('signaling_invitees')
        .set({ state: InviteeState.TIMED_OUT, told: 0 })
        .where('sdk_app_id', '=', sdkAppID)
        .where('invite_id', '=', inviteID)
        .where('state', '=', InviteeState.PENDING)
        .returning('user_id')
        .execute();
      // Nobody was left pending: the inviter has nothing to hear either.
      if (rows.length === 0)
        await db
          .updateTable('signaling_invitations')
          .set({ timed_out: 0 })
          .where('sdk_app_id', '=', sdkAppID)
          .where('invite_id', '=', inviteID)
          .execute();
      return rows.map((row) => row.user_id);
    },

    async claimTold(sdkAppID, inviteID, userID, asInviter) {
      const result = asInviter
        ? await db
            .updateTable('signaling_invitations')
            .set({ inviter_told: 1 })
            .where('sdk_app_id', '=', sdkAppID)
            .where('invite_id', '=', inviteID)
            .where('inviter', '=', userID)
            .where('timed_out', '=', 1)
            .where('inviter_told', '=', 0)
            .executeTakeFirst()
        : await db
            .updateTable('signaling_invitees')
            .set({ told: 1 })
            .where('sdk_app_id', '=', sdkAppID)
            .where('invite_id', '=', inviteID)
            .where('user_id', '=', userID)
            .where('state', '=', InviteeState.TIMED_OUT)
            .where('told', '=', 0)
            .executeTakeFirst();
      return result.numUpdatedRows > 0n;
    },

    async pendingFor(sdkAppID, userID) {
      const rows = await db
        .selectFrom('signaling_invitees as e')
        .innerJoin('signaling_invitations as i', (join) =>
          join.onRef('i.sdk_app_id', '=', 'e.sdk_app_id').onRef('i.invite_id', '=', 'e.invite_id'),
        )
        .select('e.invite_id')
        .where('e.sdk_app_id', '=', sdkAppID)
        .where('e.user_id', '=', userID)
        .where('e.state', '=', InviteeState.PENDING)
        .where('i.online_only', '=', 0)
        .execute();
      return load(
        sdkAppID,
        rows.map((row) => row.invite_id),
      );
    },

    async untoldTimeouts(sdkAppID, userID) {
      const [asInvitee, asInviter] = await Promise.all([
        db
          .selectFrom('signaling_invitees')
          .select('invite_id')
          .where('sdk_app_id', '=', sdkAppID)
          .where('user_id', '=', userID)
          .where('state', '=', InviteeState.TIMED_OUT)
          .where('told', '=', 0)
          .execute(),
        db
          .selectFrom('signaling_invitations')
          .select('invite_id')
          .where('sdk_app_id', '=', sdkAppID)
          .where('inviter', '=', userID)
          .where('timed_out', '=', 1)
          .where('inviter_told', '=', 0)
          .execute(),
      ]);
      return load(sdkAppID, [...new Set([...asInvitee, ...asInviter].map((row) => row.invite_id))]);
    },

    async purge(before, limit) {
      const old = await db
        .selectFrom('signaling_invitations')
        .select(['sdk_app_id', 'invite_id'])
        .where('created_at', '<', before)
        .limit(limit)
        .execute();
      for (const row of old) {
        await db
          .deleteFrom('signaling_invitees')
          .where('sdk_app_id', '=', row.sdk_app_id)
          .where('invite_id', '=', row.invite_id)
          .execute();
        await db
          .deleteFrom('signaling_invitations')
          .where('sdk_app_id', '=', row.sdk_app_id)
          .where('invite_id', '=', row.invite_id)
          .execute();
      }
      return old.length;
    },
  };
}
