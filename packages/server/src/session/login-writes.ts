/**
 * What a successful login writes — the account on first login, the day's activity (DAU/MAU), the
 * state-change callback — committed in groups (storage/group-commit.ts): a login storm costs a
 * transaction per batch, not per login. A login that would write nothing new (a known account,
 * already counted today by this process, no callback to record) skips the database altogether.
 */
import { GroupCommit } from '../storage/group-commit.js';
import type { Storage } from '../storage/types.js';
import { recordStateChange, type StateChangeEvent } from '../webhooks/state-change.js';

export interface LoginWrite {
  sdkAppID: number;
  userID: string;
  /** The account existed when the login was checked. */
  known: boolean;
  /** The UTC day of the login, `YYYY-MM-DD`. */
  day: string;
  /** The Login callback, when the app has a callback URL. */
  stateChange?: StateChangeEvent;
}

/** Logins per transaction. */
const MAX_BATCH = 256;
/** (app, user, day) triples remembered as counted; bounds the memory at a few MB. */
const MAX_REMEMBERED_DAYS = 50_000;

export class LoginWrites {
  readonly #commits: GroupCommit<LoginWrite, boolean>;
  /** Insertion-ordered, so the oldest go first when it is full. */
  readonly #counted = new Set<string>();

  constructor(storage: Pick<Storage, 'transaction' | 'messaging'>) {
    this.#commits = new GroupCommit(
      storage,
      async (tx, logins) => {
        const created: boolean[] = [];
        for (const login of logins) {
          // The account exists only after a login that passed every check (auto-registration, login.md §3.2).
          created.push(
            login.known ? false : (await tx.accounts.ensure(login.sdkAppID, login.userID)).created,
          );
          await tx.activity.recordLogin(login.sdkAppID, login.userID, login.day);
          if (login.stateChange) await recordStateChange(tx, login.stateChange);
        }
        return created;
      },
      { maxInFlight: storage.messaging.concurrentBatches, maxBatch: MAX_BATCH },
    );
  }

  /** Writes the login's rows; resolves whether the account was created by it. */
  async record(login: LoginWrite): Promise<boolean> {
    const key = `${login.sdkAppID}\n${login.userID}\n${login.day}`;
    if (login.known && login.stateChange === undefined && this.#counted.has(key)) return false;
    const created = await this.#commits.submit(login);
    this.#counted.add(key);
    if (this.#counted.size > MAX_REMEMBERED_DAYS) {
      const oldest = this.#counted.values().next().value;
      if (oldest !== undefined) this.#counted.delete(oldest);
    }
    return created;
  }
}
