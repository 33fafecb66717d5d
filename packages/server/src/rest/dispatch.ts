/**
 * One REST call from request to result, without HTTP: the envelope's checks in their documented
 * order (docs/rest-api.md), then the endpoint. The first failing check answers.
 */
import { ErrorCode } from '@parley/protocol';
import type { Logger } from 'pino';
import type { AppRecord, Storage } from '../storage/types.js';
import { authenticateAdmin } from './admin-auth.js';
import type { RestContext, RestEndpoint } from './endpoint.js';
import { fail, type RestResult } from './envelope.js';
import { RestRateLimiter } from './rate-limit.js';
import { parseRestUrl } from './request-url.js';

const UINT32_TEXT = /^\d{1,10}$/;
const MAX_UINT32 = 4_294_967_295;

export interface RestDispatchDeps {
  /** The endpoints by resource, as the features registered them. */
  endpoints: { get(resource: string): RestEndpoint | undefined };
  /** Reads the resource from the path; `/v4/<service>/<command>` by default (request-url.ts). */
  resourceOf?: (path: string) => string | undefined;
  storage: Storage;
  /** The app directory (cached app records), for the admin check. */
  apps: { get(sdkAppID: number): Promise<AppRecord | undefined> };
  logger: Logger;
  /** Longest ticket lifetime accepted, as for logins; the ticket library's cap when absent. */
  maxUserSigLifetimeSeconds?: number;
  /** Calls per second per app by resource, replacing an endpoint's own rate. */
  rates?: Readonly<Record<string, number>>;
  /**
   * The call budgets. Pass one limiter to every mount of the envelope (REST and console) so that
   * they are counted in one place; a fresh one by default.
   */
  limiter?: RestRateLimiter;
  /** Milliseconds since the epoch; `Date.now` by default. */
  now?: () => number;
}

/** A REST request as HTTP delivered it. */
export interface RestRequest {
  method: string;
  /** Path and query, as in the request line. */
  target: string;
  /** `undefined` when the request had no body. */
  rawBody: Buffer | undefined;
}

/**
 * Makes the function that answers REST requests. Checks, in order: the URL parses (60002); the
 * method is POST (60008); the service and command exist (60009); the caller is an admin with a valid
 * ticket (admin-auth.ts); `random` is a uint32 when present (60002); the rate (60007); then the
 * endpoint reads its body (60003 and its own codes).
 */
export function createRestDispatcher(deps: RestDispatchDeps): (request: RestRequest) => Promise<RestResult> {
  const now = deps.now ?? Date.now;
  const limiter = deps.limiter ?? new RestRateLimiter(now);
  const { endpoints } = deps;

  return async ({ method, target, rawBody }) => {
    const parsed = parseRestUrl(target, deps.resourceOf);
    if (!parsed.ok) return fail(ErrorCode.ERR_REST_BAD_URL, parsed.reason);
    if (method !== 'POST') return fail(ErrorCode.ERR_REST_BAD_REQUEST, `REST calls use POST, not ${method}`);
    const { resource, params } = parsed.url;
    const endpoint = resource === undefined ? undefined : endpoints.get(resource);
    if (resource === undefined || endpoint === undefined) {
      return fail(ErrorCode.ERR_REST_BAD_RESOURCE, `there is no REST API at ${parsed.url.path}`);
    }

    const auth = await authenticateAdmin(params, endpoint.codes.notAdmin, {
      apps: deps.apps,
      accounts: deps.storage.accounts,
      now,
      ...(deps.maxUserSigLifetimeSeconds === undefined
        ? {}
        : { maxUserSigLifetimeSeconds: deps.maxUserSigLifetimeSeconds }),
    });
    if (!auth.ok) return auth.failure;

    const random = params.get('random');
    if (random !== undefined && !(UINT32_TEXT.test(random) && Number(random) <= MAX_UINT32)) {
      return fail(ErrorCode.ERR_REST_BAD_URL, `random must be an integer from 0 to ${MAX_UINT32}`);
    }
    // Counted after authentication, so that strangers cannot use up an app's budget.
    const rate = deps.rates?.[resource] ?? endpoint.ratePerSecond;
    if (!limiter.take(`${auth.app.sdkAppID}/${resource}`, rate)) {
      return fail(
        ErrorCode.ERR_REST_RATE_LIMITED,
        `${resource} is limited to ${rate} calls per second per app`,
      );
    }

    const ctx: RestContext = {
      app: auth.app,
      admin: auth.admin,
      storage: deps.storage,
      logger: deps.logger,
      now,
    };
    return endpoint.run(ctx, rawBody);
  };
}
