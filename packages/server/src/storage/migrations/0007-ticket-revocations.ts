import { type Kysely, type Migration, sql } from 'kysely';

/**
 * Ticket revocations move out of the `accounts` row into a table of their own, so that they outlive
 * the account: `account_delete` used to drop the row and with it `sig_not_before`, and a ticket
 * revoked by a kick then logged in again (auto-registration) as if nothing had happened. A row here
 * is also what lets an admin revoke the tickets of an admin UserID that was never imported.
 *
 * `accounts.sig_not_before` stays (unused from now on) so that this migration is a copy, not a
 * table rebuild, on SQLite.
 */
export const ticketRevocations: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable('ticket_revocations')
      .addColumn('sdk_app_id', 'bigint', (col) =>
        col.notNull().references('apps.sdk_app_id').onDelete('cascade'),
      )
      .addColumn('user_id', 'text', (col) => col.notNull())
      // Tickets whose TLS.time is before this Unix second are refused with 70052.
      .addColumn('not_before', 'bigint', (col) => col.notNull())
      .addPrimaryKeyConstraint('ticket_revocations_pk', ['sdk_app_id', 'user_id'])
      .execute();
    await sql`
      INSERT INTO ticket_revocations (sdk_app_id, user_id, not_before)
      SELECT sdk_app_id, user_id, sig_not_before FROM accounts WHERE sig_not_before > 0
    `.execute(db);
  },

  async down(db: Kysely<unknown>): Promise<void> {
    await db.schema.dropTable('ticket_revocations').execute();
  },
};
