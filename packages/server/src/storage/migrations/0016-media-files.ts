import type { Kysely } from 'kysely';
import type { DialectMigration } from './dialect-migration.js';

/**
 * Uploaded files (docs/media.md): one row per finished upload, with what the server learned from
 * its bytes. `referenced_at` is set by the first message that names the file; files without it
 * after a day are swept. Image variants (large, thumb) are described in `variants` as JSON.
 */
export const mediaFiles: DialectMigration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable('media_files')
      .addColumn('sdk_app_id', 'bigint', (col) => col.notNull())
      .addColumn('file_id', 'text', (col) => col.notNull())
      .addColumn('owner_id', 'text', (col) => col.notNull())
      .addColumn('kind', 'text', (col) => col.notNull())
      .addColumn('mime_type', 'text', (col) => col.notNull())
      .addColumn('size', 'bigint', (col) => col.notNull())
      .addColumn('width', 'integer')
      .addColumn('height', 'integer')
      .addColumn('variants', 'text', (col) => col.notNull())
      .addColumn('created_at', 'bigint', (col) => col.notNull())
      .addColumn('referenced_at', 'bigint')
      .addPrimaryKeyConstraint('media_files_pk', ['sdk_app_id', 'file_id'])
      .execute();
    await db.schema
      .createIndex('media_files_unreferenced')
      .on('media_files')
      .columns(['referenced_at', 'created_at'])
      .execute();
    // Upload limits per kind as app settings; existing apps get the defaults.
    for (const [column, value] of [
      ['max_image_bytes', 28 * 1024 * 1024],
      ['max_file_bytes', 100 * 1024 * 1024],
      ['max_sound_bytes', 28 * 1024 * 1024],
      ['max_video_bytes', 100 * 1024 * 1024],
    ] as const) {
      await db.schema
        .alterTable('apps')
        .addColumn(column, 'bigint', (col) => col.notNull().defaultTo(value))
        .execute();
    }
  },

  async down(db: Kysely<unknown>): Promise<void> {
    await db.schema.dropTable('media_files').execute();
    for (const column of ['max_video_bytes', 'max_sound_bytes', 'max_file_bytes', 'max_image_bytes'])
      await db.schema.alterTable('apps').dropColumn(column).execute();
  },
};
