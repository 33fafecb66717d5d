/**
 * Who is calling: the app named by `sdkappid`, and its admin proven by `identifier` + `usersig`
 * (login.md §8). Verified on every call from the app's current key and admin list and the admin's
 * current revocation time; nothing is cached here, so a key change, an admin removal or a kick of
 * the admin applies to the very next call (the app record itself is at most a couple of seconds old,
 * from the gateway's app directory).
 */
import { ErrorCode, isValidUserID } from '@parley/protocol';
import { verifyUserSig } from '@parley/usersig';
import type { AccountStore, AppRecord } from '../storage/types.js';
import { fail, type RestResult } from './envelope.js';

/** SDKAppIDs are uint32 in the ticket format; 0 is never allocated. */
const MAX_SDK_APP_ID = 4_294_967_295;

export interface AdminAuthDeps {
  apps: { get(sdkAppID: number): Promise<AppRecord | undefined> };
  accounts: Pick<AccountStore, 'ticketsNotBefore'>;
  /** Longest ticket lifetime accepted, as for logins. */
  maxUserSigLifetimeSeconds?: number;
  /** Milliseconds since the epoch. */
  now(): number;
}

export type AdminAuth = { ok: true; app: AppRecord; admin: string } | { ok: false; failure: RestResult };

/**
 * Checks the URL's credentials, in order: sdkappid present (60012), an integer (60006), a known app
 * (70020) with a key (70016); identifier and usersig present (60004); the ticket (its own 700xx code); not revoked by a
 * kick of the admin (70052); an admin of the app (`notAdminCode`).
 */
export async function authenticateAdmin(
  params: ReadonlyMap<string, string>,
  notAdminCode: number,
  deps: AdminAuthDeps,
): Promise<AdminAuth> {
  const refuse = (code: number, info?: string): AdminAuth => ({ ok: false, failure: fail(code, info) });

  const sdkAppIDText = params.get('sdkappid');
  if (sdkAppIDText === undefined || sdkAppIDText === '') return refuse(ErrorCode.ERR_REST_NO_SDKAPPID);
  const sdkAppID = /^\d{1,10}$/.test(sdkAppIDText) ? Number(sdkAppIDText) : Number.NaN;
  if (!(sdkAppID >= 1 && sdkAppID <= MAX_SDK_APP_ID)) {
    return refuse(ErrorCode.ERR_REST_BAD_SDKAPPID, `sdkappid must be an integer from 1 to ${MAX_SDK_APP_ID}`);
  }
  const app = await deps.apps.get(sdkAppID);
  if (app === undefined) return refuse(ErrorCode.ERR_SDKAPPID_NOT_FOUND, `no app has SDKAppID ${sdkAppID}`);

  const identifier = params.get('identifier');
  const usersig = params.get('usersig');
  if (identifier === undefined || identifier === '') {
    return refuse(ErrorCode.ERR_REST_BAD_IDENTIFIER, 'identifier is missing from the URL');
  }
  if (!isValidUserID(identifier)) {
    return refuse(ErrorCode.ERR_REST_BAD_IDENTIFIER, 'identifier must be 1 to 32 bytes of printable ASCII');
  }
  if (usersig === undefined || usersig === '') {
    return refuse(ErrorCode.ERR_REST_BAD_IDENTIFIER, 'usersig is missing from the URL');
  }

  if (!app.secretKey) return refuse(ErrorCode.ERR_APP_KEY_NOT_FOUND);
  const nowSeconds = Math.floor(deps.now() / 1000);
  const ticket = verifyUserSig({
    ticket: usersig,
    sdkAppID,
    key: app.secretKey,
    userID: identifier,
    now: nowSeconds,
    ...(deps.maxUserSigLifetimeSeconds === undefined
      ? {}
      : { maxExpireSeconds: deps.maxUserSigLifetimeSeconds }),
  });
  if (!ticket.ok) return refuse(ticket.code, ticket.reason);
  // An admin account that was kicked has its older tickets revoked like any user's (login.md §3.3).
  // The admin needs no account for this: its revocation is kept by UserID.
  if (ticket.time < (await deps.accounts.ticketsNotBefore(sdkAppID, identifier)))
    return refuse(ErrorCode.ERR_USERSIG_REVOKED);

  if (!app.admins.includes(identifier)) {
    return refuse(notAdminCode, `${identifier} is not an admin of app ${sdkAppID}`);
  }
  return { ok: true, app, admin: identifier };
}
