/**
 * The HTTP side of the file service (docs/media.md): tus uploads at `/media/uploads` (every request
 * carries an upload token; an upload can only be continued by the user who started it) and signed
 * downloads at `/media/files/<sdkAppID>/<fileID>/<variant>?e=…&s=…`.
 */
import { join } from 'node:path';
import { ErrorCode } from '@parley/protocol';
import { FileStore } from '@tus/file-store';
import { Server as TusServer } from '@tus/server';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import { MAX_UPLOAD_LIMIT } from '../../storage/app-settings.js';
import { MediaError } from './processing.js';
import { type MediaService, newFileID, UNREFERENCED_TTL_MS, UPLOAD_PATH } from './service.js';
import { type UploadClaims, VARIANTS, type Variant } from './signing.js';

/** Parley's own keys in a tus upload's metadata: who started it, for what. */
const META_APP = 'parleyApp';
const META_USER = 'parleyUser';
const META_KIND = 'parleyKind';

/** The shape of the IDs `newFileID` makes. */
const FILE_ID = /^[A-Za-z0-9_-]{1,64}$/;

/** Types a browser may show inline; anything else is served as a download, never as a page. */
const INLINE_TYPES = /^(image\/(jpeg|png|gif|webp|avif)|audio\/|video\/)/;

function refuse(reply: FastifyReply, error: MediaError): FastifyReply {
  return reply
    .code(error.status)
    .header('cache-control', 'no-store')
    .send({ ErrorCode: error.code, ErrorInfo: error.message });
}

function tusError(error: MediaError): { status_code: number; body: string } {
  return {
    status_code: error.status,
    body: JSON.stringify({ ErrorCode: error.code, ErrorInfo: error.message }),
  };
}

export interface MediaRoutes {
  register(http: FastifyInstance): Promise<void>;
  /** Removes staged uploads older than a day (abandoned ones). */
  sweepStaged(): Promise<number>;
}

