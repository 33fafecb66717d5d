/**
 * Demo mode (`--demo`, `PARLEY_DEMO=true`; `npm start` turns it on): the server mints tickets for any
 * UserID so the demo chat can log in by name. That hands out every account to anyone who can reach
 * the port, so it is off by default and never meant for a server others can reach.
 */
import { isValidUserID } from '@parley/protocol';
import { genUserSig } from '@parley/usersig';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { AppRecord, AppStore } from '../storage/types.js';

/** Default lifetime of a demo ticket: one day, enough for a demo, short enough to show expiry. */
export const DEMO_TICKET_SECONDS = 86_400;
/** Shortest lifetime a caller may ask for (the chat's "ticket expired" banner is tested with it). */
export const MIN_DEMO_TICKET_SECONDS = 5;

export const DEMO_WARNING =
  'demo mode is ON: POST /demo/usersig gives a ticket for any UserID, including the admin. ' +
  'Never use --demo on a server that others can reach.';

export interface DemoOptions {
  enabled: boolean;
  apps: Pick<AppStore, 'get' | 'list'>;
  /** The app the demo logs in to: the environment's app when there is one, else the first listed. */
  sdkAppID?: number;
}

/** What `GET /demo/config` answers; the pages read it to decide how to log in. */
export type DemoConfig = { demo: false } | { demo: true; sdkAppID: number; admin: string; warning: string };

const ticketRequest = z.object({
  userID: z.string().refine(isValidUserID, 'must be 1 to 32 bytes of printable ASCII'),
  expire: z.int().min(MIN_DEMO_TICKET_SECONDS).max(DEMO_TICKET_SECONDS).optional(),
});

/**
 * `GET /demo/config` always (it says `{demo:false}` when off, and nothing else), and when demo mode
 * is on `POST /demo/usersig {userID, expire?}` → `{sdkAppID, userID, userSig, expire}`.
 */
export function registerDemoRoutes(http: FastifyInstance, options: DemoOptions): void {
  const demoApp = async (): Promise<AppRecord | undefined> => {
    if (options.sdkAppID !== undefined) return options.apps.get(options.sdkAppID);
    const apps = await options.apps.list();
    return apps.sort((a, b) => a.sdkAppID - b.sdkAppID)[0];
  };

  http.get('/demo/config', async (): Promise<DemoConfig> => {
    if (!options.enabled) return { demo: false };
    const app = await demoApp();
    if (app === undefined) return { demo: false };
    return { demo: true, sdkAppID: app.sdkAppID, admin: app.admins[0] ?? '', warning: DEMO_WARNING };
  });

  if (!options.enabled) return;
  http.post('/demo/usersig', async (request, reply) => {
    const parsed = ticketRequest.safeParse(request.body ?? {});
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return reply
        .code(400)
        .send({ error: `${issue?.path.join('.') ?? 'body'}: ${issue?.message ?? 'invalid'}` });
    }
    const app = await demoApp();
    if (app === undefined) return reply.code(503).send({ error: 'no app exists yet' });
    const expire = parsed.data.expire ?? DEMO_TICKET_SECONDS;
    const userSig = genUserSig({
      sdkAppID: app.sdkAppID,
      key: app.secretKey,
      userID: parsed.data.userID,
      expire,
    });
    // The ticket is a credential: the response must not be kept by a shared cache.
    reply.header('cache-control', 'no-store');
    return { sdkAppID: app.sdkAppID, userID: parsed.data.userID, userSig, expire };
  });
}
