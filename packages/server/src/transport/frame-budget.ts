/**
 * What one connection's frames may cost. Every frame the server reads takes a request token,
 * whether it turns out valid or not, because refusing a frame (parsing it, writing the refusal)
 * costs about as much as answering it. Clients that ignore the refusals are closed instead of being
 * answered forever.
 */

/** A token bucket: `burst` tokens, refilled at `perSecond`. */
export class TokenBucket {
  #tokens: number;
  #at: number;

  constructor(
    private readonly perSecond: number,
    private readonly burst: number,
    private readonly now: () => number,
  ) {
    this.#tokens = burst;
    this.#at = now();
  }

  take(): boolean {
    const now = this.now();
    this.#tokens = Math.min(this.burst, this.#tokens + ((now - this.#at) / 1000) * this.perSecond);
    this.#at = now;
    if (this.#tokens < 1) return false;
    this.#tokens -= 1;
    return true;
  }
}

export interface FrameBudgetLimits {
  /** Frames per second (token bucket refill) and burst size; beyond → 9506. */
  requestsPerSecond: number;
  requestBurst: number;
  /**
   * Frames answered 9506 before the connection is closed (4502): a budget that refills by one a
   * second, so a client that keeps sending past its refusals is closed even when a frame now and
   * then finds a token (a pause on either side refills the request bucket a little).
   */
  maxRateRefusals: number;
  /** Refused frames (unknown op, invalid) allowed in a burst, and how many more per second. */
  invalidBurst: number;
  invalidPerSecond: number;
}

/** The verdict on one frame. */
export type FrameVerdict = 'accept' | 'rate-limited' | 'close';

export class FrameBudget {
  readonly #requests: TokenBucket;
  readonly #invalid: TokenBucket;
  readonly #rateRefusals: TokenBucket;

  constructor(limits: FrameBudgetLimits, now: () => number) {
    this.#requests = new TokenBucket(limits.requestsPerSecond, limits.requestBurst, now);
    this.#invalid = new TokenBucket(limits.invalidPerSecond, limits.invalidBurst, now);
    this.#rateRefusals = new TokenBucket(1, limits.maxRateRefusals, now);
  }

  /**
   * Charges one frame. `rate-limited`: answer 9506; `close`: the client kept sending past its
   * refusals and the connection should end (4502).
   */
  charge(): FrameVerdict {
    if (this.#requests.take()) return 'accept';
    return this.#rateRefusals.take() ? 'rate-limited' : 'close';
  }

  /** Records a refused frame; false once the client has sent too many (close it, 1007). */
  chargeInvalid(): boolean {
    return this.#invalid.take();
  }
}
