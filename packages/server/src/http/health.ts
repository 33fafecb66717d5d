import type { FastifyInstance } from 'fastify';

/** Whether the server still takes new work; load balancers read it from `/healthz`. */
export interface HealthState {
  draining: boolean;
}

/**
 * `GET /healthz`: 200 `{status:"ok"}` while serving, 503 `{status:"draining"}` once shutdown began,
 * so a load balancer stops sending new clients while the existing ones are told to reconnect.
 */
export function registerHealthRoute(app: FastifyInstance, health: HealthState): void {
  app.get('/healthz', async (_request, reply) => {
    if (health.draining) return reply.code(503).send({ status: 'draining' });
    return { status: 'ok' };
  });
}
