import {
  ErrorCode,
  SIGNALING_BUSINESS_ID,
  type SignalingEvent,
  type SignalingInviteRequest,
  type WireSignalingInfo,
} from '@parley/protocol';
import { wirePushInfo } from '../client/push-info.js';
import { fail, ok } from '../client/results.js';
import type { Transition } from '../client/state.js';
import type { ListenerArgument, V2TimMessage } from '../message-types.js';
import type {
  V2TimSignalingActionParams,
  V2TimSignalingActionType,
  V2TimSignalingInfo,
  V2TimSignalingInviteInGroupParams,
  V2TimSignalingInviteParams,
  V2TimSignalingListener,
} from '../signaling-types.js';
import { type V2TimCallback, V2TimLoginStatus, V2TimNetState, type V2TimValueCallback } from '../types.js';
import { type ManagerContext, requireLogin } from './context.js';
import { ListenerSet } from './listener-argument.js';

/** Flutter's default `timeout` of `invite` and `inviteInGroup`, in seconds. */
const DEFAULT_TIMEOUT_SECONDS = 30;
/** Invitations remembered here (to report each once); the oldest are forgotten first. */
const MAX_KNOWN = 1_000;

/**
 * Call signaling (`V2TIMSignalingManager`): invitations to a user or to members of a group, and
 * their answers. The server keeps each invitation's state and runs its timeout; this manager turns
 * the server's events into listener callbacks, and after every login or reconnect asks for what it
 * may have missed: invitations still ringing and timeouts not yet told. Every action is also a
 * custom message in the conversation (`getSignalingInfo` decodes one).
 */
export class V2TIMSignalingManager {
  readonly #listeners: ListenerSet<V2TimSignalingListener>;
  /** Invitations this instance reported or was given (`addInvitedSignaling`), by inviteID. */
  readonly #known = new Map<string, V2TimSignalingInfo>();
  #owner = '';

