/**
 * Files and the element types that carry them (im-features.md §1.2; docs/media.md).
 *
 * A client uploads a file over HTTP (tus, resumable) with a short-lived upload token it gets over
 * its logged-in WebSocket (`getMediaUploadToken`), then sends a message whose element names the
 * upload by `uuid`. The server fills every server-owned field of the element (sizes, dimensions,
 * signed download URLs) from its own record of the upload, so a client can never point a message
 * at a file of another app or forge a URL.
 */

/** What an upload is for: it decides the size limit and, for images, the thumbnails. */
export type MediaKind = 'image' | 'file' | 'sound' | 'video';
export const MEDIA_KINDS: readonly MediaKind[] = Object.freeze(['image', 'file', 'sound', 'video']);

/** Default size limits in bytes (im-features.md §11: image 28 MB, file and video 100 MB; sound as images). */
export const DEFAULT_MEDIA_LIMITS: Readonly<Record<MediaKind, number>> = Object.freeze({
  image: 28 * 1024 * 1024,
  file: 100 * 1024 * 1024,
  sound: 28 * 1024 * 1024,
  video: 100 * 1024 * 1024,
});

/** Longest side of the server-made image variants, in pixels (never upscaled). */
export const IMAGE_LARGE_PX = 720;
export const IMAGE_THUMB_PX = 198;

/** The variants of an image in `imageList`, numbered as V2TIM's `V2TIMImageType`. */
export const ImageType = Object.freeze({ ORIGIN: 0, THUMB: 1, LARGE: 2 } as const);
export type ImageType = (typeof ImageType)[keyof typeof ImageType];

/** One variant of an image, as the server describes it. */
export interface WireImage {
  type: ImageType;
  uuid: string;
  /** Bytes. */
  size: number;
  width: number;
  height: number;
  /** A signed, expiring download URL (relative to the server's address when it starts with `/`). */
  url: string;
}

/** Image (3): the client sends `uuid`; the server adds `imageList` (original, large, thumb). */
export interface ImageElem {
  elemType: 3;
  uuid: string;
  /** REST `ImageFormat`: JPG 1, GIF 2, PNG 3, BMP 4, other 255 (set by the server). */
  imageFormat?: number;
  imageList?: WireImage[];
}

/** Sound (4): `duration` in seconds is the client's; `dataSize` and `url` the server's. */
export interface SoundElem {
  elemType: 4;
  uuid: string;
  duration: number;
  dataSize?: number;
  url?: string;
}

/** Video (5) with its optional snapshot image, each an upload of its own. */
export interface VideoElem {
  elemType: 5;
  uuid: string;
  /** Container format the client reports, such as `mp4`. */
  videoType?: string;
  duration: number;
  videoSize?: number;
  videoUrl?: string;
  snapshotUUID?: string;
  snapshotSize?: number;
  snapshotWidth?: number;
  snapshotHeight?: number;
  snapshotUrl?: string;
}

/** File (6): `fileName` is the client's; `fileSize` and `url` the server's. */
export interface FileElem {
  elemType: 6;
  uuid: string;
  fileName: string;
  fileSize?: number;
  url?: string;
}

/** Location (7): nothing uploaded. */
export interface LocationElem {
  elemType: 7;
  desc: string;
  longitude: number;
  latitude: number;
}

/** Face (8): a sticker from the app's own pack, opaque to the server. */
export interface FaceElem {
  elemType: 8;
  index: number;
  data: string;
}

/**
 * Merger (10): several messages forwarded as one (§1.7). The list itself is an upload of its own (a
 * JSON file the sending SDK makes), so its size is not bound by the 12 KB of a message body.
 */
export interface MergerElem {
  elemType: 10;
  uuid: string;
  title: string;
  abstractList: string[];
  /** What a client that cannot show merged messages shows instead. */
  compatibleText: string;
  /** Nested deeper than 100 levels: the innermost cannot be opened. */
  layersOverLimit: boolean;
  /** The list's download URL (server-written). */
  url?: string;
}

/** Most messages a merger may hold, abstracts it may show and their length (im-features §11). */
export const MAX_MERGER_MESSAGES = 300;
export const MAX_MERGER_ABSTRACTS = 5;
export const MAX_MERGER_ABSTRACT_CHARS = 100;
export const MAX_MERGER_LAYERS = 100;

export type MediaElem = ImageElem | SoundElem | VideoElem | FileElem | MergerElem;

/** What a finished upload answers (the JSON body of the last tus PATCH). */
export interface UploadedMedia {
  uuid: string;
  kind: MediaKind;
  /** The type sniffed from the bytes (`application/octet-stream` when unknown). */
  mimeType: string;
  size: number;
  /** Images only. */
  width?: number;
  height?: number;
}

export interface MediaUploadToken {
  /** Sent as `Authorization: Bearer <token>` on every tus request of the upload. */
  token: string;
  /** The tus endpoint, relative to the server's HTTP address. */
  uploadPath: string;
  /** Seconds since the epoch. */
  expiresAt: number;
  /** The largest file of this kind, in bytes. */
  maxBytes: number;
}

export interface MediaOps {
  /** A short-lived token that lets this user upload one or more files of `kind` over HTTP. */
  getMediaUploadToken: { request: { kind: MediaKind }; reply: MediaUploadToken };
}
