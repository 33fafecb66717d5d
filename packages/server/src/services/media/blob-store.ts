/**
 * Where finished files live (docs/media.md "Storage"): a folder on local disk by default, or an
 * S3-compatible bucket so that every node of a cluster serves every file. Keys are
 * `<sdkAppID>/<fileID>/<variant>`, built by the service from checked parts only.
 */
import { createReadStream } from 'node:fs';
import { copyFile, mkdir, rm, stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { Readable } from 'node:stream';
import {
  DeleteObjectCommand,
  GetObjectCommand,
  NoSuchKey,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';

export interface BlobStore {
  /** For the start-up log; never holds a credential. */
  readonly description: string;
  /** Copies the local file at `path` under `key`. */
  putFile(key: string, path: string, contentType: string): Promise<void>;
  /** The bytes under `key`, or `undefined` when there are none. */
  open(key: string): Promise<{ stream: Readable; size: number } | undefined>;
  delete(key: string): Promise<void>;
  close(): void;
}

/** Files under `root`, one folder per app and file. */
export class LocalBlobStore implements BlobStore {
  readonly description: string;

  constructor(private readonly root: string) {
    this.description = `folder ${root}`;
  }

  private path(key: string): string {
    return join(this.root, ...key.split('/'));
  }

  async putFile(key: string, path: string): Promise<void> {
    const target = this.path(key);
    await mkdir(dirname(target), { recursive: true, mode: 0o700 });
    await copyFile(path, target);
  }

  async open(key: string): Promise<{ stream: Readable; size: number } | undefined> {
    const path = this.path(key);
    try {
      const { size } = await stat(path);
      return { stream: createReadStream(path), size };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  }

  async delete(key: string): Promise<void> {
    await rm(this.path(key), { force: true });
  }

  close(): void {}
}

/** An S3-compatible bucket (AWS, MinIO, s3rver…). */
export class S3BlobStore implements BlobStore {
  readonly description: string;
  private readonly client: S3Client;

  constructor(
    private readonly bucket: string,
    options: {
      endpoint?: string;
      region: string;
      credentials?: { accessKeyId: string; secretAccessKey: string };
    },
  ) {
    this.description = `s3 bucket ${bucket}${options.endpoint ? ` at ${options.endpoint}` : ''}`;
    this.client = new S3Client({
      region: options.region,
      // Checksums only where S3 demands them: many S3-compatible stores reject the newer trailers.
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
      ...(options.endpoint ? { endpoint: options.endpoint, forcePathStyle: true } : {}),
      ...(options.credentials ? { credentials: options.credentials } : {}),
    });
  }

  async putFile(key: string, path: string, contentType: string): Promise<void> {
    const { size } = await stat(path);
    await this.client.send(
      new PutObjectCommand({
        Bucket: this.bucket,
        Key: key,
        Body: createReadStream(path),
        ContentLength: size,
        ContentType: contentType,
      }),
    );
  }

  async open(key: string): Promise<{ stream: Readable; size: number } | undefined> {
    try {
      const answer = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
      const body = answer.Body;
      if (!(body instanceof Readable)) throw new Error('S3 answered without a body stream');
      return { stream: body, size: answer.ContentLength ?? 0 };
    } catch (error) {
      if (error instanceof NoSuchKey) return undefined;
      throw error;
    }
  }

  async delete(key: string): Promise<void> {
    await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: key }));
  }

  close(): void {
    this.client.destroy();
  }
}

/**
 * The store `--media` names: `s3://bucket?endpoint=URL&region=R&accessKeyId=…&secretAccessKey=…`
 * (credentials default to the AWS environment and profile chain), or a folder path; nothing means
 * `<dataDir>/media/files`.
 */
export function openBlobStore(text: string | undefined, dataDir: string): BlobStore {
  if (text === undefined) return new LocalBlobStore(resolve(dataDir, 'media', 'files'));
  if (!text.startsWith('s3://')) return new LocalBlobStore(resolve(text));
  const url = new URL(text);
  const bucket = url.hostname;
  if (bucket === '') throw new Error('--media s3://… needs a bucket name');
  const endpoint = url.searchParams.get('endpoint') ?? undefined;
  const accessKeyId = url.searchParams.get('accessKeyId');
  const secretAccessKey = url.searchParams.get('secretAccessKey');
  return new S3BlobStore(bucket, {
    ...(endpoint ? { endpoint } : {}),
    region: url.searchParams.get('region') ?? 'us-east-1',
    ...(accessKeyId && secretAccessKey ? { credentials: { accessKeyId, secretAccessKey } } : {}),
  });
}