  /** @internal Use `v2TIMManager.getSignalingManager()`. */
  constructor(
    private readonly context: ManagerContext,
    onListenerError: (name: string, error: unknown) => void,
  ) {
    this.#listeners = new ListenerSet(context, onListenerError);
    context.state.observe((transition) => this.#onTransition(transition));
  }

  /** Adds a signaling listener (the callbacks object, or `{ listener }`). */
  addSignalingListener(listener: ListenerArgument<V2TimSignalingListener>): Promise<V2TimCallback> {
    return this.#listeners.add(listener);
  }

  /** Removes one signaling listener, or all of them without an argument. */
  removeSignalingListener(listener?: ListenerArgument<V2TimSignalingListener>): Promise<V2TimCallback> {
    return this.#listeners.remove(listener);
  }

  /**
   * Invites one user; `data` is the inviteID. The invitee hears `onReceiveNewInvitation` (at its
   * next login, if it is away and the invitation is still ringing); after `timeout` seconds without
   * an answer both sides hear `onInvitationTimeout`. 20003 for an unknown user, 6017 for yourself.
   */
  async invite(params: V2TimSignalingInviteParams): Promise<V2TimValueCallback<string>> {
    const refused = requireLogin(this.context) ?? checkParams(params, ['invitee']);
    if (refused) return refused;
    const pushInfo = wirePushInfo(params.offlinePushInfo);
    return this.#invite({
      invitee: params.invitee,
      data: params.data ?? '',
      timeout: params.timeout ?? DEFAULT_TIMEOUT_SECONDS,
      ...(params.onlineUserOnly ? { onlineUserOnly: true } : {}),
      ...(pushInfo ? { offlinePushInfo: pushInfo } : {}),
    });
  }

  /**
   * Invites members of a group (at most 100; all must be members, as must the inviter); the
   * actions are messages in the group. 10010 for no such group, 10007 when you are not a member.
   */
  async inviteInGroup(params: V2TimSignalingInviteInGroupParams): Promise<V2TimValueCallback<string>> {
    const refused = requireLogin(this.context) ?? checkParams(params, ['groupID']);
    if (refused) return refused;
    if (!Array.isArray(params.inviteeList) || params.inviteeList.length === 0)
      return fail(ErrorCode.ERR_INVALID_PARAMETERS, 'inviteeList must list at least one member');
    const pushInfo = wirePushInfo(params.offlinePushInfo);
    return this.#invite({
      groupID: params.groupID,
      inviteeList: params.inviteeList,
      data: params.data ?? '',
      timeout: params.timeout ?? DEFAULT_TIMEOUT_SECONDS,
      ...(params.onlineUserOnly ? { onlineUserOnly: true } : {}),
      ...(pushInfo ? { offlinePushInfo: pushInfo } : {}),
    });
  }

  /** The inviter withdraws the invitation while some invitee is pending (8010 after that, 8011 for others). */
  cancel(params: V2TimSignalingActionParams): Promise<V2TimCallback> {
    return this.#action('signalingCancel', params);
  }

  /** An invitee accepts while pending (8010 once answered, cancelled or timed out; 8011 for others). */
  accept(params: V2TimSignalingActionParams): Promise<V2TimCallback> {
    return this.#action('signalingAccept', params);
  }

  /** An invitee rejects while pending (8010 once answered, cancelled or timed out; 8011 for others). */
  reject(params: V2TimSignalingActionParams): Promise<V2TimCallback> {
    return this.#action('signalingReject', params);
  }

  /**
   * The inviter replaces `data` of an invitation still pending for someone; those invitees hear
   * `onInvitationModified`. Not for online-only invitations (6017).
   */
  modifyInvitation(params: V2TimSignalingActionParams): Promise<V2TimCallback> {
    return this.#action('signalingModify', params);
  }

  /**
   * Decodes a signaling message (from history or `onRecvNewMessage`); `data` is `null` for any
   * other message.
   */
  async getSignalingInfo(params: {
    message: V2TimMessage;
  }): Promise<V2TimValueCallback<V2TimSignalingInfo | null>> {
    if (typeof params !== 'object' || params === null || typeof params.message !== 'object')
      return fail(ErrorCode.ERR_INVALID_PARAMETERS, 'getSignalingInfo needs { message }');
    return ok(decodeSignaling(params.message?.customElem?.data));
  }

  /**
   * Tells this instance about an invitation learned elsewhere (an offline push's payload), so that
   * it is not reported again when it arrives; 8012 when it is already known here.
   */
  async addInvitedSignaling(params: { info: V2TimSignalingInfo }): Promise<V2TimCallback> {
    const refused = requireLogin(this.context);
    if (refused) return refused;
    const info = params?.info;
    if (
      typeof info !== 'object' ||
      info === null ||
      typeof info.inviteID !== 'string' ||
      info.inviteID === ''
    )
      return fail(ErrorCode.ERR_INVALID_PARAMETERS, 'info must be a V2TimSignalingInfo with an inviteID');
    if (this.#known.has(info.inviteID)) return fail(ErrorCode.ERR_SDK_SIGNALING_ALREADY_EXISTS);
    this.#remember(info);
    return ok();
  }

  /** @internal A `signaling` push of the live connection. */
  onEvent(event: SignalingEvent): void {
    const { info } = event;
    switch (event.kind) {
      case 'invited':
        if (this.#known.has(info.inviteID)) return;
        this.#remember(toInfo(info));
        this.#listeners.each('onReceiveNewInvitation', (l) =>
          l.onReceiveNewInvitation?.(
            info.inviteID,
            info.inviter,
            info.groupID,
            [...info.inviteeList],
            info.data,
          ),
        );
        return;
      case 'accepted':
        this.#listeners.each('onInviteeAccepted', (l) =>
          l.onInviteeAccepted?.(info.inviteID, event.invitee, event.data),
        );
        return;
      case 'rejected':
        this.#listeners.each('onInviteeRejected', (l) =>
          l.onInviteeRejected?.(info.inviteID, event.invitee, event.data),
        );
        return;
      case 'cancelled':
        this.#listeners.each('onInvitationCancelled', (l) =>
          l.onInvitationCancelled?.(info.inviteID, info.inviter, event.data),
        );
        return;
      case 'timeout':
        this.#listeners.each('onInvitationTimeout', (l) =>
          l.onInvitationTimeout?.(info.inviteID, [...event.inviteeList]),
        );
        return;
      case 'modified':
        this.#listeners.each('onInvitationModified', (l) =>
          l.onInvitationModified?.(info.inviteID, event.data),
        );
        return;
    }
  }

  async #invite(request: SignalingInviteRequest): Promise<V2TimValueCallback<string>> {
    const result = await this.context.session()!.request('signalingInvite', request);
    if (result.code !== 0 || !result.data) return { code: result.code, desc: result.desc };
    return ok(result.data.inviteID);
  }

  async #action(
    op: 'signalingCancel' | 'signalingAccept' | 'signalingReject' | 'signalingModify',
    params: V2TimSignalingActionParams,
  ): Promise<V2TimCallback> {
    const refused = requireLogin(this.context) ?? checkParams(params, ['inviteID']);
    if (refused) return refused;
    const result = await this.context
      .session()!
      .request(op, { inviteID: params.inviteID, data: params.data ?? '' });
    return result.code === 0 ? ok() : { code: result.code, desc: result.desc };
  }

  #remember(info: V2TimSignalingInfo): void {
    this.#known.set(info.inviteID, info);
    if (this.#known.size > MAX_KNOWN) {
      const oldest = this.#known.keys().next().value;
      if (oldest !== undefined) this.#known.delete(oldest);
    }
  }

  #onTransition({ to, reason }: Transition): void {
    if (to.login !== V2TimLoginStatus.V2TIM_STATUS_LOGINED || to.net !== V2TimNetState.CONNECTED) return;
    if (reason.kind !== 'loginSucceeded' && reason.kind !== 'resumed') return;
    const user = this.context.session()?.loginUser ?? '';
    if (user !== this.#owner) {
      this.#known.clear();
      this.#owner = user;
    }
    void this.#catchUp();
  }

  /** Invitations still ringing for this user and timeouts it was not told of, after a (re)login. */
  async #catchUp(): Promise<void> {
    const session = this.context.session();
    if (!session) return;
    const result = await session.request('signalingSync', {});
    if (result.code !== 0 || !result.data) return;
    for (const event of result.data.events) this.onEvent(event);
  }
}

