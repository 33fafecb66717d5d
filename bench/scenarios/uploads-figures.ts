/**
 * The figures of the uploads scenario and the arithmetic behind them, apart from the scenario so they
 * can be tested without servers.
 */

export type UploadSide = 'parley' | 'parleyFile' | 'fastify';

/**
 * Parley as an app uploads a photo (kind `image`); the same bytes as kind `file` (sniffed and stored,
 * no decoding, no thumbnails), to show what the thumbnails cost; the baseline.
 */
export const UPLOAD_SIDES: readonly { id: UploadSide; label: string }[] = [
  { id: 'parley', label: 'Parley' },
  { id: 'parleyFile', label: 'Parley, same bytes as a file (no thumbnails)' },
  { id: 'fastify', label: 'plain fastify to disk' },
];

const RATIO = 'Parley ÷ plain fastify';
const labelOf = (side: UploadSide | 'ratio') =>
  side === 'ratio' ? RATIO : (UPLOAD_SIDES.find((s) => s.id === side)?.label ?? side);

export const uploadRate = (side: UploadSide | 'ratio') => `upload MB/s, ${labelOf(side)}`;
export const uploadP50 = (side: UploadSide | 'ratio') => `upload time per file p50, ${labelOf(side)}`;
export const uploadP99 = (side: UploadSide | 'ratio') => `upload time per file p99, ${labelOf(side)}`;

/** Every figure of one side (or of the ratios), so an error of that side marks them all. */
export const figuresOf = (side: UploadSide | 'ratio') => [uploadRate(side), uploadP50(side), uploadP99(side)];

/** What one load generator reports of a burst. */
export interface BurstShare {
  /** Wall clock of its first request and last answer, ms. */
  startedAt: number;
  endedAt: number;
  /** Bytes of its uploads that finished. */
  bytes: number;
}

/**
 * MB/s of one burst across every generator: all bytes stored (1 MB = 10⁶ bytes) over the wall time
 * from the first request anywhere to the last answer anywhere; NaN when nothing was stored.
 */
export function burstMegabytesPerSecond(shares: readonly BurstShare[]): number {
  const bytes = shares.reduce((sum, s) => sum + s.bytes, 0);
  if (shares.length === 0 || bytes === 0) return Number.NaN;
  const start = Math.min(...shares.map((s) => s.startedAt));
  const end = Math.max(...shares.map((s) => s.endedAt));
  if (!(end > start)) return Number.NaN;
  return bytes / 1e6 / ((end - start) / 1000);
}

/**
 * The largest `x` in [lo, hi] whose `size(x)` is at most `target`, for a `size` that grows with `x`,
 * found in `steps` halvings; `lo` when even that is too big. With its size, so nothing is measured
 * twice.
 */
export async function largestWithin(
  target: number,
  lo: number,
  hi: number,
  steps: number,
  size: (x: number) => Promise<number>,
): Promise<{ x: number; size: number }> {
  let best = { x: lo, size: await size(lo) };
  if (best.size > target) return best;
  const top = await size(hi);
  if (top <= target) return { x: hi, size: top };
  let [low, high] = [lo, hi];
  for (let i = 0; i < steps; i++) {
    const mid = (low + high) / 2;
    const measured = await size(mid);
    if (measured <= target) {
      best = { x: mid, size: measured };
      low = mid;
    } else {
      high = mid;
    }
  }
  return best;
}