export function createMediaRoutes(service: MediaService, stagingDir: string, logger: Logger): MediaRoutes {
  const datastore = new FileStore({
    directory: stagingDir,
    expirationPeriodInMilliseconds: UNREFERENCED_TTL_MS,
  });
  const claimsOfRequest = async (header: string | null): Promise<UploadClaims> => {
    const claims = await service.authenticate(header);
    if (claims instanceof MediaError) throw tusError(claims);
    return claims;
  };
  const tus = new TusServer({
    path: UPLOAD_PATH,
    datastore,
    relativeLocation: true,
    // Each app's own limit per kind is checked before tus sees the creation (guard below).
    maxSize: MAX_UPLOAD_LIMIT,
    namingFunction: () => newFileID(),
    async onUploadCreate(req, upload) {
      const claims = await claimsOfRequest(req.headers.get('authorization'));
      return {
        metadata: {
          ...upload.metadata,
          [META_APP]: String(claims.sdkAppID),
          [META_USER]: claims.userID,
          [META_KIND]: claims.kind,
        },
      };
    },
    async onUploadFinish(_req, upload) {
      const meta = upload.metadata ?? {};
      const claims: UploadClaims = {
        sdkAppID: Number(meta[META_APP]),
        userID: meta[META_USER] ?? '',
        kind: meta[META_KIND] as UploadClaims['kind'],
        expiresAt: 0,
      };
      try {
        const uploaded = await service.finish(claims, upload.id, join(stagingDir, upload.id));
        return {
          status_code: 200,
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(uploaded),
        };
      } catch (error) {
        // Refused for good: the staged bytes go once tus has answered.
        setImmediate(() => void datastore.remove(upload.id).catch(() => {}));
        if (error instanceof MediaError) throw tusError(error);
        logger.error({ err: error }, 'finishing an upload failed');
        throw tusError(new MediaError(ErrorCode.ERR_FILE_TRANS_UPLOAD_FAILED, 500, 'upload failed'));
      }
    },
  });

  // Stored now: the staged bytes go once tus has answered (it still reads the upload until then).
  tus.on('POST_FINISH', (_req, _res, upload) => {
    void datastore.remove(upload.id).catch(() => {});
  });

  /** Checks the token, and that a continued upload is the caller's own, before tus sees the request. */
  const guard = async (request: FastifyRequest, reply: FastifyReply): Promise<unknown> => {
    if (request.method === 'OPTIONS') return undefined;
    const claims = await service.authenticate(request.headers.authorization);
    if (claims instanceof MediaError) return refuse(reply, claims);
    const id = (request.params as { id?: string }).id;
    if (id === undefined) {
      if (request.method !== 'POST') return reply.code(405).send();
      const length = Number(request.headers['upload-length']);
      if (!Number.isSafeInteger(length) || length < 0)
        return refuse(
          reply,
          new MediaError(ErrorCode.ERR_INVALID_PARAMETERS, 400, 'Upload-Length is required'),
        );
      const limit = await service.limitOf(claims.sdkAppID, claims.kind);
      if (length > limit)
        return refuse(
          reply,
          new MediaError(
            ErrorCode.ERR_SDK_COMM_FILE_TOO_LARGE,
            413,
            `${claims.kind} larger than ${limit} bytes`,
          ),
        );
      return undefined;
    }
    // Only IDs this server makes reach the store: never a path of the caller's choosing.
    const upload = FILE_ID.test(id) ? await datastore.getUpload(id).catch(() => undefined) : undefined;
    const meta = upload?.metadata ?? {};
    if (!upload || meta[META_APP] !== String(claims.sdkAppID) || meta[META_USER] !== claims.userID)
      return refuse(reply, new MediaError(ErrorCode.ERR_FILE_NOT_IM_STORAGE, 404, 'no such upload'));
    return undefined;
  };

  return {
    async register(http) {
      await http.register(async (scope) => {
        // tus bodies are raw bytes that tus reads from the request itself.
        scope.addContentTypeParser('application/offset+octet-stream', (_request, _payload, done) =>
          done(null),
        );
        const handler = async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
          reply.hijack();
          await tus.handle(request.raw, reply.raw);
        };
        const methods = ['POST', 'HEAD', 'PATCH', 'OPTIONS', 'DELETE'] as const;
        scope.route({ method: [...methods], url: UPLOAD_PATH, preHandler: guard, handler });
        scope.route({ method: [...methods], url: `${UPLOAD_PATH}/:id`, preHandler: guard, handler });

        scope.get('/media/files/:app/:id/:variant', async (request, reply) => {
          const { app, id, variant } = request.params as { app: string; id: string; variant: string };
          const { e, s } = request.query as { e?: string; s?: string };
          const sdkAppID = Number(app);
          const expiresAt = Number(e);
          if (
            !Number.isSafeInteger(sdkAppID) ||
            !FILE_ID.test(id) ||
            !VARIANTS.includes(variant as Variant) ||
            !Number.isSafeInteger(expiresAt) ||
            typeof s !== 'string'
          )
            return refuse(
              reply,
              new MediaError(ErrorCode.ERR_FILE_TRANS_AUTH_FAILED, 403, 'download URL invalid'),
            );
          const found = await service.download({
            sdkAppID,
            fileID: id,
            variant: variant as Variant,
            expiresAt,
            signature: s,
          });
          if (found instanceof MediaError) return refuse(reply, found);
          const inline = INLINE_TYPES.test(found.mimeType);
          return (
            reply
              .header('content-type', inline ? found.mimeType : 'application/octet-stream')
              .header('content-length', found.size)
              .header('content-disposition', inline ? 'inline' : 'attachment')
              .header('cache-control', 'private, max-age=3600')
              // Even a file a browser shows is never a page of this origin: no scripts, no requests.
              .header('content-security-policy', "default-src 'none'; sandbox")
              .send(found.stream)
          );
        });
      });
    },
    sweepStaged: () => tus.cleanUpExpiredUploads(),
  };
}
