/**
 * The one read a login makes: whether the account exists and when the UserID's tickets were last
 * revoked, in a single raw statement, so a login storm pays neither Kysely's query builder nor a
 * second query (the profile of a storm showed building the two former queries costing more than
 * running them).
 *
 * On SQLite the statement is also prepared once on the better-sqlite3 handle and run directly, with
 * no trip through Kysely's connection queue and its promises, whenever no transaction is open on
 * that connection: the read then sees exactly what a query queued behind Kysely would (the
 * committed database) a moment sooner. While a transaction is open its uncommitted rows would be
 * visible on the shared connection, so the read waits its turn through Kysely instead.
 */
import { type Kysely, sql } from 'kysely';
import type { StorageSchema } from './schema.js';
import type { AccountLoginState } from './types.js';

/** What the direct path needs of the better-sqlite3 connection under the SQLite dialect. */
export interface DirectSqliteReads {
  /** True while a transaction is open on the connection (better-sqlite3 `Database#inTransaction`). */
  readonly inTransaction: boolean;
  prepare(sql: string): { get(...parameters: unknown[]): unknown };
}

interface Row {
  /** 1 when the account exists, `null` when not (a scalar subquery of no row). */
  known: number | null;
  /** `null` without a revocation; PostgreSQL may hand a bigint back as a string. */
  not_before: number | string | bigint | null;
}

const SQLITE_TEXT = `select
  (select 1 from accounts where sdk_app_id = ? and user_id = ?) as known,
  (select not_before from ticket_revocations where sdk_app_id = ? and user_id = ?) as not_before`;

/** Reads the login state through `db`, or directly on `direct` when it is given and idle. */
export function createLoginStateReader(
  db: Kysely<StorageSchema>,
  direct?: DirectSqliteReads,
): (sdkAppID: number, userID: string) => Promise<AccountLoginState> {
  // Prepared at the first login, not here: the tables exist only once the migrations have run.
  let prepared: ReturnType<DirectSqliteReads['prepare']> | undefined;
  return async (sdkAppID, userID) => {
    if (direct !== undefined && !direct.inTransaction) {
      prepared ??= direct.prepare(SQLITE_TEXT);
      return toState(prepared.get(sdkAppID, userID, sdkAppID, userID) as Row | undefined);
    }
    // A raw statement is compiled in a few microseconds (no query builder), and compiling it runs
    // the storage's plugins, so misuse inside a transaction's callback still throws.
    const { rows } = await sql<Row>`select
        (select 1 from accounts where sdk_app_id = ${sdkAppID} and user_id = ${userID}) as known,
        (select not_before from ticket_revocations where sdk_app_id = ${sdkAppID} and user_id = ${userID}) as not_before`.execute(
      db,
    );
    return toState(rows[0]);
  };
}

function toState(row: Row | undefined): AccountLoginState {
  return {
    known: row?.known !== null && row?.known !== undefined,
    ticketsNotBefore: row?.not_before === null || row?.not_before === undefined ? 0 : Number(row.not_before),
  };
}
