/**
 * Which state change an ending of an instance reports, decided in one place so that the session
 * layer and docs/webhooks.md cannot drift apart.
 */
import { CloseCode, KickReason } from '@parley/protocol';
import type { StateChangeKind } from './state-change.js';

/**
 * The state change of a kicked instance, or `undefined` when the kick has no event of its own: a
 * policy kick (multiple devices or web instances) is reported by the new instance's Login, whose
 * `KickedDevice` lists the displaced platforms, as newer SDKs of the original do (login.md §6.3).
 */
export function stateChangeForKick(reason: KickReason): StateChangeKind | undefined {
  switch (reason) {
    case KickReason.MULTIPLE_DEVICE:
    case KickReason.MULTIPLE_ACCOUNT:
      return undefined;
    // The original documents no values for an admin kick (login.md §11.4); a device signing another
    // out is the same act by the user, so both report Kicked.
    case KickReason.REST_API:
    case KickReason.DEVICE_SIGN_OUT:
      return { action: 'Logout', reason: 'Kicked' };
    case KickReason.USERSIG_EXPIRED:
      return { action: 'Logout', reason: 'UserSigExpired' };
    default: {
      // A new kick reason must be given its state change here: this stops compiling until it is.
      const unhandled: never = reason;
      throw new Error(`no state change for kick reason ${String(unhandled)}`);
    }
  }
}

/**
 * The Disconnect reason for a connection that ended without a logout or a kick: TimeOut when the
 * server dropped it for silence, LinkClose for every other close (the client went away).
 */
export function disconnectReasonForClose(code: number): 'LinkClose' | 'TimeOut' {
  return code === CloseCode.HEARTBEAT_TIMEOUT ? 'TimeOut' : 'LinkClose';
}
