/**
 * Time for measurements. Latencies inside one process use the monotonic clock; instants compared
 * across processes (a storm's first connect in one generator, its last login in another, the moment
 * the orchestrator killed the server) use the wall clock with sub-millisecond precision.
 */
import { performance } from 'node:perf_hooks';
import type { CpuReport } from './tasks.js';

export const monoNow = (): number => performance.now();

export const wallNow = (): number => performance.timeOrigin + performance.now();

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Starts a processor-time meter; calling the result reports the time spent since. */
export function cpuMeter(): () => CpuReport {
  const cpu = process.cpuUsage();
  const t0 = monoNow();
  return () => {
    const used = process.cpuUsage(cpu);
    return { userMs: used.user / 1000, systemMs: used.system / 1000, wallMs: monoNow() - t0 };
  };
}
