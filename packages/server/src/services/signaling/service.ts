/**
 * Call signaling (im-features §7, docs/signaling.md). The server keeps each invitation's state per
 * invitee (pending → accepted | rejected | timed out | cancelled) and runs the timeouts itself, so
 * that every party hears of each change once, whichever node it is on and across restarts. Each
 * action is recorded as a custom message through the ordinary send paths (actions.ts); the
 * listeners' events travel as `signaling` pushes to the parties' connected instances, and what an
 * offline party must not miss (a pending invitation, a timeout) is handed out by `sync`.
 */
import { randomBytes } from 'node:crypto';
import {
  type SignalingActionType as ActionType,
  ErrorCode,
  SignalingActionType,
  type SignalingEvent,
  type SignalingInviteRequest,
  type WireOfflinePushInfo,
  type WireSignalingInfo,
} from '@parley/protocol';
import type { Logger } from 'pino';
import { type Bus, pushEvent } from '../../bus/bus.js';
import { type InvitationRecord, InviteeState } from '../../storage/signaling/store.js';
import type { Storage } from '../../storage/types.js';
import type { GroupDirectory } from '../group-contract.js';
import type { CallbackOrigin } from '../messages/callbacks.js';
import type { OfflinePush } from '../push/planner.js';
import { fail, ok, type Reply } from '../replies.js';
import { type ActionSenders, DEFAULT_INVITE_PUSH_TEXT, sendAction } from './actions.js';
import { TimeoutClock } from './timeouts.js';

/** Invitations are forgotten this long after they were made (far past the longest timeout). */
const KEEP_MS = 24 * 60 * 60_000;
/** Timeouts fired per look; more are picked up by the next one at once. */
const FIRE_BATCH = 50;
/** The broadcast topic of a new deadline: every node then looks at it, so any may fire it. */
const DEADLINE_TOPIC = 'signaling.deadline';

export interface SignalingDeps extends ActionSenders {
  storage: Storage;
  bus: Pick<Bus, 'connectedOf' | 'sendToInstances' | 'broadcast' | 'onBroadcast'>;
  directory: Pick<GroupDirectory, 'group' | 'membership' | 'members'>;
  /** Offline push of group invitations that ask for one; one-to-one ones push through their message. */
  push?: Pick<OfflinePush, 'toUsers'>;
  logger: Logger;
  now: () => number;
  /** The safety-net look for due timeouts (timeouts.ts). */
  sweepMs?: number;
}

export interface SignalingActor {
  sdkAppID: number;
  userID: string;
  origin?: CallbackOrigin;
}

type Empty = Record<string, never>;

export class SignalingService {
  readonly clock: TimeoutClock;

  constructor(private readonly deps: SignalingDeps) {
    this.clock = new TimeoutClock(
      { fireDue: () => this.fireDue(), housekeep: () => this.housekeep() },
      deps.now,
      deps.logger,
      deps.sweepMs,
    );
    // Every node learns each deadline, so that a timeout fires on time even when the node that made
    // the invitation is gone; the claim in the database makes exactly one of them fire it.
    deps.bus.onBroadcast((notice) => {
      if (notice.kind === 'lost') this.clock.schedule(deps.now());
      else if (notice.topic === DEADLINE_TOPIC) {
        const deadline = Number(notice.payload);
        if (Number.isFinite(deadline)) this.clock.schedule(deadline);
      }
    });
  }

