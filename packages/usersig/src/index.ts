export { UserSigErrorCode, type UserSigFailure } from './codes.js';
export { type DecodeLimits, type DecodeUserSigResult, decodeUserSig } from './decode.js';
export type { UserSigFields } from './document.js';
export { type GenUserSigOptions, genUserSig } from './generate.js';
export {
  DEFAULT_EXPIRE_SECONDS,
  DEFAULT_MAX_CLOCK_SKEW_SECONDS,
  DEFAULT_MAX_TICKET_LENGTH,
  MAX_EXPIRE_SECONDS,
  MAX_INFLATED_BYTES,
  MAX_SDK_APP_ID,
} from './limits.js';
export {
  type VerifiedUserSig,
  type VerifyUserSigOptions,
  type VerifyUserSigResult,
  verifyUserSig,
} from './verify.js';
