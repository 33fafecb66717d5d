/**
 * The storage seam. Callers see only these interfaces; SQLite and PostgreSQL are dialects behind
 * them (storage/dialects/). Not-found contract: reads return `undefined`, never throw.
 * Times are milliseconds since the epoch unless a name says seconds.
 */

export const LOGIN_POLICIES = ['single', 'dual', 'triple', 'multi'] as const;
/** Multi-device login policy (login.md §6.1). */
export type LoginPolicy = (typeof LOGIN_POLICIES)[number];

/** The settings of an app that an admin can change (contracts §6). */
export interface AppSettings {
  name: string;
  /** Admin UserIDs (up to 10); the first is the default admin. */
  admins: string[];
  loginPolicy: LoginPolicy;
  /** 1-10, default 1. */
  maxWebInstances: number;
  /** 1-3, default 1. */
  maxInstancesPerPlatform: number;
  /** Where State.StateChange and message callbacks are posted; `null` for none. */
  callbackUrl: string | null;
}

export interface AppRecord extends AppSettings {
  sdkAppID: number;
  /** The HMAC key of the app's tickets, used as a UTF-8 string. Never logged. */
  secretKey: string;
  createdAt: number;
  updatedAt: number;
}

export interface NewApp extends Partial<AppSettings> {
  /** Chosen by the caller (env-driven app) or allocated by the store. */
  sdkAppID?: number;
  /** Generated (64 hex chars) when absent. */
  secretKey?: string;
}

export interface AppStore {
  create(app: NewApp): Promise<AppRecord>;
  get(sdkAppID: number): Promise<AppRecord | undefined>;
  list(): Promise<AppRecord[]>;
  /** Applies a partial change; `undefined` when the app does not exist. */
  update(
    sdkAppID: number,
    patch: Partial<AppSettings> & { secretKey?: string },
  ): Promise<AppRecord | undefined>;
}

export interface AccountRecord {
  sdkAppID: number;
  userID: string;
  createdAt: number;
  /** Tickets signed before this Unix second are revoked (admin kick); 0 when none. */
  sigNotBefore: number;
}

export interface AccountStore {
  get(sdkAppID: number, userID: string): Promise<AccountRecord | undefined>;
  /** Creates the account if missing (auto-registration); `created` tells whether it was new. */
  ensure(sdkAppID: number, userID: string): Promise<{ account: AccountRecord; created: boolean }>;
  /** Sets the revocation time in Unix seconds; `false` when the account does not exist. */
  setSigNotBefore(sdkAppID: number, userID: string, unixSeconds: number): Promise<boolean>;
}

/** Daily and monthly active users: distinct UserIDs with a successful login per UTC day/month. */
export interface ActivityStore {
  /** Records a successful login on a UTC day (`YYYY-MM-DD`); `true` when it was the user's first that day. */
  recordLogin(sdkAppID: number, userID: string, day: string): Promise<boolean>;
  dailyActiveUsers(sdkAppID: number, day: string): Promise<number>;
  /** `month` is `YYYY-MM`. */
  monthlyActiveUsers(sdkAppID: number, month: string): Promise<number>;
}

export interface Storage {
  readonly apps: AppStore;
  readonly accounts: AccountStore;
  readonly activity: ActivityStore;
  close(): Promise<void>;
}

/**
 * Which database to open: an SQLite file (`:memory:` for a throwaway one) or a PostgreSQL URL.
 * The configuration layer builds this from `--db`; `openStorage` picks the dialect from `kind`.
 */
export type DatabaseConfig = { kind: 'sqlite'; path: string } | { kind: 'postgres'; url: string };
