/**
 * What the server learns from an upload's bytes (docs/media.md "Types and thumbnails"): its type
 * sniffed from the content (never the name the client gave), the size limit of its kind, and for
 * images the dimensions and the two server-made variants.
 */
import { stat } from 'node:fs/promises';
import { ErrorCode, IMAGE_LARGE_PX, IMAGE_THUMB_PX, type MediaKind } from '@parley/protocol';
import { fileTypeFromFile } from 'file-type';
import sharp, { type Metadata } from 'sharp';
import type { MediaVariant } from '../../storage/media/store.js';

/** A refused upload: its V2TIM code and the HTTP status the upload request answers with. */
export class MediaError extends Error {
  constructor(
    readonly code: number,
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** Image formats the server decodes and makes variants of. */
const IMAGE_FORMATS = new Set(['jpeg', 'png', 'gif', 'webp', 'avif', 'tiff']);

export interface ProcessedUpload {
  mimeType: string;
  size: number;
  width?: number;
  height?: number;
  /** Local files of the server-made variants, to be stored beside the original. */
  variantFiles: { variant: 'large' | 'thumb'; path: string; info: MediaVariant }[];
}

export async function processUpload(
  path: string,
  kind: MediaKind,
  limitBytes: number,
): Promise<ProcessedUpload> {
  const { size } = await stat(path);
  if (size > limitBytes)
    throw new MediaError(
      ErrorCode.ERR_SDK_COMM_FILE_TOO_LARGE,
      413,
      `${kind} larger than ${limitBytes} bytes`,
    );
  const sniffed = await fileTypeFromFile(path);
  const mimeType = sniffed?.mime ?? 'application/octet-stream';
  if (kind !== 'image') return { mimeType, size, variantFiles: [] };

  let metadata: Metadata;
  try {
    metadata = await sharp(path).metadata();
  } catch {
    throw new MediaError(ErrorCode.ERR_IMAGE_FORMAT_INVALID, 415, 'not an image');
  }
  if (!IMAGE_FORMATS.has(metadata.format ?? '') || !metadata.width || !metadata.height)
    throw new MediaError(ErrorCode.ERR_IMAGE_FORMAT_INVALID, 415, `not an image (${mimeType})`);
  // Photos taken sideways say so in EXIF: dimensions as the image is shown.
  const { width, height } = metadata.autoOrient ?? metadata;
  // JPEG stays JPEG (photos); everything else becomes PNG, which keeps transparency.
  const jpeg = metadata.format === 'jpeg';
  const variantFiles: ProcessedUpload['variantFiles'] = [];
  for (const [variant, px] of [
    ['large', IMAGE_LARGE_PX],
    ['thumb', IMAGE_THUMB_PX],
  ] as const) {
    const out = `${path}.${variant}`;
    const pipeline = sharp(path)
      .rotate()
      .resize({ width: px, height: px, fit: 'inside', withoutEnlargement: true });
    const info = await (jpeg ? pipeline.jpeg({ quality: 85 }) : pipeline.png()).toFile(out);
    variantFiles.push({
      variant,
      path: out,
      info: {
        size: info.size,
        width: info.width,
        height: info.height,
        mimeType: jpeg ? 'image/jpeg' : 'image/png',
      },
    });
  }
  return {
    mimeType,
    size,
    width,
    height,
    variantFiles,
  };
}
