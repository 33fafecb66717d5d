/**
 * Pure decisions about how a logged-in instance ends: which closes, pushes and resume refusals stop
 * it for good (and with which callback), and which failures are worth another attempt. The SDK
 * decides from the close code's range alone (protocol close-codes.ts), so a new terminal reason on
 * the server needs no SDK change.
 */
import { CloseCode, ErrorCode, isTerminalClose, KickReason } from '@parley/protocol';
import type { IncomingPush } from './frames.js';

/** How an instance ends: kicked (`onKickedOffline`) or its ticket expired (`onUserSigExpired`). */
export type Ending = { kind: 'kicked'; kickReason: KickReason } | { kind: 'userSigExpired' };

const USERSIG_EXPIRED: Ending = Object.freeze({ kind: 'userSigExpired' });
const kicked = (kickReason: KickReason): Ending => ({ kind: 'kicked', kickReason });
const KICK_REASONS: readonly string[] = Object.values(KickReason);

/**
 * The ending a close code means, or undefined for a transient close (reconnect). A terminal close
 * without a push tells no reason: 4001 is taken as a multi-device kick, other terminal codes as the
 * admin's doing.
 */
export function closeEnding(code: number): Ending | undefined {
  if (!isTerminalClose(code)) return undefined;
  if (code === CloseCode.USERSIG_EXPIRED) return USERSIG_EXPIRED;
  return kicked(code === CloseCode.KICKED ? KickReason.MULTIPLE_DEVICE : KickReason.REST_API);
}

/** The ending a push announces, or undefined for any other push. */
export function pushEnding(push: IncomingPush): Ending | undefined {
  if (push.push === 'userSigExpired') return USERSIG_EXPIRED;
  if (push.push !== 'kicked') return undefined;
  const reason = push.data.reason;
  if (reason === KickReason.USERSIG_EXPIRED) return USERSIG_EXPIRED;
  return kicked(
    typeof reason === 'string' && KICK_REASONS.includes(reason)
      ? (reason as KickReason)
      : KickReason.MULTIPLE_DEVICE,
  );
}

/** The ending a refused resume means, or undefined when another attempt may succeed. */
export function resumeEnding(code: number): Ending | undefined {
  switch (code) {
    case ErrorCode.ERR_USERSIG_EXPIRED:
    case ErrorCode.ERR_USER_SIG_EXPIRED:
      return USERSIG_EXPIRED;
    case ErrorCode.ERR_LOGIN_KICKED_OFF_BY_OTHER:
      return kicked(KickReason.MULTIPLE_DEVICE);
    case ErrorCode.ERR_USERSIG_REVOKED:
      return kicked(KickReason.REST_API);
    default:
      return undefined;
  }
}

/** Transport failures: the next address, or a later attempt, may work. Anything else is the server's answer. */
export function isNetworkFailure(code: number): boolean {
  return (
    code === ErrorCode.ERR_SDK_NET_DISCONNECT ||
    code === ErrorCode.ERR_SDK_NET_WAIT_ACK_TIMEOUT ||
    code === ErrorCode.ERR_SDK_NET_CONNECT_TIMEOUT
  );
}
