import { TextDecoder } from 'node:util';
import { deflateSync, inflateSync } from 'node:zlib';
import { failure, UserSigErrorCode, type UserSigFailure } from './codes.js';
import { MAX_INFLATED_BYTES } from './limits.js';

/**
 * The ticket alphabet is standard base64 with `+` `/` `=` swapped for `*` `-` `_`, so a ticket survives
 * URLs and headers unescaped. Checked up front because Node's base64 decoder silently skips unknown
 * characters and also accepts the URL-safe alphabet, which would make many strings decode alike.
 */
const TICKET_TEXT = /^[A-Za-z0-9*-]+_{0,2}$/;

/**
 * Output buffer of one inflate step. A real ticket's document is a few hundred bytes, so zlib's
 * default of 16 KB allocated a fresh buffer outside Node's pool for every login; larger documents
 * (a big userbuf) simply take several steps, still capped at `MAX_INFLATED_BYTES`.
 */
const INFLATE_CHUNK_BYTES = 1024;

// Fatal so that bytes which are not UTF-8 refuse the ticket instead of turning into U+FFFD, which could
// make two different identifiers compare equal.
const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Compresses a JSON document and writes it in the ticket alphabet. */
export function encodeTicket(json: string): string {
  const standard = deflateSync(Buffer.from(json, 'utf8')).toString('base64');
  return standard.replaceAll('+', '*').replaceAll('/', '-').replaceAll('=', '_');
}

export type DecodedTicket = { readonly ok: true; readonly json: string } | UserSigFailure;

/**
 * Turns ticket text back into the JSON text it carries. Every limit is applied before the work it
 * protects: the length before decoding, the inflate cap during inflation.
 */
export function decodeTicket(ticket: unknown, maxTicketLength: number): DecodedTicket {
  if (ticket === undefined || ticket === null || ticket === '') {
    return failure(UserSigErrorCode.USERSIG_EMPTY, 'ticket is empty');
  }
  if (typeof ticket !== 'string') {
    return failure(UserSigErrorCode.USERSIG_MALFORMED, 'ticket is not a string');
  }
  if (ticket.length > maxTicketLength) {
    return failure(UserSigErrorCode.USERSIG_MALFORMED, `ticket is longer than ${maxTicketLength} characters`);
  }
  if (ticket.length % 4 !== 0 || !TICKET_TEXT.test(ticket)) {
    return failure(UserSigErrorCode.USERSIG_MALFORMED, 'ticket is not in the ticket base64 alphabet');
  }
  const compressed = Buffer.from(
    ticket.replaceAll('*', '+').replaceAll('-', '/').replaceAll('_', '='),
    'base64',
  );
  let inflated: Buffer;
  try {
    inflated = inflateSync(compressed, {
      maxOutputLength: MAX_INFLATED_BYTES,
      chunkSize: INFLATE_CHUNK_BYTES,
    });
  } catch (err) {
    const tooLarge = err instanceof RangeError;
    return failure(
      UserSigErrorCode.USERSIG_MALFORMED,
      tooLarge ? `ticket inflates to more than ${MAX_INFLATED_BYTES} bytes` : 'ticket is not zlib data',
    );
  }
  try {
    return { ok: true, json: utf8.decode(inflated) };
  } catch {
    return failure(UserSigErrorCode.USERSIG_MALFORMED, 'ticket content is not UTF-8');
  }
}

/** Standard base64 with padding, as used inside the document for `TLS.sig` and `TLS.userbuf`. */
export function toBase64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}

/**
 * Decodes standard padded base64, or returns undefined. Only the canonical spelling is accepted (the
 * one `toBase64` would write back), so each value has exactly one textual form. Re-encoding is the
 * check: Node's lenient decoder skips junk and accepts URL-safe characters, and none of those
 * spellings survive the round trip.
 */
export function fromCanonicalBase64(text: string): Buffer | undefined {
  const bytes = Buffer.from(text, 'base64');
  return bytes.toString('base64') === text ? bytes : undefined;
}
