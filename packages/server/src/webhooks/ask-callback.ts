/**
 * A before-hook (im-features.md §9.1): the app's reply decides whether an action goes ahead, so the
 * post is made in the action's path, within a time budget, and its reply body is returned. What a
 * failed post means (go ahead or refuse) is the caller's `failOpen` choice.
 */
import { refusedCallbackTarget } from './callback-target.js';
import { type CallbackRequest, callbackUrl } from './post-callback.js';

/** Longest reply read: a rewritten 12 KB message body fits with room to spare. */
const MAX_REPLY_BYTES = 256 * 1024;

export interface AskOptions {
  timeoutMs: number;
  /** `--callback-deny-private`: a URL that resolves to a private address is a failed post. */
  denyPrivateTargets?: boolean;
}

/** The app answered (an empty 2xx reads as `{ErrorCode: 0}`), or the post failed and why. */
export type AskOutcome =
  | { kind: 'reply'; reply: Readonly<Record<string, unknown>> }
  | { kind: 'failed'; why: string };

/** Posts a before-hook and reads the app's JSON object reply; never throws. */
export async function askCallback(request: CallbackRequest, options: AskOptions): Promise<AskOutcome> {
  const failed = (why: string): AskOutcome => ({ kind: 'failed', why });
  let text: string;
  try {
    const url = callbackUrl(request);
    if (options.denyPrivateTargets) {
      const refused = await refusedCallbackTarget(url);
      if (refused !== undefined) return failed(refused);
    }
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(request.body),
      redirect: 'manual',
      signal: AbortSignal.timeout(options.timeoutMs),
    });
    if (response.status < 200 || response.status > 299) return failed(`HTTP ${response.status}`);
    text = await response.text();
  } catch (error) {
    return failed(error instanceof Error ? error.message : String(error));
  }
  if (text.length > MAX_REPLY_BYTES) return failed('reply too long');
  if (text.trim() === '') return { kind: 'reply', reply: { ErrorCode: 0 } };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return failed('reply is not JSON');
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json))
    return failed('reply is not an object');
  const reply = json as Record<string, unknown>;
  if (typeof reply.ErrorCode !== 'number') return failed('reply has no valid ErrorCode');
  return { kind: 'reply', reply };
}
