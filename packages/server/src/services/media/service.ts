/**
 * The file service (docs/media.md): upload tokens, finishing uploads (sniff, limits, thumbnails,
 * storing), signed download URLs, the elements of messages that name uploads, and the sweep of
 * uploads no message used.
 */
import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import {
  DEFAULT_MEDIA_LIMITS,
  ElemType,
  ErrorCode,
  ImageType,
  type MediaKind,
  type MediaUploadToken,
  type MessageElem,
  type UploadedMedia,
  type WireImage,
} from '@parley/protocol';
import type { Logger } from 'pino';
import type { AppDirectory } from '../../storage/app-directory.js';
import type { MediaFileRecord, MediaStore } from '../../storage/media/store.js';
import type { BlobStore } from './blob-store.js';
import { MediaError, processUpload } from './processing.js';
import {
  mediaKey,
  peekUploadToken,
  signDownloadPath,
  signUploadToken,
  type UploadClaims,
  type Variant,
  verifyDownload,
  verifyUploadToken,
} from './signing.js';

/** Upload tokens live a quarter of an hour: a resumed upload simply asks for a new one. */
export const UPLOAD_TOKEN_SECONDS = 15 * 60;
/**
 * Download URLs live as long as the message that carries them can be read: the app's history
 * retention, plus a day for the clocks and the sweep.
 */
const URL_GRACE_SECONDS = 86_400;
/** Uploads no message named within this time are deleted. */
export const UNREFERENCED_TTL_MS = 86_400_000;
export const UPLOAD_PATH = '/media/uploads';

export interface MediaServiceDeps {
  store: MediaStore;
  blobs: BlobStore;
  apps: Pick<AppDirectory, 'get'>;
  logger: Logger;
  now: () => number;
  /** Fixed lifetime of download URLs, for tests; default: the app's retention plus a day. */
  urlSeconds?: number;
}

export type Resolved = { ok: true; elemList: MessageElem[] } | { ok: false; code: number; desc: string };

/** A new file ID: 128 random bits, so nobody finds a file by guessing. */
export function newFileID(): string {
  return randomBytes(16).toString('base64url');
}

export class MediaService {
  constructor(private readonly deps: MediaServiceDeps) {}

  /** The app's limit for uploads of `kind` (app settings `maxImageBytes`…), in bytes. */
  async limitOf(sdkAppID: number, kind: MediaKind): Promise<number> {
    const app = await this.deps.apps.get(sdkAppID);
    if (!app) return DEFAULT_MEDIA_LIMITS[kind];
    const limits: Record<MediaKind, number> = {
      image: app.maxImageBytes,
      file: app.maxFileBytes,
      sound: app.maxSoundBytes,
      video: app.maxVideoBytes,
    };
    return limits[kind];
  }

  private async keyOf(sdkAppID: number): Promise<Buffer | undefined> {
    const app = await this.deps.apps.get(sdkAppID);
    return app ? mediaKey(app.secretKey) : undefined;
  }

  private nowSeconds(): number {
    return Math.floor(this.deps.now() / 1000);
  }

  async uploadToken(sdkAppID: number, userID: string, kind: MediaKind): Promise<MediaUploadToken> {
    const key = await this.keyOf(sdkAppID);
    if (!key) throw new Error(`app ${sdkAppID} vanished`);
    const expiresAt = this.nowSeconds() + UPLOAD_TOKEN_SECONDS;
    return {
      token: signUploadToken(key, { sdkAppID, userID, kind, expiresAt }),
      uploadPath: UPLOAD_PATH,
      expiresAt,
      maxBytes: await this.limitOf(sdkAppID, kind),
    };
  }

  /** The claims of an `Authorization: Bearer …` header, or why it is refused. */
  async authenticate(header: string | null | undefined): Promise<UploadClaims | MediaError> {
    const token = header?.startsWith('Bearer ') ? header.slice(7).trim() : undefined;
    if (!token) return new MediaError(ErrorCode.ERR_FILE_TRANS_AUTH_FAILED, 401, 'upload token missing');
    const peeked = peekUploadToken(token);
    const key = peeked ? await this.keyOf(peeked.sdkAppID) : undefined;
    if (!key) return new MediaError(ErrorCode.ERR_FILE_TRANS_AUTH_FAILED, 401, 'upload token invalid');
    const checked = verifyUploadToken(key, token, this.nowSeconds());
    if (!checked.ok)
      return new MediaError(ErrorCode.ERR_FILE_TRANS_AUTH_FAILED, 401, `upload token ${checked.reason}`);
    return checked.claims;
  }

