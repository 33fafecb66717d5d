/**
 * Serves the web app (apps/web, built by Vite into apps/web/dist): the demo chat at `/` and the
 * admin console at `/console/`. The pages are static; they talk to this server over the WebSocket
 * and the REST/console APIs, so nothing here knows about users.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';

/**
 * Where the built app is: found relative to this file, which sits at the same depth in `src/` (tests)
 * and `dist/` (production), four levels below the repository root.
 */
export const DEFAULT_WEB_DIR = fileURLToPath(new URL('../../../../apps/web/dist/', import.meta.url));

/** The pages the server knows about, for the "not built" hint. */
const PAGE_PATHS = ['/', '/index.html', '/console', '/console/'] as const;

export interface WebAppOptions {
  /** The folder with `index.html`; `DEFAULT_WEB_DIR` unless a test or a packager says otherwise. */
  dir?: string;
}

/** What `registerWebApp` found: whether the pages are served, and from where. */
export interface WebAppStatus {
  built: boolean;
  dir: string;
}

/**
 * Serves the built pages when `index.html` exists; otherwise answers the page paths with a 404 that
 * says how to build them, so a newcomer sees a hint instead of an empty JSON error.
 */
export async function registerWebApp(
  app: FastifyInstance,
  options: WebAppOptions = {},
): Promise<WebAppStatus> {
  const dir = options.dir ?? DEFAULT_WEB_DIR;
  if (!existsSync(join(dir, 'index.html'))) {
    for (const path of PAGE_PATHS) {
      app.get(path, async (_request, reply) => reply.code(404).type('text/html').send(NOT_BUILT_PAGE));
    }
    return { built: false, dir };
  }
  const assets = join(dir, 'assets');
  await app.register(fastifyStatic, {
    root: dir,
    // `/console` → `/console/`, so the console's relative asset paths resolve under it.
    redirect: true,
    index: 'index.html',
    // Our own cache-control below, not the default max-age=0.
    cacheControl: false,
    setHeaders(res, path) {
      // Vite puts a content hash in every asset name, so those never change; pages must be re-read
      // after a rebuild to pick up the new asset names.
      const immutable = path.startsWith(assets);
      res.setHeader('cache-control', immutable ? 'public, max-age=31536000, immutable' : 'no-cache');
    },
  });
  return { built: true, dir };
}

const NOT_BUILT_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Parley: web app not built</title></head>
<body style="font-family: system-ui, sans-serif; max-width: 40rem; margin: 4rem auto; line-height: 1.5">
<h1>The web app is not built</h1>
<p>This Parley server is running, but the demo chat and the console (<code>apps/web</code>) have not
been built yet. From the repository root, run:</p>
<pre style="background:#f3f4f6;padding:1rem;border-radius:6px">npm run build:web</pre>
<p>then reload this page. <code>npm start</code> builds it for you when it is missing or out of date.</p>
</body></html>
`;
