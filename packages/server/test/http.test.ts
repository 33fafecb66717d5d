import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RedisUnavailableError } from '../src/bus/redis-errors.js';
import { loadServerConfig, type ServerConfig } from '../src/config.js';
import { createLogger } from '../src/logger.js';
import { type RunningServer, startServer } from '../src/server.js';

describe('startServer', () => {
  let dataDir: string;
  let config: ServerConfig;
  const servers: RunningServer[] = [];
  const logger = createLogger({ level: 'silent' });

  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'parley-http-'));
    config = loadServerConfig({ port: '0', 'data-dir': dataDir }, {});
  });
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((server) => server.close()));
    await rm(dataDir, { recursive: true, force: true });
  });

  async function start(overrides: Partial<ServerConfig> = {}): Promise<RunningServer> {
    const server = await startServer({ ...config, ...overrides }, { logger });
    servers.push(server);
    return server;
  }

  it('listens on a free port when asked for port 0 and reports its URL', async () => {
    const server = await start();
    expect(server.port).toBeGreaterThan(0);
    expect(server.url).toBe(`http://127.0.0.1:${server.port}`);
  });

  it('answers /healthz with ok', async () => {
    const server = await start();
    const response = await fetch(`${server.url}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
  });

  it('serves Prometheus metrics with the process metrics', async () => {
    const server = await start();
    const response = await fetch(`${server.url}/metrics`);
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('process_cpu');
  });

  it('runs two servers in one process, each with its own metrics', async () => {
    const first = await start();
    const other = await mkdtemp(join(tmpdir(), 'parley-http-'));
    try {
      const second = await start({ dataDir: other, db: { kind: 'sqlite', path: join(other, 'parley.db') } });
      expect(second.registry).not.toBe(first.registry);
      expect((await fetch(`${second.url}/metrics`)).status).toBe(200);
      expect((await fetch(`${first.url}/metrics`)).status).toBe(200);
      await second.close();
    } finally {
      await rm(other, { recursive: true, force: true });
    }
  });

  it('creates a default app on first start, and no second one on the next', async () => {
    const first = await start();
    const apps = await first.storage.apps.list();
    expect(apps).toHaveLength(1);
    await first.close();
    const second = await start();
    expect(await second.storage.apps.list()).toEqual(apps);
  });

  it('makes the environment app exist instead of a default app', async () => {
    const server = await start({ envApp: { sdkAppID: 1_400_000_777, secretKey: 'env-key', admin: 'root' } });
    expect(await server.storage.apps.list()).toMatchObject([
      { sdkAppID: 1_400_000_777, secretKey: 'env-key', admins: ['root'] },
    ]);
  });

  it('refuses to start in cluster mode when Redis cannot be reached, closing what it opened', async () => {
    await expect(start({ redisUrl: 'redis://127.0.0.1:1' })).rejects.toBeInstanceOf(RedisUnavailableError);
  });

  describe('#close', () => {
    it('stops accepting connections and can be called again', async () => {
      const server = await start();
      await Promise.all([server.close(), server.close()]);
      await server.close();
      await expect(fetch(`${server.url}/healthz`)).rejects.toThrow();
    });
  });
});
