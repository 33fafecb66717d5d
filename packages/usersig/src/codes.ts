/**
 * Result codes of ticket verification. The numbers are the V2TIM / Tencent Cloud Chat server codes,
 * so clients that already handle those codes handle ours.
 */
export const UserSigErrorCode = Object.freeze({
  /** The ticket is valid and signed by the app key, but its validity period has ended. */
  USERSIG_EXPIRED: 70001,
  /** No ticket was presented. */
  USERSIG_EMPTY: 70002,
  /** The ticket could not be decoded: bad alphabet, not zlib, too large, not a JSON object. */
  USERSIG_MALFORMED: 70003,
  /**
   * The ticket decoded, but a field is missing, has the wrong type or is out of range, or it is
   * dated further in the future than the clock skew allowed.
   */
  USERSIG_CHECK_FAILED: 70005,
  /** The signature does not match: wrong key, or the ticket was altered. */
  USERSIG_SIGNATURE_MISMATCH: 70009,
  /** The ticket was issued for another UserID than the one presented. */
  USERSIG_IDENTIFIER_MISMATCH: 70013,
  /** The ticket was issued for another SDKAppID. */
  USERSIG_SDKAPPID_MISMATCH: 70014,
});
export type UserSigErrorCode = (typeof UserSigErrorCode)[keyof typeof UserSigErrorCode];

/** Why a ticket was refused: a V2TIM code for machines and a sentence for logs. */
export interface UserSigFailure {
  readonly ok: false;
  readonly code: UserSigErrorCode;
  readonly reason: string;
}

export function failure(code: UserSigErrorCode, reason: string): UserSigFailure {
  return { ok: false, code, reason };
}
