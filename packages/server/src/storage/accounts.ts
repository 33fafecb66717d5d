import type { Kysely, Selectable } from 'kysely';
import { createLoginStateReader, type DirectSqliteReads } from './account-login-state.js';
import type { AccountsTable, StorageSchema } from './schema.js';
import type { AccountRecord, AccountStore } from './types.js';

/** Rows per `IN (…)` query: well under every dialect's bound-parameter limit. */
const IN_LIST_CHUNK = 500;

/**
 * The account store over the `accounts` table. `direct`: the SQLite connection, for the login read
 * (account-login-state.ts); only the storage's own store gets it, never a transaction's.
 */
export function createAccountStore(db: Kysely<StorageSchema>, direct?: DirectSqliteReads): AccountStore {
  const get = async (sdkAppID: number, userID: string): Promise<AccountRecord | undefined> => {
    const row = await db
      .selectFrom('accounts')
      .selectAll()
      .where('sdk_app_id', '=', sdkAppID)
      .where('user_id', '=', userID)
      .executeTakeFirst();
    return row === undefined ? undefined : toRecord(row);
  };

  const ticketsNotBefore = async (sdkAppID: number, userID: string): Promise<number> => {
    const row = await db
      .selectFrom('ticket_revocations')
      .select('not_before')
      .where('sdk_app_id', '=', sdkAppID)
      .where('user_id', '=', userID)
      .executeTakeFirst();
    return row === undefined ? 0 : Number(row.not_before);
  };

  return {
    get,

    loginState: createLoginStateReader(db, direct),

    async ensure(sdkAppID, userID) {
      // Two first logins of the same user can race (two devices, two server processes): the insert
      // that loses the race changes no row, and both then read the one account that exists.
      const result = await db
        .insertInto('accounts')
        .values({ sdk_app_id: sdkAppID, user_id: userID, created_at: Date.now() })
        .onConflict((conflict) => conflict.columns(['sdk_app_id', 'user_id']).doNothing())
        .executeTakeFirst();
      const account = await get(sdkAppID, userID);
      if (account === undefined)
        throw new Error(`account ${userID} of app ${sdkAppID} vanished after insert`);
      return { account, created: (result.numInsertedOrUpdatedRows ?? 0n) > 0n };
    },

    ticketsNotBefore,

    async revokeTickets(sdkAppID, userID, unixSeconds) {
      // One statement, so that two concurrent kicks cannot both read and one write the older time.
      await db
        .insertInto('ticket_revocations')
        .values({ sdk_app_id: sdkAppID, user_id: userID, not_before: unixSeconds })
        .onConflict((conflict) =>
          conflict
            .columns(['sdk_app_id', 'user_id'])
            .doUpdateSet({ not_before: (eb) => eb.ref('excluded.not_before') })
            .where('ticket_revocations.not_before', '<', unixSeconds),
        )
        .execute();
      return ticketsNotBefore(sdkAppID, userID);
    },

    async importAccount(sdkAppID, { userID, nick, faceUrl }) {
      const profile = {
        ...(nick === undefined ? {} : { nick }),
        ...(faceUrl === undefined ? {} : { face_url: faceUrl }),
      };
      // Insert first and update only when the account existed: the same race as `ensure` is then
      // harmless, and `created` is true for exactly one of two concurrent imports.
      const inserted = await db
        .insertInto('accounts')
        .values({
          sdk_app_id: sdkAppID,
          user_id: userID,
          created_at: Date.now(),
          ...profile,
        })
        .onConflict((conflict) => conflict.columns(['sdk_app_id', 'user_id']).doNothing())
        .executeTakeFirst();
      const created = (inserted.numInsertedOrUpdatedRows ?? 0n) > 0n;
      if (!created && Object.keys(profile).length > 0) {
        await db
          .updateTable('accounts')
          .set(profile)
          .where('sdk_app_id', '=', sdkAppID)
          .where('user_id', '=', userID)
          .execute();
      }
      const account = await get(sdkAppID, userID);
      if (account === undefined)
        throw new Error(`account ${userID} of app ${sdkAppID} vanished after import`);
      return { account, created };
    },

    async getMany(sdkAppID, userIDs) {
      const unique = [...new Set(userIDs)];
      const records: AccountRecord[] = [];
      for (let start = 0; start < unique.length; start += IN_LIST_CHUNK) {
        const rows = await db
          .selectFrom('accounts')
          .selectAll()
          .where('sdk_app_id', '=', sdkAppID)
          .where('user_id', 'in', unique.slice(start, start + IN_LIST_CHUNK))
          .execute();
        records.push(...rows.map(toRecord));
      }
      return records;
    },

    async delete(sdkAppID, userID) {
      // Push registrations go by the foreign key's cascade (migration 0002); the ticket revocation
      // stays, so that a revoked ticket cannot bring the account back (migration 0005).
      const result = await db
        .deleteFrom('accounts')
        .where('sdk_app_id', '=', sdkAppID)
        .where('user_id', '=', userID)
        .executeTakeFirst();
      return result.numDeletedRows > 0n;
    },

    async list(sdkAppID, { after, limit }) {
      let query = db.selectFrom('accounts').selectAll().where('sdk_app_id', '=', sdkAppID);
      if (after !== undefined) query = query.where('user_id', '>', after);
      const rows = await query.orderBy('user_id').limit(limit).execute();
      return rows.map(toRecord);
    },
  };
}

function toRecord(row: Selectable<AccountsTable>): AccountRecord {
  return {
    sdkAppID: Number(row.sdk_app_id),
    userID: row.user_id,
    createdAt: Number(row.created_at),
    nick: row.nick,
    faceUrl: row.face_url,
  };
}
