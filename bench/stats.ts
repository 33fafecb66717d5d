/**
 * Statistics for benchmark samples: percentiles of one run's latencies, then median and spread of a
 * figure over repeated runs. Pure functions; the summaries quote medians, never the best run.
 */

/** Sorts a copy ascending, so callers can pass the samples they keep. */
export function sortedCopy(values: ArrayLike<number>): Float64Array {
  return Float64Array.from(values).sort();
}

/**
 * Nearest-rank percentile (p in 0..100) of ascending values: the smallest sample with at least p% of
 * the samples at or below it. Nearest-rank never invents a value between two samples, which is what
 * latency reports (HdrHistogram, wrk) print. NaN when there are no samples.
 */
export function percentile(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) return Number.NaN;
  if (p <= 0) return sorted[0] as number;
  // The epsilon keeps float noise (99.9% of 1000 = 999.0000000000001) from skipping a rank.
  const rank = Math.ceil((Math.min(p, 100) * sorted.length) / 100 - 1e-9);
  return sorted[rank - 1] as number;
}

/** Middle value; the mean of the two middle ones for an even count. NaN when empty. */
export function median(values: ArrayLike<number>): number {
  const sorted = sortedCopy(values);
  const n = sorted.length;
  if (n === 0) return Number.NaN;
  const mid = n >> 1;
  return n % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** A figure measured over several runs. */
export interface RunSummary {
  median: number;
  min: number;
  max: number;
  /** (max − min) / median, as a fraction; 0 for a single run, NaN when the median is 0. */
  spread: number;
  runs: number;
}

export function summarize(values: readonly number[]): RunSummary {
  const finite = values.filter((v) => Number.isFinite(v));
  if (finite.length === 0)
    return { median: Number.NaN, min: Number.NaN, max: Number.NaN, spread: Number.NaN, runs: 0 };
  const mid = median(finite);
  const min = Math.min(...finite);
  const max = Math.max(...finite);
  return { median: mid, min, max, spread: mid === 0 ? Number.NaN : (max - min) / mid, runs: finite.length };
}

/** Latency percentiles of one run, in the unit of the samples (milliseconds here). */
export interface LatencySummary {
  count: number;
  p50: number;
  p99: number;
  p999: number;
  max: number;
}

export function latencySummary(samples: ArrayLike<number>): LatencySummary {
  const sorted = sortedCopy(samples);
  return {
    count: sorted.length,
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    p999: percentile(sorted, 99.9),
    max: sorted.length === 0 ? Number.NaN : (sorted[sorted.length - 1] as number),
  };
}

/** Joins per-process sample arrays into one, so percentiles cover every client of a run. */
export function concatSamples(parts: readonly ArrayLike<number>[]): Float64Array {
  const total = parts.reduce((n, p) => n + p.length, 0);
  const out = new Float64Array(total);
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}
