/**
 * The login decision (design.md "Login"): ticket → revocation → account → policy → registration.
 * Returns a reply code and data; the session service applies the side effects on connections.
 */
import {
  describeError,
  ErrorCode,
  isValidUserID,
  type LoginReply,
  type LoginRequest,
} from '@parley/protocol';
import { verifyUserSig } from '@parley/usersig';
import type { Bus, KickedInstance } from '../bus/bus.js';
import type { AppDirectory } from '../storage/app-directory.js';
import type { Storage } from '../storage/types.js';
import type { LoginThrottle } from './login-throttle.js';
import type { LoginWrites } from './login-writes.js';
import { decideKicks } from './policy.js';

export interface LoginContext {
  storage: Storage;
  /** The login's writes, committed in groups. */
  loginWrites: LoginWrites;
  bus: Bus;
  apps: AppDirectory;
  throttle: LoginThrottle;
  maxUserSigLifetimeSeconds: number;
  now: () => number;
}

export type LoginOutcome =
  | {
      ok: true;
      reply: Omit<LoginReply, 'heartbeatIntervalMs' | 'heartbeatTimeoutMs'>;
      loginAt: number;
      kicked: KickedInstance[];
      /** First login of this account ever (auto-registration). */
      registered: boolean;
    }
  | { ok: false; code: number; desc: string };

/**
 * Ticket failures that count towards the 70050 lock (guessing, not a stale but genuine ticket).
 * A ticket dated in the future (70005) counts too: it is either forged or from a broken clock.
 */
const THROTTLED_CODES: ReadonlySet<number> = new Set([
  ErrorCode.ERR_USERSIG_MALFORMED,
  ErrorCode.ERR_USERSIG_CHECK_FAILED,
  ErrorCode.ERR_USERSIG_SIGNATURE_MISMATCH,
  ErrorCode.ERR_USERSIG_IDENTIFIER_MISMATCH,
  ErrorCode.ERR_USERSIG_SDKAPPID_MISMATCH,
]);

export async function decideLogin(
  ctx: LoginContext,
  request: LoginRequest,
  address: string,
): Promise<LoginOutcome> {
  const { sdkAppID, userID, userSig, platform, instanceID } = request;
  if (!isValidUserID(userID)) return fail(ErrorCode.ERR_SDK_COMM_INVALID_IDENTIFIER);
  if (userSig.length === 0) return fail(ErrorCode.ERR_USERSIG_EMPTY);

  const app = await ctx.apps.get(sdkAppID);
  if (!app) return fail(ErrorCode.ERR_SDKAPPID_NOT_FOUND);
  if (!app.secretKey) return fail(ErrorCode.ERR_APP_KEY_NOT_FOUND);

  const nowMs = ctx.now();
  const ticket = verifyUserSig({
    ticket: userSig,
    sdkAppID,
    key: app.secretKey,
    userID,
    now: Math.floor(nowMs / 1000),
    maxExpireSeconds: ctx.maxUserSigLifetimeSeconds,
  });
  if (!ticket.ok) {
    if (THROTTLED_CODES.has(ticket.code)) {
      // The lock is consulted only now, for a ticket that failed: a genuine ticket always gets
      // through, so nobody can lock a user out by failing in their name (from behind the same NAT).
      // A locked guesser learns nothing more about its guesses.
      const locked = ctx.throttle.isLocked(sdkAppID, userID, address);
      ctx.throttle.recordFailure(sdkAppID, userID, address);
      if (locked) return fail(ErrorCode.ERR_LOGIN_LOCKED);
    }
    return { ok: false, code: ticket.code, desc: ticket.reason };
  }

  // The revocation is looked up whether or not the account exists: a deleted account's revoked
  // tickets must not bring it back through auto-registration.
  const { known, ticketsNotBefore } = await ctx.storage.accounts.loginState(sdkAppID, userID);
  if (ticket.time < ticketsNotBefore) return fail(ErrorCode.ERR_USERSIG_REVOKED);
  ctx.throttle.recordSuccess(sdkAppID, userID, address);

  const claim = await ctx.bus.claimLogin(
    { sdkAppID, userID, instanceID, platform, loginAt: nowMs, resume: request.resume === true },
    (registered) => decideKicks(app, registered, { instanceID, platform }),
  );
  if (claim.status === 'displaced') return fail(ErrorCode.ERR_LOGIN_KICKED_OFF_BY_OTHER);

  // The account, the day's activity and the state-change callback commit together, so a crash can
  // neither register a login without its callback nor call back for a login that never counted.
  // Apps without a callback URL skip the outbox (the app cache is at most seconds old, and the
  // dispatcher re-reads the URL before each post anyway).
  const registered = await ctx.loginWrites.record({
    sdkAppID,
    userID,
    known,
    day: utcDay(nowMs),
    ...(app.callbackUrl
      ? {
          stateChange: {
            sdkAppID,
            userID,
            instanceID,
            platform,
            clientIP: address,
            action: 'Login',
            reason: 'Register',
            kickedDevices: claim.kicked.map((k) => k.platform),
            eventTime: nowMs,
          },
        }
      : {}),
  });

  return {
    ok: true,
    loginAt: nowMs,
    kicked: claim.kicked,
    registered,
    reply: {
      userID,
      instanceID,
      resumed: claim.resumed,
      serverTime: nowMs,
      userSigExpireAt: ticket.expireAt,
    },
  };
}

const DAY_MS = 86_400_000;
/** The last day `utcDay` formatted: a storm's logins all fall on it, and formatting a date is not free. */
let lastDay = { start: Number.NaN, text: '' };

/** `YYYY-MM-DD` of a time in UTC: the DAU day. */
export function utcDay(ms: number): string {
  const start = Math.floor(ms / DAY_MS) * DAY_MS;
  if (start !== lastDay.start) lastDay = { start, text: new Date(start).toISOString().slice(0, 10) };
  return lastDay.text;
}

function fail(code: number): LoginOutcome {
  return { ok: false, code, desc: describeError(code) };
}