  async invite(actor: SignalingActor, request: SignalingInviteRequest): Promise<Reply<{ inviteID: string }>> {
    const { sdkAppID, userID } = actor;
    const { storage } = this.deps;
    const groupID = request.groupID ?? '';
    const invitees = groupID === '' ? [request.invitee ?? ''] : [...new Set(request.inviteeList ?? [])];
    if (invitees.includes(userID))
      return fail(ErrorCode.ERR_INVALID_PARAMETERS, 'the inviter cannot invite itself');
    if (groupID !== '') {
      const refusal = await this.#groupRefusal(sdkAppID, groupID, userID, invitees);
      if (refusal) return refusal;
    }
    const now = this.deps.now();
    const timeout = request.timeout ?? 0;
    const onlineOnly = request.onlineUserOnly === true;
    const invitation: InvitationRecord = {
      sdkAppID,
      inviteID: randomBytes(16).toString('hex'),
      inviter: userID,
      groupID,
      data: request.data,
      timeoutSeconds: timeout,
      onlineOnly,
      createdAt: now,
      deadline: timeout > 0 ? now + timeout * 1000 : null,
      timedOut: false,
      inviterTold: false,
      invitees: invitees.map((id) => ({ userID: id, state: InviteeState.PENDING, told: false })),
    };
    await storage.transaction((tx) => tx.signaling.create({ ...invitation, invitees }));
    const info = infoOf(invitation, SignalingActionType.INVITE, invitees, request.data);
    const pushInfo = invitePushInfo(request.offlinePushInfo);
    const sent = await sendAction(this.deps, {
      sdkAppID,
      sender: userID,
      receiver: invitees[0] ?? '',
      info,
      // A group invitation pushes its invitees only (below), never the whole group.
      ...(groupID === '' ? { offlinePushInfo: pushInfo } : {}),
      ...(actor.origin ? { origin: actor.origin } : {}),
    });
    if (sent.code !== 0) {
      await storage.signaling.remove(sdkAppID, invitation.inviteID);
      return fail(sent.code, sent.desc);
    }
    if (groupID !== '' && !onlineOnly && request.offlinePushInfo && !pushInfo.disablePush)
      await this.#pushGroupInvitation(sdkAppID, invitation.inviteID, userID, invitees, pushInfo);
    await this.#tell(sdkAppID, invitees, { kind: 'invited', info });
    if (invitation.deadline !== null) {
      this.clock.schedule(invitation.deadline);
      await this.deps.bus
        .broadcast(DEADLINE_TOPIC, String(invitation.deadline))
        .catch((err: unknown) => this.deps.logger.warn({ err }, 'a signaling deadline was not broadcast'));
    }
    return ok({ inviteID: invitation.inviteID });
  }

  async cancel(actor: SignalingActor, request: { inviteID: string; data: string }): Promise<Reply<Empty>> {
    const { sdkAppID, userID } = actor;
    const { storage } = this.deps;
    const invitation = await storage.signaling.get(sdkAppID, request.inviteID);
    if (!invitation) return fail(ErrorCode.ERR_SDK_SIGNALING_INVALID_INVITE_ID);
    if (invitation.inviter !== userID)
      return fail(ErrorCode.ERR_SDK_SIGNALING_NO_PERMISSION, 'only the inviter may cancel');
    const cancelled = await storage.signaling.cancel(sdkAppID, request.inviteID);
    if (cancelled.length === 0)
      return fail(ErrorCode.ERR_SDK_SIGNALING_INVALID_INVITE_ID, 'no invitee is still pending');
    await storage.signaling.settleIfAnswered(sdkAppID, request.inviteID);
    const info = infoOf(invitation, SignalingActionType.CANCEL_INVITE, allInvitees(invitation), request.data);
    await this.#record(actor, invitation, info);
    await this.#tell(sdkAppID, cancelled, { kind: 'cancelled', info, data: request.data });
    return ok({});
  }

