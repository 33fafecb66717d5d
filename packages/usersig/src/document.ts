import { failure, UserSigErrorCode, type UserSigFailure } from './codes.js';
import { fromCanonicalBase64, toBase64 } from './encoding.js';
import { MAX_SDK_APP_ID } from './limits.js';
import type { SignedFields } from './sign.js';

/** The fields of a decoded ticket, checked for shape but not for signature. */
export interface UserSigFields {
  /** `TLS.ver`: always "2.0". */
  readonly ver: '2.0';
  /** `TLS.identifier`: the UserID the ticket was issued for. */
  readonly identifier: string;
  /** `TLS.sdkappid`. */
  readonly sdkAppID: number;
  /** `TLS.time`: Unix seconds at signing. */
  readonly time: number;
  /** `TLS.expire`: seconds of validity after `time`. */
  readonly expire: number;
  /** `time + expire`: the last Unix second at which the ticket is still valid. */
  readonly expireAt: number;
  /** `TLS.userbuf` decoded, present only when the ticket carries one. */
  readonly userbuf?: Uint8Array;
  /** `TLS.sig` as written: standard base64 of the 32-byte HMAC-SHA256. */
  readonly sig: string;
}

export type ParsedDocument =
  | { readonly ok: true; readonly fields: UserSigFields; readonly digest: Buffer }
  | UserSigFailure;

const SIG_BYTES = 32;

function isUint(value: unknown, max: number): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 && value <= max;
}

function badField(name: string, rule: string): UserSigFailure {
  return failure(UserSigErrorCode.USERSIG_CHECK_FAILED, `${name} is missing or ${rule}`);
}

/**
 * Parses the ticket's JSON and checks every field's type and range. Member order and whitespace are
 * whatever the signer's JSON library wrote (the official libraries differ), so only parsed values count.
 * Unknown members are ignored.
 */
export function parseDocument(json: string, maxExpireSeconds: number): ParsedDocument {
  let doc: unknown;
  try {
    doc = JSON.parse(json);
  } catch {
    return failure(UserSigErrorCode.USERSIG_MALFORMED, 'ticket content is not JSON');
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) {
    return failure(UserSigErrorCode.USERSIG_MALFORMED, 'ticket content is not a JSON object');
  }
  const record = doc as Record<string, unknown>;
  // Own members only: a ticket must not pick up values from Object.prototype.
  const member = (name: string): unknown => (Object.hasOwn(record, name) ? record[name] : undefined);

  const ver = member('TLS.ver');
  if (ver !== '2.0') return badField('TLS.ver', 'not "2.0"');
  const identifier = member('TLS.identifier');
  if (typeof identifier !== 'string' || identifier.length === 0) {
    return badField('TLS.identifier', 'not a non-empty string');
  }
  const sdkAppID = member('TLS.sdkappid');
  if (!isUint(sdkAppID, MAX_SDK_APP_ID)) return badField('TLS.sdkappid', 'not an unsigned 32-bit integer');
  const time = member('TLS.time');
  if (!isUint(time, Number.MAX_SAFE_INTEGER)) return badField('TLS.time', 'not a non-negative integer');
  const expire = member('TLS.expire');
  if (!isUint(expire, maxExpireSeconds)) {
    return badField('TLS.expire', `not an integer from 0 to ${maxExpireSeconds}`);
  }
  const expireAt = time + expire;
  if (!Number.isSafeInteger(expireAt)) return badField('TLS.time', 'too large');

  let userbuf: Buffer | undefined;
  if (Object.hasOwn(record, 'TLS.userbuf')) {
    const text = record['TLS.userbuf'];
    userbuf = typeof text === 'string' ? fromCanonicalBase64(text) : undefined;
    if (userbuf === undefined) return badField('TLS.userbuf', 'not standard base64');
  }
  const sig = member('TLS.sig');
  const digest = typeof sig === 'string' ? fromCanonicalBase64(sig) : undefined;
  if (typeof sig !== 'string' || digest === undefined || digest.length !== SIG_BYTES) {
    return badField('TLS.sig', `not standard base64 of ${SIG_BYTES} bytes`);
  }

  const fields: UserSigFields = {
    ver,
    identifier,
    sdkAppID,
    time,
    expire,
    expireAt,
    sig,
    ...(userbuf === undefined ? {} : { userbuf: new Uint8Array(userbuf) }),
  };
  return { ok: true, fields, digest };
}

/**
 * Writes the flat JSON document. Members go in the order of the official Node library; verifiers
 * must not depend on it.
 */
export function buildDocument(fields: SignedFields, sig: string): string {
  const doc: Record<string, string | number> = {
    'TLS.ver': '2.0',
    'TLS.identifier': fields.identifier,
    'TLS.sdkappid': fields.sdkAppID,
    'TLS.time': fields.time,
    'TLS.expire': fields.expire,
  };
  if (fields.userbuf !== undefined) doc['TLS.userbuf'] = toBase64(fields.userbuf);
  doc['TLS.sig'] = sig;
  return JSON.stringify(doc);
}
