import type { Kysely, Selectable } from 'kysely';
import type { AccountsTable, StorageSchema } from './schema.js';
import type { AccountRecord, AccountStore } from './types.js';

/** The account store over the `accounts` table. */
export function createAccountStore(db: Kysely<StorageSchema>): AccountStore {
  const get = async (sdkAppID: number, userID: string): Promise<AccountRecord | undefined> => {
    const row = await db
      .selectFrom('accounts')
      .selectAll()
      .where('sdk_app_id', '=', sdkAppID)
      .where('user_id', '=', userID)
      .executeTakeFirst();
    return row === undefined ? undefined : toRecord(row);
  };

  return {
    get,

    async ensure(sdkAppID, userID) {
      // Two first logins of the same user can race (two devices, two server processes): the insert
      // that loses the race changes no row, and both then read the one account that exists.
      const result = await db
        .insertInto('accounts')
        .values({ sdk_app_id: sdkAppID, user_id: userID, created_at: Date.now(), sig_not_before: 0 })
        .onConflict((conflict) => conflict.columns(['sdk_app_id', 'user_id']).doNothing())
        .executeTakeFirst();
      const account = await get(sdkAppID, userID);
      if (account === undefined)
        throw new Error(`account ${userID} of app ${sdkAppID} vanished after insert`);
      return { account, created: (result.numInsertedOrUpdatedRows ?? 0n) > 0n };
    },

    async setSigNotBefore(sdkAppID, userID, unixSeconds) {
      const result = await db
        .updateTable('accounts')
        .set({ sig_not_before: unixSeconds })
        .where('sdk_app_id', '=', sdkAppID)
        .where('user_id', '=', userID)
        .executeTakeFirst();
      return result.numUpdatedRows > 0n;
    },
  };
}

function toRecord(row: Selectable<AccountsTable>): AccountRecord {
  return {
    sdkAppID: Number(row.sdk_app_id),
    userID: row.user_id,
    createdAt: Number(row.created_at),
    sigNotBefore: Number(row.sig_not_before),
  };
}