  /** `accept` or `reject`: by a listed invitee, while it is pending. */
  async answer(
    actor: SignalingActor,
    request: { inviteID: string; data: string },
    accepted: boolean,
  ): Promise<Reply<Empty>> {
    const { sdkAppID, userID } = actor;
    const { storage } = this.deps;
    const invitation = await storage.signaling.get(sdkAppID, request.inviteID);
    if (!invitation) return fail(ErrorCode.ERR_SDK_SIGNALING_INVALID_INVITE_ID);
    if (!invitation.invitees.some((invitee) => invitee.userID === userID))
      return fail(ErrorCode.ERR_SDK_SIGNALING_NO_PERMISSION, 'only an invitee may answer');
    const state = accepted ? InviteeState.ACCEPTED : InviteeState.REJECTED;
    if (!(await storage.signaling.answer(sdkAppID, request.inviteID, userID, state)))
      return fail(
        ErrorCode.ERR_SDK_SIGNALING_INVALID_INVITE_ID,
        'the invitation is no longer pending for you',
      );
    await storage.signaling.settleIfAnswered(sdkAppID, request.inviteID);
    const action = accepted ? SignalingActionType.ACCEPT_INVITE : SignalingActionType.REJECT_INVITE;
    const info = infoOf(invitation, action, [userID], request.data);
    await this.#record(actor, invitation, info);
    const others = [invitation.inviter, ...allInvitees(invitation).filter((id) => id !== userID)];
    await this.#tell(sdkAppID, others, {
      kind: accepted ? 'accepted' : 'rejected',
      info,
      invitee: userID,
      data: request.data,
    });
    return ok({});
  }

  async modify(actor: SignalingActor, request: { inviteID: string; data: string }): Promise<Reply<Empty>> {
    const { sdkAppID, userID } = actor;
    const { storage } = this.deps;
    const invitation = await storage.signaling.get(sdkAppID, request.inviteID);
    if (!invitation) return fail(ErrorCode.ERR_SDK_SIGNALING_INVALID_INVITE_ID);
    if (invitation.inviter !== userID)
      return fail(ErrorCode.ERR_SDK_SIGNALING_NO_PERMISSION, 'only the inviter may modify');
    if (invitation.onlineOnly)
      return fail(ErrorCode.ERR_INVALID_PARAMETERS, 'an online-only invitation cannot be modified');
    const pending = invitation.invitees.filter((i) => i.state === InviteeState.PENDING).map((i) => i.userID);
    if (pending.length === 0)
      return fail(ErrorCode.ERR_SDK_SIGNALING_INVALID_INVITE_ID, 'no invitee is still pending');
    await storage.signaling.setData(sdkAppID, request.inviteID, request.data);
    const info = infoOf(
      { ...invitation, data: request.data },
      SignalingActionType.INVITE,
      allInvitees(invitation),
      request.data,
    );
    await this.#tell(sdkAppID, pending, { kind: 'modified', info, data: request.data });
    return ok({});
  }

  /**
   * What a user's instance must hear after a login or reconnect: the stored invitations it still has
   * pending (not yet due), and each timeout it was not told of, handed out once per user.
   */
  async sync(actor: SignalingActor): Promise<Reply<{ events: SignalingEvent[] }>> {
    const { sdkAppID, userID } = actor;
    const { storage } = this.deps;
    const now = this.deps.now();
    const [pending, untold] = await Promise.all([
      storage.signaling.pendingFor(sdkAppID, userID),
      storage.signaling.untoldTimeouts(sdkAppID, userID),
    ]);
    const events: SignalingEvent[] = [];
    for (const invitation of pending) {
      // Due but not fired yet: its timeout is on the way, the call is over.
      if (invitation.deadline !== null && invitation.deadline <= now) continue;
      events.push({
        kind: 'invited',
        info: infoOf(invitation, SignalingActionType.INVITE, allInvitees(invitation), invitation.data),
      });
    }
    for (const invitation of untold) {
      const asInviter = invitation.inviter === userID;
      if (await storage.signaling.claimTold(sdkAppID, invitation.inviteID, userID, asInviter))
        events.push(timeoutEvent(invitation));
    }
    return ok({ events });
  }

  /** Fires the due timeouts (any node's); resolves the next deadline. */
  async fireDue(): Promise<number | undefined> {
    const { storage } = this.deps;
    const due = await storage.signaling.due(this.deps.now(), FIRE_BATCH);
    for (const { sdkAppID, inviteID } of due) {
      try {
        await this.#expire(sdkAppID, inviteID);
      } catch (err) {
        this.deps.logger.warn({ err, sdkAppID, inviteID }, 'a signaling timeout failed; retried later');
      }
    }
    return storage.signaling.nextDeadline();
  }

  async housekeep(): Promise<void> {
    const purged = await this.deps.storage.signaling.purge(this.deps.now() - KEEP_MS, 1_000);
    if (purged > 0) this.deps.logger.info({ purged }, 'old signaling invitations deleted');
  }

  async #expire(sdkAppID: number, inviteID: string): Promise<void> {
    const { storage } = this.deps;
    const now = this.deps.now();
    const timedOut = await storage.transaction((tx) => tx.signaling.expire(sdkAppID, inviteID, now));
    // Another node fired it, or everyone had answered.
    if (!timedOut || timedOut.length === 0) return;
    const invitation = await storage.signaling.get(sdkAppID, inviteID);
    if (!invitation) return;
    const event = timeoutEvent(invitation);
    await sendAction(this.deps, {
      sdkAppID,
      sender: invitation.inviter,
      receiver: timedOut[0] ?? '',
      info: event.info,
      byServer: true,
    }).then(
      (sent) => {
        if (sent.code !== 0)
          this.deps.logger.warn({ sdkAppID, inviteID, code: sent.code }, 'the timeout message was not sent');
      },
      (err: unknown) => this.deps.logger.warn({ err, sdkAppID, inviteID }, 'the timeout message failed'),
    );
    // Each party is told once: live now if connected (claimed first, so that a sync running at the
    // same time cannot also hand it out), else by its next sync. An online-only invitation has no
    // catching up: whoever is away now never hears of it.
    const parties = [invitation.inviter, ...timedOut];
    const connected = await this.#connected(sdkAppID, parties);
    const told: string[] = [];
    for (const party of parties) {
      if (!invitation.onlineOnly && !connected.has(party)) continue;
      const claimed = await storage.signaling.claimTold(
        sdkAppID,
        inviteID,
        party,
        party === invitation.inviter,
      );
      if (claimed && connected.has(party)) told.push(party);
    }
    await this.#tell(sdkAppID, told, event);
  }

  /** Records an action on an invitation in its conversation; a failure is logged, never answered. */
  async #record(actor: SignalingActor, invitation: InvitationRecord, info: WireSignalingInfo): Promise<void> {
    const receiver =
      actor.userID === invitation.inviter ? (invitation.invitees[0]?.userID ?? '') : invitation.inviter;
    try {
      const sent = await sendAction(this.deps, {
        sdkAppID: actor.sdkAppID,
        sender: actor.userID,
        receiver,
        info,
        ...(actor.origin ? { origin: actor.origin } : {}),
      });
      if (sent.code !== 0)
        this.deps.logger.info(
          { sdkAppID: actor.sdkAppID, inviteID: info.inviteID, code: sent.code },
          'a signaling message was not sent',
        );
    } catch (err) {
      this.deps.logger.warn({ err, inviteID: info.inviteID }, 'a signaling message failed');
    }
  }

  async #groupRefusal(
    sdkAppID: number,
    groupID: string,
    inviter: string,
    invitees: readonly string[],
  ): Promise<Reply<never> | undefined> {
    const { directory } = this.deps;
    if (!(await directory.group(sdkAppID, groupID))) return fail(ErrorCode.ERR_SVR_GROUP_NOT_FOUND);
    if (!(await directory.membership(sdkAppID, groupID, inviter)))
      return fail(ErrorCode.ERR_SVR_GROUP_PERMISSION_DENY, 'not a member of this group');
    const members = await directory.members(sdkAppID, groupID);
    const outsiders = invitees.filter((id) => !members.has(id));
    if (outsiders.length > 0)
      return fail(
        ErrorCode.ERR_INVALID_PARAMETERS,
        `inviteeList: not members of the group: ${outsiders.join(', ')}`,
      );
    return undefined;
  }

  async #pushGroupInvitation(
    sdkAppID: number,
    inviteID: string,
    inviter: string,
    invitees: readonly string[],
    info: WireOfflinePushInfo,
  ): Promise<void> {
    try {
      await this.deps.push?.toUsers(
        sdkAppID,
        `signaling:${inviteID}`,
        invitees,
        { title: info.title || inviter, body: info.desc || DEFAULT_INVITE_PUSH_TEXT },
        info,
      );
    } catch (err) {
      this.deps.logger.error({ err, inviteID }, 'could not queue the offline push of an invitation');
    }
  }

  async #connected(sdkAppID: number, userIDs: readonly string[]): Promise<Set<string>> {
    const presences = await this.deps.bus.connectedOf(sdkAppID, new Set(userIDs));
    return new Set(presences.filter((p) => p.connected).map((p) => p.userID));
  }

  /** Pushes one event to every connected instance of the users, wherever they are; never throws. */
  async #tell(sdkAppID: number, userIDs: readonly string[], event: SignalingEvent): Promise<void> {
    if (userIDs.length === 0) return;
    try {
      const presences = (await this.deps.bus.connectedOf(sdkAppID, new Set(userIDs))).filter(
        (p) => p.connected,
      );
      if (presences.length > 0)
        await this.deps.bus.sendToInstances(presences, pushEvent({ push: 'signaling', data: { event } }));
    } catch (err) {
      this.deps.logger.warn({ err, sdkAppID, kind: event.kind }, 'a signaling event was not delivered');
    }
  }
}

