/**
 * Secrets stay out of the server's log, and logging never takes the server down (issue 12 §4): a
 * real server at `trace`, fed requests with tickets in every spelling and malformed HTTP.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadServerConfig } from '../src/config.js';
import { createLogger } from '../src/logger.js';
import { type RunningServer, startServer } from '../src/server.js';
import { rawHttp } from './support/raw-http.js';

const SECRET = 'TOPSECRETTICKET';
let server: RunningServer;
let dataDir: string;
const lines: string[] = [];

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'parley-logging-'));
  const logger = createLogger({
    level: 'trace',
    destination: { write: (line: string) => void lines.push(line) },
  });
  server = await startServer(loadServerConfig({ port: '0', 'data-dir': dataDir }, {}), { logger });
});
afterAll(async () => {
  await server.close();
  await rm(dataDir, { recursive: true, force: true });
});

describe('the log at trace', () => {
  it.each([
    `/nowhere?usersig=${SECRET}`,
    `/nowhere?UserSig=${SECRET}`,
    `/nowhere?a=1;usersig=${SECRET}`,
    `/nowhere?sig=${SECRET}&token=${SECRET}`,
    `/v4/im_open_login_svc/account_check?sdkappid=1&identifier=admin&usersig=${SECRET}`,
    `/v4/im_open_login_svc/account_check?sdkappid=1&identifier=admin&USERSIG=${SECRET}`,
    `/console/api/apps?user%53ig=${SECRET}`,
  ])('carries no ticket from a request to %s', async (path) => {
    const before = lines.length;
    const response = await fetch(`${server.url}${path}`, { method: 'POST', body: '{}' });
    expect(response.status).toBeLessThan(500);
    expect(await response.text()).not.toContain(SECRET);
    expect(lines.length).toBeGreaterThan(before);
    expect(lines.join('')).not.toContain(SECRET);
  });

  it('survives malformed HTTP requests, and the log carries none of their bytes', async () => {
    const port = server.port;
    for (const request of [
      `GET /?usersig=${SECRET} HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n`,
      `GARBAGE /?usersig=${SECRET}\r\n\r\n`,
      `POST /v4/a/b?usersig=${SECRET} HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n`,
      `GET /?usersig=${SECRET} HTTP/1.1\r\nHost: x\r\nBad Header: \x01\r\n\r\n`,
    ]) {
      const { response } = await rawHttp(port, request, 2_000);
      expect(response).toMatch(/^HTTP\/1\.1 400/);
    }
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    expect(lines.join('')).not.toContain(SECRET);
  });
});

describe('the log at the default level', () => {
  it('does not log a request to a path that matches no route', async () => {
    const quiet: string[] = [];
    const dir = await mkdtemp(join(tmpdir(), 'parley-logging-'));
    const logger = createLogger({
      level: 'info',
      destination: { write: (line: string) => void quiet.push(line) },
    });
    const info = await startServer(loadServerConfig({ port: '0', 'data-dir': dir }, {}), { logger });
    try {
      const before = quiet.length;
      const response = await fetch(`${info.url}/nowhere?usersig=${SECRET}`);
      expect(response.status).toBe(404);
      expect(quiet.slice(before)).toEqual([]);
    } finally {
      await info.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