/** 6017 unless each named field is a non-empty string (and `data`, when given, a string). */
function checkParams(params: unknown, required: readonly string[]): V2TimCallback | undefined {
  if (typeof params !== 'object' || params === null)
    return fail(ErrorCode.ERR_INVALID_PARAMETERS, 'expected an options object');
  const record = params as Record<string, unknown>;
  for (const field of required)
    if (typeof record[field] !== 'string' || record[field] === '')
      return fail(ErrorCode.ERR_INVALID_PARAMETERS, `${field} must be a non-empty string`);
  if (record.data !== undefined && typeof record.data !== 'string')
    return fail(ErrorCode.ERR_INVALID_PARAMETERS, 'data must be a string');
  return undefined;
}

function toInfo(wire: WireSignalingInfo): V2TimSignalingInfo {
  return {
    inviteID: wire.inviteID,
    groupID: wire.groupID,
    inviter: wire.inviter,
    inviteeList: [...wire.inviteeList],
    data: wire.data,
    timeout: wire.timeout,
    actionType: wire.actionType as V2TimSignalingActionType,
    ...(wire.onlineUserOnly ? { isOnlineUserOnly: true } : {}),
  };
}

/** The signaling info in a custom element's data, or null when it is none. */
export function decodeSignaling(data: string | undefined): V2TimSignalingInfo | null {
  if (typeof data !== 'string' || data === '') return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(data);
  } catch {
    return null;
  }
  if (typeof parsed !== 'object' || parsed === null) return null;
  const p = parsed as Record<string, unknown>;
  const valid =
    p.businessID === SIGNALING_BUSINESS_ID &&
    typeof p.inviteID === 'string' &&
    typeof p.inviter === 'string' &&
    typeof p.groupID === 'string' &&
    Array.isArray(p.inviteeList) &&
    p.inviteeList.every((id) => typeof id === 'string') &&
    typeof p.data === 'string' &&
    typeof p.timeout === 'number' &&
    typeof p.actionType === 'number' &&
    p.actionType >= 1 &&
    p.actionType <= 5;
  return valid ? toInfo(p as unknown as WireSignalingInfo) : null;
}
