/**
 * The `State.StateChange` callback (login.md §7.3): what the session layer records when an instance
 * logs in, logs out or loses its connection, and the query and body the app receives for it.
 */
import { PLATFORM_DISPLAY_NAMES, type Platform } from '@parley/protocol';
import type { Storage } from '../storage/types.js';

/** The `CallbackCommand` of state changes. */
export const STATE_CHANGE_COMMAND = 'State.StateChange';

/**
 * How long a Disconnect waits before it is posted, by default: a client that reconnects (or logs
 * in again) within it cancels it, so a network blip does not look like a sign-off (login.md §7.3).
 */
export const DEFAULT_DISCONNECT_GRACE_MS = 10_000;

/**
 * The Action and Reason pairs that exist. Kicked and UserSigExpired are Parley's choice where the
 * original is silent (login.md §11.4); a policy kick has no event of its own: the new instance's
 * Login lists the kicked platforms in `KickedDevice` (login.md §6.3).
 */
export type StateChangeKind =
  | { action: 'Login'; reason: 'Register' }
  | { action: 'Logout'; reason: 'Unregister' | 'Kicked' | 'UserSigExpired' }
  | { action: 'Disconnect'; reason: 'LinkClose' | 'TimeOut' };

export type StateChangeAction = StateChangeKind['action'];
export type StateChangeReason = StateChangeKind['reason'];

/** Who changed state, where, and when. */
export interface StateChangeSubject {
  sdkAppID: number;
  userID: string;
  instanceID: string;
  /** The instance's platform: `OptPlatform` in the query. */
  platform: Platform;
  /** The client's address: `ClientIP` in the query. */
  clientIP: string;
  /** Platforms of the instances a policy kick displaced, on a Login: `KickedDevice` in the body. */
  kickedDevices?: readonly Platform[];
  /** When it happened (ms): `EventTime` in the body. */
  eventTime: number;
}

/** One state change of one instance, as the session layer records it. */
export type StateChangeEvent = StateChangeSubject & StateChangeKind;

export interface RecordStateChangeOptions {
  /** How long a Disconnect is held back; default `DEFAULT_DISCONNECT_GRACE_MS`. */
  disconnectGraceMs?: number;
}

/** The body posted for a state change, field for field as the original sends it. */
export interface StateChangeBody {
  CallbackCommand: typeof STATE_CHANGE_COMMAND;
  EventTime: number;
  Info: { Action: StateChangeAction; To_Account: string; Reason: StateChangeReason };
  KickedDevice?: { Platform: string }[];
}

/**
 * Records a state change in the webhook outbox, to be posted to the app's callback URL; nothing is
 * recorded when the app has none. Pass the transaction of the change itself (`storage.transaction`),
 * so that the change and its callback commit together. Any event but a Disconnect first cancels a
 * Disconnect of the same instance that has not gone out yet: the client came back within the grace,
 * or its instance ended for good (the Logout says so). Delivery happens later, off this path.
 */
export async function recordStateChange(
  storage: Storage,
  event: StateChangeEvent,
  options: RecordStateChangeOptions = {},
): Promise<void> {
  const instanceKey = stateChangeInstanceKey(event);
  if (event.action !== 'Disconnect') await storage.outbox.cancelPendingDisconnect(instanceKey);

  const app = await storage.apps.get(event.sdkAppID);
  if (!app?.callbackUrl) return;

  const { query, body } = stateChangeCallback(event);
  const disconnect = event.action === 'Disconnect';
  await storage.outbox.enqueue({
    sdkAppID: event.sdkAppID,
    command: STATE_CHANGE_COMMAND,
    query,
    body,
    orderKey: JSON.stringify([event.sdkAppID, event.userID]),
    ...(disconnect
      ? {
          instanceKey,
          deliverAfter: event.eventTime + (options.disconnectGraceMs ?? DEFAULT_DISCONNECT_GRACE_MS),
        }
      : {}),
  });
}

/**
 * The query parameters (besides `SdkAppid`, `CallbackCommand` and `contenttype`, which every
 * callback has) and the body of a state change's callback.
 */
export function stateChangeCallback(event: StateChangeEvent): {
  query: Record<string, string>;
  body: StateChangeBody;
} {
  const body: StateChangeBody = {
    CallbackCommand: STATE_CHANGE_COMMAND,
    EventTime: event.eventTime,
    Info: { Action: event.action, To_Account: event.userID, Reason: event.reason },
  };
  if (event.kickedDevices !== undefined && event.kickedDevices.length > 0) {
    body.KickedDevice = event.kickedDevices.map((platform) => ({
      Platform: PLATFORM_DISPLAY_NAMES[platform],
    }));
  }
  return {
    query: { ClientIP: event.clientIP, OptPlatform: PLATFORM_DISPLAY_NAMES[event.platform] },
    body,
  };
}

/** The outbox key of an instance: JSON, because UserIDs may contain any printable character. */
export function stateChangeInstanceKey(
  event: Pick<StateChangeSubject, 'sdkAppID' | 'userID' | 'instanceID'>,
): string {
  return JSON.stringify([event.sdkAppID, event.userID, event.instanceID]);
}
