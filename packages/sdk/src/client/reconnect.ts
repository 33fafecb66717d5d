/**
 * Reconnect timing: full-jitter exponential backoff and one pending timer. The wait before attempt
 * `n` (0-based) is random in `[min, min(max, min * 2^n)]`; a success resets `n`. In browsers the
 * `online` event cuts a pending wait short.
 */

/** Default backoff bounds. */
export const DEFAULT_RECONNECT_MIN_DELAY_MS = 500;
export const DEFAULT_RECONNECT_MAX_DELAY_MS = 10_000;

// 2^20 * min already exceeds any sensible max; clamping the exponent keeps the arithmetic finite.
const MAX_STEP = 20;

/** The wait before attempt `step` for a random number `random` in [0, 1). Pure, for tests. */
export function backoffDelay(step: number, minMs: number, maxMs: number, random: number): number {
  const cap = Math.min(maxMs, minMs * 2 ** Math.min(Math.max(step, 0), MAX_STEP));
  return Math.floor(minMs + random * Math.max(0, cap - minMs));
}

interface OnlineTarget {
  addEventListener(type: 'online', listener: () => void): void;
  removeEventListener(type: 'online', listener: () => void): void;
}

export class Reconnect {
  private step = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private settle: ((fired: boolean) => void) | undefined;
  private readonly minMs: number;
  private readonly maxMs: number;

  constructor(options: { minDelayMs?: number; maxDelayMs?: number } = {}) {
    this.minMs = Math.max(0, options.minDelayMs ?? DEFAULT_RECONNECT_MIN_DELAY_MS);
    this.maxMs = Math.max(this.minMs, options.maxDelayMs ?? DEFAULT_RECONNECT_MAX_DELAY_MS);
  }

  /**
   * Waits the next backoff delay. Resolves true when the wait is over (or cut short by `online`),
   * false when `cancel` was called or another wait replaced this one.
   */
  wait(): Promise<boolean> {
    this.end(false);
    const delay = backoffDelay(this.step, this.minMs, this.maxMs, Math.random());
    this.step++;
    return new Promise((resolve) => {
      this.settle = resolve;
      this.timer = setTimeout(this.fire, delay);
      onlineTarget()?.addEventListener('online', this.fire);
    });
  }

  /** Forgets the attempts so far: the next wait is short again. */
  reset(): void {
    this.step = 0;
  }

  /** Ends a pending wait with false. */
  cancel(): void {
    this.end(false);
  }

  private readonly fire = () => this.end(true);

  private end(fired: boolean): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    onlineTarget()?.removeEventListener('online', this.fire);
    const settle = this.settle;
    this.settle = undefined;
    settle?.(fired);
  }
}

function onlineTarget(): OnlineTarget | undefined {
  const target = globalThis as Partial<OnlineTarget>;
  return typeof target.addEventListener === 'function' && typeof target.removeEventListener === 'function'
    ? (target as OnlineTarget)
    : undefined;
}
