/** Records of uploaded files (docs/media.md), on SQLite and PostgreSQL alike. */
import type { MediaKind } from '@parley/protocol';
import type { Kysely } from 'kysely';
import type { StorageSchema } from '../schema.js';

/** A server-made variant of an image. */
export interface MediaVariant {
  size: number;
  width: number;
  height: number;
  mimeType: string;
}

export interface MediaFileRecord {
  sdkAppID: number;
  fileID: string;
  ownerID: string;
  kind: MediaKind;
  mimeType: string;
  size: number;
  width?: number;
  height?: number;
  variants: { large?: MediaVariant; thumb?: MediaVariant };
  createdAt: number;
  referencedAt?: number;
}

export interface MediaStore {
  insert(record: MediaFileRecord): Promise<void>;
  get(sdkAppID: number, fileID: string): Promise<MediaFileRecord | undefined>;
  /** Marks files as used by a message (the first use counts; later ones change nothing). */
  markReferenced(sdkAppID: number, fileIDs: readonly string[], at: number): Promise<void>;
  /** Up to `limit` files no message named that were created before `before`. */
  unreferencedBefore(before: number, limit: number): Promise<MediaFileRecord[]>;
  delete(sdkAppID: number, fileID: string): Promise<void>;
}

type Row = StorageSchema['media_files'];

function fromRow(row: Row): MediaFileRecord {
  return {
    sdkAppID: Number(row.sdk_app_id),
    fileID: row.file_id,
    ownerID: row.owner_id,
    kind: row.kind as MediaKind,
    mimeType: row.mime_type,
    size: Number(row.size),
    ...(row.width === null ? {} : { width: Number(row.width) }),
    ...(row.height === null ? {} : { height: Number(row.height) }),
    variants: JSON.parse(row.variants) as MediaFileRecord['variants'],
    createdAt: Number(row.created_at),
    ...(row.referenced_at === null ? {} : { referencedAt: Number(row.referenced_at) }),
  };
}

export function createMediaStore(db: Kysely<StorageSchema>): MediaStore {
  return {
    async insert(record) {
      await db
        .insertInto('media_files')
        .values({
          sdk_app_id: record.sdkAppID,
          file_id: record.fileID,
          owner_id: record.ownerID,
          kind: record.kind,
          mime_type: record.mimeType,
          size: record.size,
          width: record.width ?? null,
          height: record.height ?? null,
          variants: JSON.stringify(record.variants),
          created_at: record.createdAt,
          referenced_at: record.referencedAt ?? null,
        })
        .execute();
    },

    async get(sdkAppID, fileID) {
      const row = await db
        .selectFrom('media_files')
        .selectAll()
        .where('sdk_app_id', '=', sdkAppID)
        .where('file_id', '=', fileID)
        .executeTakeFirst();
      return row === undefined ? undefined : fromRow(row);
    },

    async markReferenced(sdkAppID, fileIDs, at) {
      if (fileIDs.length === 0) return;
      await db
        .updateTable('media_files')
        .set({ referenced_at: at })
        .where('sdk_app_id', '=', sdkAppID)
        .where('file_id', 'in', [...fileIDs])
        .where('referenced_at', 'is', null)
        .execute();
    },

    async unreferencedBefore(before, limit) {
      const rows = await db
        .selectFrom('media_files')
        .selectAll()
        .where('referenced_at', 'is', null)
        .where('created_at', '<', before)
        .limit(limit)
        .execute();
      return rows.map(fromRow);
    },

    async delete(sdkAppID, fileID) {
      await db
        .deleteFrom('media_files')
        .where('sdk_app_id', '=', sdkAppID)
        .where('file_id', '=', fileID)
        .execute();
    },
  };
}
