/**
 * The console's own calls, beside the REST admin API: `POST /console/api/<command>` with the same
 * URL credentials (`sdkappid`, `identifier`, `usersig`, `random`) and the same envelope as `/v4/…`,
 * so the console signs every request one way. They run through the REST dispatcher itself (admin
 * authentication, `random` check, the per-app rate limit, body checks), only with their own table of
 * endpoints, so there is one implementation of those checks. These are Parley's additions (the
 * original's console reads them from its own backend): app settings, DAU/MAU history, a page of
 * accounts, and the app's offline push providers.
 */
import { ErrorCode } from '@parley/protocol';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { createRestDispatcher, type RestDispatchDeps } from '../rest/dispatch.js';
import { defineEndpoint, RestEndpointTable } from '../rest/endpoint.js';
import { fail, ok } from '../rest/envelope.js';
import { registerEnvelopeRoutes } from '../rest/plugin.js';
import { APP_SETTING_RULES, checkAppSettings } from '../storage/app-settings.js';
import type { AppRecord, AppSettings } from '../storage/types.js';
import { activityWindow } from './activity-window.js';
import { pushProviderEndpoints } from './console-push.js';

/** Most accounts one `list_accounts` page returns (the REST status query takes 500 at a time). */
export const MAX_ACCOUNT_PAGE = 500;

const CONSOLE_PATH = /^\/console\/api\/([A-Za-z0-9_]+)\/?$/;

/** `/console/api/<command>` → `console/<command>`: its own resources, and its own rate budgets. */
export function consoleResource(path: string): string | undefined {
  const match = CONSOLE_PATH.exec(path);
  return match ? `console/${match[1]}` : undefined;
}

export interface ConsoleApiDeps extends Omit<RestDispatchDeps, 'endpoints' | 'resourceOf' | 'apps'> {
  /** The app cache, so a settings change applies to the next login on this node at once. */
  apps: { get(sdkAppID: number): Promise<AppRecord | undefined>; invalidate(sdkAppID: number): void };
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
  | 'readReceiptGroupTypes'
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
  'readReceiptGroupTypes',
] as const satisfies readonly (keyof ConsoleSettings)[];

const activityRequest = z.object({
  days: z.int().min(1).max(366).default(30),
  months: z.int().min(1).max(36).default(12),
});

const accountsRequest = z.object({
  after: z.string().optional(),
  limit: z.int().min(1).max(MAX_ACCOUNT_PAGE).default(100),
});

/** Registers `/console/api/*`. Call it before the server listens. */
export async function registerConsoleApi(http: FastifyInstance, deps: ConsoleApiDeps): Promise<void> {
  const logger = deps.logger.child({ component: 'console-api' });
  const endpoints = consoleEndpoints(deps);
  const dispatch = createRestDispatcher({ ...deps, logger, endpoints, resourceOf: consoleResource });
  await registerEnvelopeRoutes(http, ['/console/api/*'], dispatch, logger);
}

function consoleEndpoints(deps: ConsoleApiDeps): RestEndpointTable {
  const settingsOf = (app: AppRecord) => ({
    sdkAppID: app.sdkAppID,
    admins: app.admins,
    ...Object.fromEntries(EDITABLE.map((key) => [key, app[key]])),
  });
  const table = new RestEndpointTable();

  table.add(
    'console/get_app_settings',
    defineEndpoint({
      body: z.object({}),
      handle: async (ctx) => ok({ Settings: settingsOf(ctx.app) }),
    }),
  );

  table.add(
    'console/set_app_settings',
    defineEndpoint({
      body: z.record(z.string(), z.unknown()),
      async handle(ctx, body) {
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
        const updated = await ctx.storage.apps.update(ctx.app.sdkAppID, check.settings);
        if (updated === undefined) return fail(ErrorCode.ERR_SDKAPPID_NOT_FOUND);
        deps.apps.invalidate(ctx.app.sdkAppID);
        return ok({ Settings: settingsOf(updated) });
      },
    }),
  );

  table.add(
    'console/get_activity',
    defineEndpoint({
      body: activityRequest,
      async handle(ctx, { days, months }) {
        const { sdkAppID } = ctx.app;
        const window = activityWindow(ctx.now(), days, months);
        const counted = await ctx.storage.activity.dailyActiveUsersBetween(
          sdkAppID,
          window.days[0]!,
          window.days.at(-1)!,
        );
        const byDay = new Map(counted.map((row) => [row.day, row.users]));
        const monthly = [];
        for (const month of window.months) {
          monthly.push({ month, users: await ctx.storage.activity.monthlyActiveUsers(sdkAppID, month) });
        }
        return ok({
          Daily: window.days.map((day) => ({ day, users: byDay.get(day) ?? 0 })),
          Monthly: monthly,
        });
      },
    }),
  );

  table.add(
    'console/list_accounts',
    defineEndpoint({
      body: accountsRequest,
      async handle(ctx, { after, limit }) {
        const page = await ctx.storage.accounts.list(ctx.app.sdkAppID, {
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
    }),
  );

  pushProviderEndpoints(table);
  return table;
}
