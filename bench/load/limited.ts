/**
 * Runs `count` jobs with at most `window` in flight, stopping early at the deadline (jobs not started
 * by then are skipped, and counted by the caller). Every bench loop is bounded like this.
 */
import { monoNow } from './clock.js';

export async function forEachLimited(
  count: number,
  window: number,
  deadline: number,
  job: (index: number) => Promise<void>,
): Promise<number> {
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < count && monoNow() < deadline) {
      const index = next++;
      await job(index);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(window, count)) }, lane));
  return next;
}
