import Fastify, {
  type FastifyBaseLogger,
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
  LogController,
} from 'fastify';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import { type HealthState, registerHealthRoute } from './health.js';
import { registerMetricsRoute } from './metrics.js';

export interface HttpAppDeps {
  logger: Logger;
  registry: Registry;
  health: HealthState;
}

/**
 * Logs each request at debug rather than info: health checks and metric scrapes arrive every few
 * seconds and would bury everything else. Errors keep fastify's levels.
 */
class QuietRequestLog extends LogController {
  override incomingRequest(request: FastifyRequest): void {
    request.log.debug({ req: request }, 'incoming request');
  }

  override requestCompleted(
    error: Error | null | undefined,
    request: FastifyRequest,
    reply: FastifyReply,
  ): void {
    if (error) {
      reply.log.error({ res: reply, err: error, responseTime: reply.elapsedTime }, 'request errored');
    } else {
      request.log.debug({ res: reply, responseTime: reply.elapsedTime }, 'request completed');
    }
  }
}

/** The HTTP side of the server: health, metrics, and the routes later layers register. */
export function createHttpApp(deps: HttpAppDeps): FastifyInstance {
  // Typed as fastify's base logger so the instance has the plain `FastifyInstance` type routes expect.
  const loggerInstance: FastifyBaseLogger = deps.logger.child({ component: 'http' });
  const app = Fastify({
    loggerInstance,
    logController: new QuietRequestLog(),
    // Close idle keep-alive sockets on shutdown instead of waiting for clients to drop them.
    forceCloseConnections: 'idle',
  });
  // Fastify's own not-found handler logs the whole URL at info: anyone could fill the log with
  // their own lines, and a ticket sent to a wrong path landed in it (the log is redacted, but the
  // line was never worth info). It also echoed the URL in the body.
  app.setNotFoundHandler((request, reply) => {
    request.log.debug({ req: request }, 'route not found');
    return reply.code(404).send({ error: 'Not Found', statusCode: 404 });
  });
  registerHealthRoute(app, deps.health);
  registerMetricsRoute(app, deps.registry);
  return app;
}
