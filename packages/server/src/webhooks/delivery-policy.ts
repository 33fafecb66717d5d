/** How hard, how fast and how widely the dispatcher delivers callbacks; every value is a setting. */
export interface DeliveryPolicy {
  /** One post, connect to reply (ms). Default 3000. */
  timeoutMs: number;
  /** Posts of one event before it is dropped with a warning. Default 5. */
  maxAttempts: number;
  /** Wait after the first failure (ms); it doubles after each further one. Default 4000. */
  retryBaseMs: number;
  /** Longest wait between two attempts (ms). Default 60000. */
  retryMaxMs: number;
  /** Posts in flight at once, across all apps. Default 8. */
  maxInFlight: number;
  /**
   * Longest sleep between two looks at the outbox (ms). Enqueues in this process wake the
   * dispatcher at once; the poll finds rows written by other processes. Default 1000.
   */
  pollIntervalMs: number;
  /**
   * How long a claimed event stays hidden from other pollers (ms); when a process dies mid-post, its
   * events are posted again after this. Must exceed `timeoutMs`. Default 30000.
   */
  leaseMs: number;
  /** How long `stop()` waits for posts in flight before aborting them (ms). Default 5000. */
  stopTimeoutMs: number;
  /**
   * How long a Disconnect waits before it is posted (ms): a client that resumes within it cancels
   * it, as the original sends no Disconnect for a link the client re-established. Default 10000.
   */
  disconnectGraceMs: number;
}

/**
 * Five attempts at 0, 4, 12, 28 and 60 seconds: about a minute of trying, which outlasts a receiver's
 * restart, with a short timeout so that a hanging receiver ties up a slot for three seconds at most.
 */
export const DEFAULT_DELIVERY_POLICY: Readonly<DeliveryPolicy> = Object.freeze({
  timeoutMs: 3_000,
  maxAttempts: 5,
  retryBaseMs: 4_000,
  retryMaxMs: 60_000,
  maxInFlight: 8,
  pollIntervalMs: 1_000,
  leaseMs: 30_000,
  stopTimeoutMs: 5_000,
  disconnectGraceMs: 10_000,
});

/** The defaults with `overrides` applied; throws a RangeError for values that cannot work. */
export function deliveryPolicy(overrides: Partial<DeliveryPolicy> = {}): DeliveryPolicy {
  const policy: DeliveryPolicy = { ...DEFAULT_DELIVERY_POLICY, ...overrides };
  for (const [name, value] of Object.entries(policy)) {
    const least = name === 'maxAttempts' || name === 'maxInFlight' ? 1 : 0;
    if (!Number.isInteger(value) || value < least) {
      throw new RangeError(`webhook ${name} must be an integer of at least ${least}, got ${value}`);
    }
  }
  if (policy.leaseMs <= policy.timeoutMs) {
    throw new RangeError(`webhook leaseMs (${policy.leaseMs}) must exceed timeoutMs (${policy.timeoutMs})`);
  }
  return policy;
}

/**
 * The wait after an event's `failedAttempts`-th failed attempt (1 for the first): exponential, capped.
 * No jitter: posts are bounded by `maxInFlight` anyway, and a fixed schedule is what docs can promise.
 */
export function retryDelayMs(
  failedAttempts: number,
  policy: Pick<DeliveryPolicy, 'retryBaseMs' | 'retryMaxMs'>,
): number {
  const exponent = Math.max(0, failedAttempts - 1);
  return Math.min(policy.retryMaxMs, policy.retryBaseMs * 2 ** exponent);
}
