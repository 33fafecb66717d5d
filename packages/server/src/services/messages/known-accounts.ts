/**
 * Which receivers exist. A message to a UserID that has no account is refused (20003): stored, it
 * would wait for whoever registers that UserID later. Accounts seen to exist are remembered for a
 * short while, so a conversation's sends cost no read each; a deletion is noticed within that time.
 */
import type { AccountStore } from '../../storage/types.js';
import { TurnBatch } from '../turn-batch.js';

const REMEMBER_MS = 30_000;
const MAX_REMEMBERED = 100_000;

export class KnownAccounts {
  /** Key → until when it is known to exist; insertion-ordered, the oldest go first when full. */
  readonly #seen = new Map<string, number>();
  /** The receivers not remembered, read together per event-loop turn. */
  readonly #reads: TurnBatch<true>;

  constructor(
    accounts: Pick<AccountStore, 'getMany'>,
    private readonly now: () => number,
  ) {
    this.#reads = new TurnBatch(
      async (sdkAppID, userIDs) =>
        new Map((await accounts.getMany(sdkAppID, userIDs)).map((a) => [a.userID, true as const])),
    );
  }

  async exists(sdkAppID: number, userID: string): Promise<boolean> {
    const key = `${sdkAppID}\n${userID}`;
    const t = this.now();
    const until = this.#seen.get(key);
    if (until !== undefined && until > t) return true;
    this.#seen.delete(key);
    if ((await this.#reads.get(sdkAppID, userID)) === undefined) return false;
    this.#seen.set(key, t + REMEMBER_MS);
    if (this.#seen.size > MAX_REMEMBERED) {
      const oldest = this.#seen.keys().next().value;
      if (oldest !== undefined) this.#seen.delete(oldest);
    }
    return true;
  }
}
