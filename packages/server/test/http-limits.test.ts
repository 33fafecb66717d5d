/**
 * Stalled HTTP requests are timed out (issue 12 §2): a client that sends its headers or body slowly,
 * or never, or idles on a keep-alive socket, loses the socket instead of holding it for ever.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadServerConfig } from '../src/config.js';
import { createLogger } from '../src/logger.js';
import { type RunningServer, startServer } from '../src/server.js';
import { connectRaw } from './support/raw-client.js';
import { rawHttp } from './support/raw-http.js';

let server: RunningServer;
let dataDir: string;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'parley-http-limits-'));
  const config = loadServerConfig(
    {
      port: '0',
      'data-dir': dataDir,
      'headers-timeout': '300',
      'request-timeout': '600',
      'keep-alive-timeout': '300',
    },
    {},
  );
  server = await startServer(config, { logger: createLogger({ level: 'silent' }) });
});
afterAll(async () => {
  await server.close();
  await rm(dataDir, { recursive: true, force: true });
});

describe('HTTP time bounds', () => {
  it('closes a request whose body never finishes', async () => {
    const stalled = rawHttp(
      server.port,
      'POST /v4/im_open_login_svc/account_check HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n{"Check',
    );
    expect((await stalled).closedByServer).toBe(true);
  });

  it('closes a request whose headers never finish', async () => {
    expect((await rawHttp(server.port, 'GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: ')).closedByServer).toBe(
      true,
    );
  });

  it('closes a connection that sends nothing at all', async () => {
    expect((await rawHttp(server.port, '')).closedByServer).toBe(true);
  });

  it('closes an idle keep-alive connection after its request was answered', async () => {
    const { response, closedByServer } = await rawHttp(
      server.port,
      'GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n',
    );
    expect(response).toMatch(/^HTTP\/1\.1 200/);
    expect(closedByServer).toBe(true);
  });

  it('refuses an upgrade on a path that is not the WebSocket endpoint with a complete HTTP answer', async () => {
    const { response } = await rawHttp(
      server.port,
      'GET /nowhere HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n' +
        'Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n',
    );
    const [head, body] = response.split('\r\n\r\n');
    expect(head).toMatch(/^HTTP\/1\.1 404 Not Found\r\n/);
    expect(head).toContain('Connection: close');
    expect(head).toContain(`Content-Length: ${Buffer.byteLength(body ?? '')}`);
    expect(body).toBe('no WebSocket here\n');
  });

  it('leaves WebSocket connections to the heartbeat: one outlives every HTTP timeout', async () => {
    const client = await connectRaw(server.url.replace('http', 'ws'));
    // Wait out the request timeout twice over, by the server's own clock: a stalled body on another
    // socket is closed within it, so once that close is seen the WebSocket has been idle as long.
    expect(
      (await rawHttp(server.port, 'POST /v4/a/b HTTP/1.1\r\nHost: x\r\nContent-Length: 9\r\n\r\n'))
        .closedByServer,
    ).toBe(true);
    expect(
      (await rawHttp(server.port, 'POST /v4/a/b HTTP/1.1\r\nHost: x\r\nContent-Length: 9\r\n\r\n'))
        .closedByServer,
    ).toBe(true);
    expect((await client.request('ping')).code).toBe(0);
    client.close();
  });
});