  /** Turns a finished upload at `path` into a stored file; the caller removes `path` afterwards. */
  async finish(claims: UploadClaims, fileID: string, path: string): Promise<UploadedMedia> {
    const processed = await processUpload(
      path,
      claims.kind,
      await this.limitOf(claims.sdkAppID, claims.kind),
    );
    const base = `${claims.sdkAppID}/${fileID}`;
    try {
      await this.deps.blobs.putFile(`${base}/original`, path, processed.mimeType);
      const variants: MediaFileRecord['variants'] = {};
      for (const { variant, path: variantPath, info } of processed.variantFiles) {
        await this.deps.blobs.putFile(`${base}/${variant}`, variantPath, info.mimeType);
        variants[variant] = info;
      }
      await this.deps.store.insert({
        sdkAppID: claims.sdkAppID,
        fileID,
        ownerID: claims.userID,
        kind: claims.kind,
        mimeType: processed.mimeType,
        size: processed.size,
        ...(processed.width === undefined ? {} : { width: processed.width, height: processed.height ?? 0 }),
        variants,
        createdAt: this.deps.now(),
      });
    } finally {
      await Promise.all(processed.variantFiles.map((v) => rm(v.path, { force: true })));
    }
    return {
      uuid: fileID,
      kind: claims.kind,
      mimeType: processed.mimeType,
      size: processed.size,
      ...(processed.width === undefined ? {} : { width: processed.width, height: processed.height ?? 0 }),
    };
  }

  private async url(sdkAppID: number, fileID: string, variant: Variant): Promise<string> {
    const app = await this.deps.apps.get(sdkAppID);
    if (!app) throw new Error(`app ${sdkAppID} vanished`);
    const lifetime = this.deps.urlSeconds ?? app.messageRetentionDays * 86_400 + URL_GRACE_SECONDS;
    return signDownloadPath(mediaKey(app.secretKey), sdkAppID, fileID, variant, this.nowSeconds() + lifetime);
  }

  /**
   * Fills the server-owned fields of the media elements of a message from the records of their
   * uploads (sizes, dimensions, signed URLs) and marks those uploads as used. An element naming an
   * upload of another app, an unknown one, or one of the wrong kind is refused.
   */
  async resolveElems(sdkAppID: number, elemList: readonly MessageElem[]): Promise<Resolved> {
    const used: string[] = [];
    const out: MessageElem[] = [];
    const find = async (uuid: string, kinds: MediaKind[]): Promise<MediaFileRecord | string> => {
      const record = await this.deps.store.get(sdkAppID, uuid);
      if (!record) return `no upload ${uuid}`;
      if (!kinds.includes(record.kind))
        return `upload ${uuid} is a ${record.kind}, not a ${kinds.join(' or ')}`;
      used.push(uuid);
      return record;
    };
    for (const elem of elemList) {
      switch (elem.elemType) {
        case ElemType.IMAGE: {
          const record = await find(elem.uuid, ['image']);
          if (typeof record === 'string') return notFound(record);
          const imageList: WireImage[] = [
            {
              type: ImageType.ORIGIN,
              uuid: record.fileID,
              size: record.size,
              width: record.width ?? 0,
              height: record.height ?? 0,
              url: await this.url(sdkAppID, record.fileID, 'original'),
            },
          ];
          for (const [variant, type] of [
            ['large', ImageType.LARGE],
            ['thumb', ImageType.THUMB],
          ] as const) {
            const info = record.variants[variant];
            if (!info) continue;
            imageList.push({
              type,
              uuid: `${record.fileID}_${variant}`,
              size: info.size,
              width: info.width,
              height: info.height,
              url: await this.url(sdkAppID, record.fileID, variant),
            });
          }
          out.push({
            elemType: ElemType.IMAGE,
            uuid: record.fileID,
            imageFormat: imageFormatOf(record),
            imageList,
          });
          break;
        }
        case ElemType.SOUND: {
          const record = await find(elem.uuid, ['sound', 'file']);
          if (typeof record === 'string') return notFound(record);
          out.push({
            elemType: ElemType.SOUND,
            uuid: record.fileID,
            duration: elem.duration,
            dataSize: record.size,
            url: await this.url(sdkAppID, record.fileID, 'original'),
          });
          break;
        }
        case ElemType.FILE: {
          const record = await find(elem.uuid, ['file', 'image', 'sound', 'video']);
          if (typeof record === 'string') return notFound(record);
          out.push({
            elemType: ElemType.FILE,
            uuid: record.fileID,
            fileName: elem.fileName,
            fileSize: record.size,
            url: await this.url(sdkAppID, record.fileID, 'original'),
          });
          break;
        }
        case ElemType.VIDEO: {
          const video = await find(elem.uuid, ['video', 'file']);
          if (typeof video === 'string') return notFound(video);
          const snapshot =
            elem.snapshotUUID === undefined ? undefined : await find(elem.snapshotUUID, ['image']);
          if (typeof snapshot === 'string') return notFound(snapshot);
          out.push({
            elemType: ElemType.VIDEO,
            uuid: video.fileID,
            ...(elem.videoType === undefined ? {} : { videoType: elem.videoType }),
            duration: elem.duration,
            videoSize: video.size,
            videoUrl: await this.url(sdkAppID, video.fileID, 'original'),
            ...(snapshot
              ? {
                  snapshotUUID: snapshot.fileID,
                  snapshotSize: snapshot.size,
                  snapshotWidth: snapshot.width ?? 0,
                  snapshotHeight: snapshot.height ?? 0,
                  snapshotUrl: await this.url(sdkAppID, snapshot.fileID, 'original'),
                }
              : {}),
          });
          break;
        }
        case ElemType.MERGER: {
          const list = await find(elem.uuid, ['file']);
          if (typeof list === 'string') return notFound(list);
          out.push({
            elemType: ElemType.MERGER,
            uuid: list.fileID,
            title: elem.title,
            abstractList: [...elem.abstractList],
            compatibleText: elem.compatibleText,
            layersOverLimit: elem.layersOverLimit,
            url: await this.url(sdkAppID, list.fileID, 'original'),
          });
          break;
        }
        default:
          out.push(elem);
      }
    }
    await this.deps.store.markReferenced(sdkAppID, used, this.deps.now());
    return { ok: true, elemList: out };
  }

