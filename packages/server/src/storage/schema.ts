/**
 * Row types of the tables as Kysely sees them. Column names are snake_case in the database and
 * mapped to the camelCase records of types.ts by each store, so a rename stays local.
 * Times are milliseconds since the epoch; `sig_not_before` is Unix seconds (ticket times are seconds).
 */

export interface AppsTable {
  sdk_app_id: number;
  name: string;
  secret_key: string;
  /** JSON array of UserIDs; the first is the default admin. */
  admins: string;
  login_policy: string;
  max_web_instances: number;
  max_instances_per_platform: number;
  callback_url: string | null;
  created_at: number;
  updated_at: number;
}

export interface AccountsTable {
  sdk_app_id: number;
  user_id: string;
  created_at: number;
  sig_not_before: number;
}

/** One row per (app, UTC day, user) with at least one successful login: DAU and MAU are counts. */
export interface LoginDaysTable {
  sdk_app_id: number;
  day: string;
  user_id: string;
}

export interface StorageSchema {
  apps: AppsTable;
  accounts: AccountsTable;
  login_days: LoginDaysTable;
}
