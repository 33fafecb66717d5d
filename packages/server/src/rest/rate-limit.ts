/**
 * Per-app, per-command call rates of the REST API (login.md §8: most APIs 200 calls/s,
 * `multiaccount_import` 100 calls/s; over the limit → 60007). One token bucket per key, refilled
 * continuously, holding at most one second of calls: a caller may burst to the limit, never beyond.
 * The buckets live in this process, so in a cluster each node enforces the limit on its own share.
 */
export class RestRateLimiter {
  readonly #buckets = new Map<string, { tokens: number; at: number }>();

  constructor(private readonly now: () => number = Date.now) {}

  /** Takes one call from the key's bucket; `false` when the bucket is empty (the call is refused). */
  take(key: string, perSecond: number): boolean {
    const t = this.now();
    const bucket = this.#buckets.get(key) ?? { tokens: perSecond, at: t };
    const refilled = Math.min(perSecond, bucket.tokens + ((t - bucket.at) / 1000) * perSecond);
    const allowed = refilled >= 1;
    this.#buckets.set(key, { tokens: allowed ? refilled - 1 : refilled, at: t });
    return allowed;
  }
}
