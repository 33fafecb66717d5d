import { createHmac, timingSafeEqual } from 'node:crypto';
import { toBase64 } from './encoding.js';

/** The values a ticket's signature covers. `TLS.ver` is not among them. */
export interface SignedFields {
  readonly identifier: string;
  readonly sdkAppID: number;
  readonly time: number;
  readonly expire: number;
  readonly userbuf?: Uint8Array | undefined;
}

/**
 * The text the HMAC is computed over. Every line ends in LF, the last one included, and the userbuf
 * line exists only when a userbuf does (an empty userbuf still gets its line), so adding or removing a
 * userbuf changes the signature.
 */
export function signedText(fields: SignedFields): string {
  let text =
    `TLS.identifier:${fields.identifier}\n` +
    `TLS.sdkappid:${fields.sdkAppID}\n` +
    `TLS.time:${fields.time}\n` +
    `TLS.expire:${fields.expire}\n`;
  if (fields.userbuf !== undefined) text += `TLS.userbuf:${toBase64(fields.userbuf)}\n`;
  return text;
}

/**
 * HMAC-SHA256 of the signed text. The key is used as its UTF-8 bytes, not hex-decoded, even though
 * console keys look like hex: that is what every official library does.
 */
export function signatureDigest(key: string, fields: SignedFields): Buffer {
  return createHmac('sha256', Buffer.from(key, 'utf8')).update(signedText(fields), 'utf8').digest();
}

/** Compares raw digests in constant time, so response timing says nothing about how much of a forgery matched. */
export function digestsEqual(expected: Uint8Array, presented: Uint8Array): boolean {
  return expected.byteLength === presented.byteLength && timingSafeEqual(expected, presented);
}
