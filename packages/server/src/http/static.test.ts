import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { registerWebApp } from './static.js';

describe('registerWebApp', () => {
  let app: FastifyInstance | undefined;
  let dir: string | undefined;
  afterEach(async () => {
    await app?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  async function serve(files: Record<string, string>): Promise<FastifyInstance> {
    dir = await mkdtemp(join(tmpdir(), 'parley-web-'));
    for (const [path, text] of Object.entries(files)) {
      await mkdir(join(dir, path, '..'), { recursive: true });
      await writeFile(join(dir, path), text);
    }
    app = Fastify();
    await registerWebApp(app, { dir });
    await app.ready();
    return app;
  }

  it('serves the chat at / and the console at /console/, redirecting /console there', async () => {
    const web = await serve({
      'index.html': '<title>chat</title>',
      'console/index.html': '<title>console</title>',
      'assets/chat-abc123.js': 'console.log(1)',
    });
    const chat = await web.inject('/');
    expect(chat.statusCode).toBe(200);
    expect(chat.body).toContain('chat');
    expect(chat.headers['cache-control']).toBe('no-cache');
    expect((await web.inject('/console')).headers.location).toBe('/console/');
    expect((await web.inject('/console/')).body).toContain('console');
    const asset = await web.inject('/assets/chat-abc123.js');
    expect(asset.headers['cache-control']).toContain('immutable');
  });

  it('answers the page paths with a 404 that says how to build the app when it is not built', async () => {
    const web = await serve({});
    for (const path of ['/', '/console', '/console/']) {
      const page = await web.inject(path);
      expect(page.statusCode).toBe(404);
      expect(page.body).toContain('npm run build:web');
    }
  });
});
