/**
 * The app's own push gateway (vendor channels such as Huawei or Xiaomi, or an aggregator): each
 * push is POSTed as JSON. 2xx is sent; 410 or `{"invalidToken": true}` means the token is dead.
 */
import type { WebhookProviderConfig } from '../../../storage/push/types.js';
import { post } from './http-post.js';
import { type DevicePush, isRetryableStatus, type PushSender, type SendOutcome } from './outcome.js';

export function createWebhookSender(
  sdkAppID: number,
  businessID: number,
  config: WebhookProviderConfig,
  timeoutMs: number,
): PushSender {
  return {
    async send(push: DevicePush): Promise<SendOutcome> {
      const body = JSON.stringify({
        sdkAppID,
        businessID,
        token: push.token,
        platform: push.platform,
        ...push.payload,
      });
      const answer = await post(config.url, body, {
        timeoutMs,
        headers: { 'content-type': 'application/json' },
      });
      if (answer.status === 410 || /"invalidToken"\s*:\s*true/.test(answer.body))
        return { kind: 'invalidToken', reason: 'gateway' };
      if (answer.status >= 200 && answer.status < 300) return { kind: 'sent' };
      const error = `gateway answered HTTP ${answer.status}`;
      return isRetryableStatus(answer.status) ? { kind: 'retry', error } : { kind: 'failed', error };
    },
    async close() {},
  };
}
