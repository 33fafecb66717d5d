/**
 * The file service (docs/media.md): the `getMediaUploadToken` op, the HTTP routes (returned, for the
 * composition root to mount) and the hourly sweep of uploads no message used.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { ErrorCode, MEDIA_KINDS } from '@parley/protocol';
import { z } from 'zod';
import type { FeatureContext } from '../registry.js';
import { openBlobStore } from './blob-store.js';
import { createMediaRoutes, type MediaRoutes } from './routes.js';
import { MediaService } from './service.js';

const SWEEP_MS = 60 * 60_000;

export function registerMedia(ctx: FeatureContext): { service: MediaService; routes: MediaRoutes } {
  const blobs = openBlobStore(ctx.config.media?.location, ctx.config.media?.dataDir ?? '.');
  const service = new MediaService({
    store: ctx.storage.media,
    blobs,
    apps: ctx.apps,
    logger: ctx.logger,
    now: ctx.now,
  });
  // Uploads in progress stay on this node's disk whatever the store (docs/media.md "Cluster").
  const stagingDir = join(ctx.config.media?.dataDir ?? '.', 'media', 'uploads');
  mkdirSync(stagingDir, { recursive: true, mode: 0o700 });
  const routes = createMediaRoutes(service, stagingDir, ctx.logger);
  ctx.logger.info({ store: blobs.description }, 'file service ready');

  ctx.ops.add(
    'getMediaUploadToken',
    z.strictObject({ kind: z.enum(MEDIA_KINDS as [string, ...string[]]) }),
    async (caller, data) => {
      try {
        return {
          code: 0,
          desc: '',
          data: await service.uploadToken(caller.sdkAppID, caller.userID, data.kind),
        };
      } catch {
        return { code: ErrorCode.ERR_FILE_TRANS_AUTH_FAILED, desc: 'no upload token for this app' };
      }
    },
  );

  const timer = setInterval(() => {
    void Promise.all([service.sweep(), routes.sweepStaged()]).catch((error: unknown) =>
      ctx.logger.warn({ err: error }, 'sweeping unused uploads failed'),
    );
  }, SWEEP_MS);
  timer.unref();
  ctx.onClose(() => {
    clearInterval(timer);
    blobs.close();
  });
  return { service, routes };
}
