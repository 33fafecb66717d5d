/** Validity used by `genUserSig` when no `expire` is given: 180 days, as the official libraries suggest. */
export const DEFAULT_EXPIRE_SECONDS = 86400 * 180;

/**
 * Largest `TLS.expire` a verifier accepts by default: 50 years. Anything longer is treated as a
 * malformed ticket rather than a valid forever-ticket.
 */
export const MAX_EXPIRE_SECONDS = 1_576_800_000;

/**
 * Longest ticket text accepted before any decoding work. Real tickets are 200-400 characters; the
 * margin leaves room for a userbuf while keeping hostile blobs cheap to refuse.
 */
export const DEFAULT_MAX_TICKET_LENGTH = 8192;

/** Most bytes the zlib stream may inflate to, so a compression bomb costs at most this much memory. */
export const MAX_INFLATED_BYTES = 16384;

/** Largest SDKAppID: the format carries it as an unsigned 32-bit number. */
export const MAX_SDK_APP_ID = 4_294_967_295;
