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

/**
 * How far in the future a ticket's `TLS.time` may lie and still be accepted: 5 minutes of clock
 * skew between the app's backend and this server. A ticket dated further ahead would outlive any
 * revocation made before its date (an admin kick refuses tickets signed *before* the kick), so it is
 * refused. Kept small for that reason; NTP keeps real clocks within seconds.
 */
export const DEFAULT_MAX_CLOCK_SKEW_SECONDS = 300;

/** Largest SDKAppID: the format carries it as an unsigned 32-bit number. */
export const MAX_SDK_APP_ID = 4_294_967_295;
