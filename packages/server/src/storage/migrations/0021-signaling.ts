import type { Kysely } from 'kysely';
import type { DialectMigration } from './dialect-migration.js';

/**
 * Call signaling (docs/signaling.md): invitations with their timeout deadline, and each invitee's
 * state. Due timeouts are found by deadline across apps (any node fires them); a user's pending
 * invitations and untold timeouts by user.
 */
export const signaling: DialectMigration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable('signaling_invitations')
      .addColumn('sdk_app_id', 'bigint', (col) => col.notNull())
      .addColumn('invite_id', 'text', (col) => col.notNull())
      .addColumn('inviter', 'text', (col) => col.notNull())
      .addColumn('group_id', 'text', (col) => col.notNull())
      .addColumn('data', 'text', (col) => col.notNull())
      .addColumn('timeout_seconds', 'integer', (col) => col.notNull())
      .addColumn('online_only', 'integer', (col) => col.notNull())
      .addColumn('created_at', 'bigint', (col) => col.notNull())
      .addColumn('deadline', 'bigint')
      .addColumn('timed_out', 'integer', (col) => col.notNull().defaultTo(0))
      .addColumn('inviter_told', 'integer', (col) => col.notNull().defaultTo(0))
      .addPrimaryKeyConstraint('signaling_invitations_pk', ['sdk_app_id', 'invite_id'])
      .execute();
    await db.schema
      .createIndex('signaling_invitations_by_deadline')
      .on('signaling_invitations')
      .column('deadline')
      .execute();
    await db.schema
      .createIndex('signaling_invitations_by_inviter')
      .on('signaling_invitations')
      .columns(['sdk_app_id', 'inviter'])
      .execute();
    await db.schema
      .createIndex('signaling_invitations_by_age')
      .on('signaling_invitations')
      .column('created_at')
      .execute();

    await db.schema
      .createTable('signaling_invitees')
      .addColumn('sdk_app_id', 'bigint', (col) => col.notNull())
      .addColumn('invite_id', 'text', (col) => col.notNull())
      .addColumn('user_id', 'text', (col) => col.notNull())
      .addColumn('ordinal', 'integer', (col) => col.notNull())
      .addColumn('state', 'integer', (col) => col.notNull())
      .addColumn('told', 'integer', (col) => col.notNull().defaultTo(0))
      .addPrimaryKeyConstraint('signaling_invitees_pk', ['sdk_app_id', 'invite_id', 'user_id'])
      .execute();
    await db.schema
      .createIndex('signaling_invitees_by_user')
      .on('signaling_invitees')
      .columns(['sdk_app_id', 'user_id', 'state'])
      .execute();
  },

  async down(db: Kysely<unknown>): Promise<void> {
    await db.schema.dropTable('signaling_invitees').execute();
    await db.schema.dropTable('signaling_invitations').execute();
  },
};
