/**
 * Failed-login throttling (error 70050). Only failures are throttled, never the user: a locked pair
 * of UserID and source address still logs in with a genuine ticket (decideLogin consults the lock
 * only after a ticket failed), so someone behind the same NAT or proxy who hammers bad tickets for a
 * user's UserID slows down their own guessing, not the user. Counting per address as well keeps the
 * guesser of one address from even slowing the guesses of another.
 */

export interface LoginThrottleOptions {
  /** Failures within `windowMs` that lock the pair. */
  limit: number;
  windowMs: number;
  lockMs: number;
  /**
   * Most pairs remembered at once. Each failure from a new pair adds one; past the cap, expired
   * counters are swept and then the oldest dropped, so a flood of made-up UserIDs costs bounded memory.
   * Default `DEFAULT_MAX_THROTTLE_ENTRIES`.
   */
  maxEntries?: number;
  now?: () => number;
}

/** About 10 MB of counters at most. */
export const DEFAULT_MAX_THROTTLE_ENTRIES = 50_000;

interface Counter {
  failures: number;
  windowStart: number;
  lockedUntil: number;
}

export class LoginThrottle {
  readonly #counters = new Map<string, Counter>();
  readonly #options: Required<LoginThrottleOptions>;

  constructor(options: LoginThrottleOptions) {
    this.#options = { now: Date.now, maxEntries: DEFAULT_MAX_THROTTLE_ENTRIES, ...options };
  }

  /** True while the pair's failures are throttled. */
  isLocked(sdkAppID: number, userID: string, address: string): boolean {
    const counter = this.#counters.get(key(sdkAppID, userID, address));
    return counter !== undefined && counter.lockedUntil > this.#options.now();
  }

  recordFailure(sdkAppID: number, userID: string, address: string): void {
    const now = this.#options.now();
    const k = key(sdkAppID, userID, address);
    let counter = this.#counters.get(k);
    if (!counter || now - counter.windowStart >= this.#options.windowMs) {
      if (!counter && this.#counters.size >= this.#options.maxEntries) this.#makeRoom();
      counter = { failures: 0, windowStart: now, lockedUntil: counter?.lockedUntil ?? 0 };
      this.#counters.set(k, counter);
    }
    counter.failures += 1;
    if (counter.failures >= this.#options.limit) counter.lockedUntil = now + this.#options.lockMs;
  }

  recordSuccess(sdkAppID: number, userID: string, address: string): void {
    this.#counters.delete(key(sdkAppID, userID, address));
  }

  /** Drops counters that can no longer matter; call periodically to bound memory. */
  sweep(): void {
    const now = this.#options.now();
    for (const [k, c] of this.#counters) {
      if (c.lockedUntil <= now && now - c.windowStart >= this.#options.windowMs) this.#counters.delete(k);
    }
  }

  get size(): number {
    return this.#counters.size;
  }

  #makeRoom(): void {
    this.sweep();
    // Still full: forget the oldest pairs (a Map iterates in insertion order). Losing a counter only
    // lets that pair guess a few more times; it never locks anyone out.
    for (const k of this.#counters.keys()) {
      if (this.#counters.size < this.#options.maxEntries) break;
      this.#counters.delete(k);
    }
  }
}

function key(sdkAppID: number, userID: string, address: string): string {
  return `${sdkAppID}\u0000${userID}\u0000${address}`;
}
