/**
 * Demo mode (`--demo`, `PARLEY_DEMO=true`; `npm start` turns it on): the server mints tickets for any
 * UserID so the demo chat can log in by name. That hands out every account to anyone who can reach
 * the port, so it is off by default and never meant for a server others can reach.
 */
import { isValidUserID } from '@parley/protocol';
import { genUserSig } from '@parley/usersig';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { AppRecord, AppStore } from '../storage/types.js';
import { hostOfHeader, isLoopbackHost } from './loopback.js';

/** Default lifetime of a demo ticket: one day, enough for a demo, short enough to show expiry. */
export const DEMO_TICKET_SECONDS = 86_400;
/** Shortest lifetime a caller may ask for (the chat's "ticket expired" banner is tested with it). */
export const MIN_DEMO_TICKET_SECONDS = 5;

export const DEMO_REMOTE_REFUSAL =
  'demo mode hands out an admin ticket to anyone who can reach the server, so it listens on a loopback ' +
  'address only (127.0.0.1, ::1, localhost): give --demo-allow-remote (PARLEY_DEMO_ALLOW_REMOTE) to ' +
  'run it on another address anyway';

export const DEMO_WARNING =
  'demo mode is ON: POST /demo/usersig gives a ticket for any UserID, including the admin. ' +
  'Never use --demo on a server that others can reach.';

export interface DemoOptions {
  enabled: boolean;
  /**
   * `--demo-allow-remote`: answer the demo routes whatever the `Host` header says. Without it they
   * answer only requests addressed to a loopback name, so that a web page cannot reach a demo
   * server on the visitor's machine by DNS rebinding (its requests carry the page's host name).
   */
  allowRemote?: boolean;
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

  const checkHost = async (request: FastifyRequest, reply: FastifyReply) => {
    if (options.allowRemote || isLoopbackHost(hostOfHeader(request.headers.host ?? ''))) return;
    return reply.code(403).send({
      error:
        'demo routes answer only requests addressed to localhost or 127.0.0.1 ' +
        '(start the server with --demo-allow-remote to lift this)',
    });
  };

  http.get('/demo/config', { onRequest: checkHost }, async (): Promise<DemoConfig> => {
    if (!options.enabled) return { demo: false };
    const app = await demoApp();
    if (app === undefined) return { demo: false };
    return { demo: true, sdkAppID: app.sdkAppID, admin: app.admins[0] ?? '', warning: DEMO_WARNING };
  });

  if (!options.enabled) return;
  http.post('/demo/usersig', { onRequest: checkHost }, async (request, reply) => {
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
