/**
 * APNs with token auth over HTTP/2 (`@parse/node-apn` keeps one session per provider and renews
 * the JWT). 410 and BadDeviceToken mean the token is dead; other 4xx are the request's fault.
 */
import { rootCertificates } from 'node:tls';
import apn from '@parse/node-apn';
import type { ApnsProviderConfig } from '../../../storage/push/types.js';
import { type DevicePush, isRetryableStatus, type PushSender, type SendOutcome } from './outcome.js';

const DEAD_TOKEN_REASONS = new Set(['BadDeviceToken', 'Unregistered', 'DeviceTokenNotForTopic']);

export function createApnsSender(config: ApnsProviderConfig, timeoutMs: number): PushSender {
  const endpoint = config.endpoint === undefined ? undefined : new URL(config.endpoint);
  const provider = new apn.Provider({
    token: { key: config.key, keyId: config.keyID, teamId: config.teamID },
    production: !config.sandbox,
    ...(endpoint ? { address: endpoint.hostname, port: Number(endpoint.port || 443) } : {}),
    ...(config.ca ? { ca: [...rootCertificates, config.ca] } : {}),
    requestTimeout: timeoutMs,
    connectionRetryLimit: 1,
  });
  return {
    async send(push: DevicePush): Promise<SendOutcome> {
      const note = new apn.Notification();
      note.topic = config.bundleID;
      note.pushType = 'alert';
      note.alert = { title: push.payload.title, body: push.payload.body };
      // `push.no_sound` is V2TIM's word for a silent notification.
      if (push.payload.sound !== 'push.no_sound') note.sound = push.payload.sound ?? 'default';
      if (push.payload.badge !== undefined) note.badge = push.payload.badge;
      note.payload = {
        ext: push.payload.ext,
        conversationID: push.payload.conversationID,
        msgID: push.payload.msgID,
        sender: push.payload.sender,
      };
      const result = await provider.send(note, push.token);
      const failure = result.failed[0];
      if (failure === undefined) return { kind: 'sent' };
      const status = Number(failure.status ?? 0);
      const reason = String((failure.response as { reason?: string } | undefined)?.reason ?? '');
      if (status === 410 || DEAD_TOKEN_REASONS.has(reason))
        return { kind: 'invalidToken', reason: reason || '410' };
      const error = `APNs ${status || 'error'} ${reason || failure.error?.message || ''}`.trim();
      if (status === 0 || isRetryableStatus(status) || reason === 'ExpiredProviderToken')
        return { kind: 'retry', error };
      return { kind: 'failed', error };
    },
    async close() {
      await provider.shutdown();
    },
  };
}
