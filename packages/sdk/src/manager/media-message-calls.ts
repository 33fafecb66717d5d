/**
 * Media messages (im-features.md §1.2–1.3; docs/media.md): the `create…Message` checks and the
 * upload that `sendMessage` runs first. The files of a created message are kept beside it (never on
 * the message itself, which is copied to the caller) until they are uploaded.
 */
import { ErrorCode, type MediaKind } from '@parley/protocol';
import type { Messaging } from '../client/messaging.js';
import { fail } from '../client/results.js';
import { blobOf, type UploadSource, uploadBlob } from '../client/upload.js';
import type { V2TimMessage } from '../message-types.js';
import type { V2TimCallback } from '../types.js';

/** The files a created message still has to upload, by role. */
export interface PendingUploads {
  main: { kind: MediaKind; source: UploadSource };
  snapshot?: UploadSource;
}

/** `path` (Node) or `file` (browser), whichever the caller gave; a string when neither is usable. */
export function sourceOf(path: unknown, file: unknown): UploadSource | string {
  if (typeof Blob !== 'undefined' && file instanceof Blob) return { file };
  if (typeof path === 'string' && path !== '') return { path };
  return 'give a path (Node) or file (a File or Blob)';
}

export function finiteNumber(value: unknown, name: string, min: number, max: number): number | string {
  return typeof value === 'number' && Number.isFinite(value) && value >= min && value <= max
    ? value
    : `${name} must be a number from ${min} to ${max}`;
}

/**
 * Uploads what `message` still needs and writes the upload IDs into its element; `progress` gets 0
 * to 100. Resolves undefined when done, or the failure.
 */
export async function uploadPending(
  messaging: Messaging,
  origin: string,
  message: V2TimMessage,
  pending: PendingUploads,
  progress: (percent: number) => void,
): Promise<V2TimCallback | undefined> {
  const jobs: { kind: MediaKind; source: UploadSource; done: (uuid: string) => void }[] = [
    {
      ...pending.main,
      done: (uuid) => {
        if (message.imageElem) message.imageElem.uuid = uuid;
        if (message.soundElem) message.soundElem.UUID = uuid;
        if (message.videoElem) message.videoElem.UUID = uuid;
        if (message.fileElem) message.fileElem.UUID = uuid;
        if (message.mergerElem) message.mergerElem.uuid = uuid;
      },
    },
  ];
  if (pending.snapshot && message.videoElem) {
    const video = message.videoElem;
    jobs.push({ kind: 'image', source: pending.snapshot, done: (uuid) => (video.snapshotUUID = uuid) });
  }
  const blobs: Blob[] = [];
  for (const job of jobs) {
    const blob = await blobOf(job.source);
    if (typeof blob === 'string') return fail(ErrorCode.ERR_INVALID_PARAMETERS, blob);
    blobs.push(blob);
  }
  const total = blobs.reduce((sum, blob) => sum + blob.size, 0) || 1;
  let before = 0;
  for (const [index, job] of jobs.entries()) {
    const blob = blobs[index] as Blob;
    const token = await messaging.request('getMediaUploadToken', { kind: job.kind });
    if (token.code !== 0 || !token.data) return fail(token.code, token.desc);
    const result = await uploadBlob({
      origin,
      token: token.data,
      blob,
      kind: job.kind,
      progress: (sent) => progress(Math.floor(((before + sent) * 100) / total)),
      renewToken: async () => (await messaging.request('getMediaUploadToken', { kind: job.kind })).data,
    });
    if (!result.ok) return fail(result.code, result.desc);
    job.done(result.media.uuid);
    before += blob.size;
  }
  return undefined;
}
