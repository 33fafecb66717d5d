/**
 * The two signatures of the file service (docs/media.md "Security"): upload tokens, which prove a
 * user's session to the HTTP side, and download URLs. Both are HMAC-SHA256 with a key derived from
 * the app's secret key, so every node of a cluster checks them without sharing anything new, and
 * rotating the app's key revokes every token and URL at once. Comparisons are constant-time.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { MEDIA_KINDS, type MediaKind } from '@parley/protocol';

/** The media key of an app: never the secret key itself, so a leaked signature says nothing of it. */
export function mediaKey(secretKey: string): Buffer {
  return createHmac('sha256', secretKey).update('parley media v1').digest();
}

function mac(key: Buffer, text: string): Buffer {
  return createHmac('sha256', key).update(text).digest();
}

function sameMac(expected: Buffer, given: string): boolean {
  const actual = Buffer.from(given, 'base64url');
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/** What an upload token says: who may upload what, until when (seconds since the epoch). */
export interface UploadClaims {
  sdkAppID: number;
  userID: string;
  kind: MediaKind;
  expiresAt: number;
}

const TOKEN_PREFIX = 'pm1';

export function signUploadToken(key: Buffer, claims: UploadClaims): string {
  const body = Buffer.from(
    JSON.stringify({ a: claims.sdkAppID, u: claims.userID, k: claims.kind, e: claims.expiresAt }),
  ).toString('base64url');
  return `${TOKEN_PREFIX}.${body}.${mac(key, `${TOKEN_PREFIX}.${body}`).toString('base64url')}`;
}

/**
 * The claims of a token, unchecked: only to find the app whose key checks it. `undefined` when it
 * is not a token at all.
 */
export function peekUploadToken(token: string): UploadClaims | undefined {
  const parts = token.split('.');
  if (parts.length !== 3 || parts[0] !== TOKEN_PREFIX || parts[1] === undefined) return undefined;
  try {
    const raw = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8')) as Record<string, unknown>;
    const { a, u, k, e } = raw;
    if (typeof a !== 'number' || !Number.isSafeInteger(a)) return undefined;
    if (typeof u !== 'string' || typeof e !== 'number' || !MEDIA_KINDS.includes(k as MediaKind))
      return undefined;
    return { sdkAppID: a, userID: u, kind: k as MediaKind, expiresAt: e };
  } catch {
    return undefined;
  }
}

/** Checks a token's signature and expiry (`nowSeconds`). */
export function verifyUploadToken(
  key: Buffer,
  token: string,
  nowSeconds: number,
): { ok: true; claims: UploadClaims } | { ok: false; reason: 'invalid' | 'expired' } {
  const claims = peekUploadToken(token);
  const cut = token.lastIndexOf('.');
  if (!claims || !sameMac(mac(key, token.slice(0, cut)), token.slice(cut + 1)))
    return { ok: false, reason: 'invalid' };
  if (claims.expiresAt < nowSeconds) return { ok: false, reason: 'expired' };
  return { ok: true, claims };
}

/** The variants a download URL may name. */
export type Variant = 'original' | 'large' | 'thumb';
export const VARIANTS: readonly Variant[] = ['original', 'large', 'thumb'];

function downloadText(sdkAppID: number, fileID: string, variant: Variant, expiresAt: number): string {
  return `${sdkAppID}/${fileID}/${variant}/${expiresAt}`;
}

/** The path and query of a signed download URL, relative to the server's address. */
export function signDownloadPath(
  key: Buffer,
  sdkAppID: number,
  fileID: string,
  variant: Variant,
  expiresAt: number,
): string {
  const signature = mac(key, downloadText(sdkAppID, fileID, variant, expiresAt)).toString('base64url');
  return `/media/files/${sdkAppID}/${fileID}/${variant}?e=${expiresAt}&s=${signature}`;
}

export function verifyDownload(
  key: Buffer,
  request: { sdkAppID: number; fileID: string; variant: Variant; expiresAt: number; signature: string },
  nowSeconds: number,
): 'ok' | 'invalid' | 'expired' {
  const expected = mac(
    key,
    downloadText(request.sdkAppID, request.fileID, request.variant, request.expiresAt),
  );
  // The signature first: an expired but forged URL is forged.
  if (!sameMac(expected, request.signature)) return 'invalid';
  return request.expiresAt < nowSeconds ? 'expired' : 'ok';
}
