import { checkKey, checkNow, checkPositiveInteger, checkSdkAppID } from './args.js';
import { buildDocument } from './document.js';
import { encodeTicket, toBase64 } from './encoding.js';
import { DEFAULT_EXPIRE_SECONDS } from './limits.js';
import { type SignedFields, signatureDigest } from './sign.js';

export interface GenUserSigOptions {
  /** The app's SDKAppID: an integer from 1 to 4294967295. */
  readonly sdkAppID: number;
  /** The app's secret key, used as its UTF-8 bytes. Keep it on the app backend, never in a client. */
  readonly key: string;
  /** The UserID the ticket is for. */
  readonly userID: string;
  /** Validity in seconds from `now`. Default `DEFAULT_EXPIRE_SECONDS` (180 days). */
  readonly expire?: number;
  /** Optional opaque bytes carried and signed inside the ticket (TRTC's PrivateMapKey uses it). */
  readonly userbuf?: Uint8Array;
  /** Signing time in Unix seconds. Default: the current time. */
  readonly now?: number;
}

/**
 * Signs a UserSig ticket (TLS-sig API v2, HMAC-SHA256) that the official SDKs and servers accept.
 * Throws a TypeError on invalid arguments: a non-positive or non-integer `expire` or `now`, an
 * SDKAppID outside 1..4294967295, an empty key or UserID, or a `userbuf` that is not a Uint8Array.
 */
export function genUserSig(options: GenUserSigOptions): string {
  const sdkAppID = checkSdkAppID(options.sdkAppID);
  const key = checkKey(options.key);
  const { userID, userbuf } = options;
  if (typeof userID !== 'string' || userID.length === 0) {
    throw new TypeError('userID must be a non-empty string');
  }
  const expire = checkPositiveInteger(options.expire ?? DEFAULT_EXPIRE_SECONDS, 'expire');
  const time = checkNow(options.now);
  if (!Number.isSafeInteger(time + expire)) throw new TypeError('now + expire is too large');
  if (userbuf !== undefined && !(userbuf instanceof Uint8Array)) {
    throw new TypeError('userbuf must be a Uint8Array');
  }
  const fields: SignedFields = { identifier: userID, sdkAppID, time, expire, userbuf };
  return encodeTicket(buildDocument(fields, toBase64(signatureDigest(key, fields))));
}
