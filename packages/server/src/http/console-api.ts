/**
 * The console's own calls, beside the REST admin API: `POST /console/api/<command>` with the same
 * URL credentials (`sdkappid`, `identifier`, `usersig`) and the same envelope as `/v4/…`, so the
 * console signs every request one way. These are Parley's additions (the original's console reads
 * them from its own backend): app settings, DAU/MAU history, and a page of accounts.
 */
import { ErrorCode } from '@parley/protocol';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { authenticateAdmin } from '../rest/admin-auth.js';
import { fail, ok, type RestResult, render } from '../rest/envelope.js';
import { parseRestUrl } from '../rest/request-url.js';
import { APP_SETTING_RULES, checkAppSettings } from '../storage/app-settings.js';
import type { AppRecord, AppSettings, Storage } from '../storage/types.js';
import { activityWindow } from './activity-window.js';

/** Most accounts one `list_accounts` page returns (the REST status query takes 500 at a time). */
export const MAX_ACCOUNT_PAGE = 500;

export interface ConsoleApiDeps {
  storage: Storage;
  /** The gateway's app cache, so a settings change applies to the next login on this node at once. */
  apps: { get(sdkAppID: number): Promise<AppRecord | undefined>; invalidate(sdkAppID: number): void };
  maxUserSigLifetimeSeconds: number;
  now(): number;
}

/** The settings the console shows and edits. Admins and the key are changed with `parley app`. */
export type ConsoleSettings = Pick<
  AppSettings,
  | 'name'
  | 'loginPolicy'
  | 'maxWebInstances'
  | 'maxInstancesPerPlatform'
  | 'callbackUrl'
  | 'messageRetentionDays'
  | 'revokeWindowSeconds'
  | 'maxMessageBodyBytes'
>;

const EDITABLE = [
  'name',
  'loginPolicy',
  'maxWebInstances',
  'maxInstancesPerPlatform',
  'callbackUrl',
  'messageRetentionDays',
  'revokeWindowSeconds',
  'maxMessageBodyBytes',
] as const satisfies readonly (keyof ConsoleSettings)[];

type Handler = (app: AppRecord, body: Record<string, unknown>) => Promise<RestResult>;

const activityRequest = z.object({
  days: z.int().min(1).max(366).default(30),
  months: z.int().min(1).max(36).default(12),
});

const accountsRequest = z.object({
  after: z.string().optional(),
  limit: z.int().min(1).max(MAX_ACCOUNT_PAGE).default(100),
});

export function registerConsoleApi(http: FastifyInstance, deps: ConsoleApiDeps): void {
  const settingsOf = (app: AppRecord) => ({
    sdkAppID: app.sdkAppID,
    admins: app.admins,
    ...Object.fromEntries(EDITABLE.map((key) => [key, app[key]])),
  });

  const handlers: Record<string, Handler> = {
    async get_app_settings(app) {
      return ok({ Settings: settingsOf(app) });
    },

    async set_app_settings(app, body) {
      const unknown = Object.keys(body).filter((key) => !(EDITABLE as readonly string[]).includes(key));
      if (unknown.length > 0) {
        return fail(ErrorCode.ERR_INVALID_PARAMS, `not a console setting: ${unknown.join(', ')}`);
      }
      const check = checkAppSettings(body);
      if (!check.ok) {
        const info = check.issues.map(
          (issue) => `${issue.setting}: expected ${APP_SETTING_RULES[issue.setting]}`,
        );
        return fail(ErrorCode.ERR_INVALID_PARAMS, info.join('; '));
      }
      const updated = await deps.storage.apps.update(app.sdkAppID, check.settings);
      if (updated === undefined) return fail(ErrorCode.ERR_SDKAPPID_NOT_FOUND);
      deps.apps.invalidate(app.sdkAppID);
      return ok({ Settings: settingsOf(updated) });
    },

    async get_activity(app, body) {
      const parsed = activityRequest.safeParse(body);
      if (!parsed.success) return invalid(parsed.error);
      const window = activityWindow(deps.now(), parsed.data.days, parsed.data.months);
      const counted = await deps.storage.activity.dailyActiveUsersBetween(
        app.sdkAppID,
        window.days[0]!,
        window.days.at(-1)!,
      );
      const byDay = new Map(counted.map((row) => [row.day, row.users]));
      const monthly = [];
      for (const month of window.months) {
        monthly.push({ month, users: await deps.storage.activity.monthlyActiveUsers(app.sdkAppID, month) });
      }
      return ok({
        Daily: window.days.map((day) => ({ day, users: byDay.get(day) ?? 0 })),
        Monthly: monthly,
      });
    },

    async list_accounts(app, body) {
      const parsed = accountsRequest.safeParse(body);
      if (!parsed.success) return invalid(parsed.error);
      const { after, limit } = parsed.data;
      const page = await deps.storage.accounts.list(app.sdkAppID, {
        ...(after === undefined ? {} : { after }),
        limit: limit + 1,
      });
      const accounts = page.slice(0, limit);
      return ok({
        Accounts: accounts.map((a) => ({ userID: a.userID, nick: a.nick, createdAt: a.createdAt })),
        // One extra row was read to know whether another page exists without a count query.
        Next: page.length > limit ? (accounts.at(-1)?.userID ?? null) : null,
      });
    },
  };

  http.post('/console/api/:command', async (request) => {
    const { command } = request.params as { command: string };
    const handler = Object.hasOwn(handlers, command) ? handlers[command] : undefined;
    if (handler === undefined)
      return render(fail(ErrorCode.ERR_REST_BAD_RESOURCE, `unknown console command ${command}`));
    const url = parseRestUrl(request.url);
    if (!url.ok) return render(fail(ErrorCode.ERR_REST_BAD_URL, url.reason));
    const auth = await authenticateAdmin(url.url.params, ErrorCode.ERR_REST_NOT_ADMIN, {
      apps: deps.apps,
      accounts: deps.storage.accounts,
      maxUserSigLifetimeSeconds: deps.maxUserSigLifetimeSeconds,
      now: deps.now,
    });
    if (!auth.ok) return render(auth.failure);
    const body = request.body;
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      return render(fail(ErrorCode.ERR_REST_BAD_JSON, 'the request body must be a JSON object'));
    }
    return render(await handler(auth.app, body as Record<string, unknown>));
  });
}

function invalid(error: z.ZodError): RestResult {
  const issue = error.issues[0];
  return fail(ErrorCode.ERR_INVALID_PARAMS, issue ? `${issue.path.join('.')}: ${issue.message}` : undefined);
}
