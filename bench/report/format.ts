/** How numbers and comparisons are written in every report, so the table, Markdown and SVG agree. */
import { type Bound, type Bounded, divide, formatBounded } from '../bounds.js';
import type { Figure } from '../harness/record.js';
import type { TargetKind } from '../load/tasks.js';
import type { RunSummary } from '../stats.js';

/** Three significant digits at most, thousands grouped: 12,345 · 123 · 12.3 · 1.23 · 0.123. */
export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return '–';
  const abs = Math.abs(value);
  const digits = abs >= 100 ? 0 : abs >= 10 ? 1 : abs >= 1 ? 2 : 3;
  return value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: 0 });
}

/**
 * Median with its spread over the runs, e.g. `1,234 ±5%` (± half the min–max range); `≥ 40,000` when
 * the value is only a lower bound (a ramp that never found its ceiling).
 */
export function formatSummary(summary: RunSummary | undefined, unit = '', bound: Bound = 'exact'): string {
  if (!summary || summary.runs === 0) return '–';
  const value = `${formatBounded({ value: summary.median, bound }, formatNumber)}${unit ? ` ${unit}` : ''}`;
  if (summary.runs < 2 || !Number.isFinite(summary.spread)) return value;
  return `${value} ±${Math.round((summary.spread / 2) * 100)}%`;
}

/** A target's median with its bound, or undefined when it has no finite value. */
export function measured(figure: Figure, target: TargetKind): Bounded | undefined {
  const median = figure.results[target]?.median;
  if (median === undefined || !Number.isFinite(median)) return undefined;
  return { value: median, bound: figure.bounds[target] ?? 'exact' };
}

/**
 * Parley's median divided by a baseline's, bounded as its inputs are (Parley "≥ N" over an exact
 * baseline is "≥"), or undefined when either is missing or the baseline is 0.
 */
export function ratio(figure: Figure, baseline: 'ws' | 'socketio'): Bounded | undefined {
  const parley = measured(figure, 'parley');
  const base = measured(figure, baseline);
  if (parley === undefined || base === undefined || base.value === 0) return undefined;
  return divide(parley, base);
}

/** How many times better Parley is than a baseline, whichever way "better" points for this figure. */
export function betterBy(figure: Figure, baseline: 'ws' | 'socketio'): Bounded | undefined {
  const parley = measured(figure, 'parley');
  const base = measured(figure, baseline);
  if (parley === undefined || base === undefined) return undefined;
  if (figure.better === 'higher') return base.value === 0 ? undefined : divide(parley, base);
  if (parley.value === 0) return { value: Number.POSITIVE_INFINITY, bound: 'exact' };
  return divide(base, parley);
}

/** `0.62×`, `≥ 1.5×`, `?`, or `–` when there is no ratio. */
export function formatRatio(value: Bounded | undefined): string {
  return value === undefined ? '–' : formatBounded(value, (v) => `${formatNumber(v)}×`);
}
