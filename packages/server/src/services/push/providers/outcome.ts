import type { PushPayload } from '../../../storage/push/types.js';

/** What became of one push handed to a provider. */
export type SendOutcome =
  | { kind: 'sent' }
  /** The provider says the token is dead (APNs 410/BadDeviceToken, FCM UNREGISTERED): forget it. */
  | { kind: 'invalidToken'; reason: string }
  /** Worth trying again later (network, 429, 5xx, an expired credential). */
  | { kind: 'retry'; error: string }
  /** Will never succeed as it is (a malformed request, a missing provider): drop it. */
  | { kind: 'failed'; error: string };

/** One device's push as a provider sends it. */
export interface DevicePush {
  token: string;
  platform: string;
  payload: PushPayload;
}

/** A connected provider client; one per (app, businessID) and configuration. */
export interface PushSender {
  send(push: DevicePush): Promise<SendOutcome>;
  close(): Promise<void>;
}

/** A status worth retrying: timeouts, throttling, the provider's own trouble. */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 429 || status >= 500;
}