/** The invitation's default push text, unless the inviter turned push off. */
function invitePushInfo(info: WireOfflinePushInfo | undefined): WireOfflinePushInfo {
  if (info?.disablePush) return info;
  return { ...info, desc: info?.desc || DEFAULT_INVITE_PUSH_TEXT };
}

function allInvitees(invitation: InvitationRecord): string[] {
  return invitation.invitees.map((invitee) => invitee.userID);
}

function infoOf(
  invitation: InvitationRecord,
  actionType: ActionType,
  inviteeList: string[],
  data: string,
): WireSignalingInfo {
  return {
    inviteID: invitation.inviteID,
    groupID: invitation.groupID,
    inviter: invitation.inviter,
    inviteeList,
    data,
    timeout: invitation.timeoutSeconds,
    actionType,
    ...(invitation.onlineOnly ? { onlineUserOnly: true } : {}),
  };
}

/** The timeout of an invitation that fired: the invitees it caught, with the invitation's data. */
function timeoutEvent(invitation: InvitationRecord): Extract<SignalingEvent, { kind: 'timeout' }> {
  const timedOut = invitation.invitees.filter((i) => i.state === InviteeState.TIMED_OUT).map((i) => i.userID);
  return {
    kind: 'timeout',
    info: infoOf(invitation, SignalingActionType.INVITE_TIMEOUT, timedOut, invitation.data),
    inviteeList: timedOut,
  };
}
