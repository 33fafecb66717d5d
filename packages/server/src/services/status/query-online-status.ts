/**
 * `openim/query_online_status` and its legacy alias `openim/querystate` (login.md §7.2): the online
 * status of up to 500 users, optionally per instance. The alias answers the same data with the
 * user-level key `State` instead of `Status`, and has error codes of its own.
 */
import { ErrorCode, isValidUserID, PLATFORM_DISPLAY_NAMES } from '@parley/protocol';
import { z } from 'zod';
import type { Bus } from '../../bus/bus.js';
import { withCode } from '../../rest/body.js';
import { defineEndpoint, type RestContext, type RestEndpoint } from '../../rest/endpoint.js';
import { ok } from '../../rest/envelope.js';
import { flag } from '../../rest/fields.js';
import { instanceStates, userStatus } from './online-status.js';

/** Most UserIDs per call. */
export const MAX_QUERY_ACCOUNTS = 500;

/** The code for each way `To_Account` can be wrong. */
interface AccountListCodes {
  missingOrEmpty: number;
  notStrings: number;
  tooMany: number;
}

/** `To_Account`: 1–500 strings, each way of breaking that with its own code. */
function accountList(codes: AccountListCodes) {
  return z.unknown().transform((value, ctx): string[] => {
    const refuse = (code: number, message: string) => {
      ctx.addIssue({ code: 'custom', message, ...withCode(code) });
      return z.NEVER;
    };
    if (value === undefined) return refuse(codes.missingOrEmpty, 'is required');
    if (!Array.isArray(value)) return refuse(codes.missingOrEmpty, 'must be an array of UserIDs');
    if (value.length === 0) return refuse(codes.missingOrEmpty, 'must list at least one UserID');
    if (value.length > MAX_QUERY_ACCOUNTS) {
      return refuse(codes.tooMany, `must list at most ${MAX_QUERY_ACCOUNTS} UserIDs, not ${value.length}`);
    }
    if (!value.every((id): id is string => typeof id === 'string')) {
      return refuse(codes.notStrings, 'must list UserIDs as strings');
    }
    return value;
  });
}

function queryBody(codes: AccountListCodes) {
  return z.object({
    To_Account: accountList(codes),
    IsNeedDetail: flag.optional(),
    IsReturnInstid: flag.optional(),
    // 1 adds each user's `CustomStatus` (set with the SDK's `setSelfStatus`; `''` when none).
    IsReturnCustomStatus: flag.optional(),
  });
}

type QueryBody = z.output<ReturnType<typeof queryBody>>;

/** Where the instances come from: the bus, which sees every node. */
export type Presences = Pick<Bus, 'instancesOf'>;

/** Builds the answer; `statusKey` is the user-level key (`Status`, or `State` for the alias). */
async function queryOnlineStatus(
  ctx: RestContext,
  presence: Presences,
  body: QueryBody,
  statusKey: 'Status' | 'State',
) {
  const { sdkAppID } = ctx.app;
  const ids = [...new Set(body.To_Account)];
  const known = await ctx.storage.accounts.getMany(sdkAppID, ids.filter(isValidUserID));
  const exists = new Set(known.map((account) => account.userID));
  const now = ctx.now();
  const custom =
    body.IsReturnCustomStatus === 1
      ? await ctx.storage.presence.customStatuses(sdkAppID, [...exists])
      : undefined;

  const errors = ids
    .filter((id) => !exists.has(id))
    .map((id) => ({ To_Account: id, ErrorCode: ErrorCode.ERR_ACCOUNT_NOT_FOUND }));
  // Users are looked up concurrently: up to 500 of them, each a bus and a storage read.
  const results = await Promise.all(
    ids
      .filter((id) => exists.has(id))
      .map(async (id) => {
        const [presences, registrations] = await Promise.all([
          presence.instancesOf(sdkAppID, id),
          ctx.storage.pushRegistrations.listForUser(sdkAppID, id),
        ]);
        const states = instanceStates(presences, registrations, now);
        const result: Record<string, unknown> = { To_Account: id, [statusKey]: userStatus(states) };
        if (custom) result.CustomStatus = custom.get(id) ?? '';
        // As in the original's examples, a user with no instance gets no Detail at all.
        if (body.IsNeedDetail === 1 && states.length > 0) {
          result.Detail = states.map((s) => ({
            Platform: PLATFORM_DISPLAY_NAMES[s.platform],
            Status: s.status,
            ...(body.IsReturnInstid === 1 ? { InstID: s.instanceID } : {}),
          }));
        }
        return result;
      }),
  );
  return ok({ QueryResult: results, ErrorList: errors });
}

const STATUS_CODES: AccountListCodes = {
  missingOrEmpty: ErrorCode.ERR_INVALID_PARAMS,
  notStrings: ErrorCode.ERR_INVALID_PARAMS,
  tooMany: ErrorCode.ERR_INVALID_PARAMS,
};

export function queryOnlineStatusEndpoint(presence: Presences): RestEndpoint {
  return defineEndpoint({
    body: queryBody(STATUS_CODES),
    handle: (ctx, body) => queryOnlineStatus(ctx, presence, body, 'Status'),
  });
}

const QUERYSTATE_CODES: AccountListCodes = {
  missingOrEmpty: ErrorCode.ERR_QUERYSTATE_BAD_REQUEST,
  notStrings: ErrorCode.ERR_QUERYSTATE_NOT_STRINGS,
  tooMany: ErrorCode.ERR_QUERYSTATE_TOO_MANY,
};

export function queryStateEndpoint(presence: Presences): RestEndpoint {
  return defineEndpoint({
    codes: {
      notAdmin: ErrorCode.ERR_QUERYSTATE_NOT_ADMIN,
      badJson: ErrorCode.ERR_QUERYSTATE_BAD_REQUEST,
      invalidParams: ErrorCode.ERR_QUERYSTATE_BAD_REQUEST,
    },
    body: queryBody(QUERYSTATE_CODES),
    handle: (ctx, body) => queryOnlineStatus(ctx, presence, body, 'State'),
  });
}
