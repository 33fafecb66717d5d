/**
 * Sends at a fixed rate: every millisecond it sends however many items are due since the start. The
 * item's latency is timed from the moment it is actually sent; when the generator falls behind, the
 * pacer reports how late it ran instead of silently sending less.
 */
import { monoNow, sleep } from './clock.js';

export interface PaceReport {
  sent: number;
  /** How far behind schedule the last send was, ms (0 when the generator kept up). */
  lagMs: number;
}

export async function pace(
  ratePerSecond: number,
  durationMs: number,
  send: (k: number) => void,
): Promise<PaceReport> {
  const total = Math.floor((ratePerSecond * durationMs) / 1000);
  const t0 = monoNow();
  // A generator that cannot keep up still stops: one extra second, then whatever is unsent is unsent.
  const hardStop = t0 + durationMs + 1_000;
  let sent = 0;
  let lagMs = 0;
  while (sent < total && monoNow() < hardStop) {
    const elapsed = monoNow() - t0;
    const due = Math.min(total, Math.floor((elapsed * ratePerSecond) / 1000));
    if (due - sent > ratePerSecond / 100) lagMs = Math.max(lagMs, ((due - sent) / ratePerSecond) * 1000);
    while (sent < due) send(sent++);
    await sleep(1);
  }
  return { sent, lagMs };
}
