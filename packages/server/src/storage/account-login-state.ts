/**
 * The one read a login makes: whether the account exists and when the UserID's tickets were last
 * revoked, in a single statement. Its text is compiled once per store and only the parameters
 * change, so a login storm pays neither Kysely's query building nor a second round trip (the
 * profile of a storm showed building the two former queries costing more than running them).
 */
import { type CompiledQuery, type Kysely, sql } from 'kysely';
import type { StorageSchema } from './schema.js';
import type { AccountLoginState } from './types.js';

interface Row {
  /** 1 when the account exists, `null` when not (a scalar subquery of no row). */
  known: number | null;
  /** `null` without a revocation; PostgreSQL may hand a bigint back as a string. */
  not_before: number | string | bigint | null;
}

/** Reads the login state through `db`; the statement is compiled at the first call. */
export function createLoginStateReader(
  db: Kysely<StorageSchema>,
): (sdkAppID: number, userID: string) => Promise<AccountLoginState> {
  let compiled: CompiledQuery<Row> | undefined;
  return async (sdkAppID, userID) => {
    // Placeholders only: the values below replace them, whatever the dialect spells them as.
    compiled ??= sql<Row>`select
        (select 1 from accounts where sdk_app_id = ${0} and user_id = ${''}) as known,
        (select not_before from ticket_revocations where sdk_app_id = ${0} and user_id = ${''}) as not_before`.compile(
      db,
    );
    const { rows } = await db.executeQuery<Row>({
      ...compiled,
      parameters: [sdkAppID, userID, sdkAppID, userID],
    });
    const row = rows[0];
    return {
      known: row?.known !== null && row?.known !== undefined,
      ticketsNotBefore:
        row?.not_before === null || row?.not_before === undefined ? 0 : Number(row.not_before),
    };
  };
}
