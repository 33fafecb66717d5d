import { checkKey, checkNonNegativeInteger, checkNow, checkSdkAppID } from './args.js';
import { failure, UserSigErrorCode, type UserSigFailure } from './codes.js';
import { type DecodeLimits, readTicket } from './decode.js';
import { DEFAULT_MAX_CLOCK_SKEW_SECONDS } from './limits.js';
import { digestsEqual, signatureDigest } from './sign.js';

export interface VerifyUserSigOptions extends DecodeLimits {
  /** The ticket as presented by the client. */
  readonly ticket: string;
  /** The SDKAppID the ticket must have been issued for. */
  readonly sdkAppID: number;
  /** That app's secret key. */
  readonly key: string;
  /** The UserID the client is logging in as; the ticket must have been issued for it. */
  readonly userID: string;
  /** Current time in Unix seconds. Default: the wall clock. */
  readonly now?: number;
  /**
   * How many seconds `TLS.time` may lie ahead of `now` (clock skew). Default
   * `DEFAULT_MAX_CLOCK_SKEW_SECONDS` (300). A ticket dated further ahead is refused with 70005.
   */
  readonly maxClockSkewSeconds?: number;
}

/** A ticket that passed every check. */
export interface VerifiedUserSig {
  readonly ok: true;
  /** `TLS.time`: Unix seconds at signing. */
  readonly time: number;
  /** `TLS.expire`: seconds of validity after `time`. */
  readonly expire: number;
  /** `time + expire`: the last Unix second at which the ticket is valid. */
  readonly expireAt: number;
  /** The signed userbuf, when the ticket carries one. */
  readonly userbuf?: Uint8Array;
}

export type VerifyUserSigResult = VerifiedUserSig | UserSigFailure;

/**
 * Checks that a ticket was signed with the app's key for this app and UserID and has not expired.
 * Never throws for anything about the ticket: bad tickets yield `{ ok: false, code, reason }` with a
 * V2TIM code (see `UserSigErrorCode`). Throws a TypeError only for invalid arguments of the caller's
 * own (SDKAppID, key, now, limits).
 */
export function verifyUserSig(options: VerifyUserSigOptions): VerifyUserSigResult {
  const sdkAppID = checkSdkAppID(options.sdkAppID);
  const key = checkKey(options.key);
  const now = checkNow(options.now);
  const maxSkew = checkNonNegativeInteger(
    options.maxClockSkewSeconds ?? DEFAULT_MAX_CLOCK_SKEW_SECONDS,
    'maxClockSkewSeconds',
  );

  const parsed = readTicket(options.ticket, options);
  if (!parsed.ok) return parsed;
  const { fields, digest } = parsed;

  // Order of the checks: shape, SDKAppID, identifier, signature, date, expiry. The official libraries check
  // expiry before the signature; we do not, so that "expired" (70001) is only ever said of a ticket
  // that is genuinely signed, and a forger cannot use it to learn that a crafted ticket was otherwise
  // acceptable. The SDKAppID and identifier checks come first because they compare only values the
  // holder already knows and reveal nothing about the key.
  if (fields.sdkAppID !== sdkAppID) {
    return failure(UserSigErrorCode.USERSIG_SDKAPPID_MISMATCH, 'ticket was issued for another SDKAppID');
  }
  if (fields.identifier !== options.userID) {
    return failure(UserSigErrorCode.USERSIG_IDENTIFIER_MISMATCH, 'ticket was issued for another UserID');
  }
  if (!digestsEqual(signatureDigest(key, fields), digest)) {
    return failure(
      UserSigErrorCode.USERSIG_SIGNATURE_MISMATCH,
      'signature does not match: wrong key, or the ticket was altered',
    );
  }
  // The official verifiers accept any TLS.time in the future; we allow only clock skew. A ticket dated
  // ahead is not "issued before" a revocation made today, so it would survive an admin kick (and a
  // date of 2^52 would make it valid for ever).
  if (fields.time > now + maxSkew) {
    return failure(
      UserSigErrorCode.USERSIG_CHECK_FAILED,
      `ticket is dated ${fields.time - now} s in the future (more than the ${maxSkew} s of clock skew allowed)`,
    );
  }
  // The boundary second itself is still valid.
  if (now > fields.expireAt) {
    return failure(UserSigErrorCode.USERSIG_EXPIRED, `ticket expired at ${fields.expireAt}`);
  }
  return verified(fields.time, fields.expire, fields.expireAt, fields.userbuf);
}

function verified(time: number, expire: number, expireAt: number, userbuf?: Uint8Array): VerifiedUserSig {
  return userbuf === undefined
    ? { ok: true, time, expire, expireAt }
    : { ok: true, time, expire, expireAt, userbuf };
}
