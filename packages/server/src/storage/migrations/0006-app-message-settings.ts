import type { Kysely, Migration } from 'kysely';

/**
 * The per-app message settings (contracts §6, im-features §10–11): retention, recall window and
 * body size limit. Each column has its setting's default (app-settings.ts `DEFAULT_APP_SETTINGS`)
 * as its SQL default, so the apps that exist get the defaults without a backfill.
 *
 * The defaults are written here as numbers, not imported: a migration states the schema as it was
 * when it shipped, and must not change when a later release changes a default.
 */
export const appMessageSettings: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .alterTable('apps')
      .addColumn('message_retention_days', 'integer', (col) => col.notNull().defaultTo(7))
      .execute();
    await db.schema
      .alterTable('apps')
      .addColumn('revoke_window_seconds', 'integer', (col) => col.notNull().defaultTo(120))
      .execute();
    await db.schema
      .alterTable('apps')
      .addColumn('max_message_body_bytes', 'integer', (col) => col.notNull().defaultTo(12_288))
      .execute();
  },

  async down(db: Kysely<unknown>): Promise<void> {
    await db.schema.alterTable('apps').dropColumn('max_message_body_bytes').execute();
    await db.schema.alterTable('apps').dropColumn('revoke_window_seconds').execute();
    await db.schema.alterTable('apps').dropColumn('message_retention_days').execute();
  },
};
