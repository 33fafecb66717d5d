import helmet from '@fastify/helmet';
import Fastify, {
  type FastifyBaseLogger,
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
  LogController,
} from 'fastify';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import { DEFAULT_HTTP_CONFIG, type HttpConfig } from '../config.js';
import { type HealthState, registerHealthRoute } from './health.js';
import { registerMetricsRoute } from './metrics.js';
import { SECURITY_HEADERS } from './security-headers.js';

export interface HttpAppDeps {
  logger: Logger;
  registry: Registry;
  health: HealthState;
  /** Time bounds of requests; `DEFAULT_HTTP_CONFIG` when absent. */
  timeouts?: HttpConfig;
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
  const timeouts = deps.timeouts ?? DEFAULT_HTTP_CONFIG;
  const app = Fastify({
    loggerInstance,
    logController: new QuietRequestLog(),
    // Fastify turns node's request timeout off (0) and keeps sockets without a timeout: a client that
    // never finishes its body held a socket and a file descriptor for ever, and a thousand of them
    // locked everyone out. Every phase is bounded: headers, the whole request, silence on the socket
    // during a request, and idleness between keep-alive requests. WebSockets are not affected: `ws`
    // clears the socket timeout at the upgrade, and the gateway's heartbeat watches them instead.
    requestTimeout: timeouts.requestTimeoutMs,
    connectionTimeout: timeouts.requestTimeoutMs,
    keepAliveTimeout: timeouts.keepAliveTimeoutMs,
    http: {
      headersTimeout: timeouts.headersTimeoutMs,
      // Node checks the two timeouts above only this often (30 s by default).
      connectionsCheckingInterval: Math.max(50, Math.min(1_000, Math.floor(timeouts.headersTimeoutMs / 4))),
    },
    // Close idle keep-alive sockets on shutdown instead of waiting for clients to drop them.
    forceCloseConnections: 'idle',
  });
  // X-Content-Type-Options, Referrer-Policy, a CSP with frame-ancestors… on every answer.
  void app.register(helmet, SECURITY_HEADERS);
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