  /** Checks a download request; the bytes and their type when it may be served. */
  async download(request: {
    sdkAppID: number;
    fileID: string;
    variant: Variant;
    expiresAt: number;
    signature: string;
  }): Promise<
    | { ok: true; record: MediaFileRecord; mimeType: string; stream: NodeJS.ReadableStream; size: number }
    | MediaError
  > {
    const key = await this.keyOf(request.sdkAppID);
    const verdict = key ? verifyDownload(key, request, this.nowSeconds()) : 'invalid';
    if (verdict !== 'ok')
      return new MediaError(ErrorCode.ERR_FILE_TRANS_AUTH_FAILED, 403, `download URL ${verdict}`);
    const record = await this.deps.store.get(request.sdkAppID, request.fileID);
    const mimeType =
      request.variant === 'original' ? record?.mimeType : record?.variants[request.variant]?.mimeType;
    const blob =
      record && mimeType
        ? await this.deps.blobs.open(`${request.sdkAppID}/${request.fileID}/${request.variant}`)
        : undefined;
    if (!record || !mimeType || !blob)
      return new MediaError(ErrorCode.ERR_FILE_NOT_IM_STORAGE, 404, 'no such file');
    return { ok: true, record, mimeType, stream: blob.stream, size: blob.size };
  }

  /** Deletes uploads no message named within a day of their upload; returns how many. */
  async sweep(now = this.deps.now()): Promise<number> {
    let deleted = 0;
    for (;;) {
      const batch = await this.deps.store.unreferencedBefore(now - UNREFERENCED_TTL_MS, 100);
      for (const record of batch) {
        const base = `${record.sdkAppID}/${record.fileID}`;
        for (const variant of ['original', 'large', 'thumb'] as const)
          await this.deps.blobs.delete(`${base}/${variant}`);
        await this.deps.store.delete(record.sdkAppID, record.fileID);
        deleted += 1;
      }
      if (batch.length < 100) return deleted;
    }
  }
}

function notFound(desc: string): Resolved {
  return { ok: false, code: ErrorCode.ERR_FILE_NOT_IM_STORAGE, desc };
}

function imageFormatOf(record: MediaFileRecord): number {
  const formats: Record<string, number> = { 'image/jpeg': 1, 'image/gif': 2, 'image/png': 3, 'image/bmp': 4 };
  return formats[record.mimeType] ?? 255;
}
