/**
 * One POST of a callback to an app's URL (im-features.md §9.1), and the reading of its reply. Used by
 * the outbox dispatcher now and by the message callbacks later; it never throws for a network or
 * reply problem, it reports it.
 */

import { refusedCallbackTarget } from './callback-target.js';

/** What to post, and where. */
export interface CallbackRequest {
  /** The app's callback URL; query parameters it already has are kept. */
  url: string;
  sdkAppID: number;
  /** The `CallbackCommand`, repeated in the query and (by the caller) in the body. */
  command: string;
  /** Query parameters after `SdkAppid`, `CallbackCommand` and `contenttype` (e.g. `ClientIP`, `OptPlatform`). */
  query: Readonly<Record<string, string>>;
  /** Sent as JSON. */
  body: object;
}

export interface PostCallbackOptions {
  /** The whole exchange (connect, send, reply) must finish within this. */
  timeoutMs: number;
  /** Aborts the post early (server shutdown); reported like a failure. */
  signal?: AbortSignal;
  /** `--callback-deny-private`: refuse hosts that resolve to private addresses (callback-target.ts). */
  denyPrivateTargets?: boolean;
}

/** How a post went. A failure names its cause for logs; `timedOut` when the time ran out. */
export type CallbackOutcome =
  | { ok: true; status: number }
  | { ok: false; status?: number; timedOut: boolean; error: string };

/** Replies longer than this are not callback replies (`{ActionStatus, ErrorCode, ErrorInfo}`); reading stops. */
const MAX_REPLY_BYTES = 64 * 1024;

/**
 * Posts a callback: `Content-Type: application/json`, redirects not followed (a redirected callback
 * URL is a misconfiguration, and following one would turn the POST into a GET). Success is an HTTP
 * 2xx whose body is empty or a JSON object with `ErrorCode: 0` (see `judgeCallbackReply`).
 */
export async function postCallback(
  request: CallbackRequest,
  options: PostCallbackOptions,
): Promise<CallbackOutcome> {
  const timeout = AbortSignal.timeout(options.timeoutMs);
  const signal = options.signal === undefined ? timeout : AbortSignal.any([timeout, options.signal]);
  let status: number | undefined;
  try {
    const url = callbackUrl(request);
    const refused = options.denyPrivateTargets ? await refusedCallbackTarget(url) : undefined;
    if (refused !== undefined) return { ok: false, timedOut: false, error: refused };
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(request.body),
      redirect: 'manual',
      signal,
    });
    status = response.status;
    const text = await readReply(response);
    const verdict = judgeCallbackReply(response.status, text);
    return verdict.ok
      ? { ok: true, status: response.status }
      : { ok: false, status: response.status, timedOut: false, error: verdict.error };
  } catch (error) {
    const timedOut = timeout.aborted;
    const cause = timedOut ? `no reply within ${options.timeoutMs} ms` : describe(error);
    return { ok: false, ...(status === undefined ? {} : { status }), timedOut, error: cause };
  }
}

/** The URL posted to: the app's URL with its own query, then the callback's parameters. */
export function callbackUrl(request: Pick<CallbackRequest, 'url' | 'sdkAppID' | 'command' | 'query'>): URL {
  const url = new URL(request.url);
  url.searchParams.set('SdkAppid', String(request.sdkAppID));
  url.searchParams.set('CallbackCommand', request.command);
  url.searchParams.set('contenttype', 'json');
  for (const [name, value] of Object.entries(request.query)) url.searchParams.set(name, value);
  return url;
}

/**
 * Whether a reply means "received": an HTTP 2xx with an empty body (receivers that answer nothing
 * are common and unambiguous) or with a JSON object whose `ErrorCode` is 0. The app answers
 * `ErrorCode: 1` to say it failed (login.md §7.3); anything else (an HTML page, a redirect, a 2xx
 * from the wrong server) is a failure too, to be retried and logged.
 */
export function judgeCallbackReply(
  status: number,
  text: string | undefined,
): { ok: true } | { ok: false; error: string } {
  if (status < 200 || status > 299) return { ok: false, error: `HTTP ${status}` };
  if (text === undefined) return { ok: false, error: `reply longer than ${MAX_REPLY_BYTES} bytes` };
  if (text.trim() === '') return { ok: true };
  let reply: unknown;
  try {
    reply = JSON.parse(text);
  } catch {
    return { ok: false, error: 'reply is not JSON' };
  }
  if (typeof reply !== 'object' || reply === null || !('ErrorCode' in reply)) {
    return { ok: false, error: 'reply has no ErrorCode' };
  }
  if (reply.ErrorCode === 0) return { ok: true };
  const info = 'ErrorInfo' in reply && typeof reply.ErrorInfo === 'string' ? `: ${reply.ErrorInfo}` : '';
  return { ok: false, error: `ErrorCode ${JSON.stringify(reply.ErrorCode)}${info}` };
}

/** The reply body as text, or `undefined` when it is too long to be a callback reply. */
async function readReply(response: Response): Promise<string | undefined> {
  if (response.body === null) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_REPLY_BYTES) {
      await reader.cancel();
      return undefined;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  // fetch reports network failures as "fetch failed" with the real reason as the cause.
  const cause = error.cause instanceof Error ? `: ${error.cause.message}` : '';
  return `${error.message}${cause}`;
}
