/**
 * Failed-login throttling (error 70050). Failures are counted per user *and* source address, so a
 * stranger hammering bad tickets for someone's UserID locks out only their own address, never the
 * user's good login from elsewhere.
 */

export interface LoginThrottleOptions {
  /** Failures within `windowMs` that lock the pair. */
  limit: number;
  windowMs: number;
  lockMs: number;
  now?: () => number;
}

interface Counter {
  failures: number;
  windowStart: number;
  lockedUntil: number;
}

export class LoginThrottle {
  readonly #counters = new Map<string, Counter>();
  readonly #options: Required<LoginThrottleOptions>;

  constructor(options: LoginThrottleOptions) {
    this.#options = { now: Date.now, ...options };
  }

  /** True while the pair is locked out. */
  isLocked(sdkAppID: number, userID: string, address: string): boolean {
    const counter = this.#counters.get(key(sdkAppID, userID, address));
    return counter !== undefined && counter.lockedUntil > this.#options.now();
  }

  recordFailure(sdkAppID: number, userID: string, address: string): void {
    const now = this.#options.now();
    const k = key(sdkAppID, userID, address);
    let counter = this.#counters.get(k);
    if (!counter || now - counter.windowStart >= this.#options.windowMs) {
      counter = { failures: 0, windowStart: now, lockedUntil: 0 };
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
}

function key(sdkAppID: number, userID: string, address: string): string {
  return `${sdkAppID}\u0000${userID}\u0000${address}`;
}
