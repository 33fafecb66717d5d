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

  describe('security headers', () => {
    it('are on every answer: nosniff, no referrer, a CSP that no site may frame, no framing', async () => {
      const { app } = buildApp();
      for (const url of ['/healthz', '/no-such-page']) {
        const response = await app.inject({ method: 'GET', url });
        expect(response.headers['x-content-type-options']).toBe('nosniff');
        expect(response.headers['referrer-policy']).toBe('no-referrer');
        expect(response.headers['x-frame-options']).toBe('DENY');
        const csp = String(response.headers['content-security-policy']);
        expect(csp).toContain("frame-ancestors 'none'");
        expect(csp).toContain("script-src 'self'");
        expect(csp).toContain("object-src 'none'");
        // A page served over plain http must not look for its scripts over https.
        expect(csp).not.toContain('upgrade-insecure-requests');
        expect(response.headers['strict-transport-security']).toBeUndefined();
      }
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
