/**
 * Platforms a client can declare at login. The JavaScript SDK reports `web` by default, as the
 * original does for browsers, mini programs and React Native apps on the JS SDK (login.md §6.1).
 */
export const PLATFORMS = ['web', 'android', 'iphone', 'ipad', 'windows', 'mac', 'linux'] as const;
export type Platform = (typeof PLATFORMS)[number];

/** Display names used in REST `Detail.Platform` and webhook `KickedDevice` (login.md §7). */
export const PLATFORM_DISPLAY_NAMES: Readonly<Record<Platform, string>> = Object.freeze({
  web: 'Web',
  android: 'Android',
  iphone: 'iPhone',
  ipad: 'iPad',
  windows: 'Windows',
  mac: 'Mac',
  linux: 'Linux',
});

export function isPlatform(value: unknown): value is Platform {
  return typeof value === 'string' && (PLATFORMS as readonly string[]).includes(value);
}

/** Longest UserID in bytes (login.md §3.1). */
export const MAX_USER_ID_BYTES = 32;

/**
 * The hard UserID rule: non-empty, printable ASCII (0x20-0x7E), at most 32 bytes. The documented
 * recommendation is the narrower set `[A-Za-z0-9_-]`; anything printable is accepted.
 */
export function isValidUserID(value: unknown): value is string {
  return (
    typeof value === 'string' &&
    value.length > 0 &&
    value.length <= MAX_USER_ID_BYTES &&
    /^[\x20-\x7e]+$/.test(value)
  );
}

/** Why an instance was kicked; the strings are the web SDK's `KICKED_OUT` types. */
export const KickReason = Object.freeze({
  /** Another terminal of the same user took over under the login policy. */
  MULTIPLE_DEVICE: 'multipleDevice',
  /** Another web instance of the same user took over (web instance cap). */
  MULTIPLE_ACCOUNT: 'multipleAccount',
  /** The app admin kicked the user (REST `kick`, or a device sign-out). */
  REST_API: 'REST_API_Kick',
  /** Another device of the same user signed this one out (`kickOnlineDevice`). */
  DEVICE_SIGN_OUT: 'deviceSignOut',
  /** The ticket expired while online. */
  USERSIG_EXPIRED: 'userSigExpired',
});
export type KickReason = (typeof KickReason)[keyof typeof KickReason];
