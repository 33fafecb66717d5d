/**
 * FCM HTTP v1. The access token comes from a JWT grant signed with the service account's key and
 * posted to its `token_uri` (so a proxy or a test stand-in can serve it); it is reused until shortly
 * before it expires. `UNREGISTERED` (HTTP 404) means the token is dead.
 */
import { createSign } from 'node:crypto';
import type { FcmProviderConfig } from '../../../storage/push/types.js';
import { post } from './http-post.js';
import { type DevicePush, isRetryableStatus, type PushSender, type SendOutcome } from './outcome.js';

const SCOPE = 'https://www.googleapis.com/auth/firebase.messaging';
const DEFAULT_ENDPOINT = 'https://fcm.googleapis.com';
/** Renew this long before the token's expiry. */
const RENEW_MARGIN_S = 60;

export function createFcmSender(config: FcmProviderConfig, timeoutMs: number): PushSender {
  const account = config.serviceAccount;
  const base = (config.endpoint ?? DEFAULT_ENDPOINT).replace(/\/+$/, '');
  const url = `${base}/v1/projects/${encodeURIComponent(account.project_id)}/messages:send`;
  const options = { timeoutMs, ...(config.ca ? { ca: config.ca } : {}) };
  let cached: { token: string; until: number } | undefined;
  let pending: Promise<string> | undefined;

  const accessToken = (): Promise<string> => {
    if (cached && Date.now() < cached.until) return Promise.resolve(cached.token);
    pending ??= grant().finally(() => {
      pending = undefined;
    });
    return pending;
  };

  const grant = async (): Promise<string> => {
    const now = Math.floor(Date.now() / 1000);
    const assertion = signJwt(
      { iss: account.client_email, scope: SCOPE, aud: account.token_uri, iat: now, exp: now + 3600 },
      account.private_key,
    );
    const form = new URLSearchParams({
      grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer',
      assertion,
    }).toString();
    const answer = await post(account.token_uri, form, {
      ...options,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    if (answer.status !== 200) throw new Error(`FCM token grant answered HTTP ${answer.status}`);
    const body = JSON.parse(answer.body) as { access_token?: unknown; expires_in?: unknown };
    if (typeof body.access_token !== 'string') throw new Error('FCM token grant gave no access_token');
    const lifetime = typeof body.expires_in === 'number' ? body.expires_in : 3600;
    cached = { token: body.access_token, until: Date.now() + Math.max(0, lifetime - RENEW_MARGIN_S) * 1000 };
    return body.access_token;
  };

  return {
    async send(push: DevicePush): Promise<SendOutcome> {
      let token: string;
      try {
        token = await accessToken();
      } catch (err) {
        return { kind: 'retry', error: err instanceof Error ? err.message : String(err) };
      }
      const answer = await post(url, JSON.stringify({ message: fcmMessage(push) }), {
        ...options,
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      });
      if (answer.status === 200) return { kind: 'sent' };
      const code = errorCode(answer.body);
      if (code === 'UNREGISTERED') return { kind: 'invalidToken', reason: code };
      const error = `FCM ${answer.status} ${code}`.trim();
      if (answer.status === 401) {
        cached = undefined;
        return { kind: 'retry', error };
      }
      return isRetryableStatus(answer.status) ? { kind: 'retry', error } : { kind: 'failed', error };
    },
    async close() {},
  };
}

function fcmMessage(push: DevicePush): Record<string, unknown> {
  const { payload } = push;
  const notification: Record<string, unknown> = {
    ...(payload.androidChannelID ? { channel_id: payload.androidChannelID } : {}),
    ...(payload.androidSound ? { sound: payload.androidSound } : {}),
    ...(payload.badge === undefined ? {} : { notification_count: payload.badge }),
  };
  return {
    token: push.token,
    notification: { title: payload.title, body: payload.body },
    // FCM data values must be strings.
    data: {
      ext: payload.ext,
      conversationID: payload.conversationID,
      msgID: payload.msgID,
      sender: payload.sender,
    },
    android: { notification },
  };
}

/** The FCM error code of a failed send (`details[].errorCode`, else `error.status`). */
function errorCode(text: string): string {
  try {
    const body = JSON.parse(text) as {
      error?: { status?: string; details?: { errorCode?: string }[] };
    };
    const detail = body.error?.details?.find((d) => typeof d.errorCode === 'string')?.errorCode;
    return detail ?? body.error?.status ?? '';
  } catch {
    return '';
  }
}

function signJwt(claims: Record<string, unknown>, privateKey: string): string {
  const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const unsigned = `${encode({ alg: 'RS256', typ: 'JWT' })}.${encode(claims)}`;
  const signature = createSign('RSA-SHA256').update(unsigned).sign(privateKey).toString('base64url');
  return `${unsigned}.${signature}`;
}
