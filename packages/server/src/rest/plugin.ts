/**
 * The REST admin API as a fastify plugin: `POST /v4/<service>/<command>?sdkappid=&identifier=&usersig=
 * &random=&contenttype=json` (contracts §5, login.md §8). Every answer under `/v4` is HTTP 200 with
 * the envelope, whatever went wrong, because the original's clients read only the body.
 */
import { ErrorCode } from '@parley/protocol';
import type { FastifyError, FastifyInstance, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import { createRestDispatcher, type RestDispatchDeps, type RestRequest } from './dispatch.js';
import { fail, type RestEnvelope, type RestResult, render } from './envelope.js';

/** Largest request body accepted (60008 beyond), the same ceiling as a WebSocket frame. */
export const MAX_REST_BODY_BYTES = 1024 * 1024;

export type RestApiDeps = RestDispatchDeps;

/** Registers the REST API (`/v4/…`) on the HTTP server. Call it before the server listens. */
export async function registerRestApi(http: FastifyInstance, deps: RestApiDeps): Promise<void> {
  const logger = deps.logger.child({ component: 'rest' });
  const dispatch = createRestDispatcher({ ...deps, logger });
  await registerEnvelopeRoutes(http, ['/v4', '/v4/*'], dispatch, logger);
}

/**
 * Serves `paths` with the envelope, in their own fastify scope: the scope reads bodies as raw bytes
 * (so broken JSON becomes envelope 60003, not fastify's HTTP 400) and turns every error into an
 * envelope. Every method answers, so a client never meets a bare 404 or 405. The console API is the
 * other user of this (http/console-api.ts).
 */
export async function registerEnvelopeRoutes(
  http: FastifyInstance,
  paths: readonly string[],
  dispatch: (request: RestRequest) => Promise<RestResult>,
  logger: Logger,
): Promise<void> {
  await http.register(async (scope) => {
    // Bodies arrive as bytes whatever their content type (clients of the original send all sorts);
    // the endpoint parses them, so JSON errors get the envelope's codes.
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser(
      '*',
      { parseAs: 'buffer', bodyLimit: MAX_REST_BODY_BYTES },
      (_req, body, done) => {
        done(null, body);
      },
    );

    // Errors raised before the handler runs: a body over the limit, a body shorter than its
    // Content-Length, a malformed Content-Type.
    scope.setErrorHandler((error: FastifyError, request, reply) => {
      const clientError = error.statusCode !== undefined && error.statusCode < 500;
      if (!clientError) logger.error({ err: error, path: pathOf(request.url) }, 'REST request failed');
      const result =
        error.code === 'FST_ERR_CTP_BODY_TOO_LARGE'
          ? fail(
              ErrorCode.ERR_REST_BAD_REQUEST,
              `the request body is larger than ${MAX_REST_BODY_BYTES} bytes`,
            )
          : clientError
            ? fail(ErrorCode.ERR_REST_BAD_REQUEST, error.message)
            : fail(ErrorCode.ERR_INTERNAL);
      return reply.code(200).send(render(result));
    });

    const handler = async (request: FastifyRequest): Promise<RestEnvelope> => {
      try {
        const rawBody = Buffer.isBuffer(request.body) ? request.body : undefined;
        return render(await dispatch({ method: request.method, target: request.url, rawBody }));
      } catch (error) {
        logger.error({ err: error, path: pathOf(request.url) }, 'REST call failed');
        return render(fail(ErrorCode.ERR_INTERNAL));
      }
    };
    for (const path of paths) scope.all(path, handler);
  });
}

/** The path of a request target, without its query (which carries the admin's ticket). */
function pathOf(target: string): string {
  const query = target.indexOf('?');
  return query < 0 ? target : target.slice(0, query);
}
