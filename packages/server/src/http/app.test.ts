import { describe, expect, it } from 'vitest';
import { createLogger } from '../logger.js';
import { createHttpApp } from './app.js';
import type { HealthState } from './health.js';
import { createMetricsRegistry } from './metrics.js';

function buildApp() {
  const health: HealthState = { draining: false };
  const app = createHttpApp({
    logger: createLogger({ level: 'silent' }),
    registry: createMetricsRegistry(),
    health,
  });
  return { app, health };
}

describe('HTTP app', () => {
  describe('GET /healthz', () => {
    it('answers ok while serving and 503 draining once shutdown began', async () => {
      const { app, health } = buildApp();
      const ok = await app.inject({ method: 'GET', url: '/healthz' });
      expect(ok.statusCode).toBe(200);
      expect(ok.json()).toEqual({ status: 'ok' });

      health.draining = true;
      const draining = await app.inject({ method: 'GET', url: '/healthz' });
      expect(draining.statusCode).toBe(503);
      expect(draining.json()).toEqual({ status: 'draining' });
      await app.close();
    });
  });

  describe('GET /metrics', () => {
    it('serves process metrics in the Prometheus text format', async () => {
      const { app } = buildApp();
      const response = await app.inject({ method: 'GET', url: '/metrics' });
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toContain('text/plain');
      expect(response.body).toContain('process_cpu_user_seconds_total');
      await app.close();
    });

    it('keeps the metrics of two apps in one process apart', async () => {
      const first = buildApp();
      const second = buildApp();
      expect((await second.app.inject({ method: 'GET', url: '/metrics' })).statusCode).toBe(200);
      await Promise.all([first.app.close(), second.app.close()]);
    });
  });
});
