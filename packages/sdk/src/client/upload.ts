/**
 * File uploads for media messages (docs/media.md): the tus protocol over `fetch`, in chunks, so an
 * upload that loses its connection continues from what the server has (`HEAD` tells the offset)
 * instead of starting over. Node reads paths through the reader node.ts installs; browsers pass a
 * `File`/`Blob`, and this module never imports a Node built-in.
 */
import { ErrorCode, type MediaKind, type MediaUploadToken, type UploadedMedia } from '@parley/protocol';

/** Reads a local file (Node only): installed by the Node entry. */
export type PathReader = (path: string) => Promise<Uint8Array>;
let pathReader: PathReader | undefined;

export function setPathReader(reader: PathReader): void {
  pathReader = reader;
}

/** What a `create…Message` call names: a path (Node) or a File/Blob (browser). */
export type UploadSource = { path: string } | { file: Blob };

const CHUNK_BYTES = 1024 * 1024;
/** Attempts per chunk before the upload fails (each after asking the server for its offset). */
const RETRIES = 3;

export type UploadResult = { ok: true; media: UploadedMedia } | { ok: false; code: number; desc: string };

export async function blobOf(source: UploadSource): Promise<Blob | string> {
  if ('file' in source) return source.file;
  if (!pathReader) return 'a path works in Node only: pass `file` (a File or Blob) in a browser';
  try {
    const bytes = await pathReader(source.path);
    return new Blob([bytes as Uint8Array<ArrayBuffer>]);
  } catch (error) {
    return `cannot read ${source.path}: ${error instanceof Error ? error.message : String(error)}`;
  }
}

async function failureOf(response: Response): Promise<UploadResult> {
  try {
    const body = (await response.json()) as { ErrorCode?: number; ErrorInfo?: string };
    if (typeof body.ErrorCode === 'number')
      return {
        ok: false,
        code: body.ErrorCode,
        desc: body.ErrorInfo ?? `upload refused (${response.status})`,
      };
  } catch {
    // Not our JSON: a proxy or tus itself answered.
  }
  return {
    ok: false,
    code: ErrorCode.ERR_FILE_TRANS_UPLOAD_FAILED,
    desc: `upload answered ${response.status}`,
  };
}

/**
 * Uploads `blob` to the server at `origin` with `token`; `progress(sent, total)` after each chunk.
 * `renewToken` gives a fresh token when the first one expires during a long upload.
 */
export async function uploadBlob(options: {
  origin: string;
  token: MediaUploadToken;
  blob: Blob;
  kind: MediaKind;
  progress: (sent: number, total: number) => void;
  renewToken?: () => Promise<MediaUploadToken | undefined>;
}): Promise<UploadResult> {
  const { origin, token, blob } = options;
  let base = {
    'tus-resumable': '1.0.0',
    authorization: `Bearer ${token.token}`,
  };
  if (blob.size > token.maxBytes)
    return {
      ok: false,
      code: ErrorCode.ERR_SDK_COMM_FILE_TOO_LARGE,
      desc: `${options.kind} larger than ${token.maxBytes} bytes`,
    };
  let created: Response;
  try {
    created = await fetch(`${origin}${token.uploadPath}`, {
      method: 'POST',
      headers: { ...base, 'upload-length': String(blob.size) },
    });
  } catch (error) {
    return { ok: false, code: ErrorCode.ERR_FILE_TRANS_UPLOAD_FAILED, desc: String(error) };
  }
  // An empty file is finished by its creation.
  if (created.status === 200) {
    options.progress(0, 0);
    return { ok: true, media: (await created.json()) as UploadedMedia };
  }
  if (created.status !== 201) return failureOf(created);
  const location = created.headers.get('location') ?? '';
  const url = location.startsWith('/') ? `${origin}${location}` : location;
  let offset = 0;
  let failures = 0;
  /** Asks the server how much of the upload it has; keeps `offset` when it cannot say. */
  const resync = async (): Promise<void> => {
    const head = await fetch(url, { method: 'HEAD', headers: base }).catch(() => undefined);
    const known = Number(head?.headers.get('upload-offset'));
    if (head?.ok && Number.isSafeInteger(known)) offset = known;
  };
  for (;;) {
    const chunk = blob.slice(offset, Math.min(blob.size, offset + CHUNK_BYTES));
    let response: Response;
    try {
      response = await fetch(url, {
        method: 'PATCH',
        headers: {
          ...base,
          'upload-offset': String(offset),
          'content-type': 'application/offset+octet-stream',
        },
        body: chunk,
      });
    } catch (error) {
      // The connection dropped: ask what arrived, continue from there.
      failures += 1;
      if (failures > RETRIES)
        return { ok: false, code: ErrorCode.ERR_FILE_TRANS_UPLOAD_FAILED, desc: String(error) };
      await resync();
      continue;
    }
    if (response.status === 409 && failures < RETRIES) {
      // Our offset was stale (the server kept more of a dropped request than it had said): ask again.
      failures += 1;
      await resync();
      continue;
    }
    if (response.status === 401 && options.renewToken && failures < RETRIES) {
      // The token expired during a long upload: the upload is still ours with a new one.
      failures += 1;
      const renewed = await options.renewToken();
      if (renewed) base = { ...base, authorization: `Bearer ${renewed.token}` };
      continue;
    }
    if (response.status === 200) {
      options.progress(blob.size, blob.size);
      return { ok: true, media: (await response.json()) as UploadedMedia };
    }
    if (response.status !== 204) return failureOf(response);
    offset = Number(response.headers.get('upload-offset'));
    options.progress(offset, blob.size);
    if (offset >= blob.size) {
      // Finished but answered without the description: should not happen with a Parley server.
      return { ok: false, code: ErrorCode.ERR_FILE_TRANS_UPLOAD_FAILED, desc: 'no upload description' };
    }
  }
}
