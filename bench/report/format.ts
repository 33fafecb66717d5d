/** How numbers and comparisons are written in every report, so the table, Markdown and SVG agree. */
import type { Figure } from '../harness/record.js';
import type { RunSummary } from '../stats.js';

/** Three significant digits at most, thousands grouped: 12,345 · 123 · 12.3 · 1.23 · 0.123. */
export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return '–';
  const abs = Math.abs(value);
  const digits = abs >= 100 ? 0 : abs >= 10 ? 1 : abs >= 1 ? 2 : 3;
  return value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: 0 });
}

/** Median with its spread over the runs, e.g. `1,234 ±5%` (± half the min–max range). */
export function formatSummary(summary: RunSummary | undefined, unit = ''): string {
  if (!summary || summary.runs === 0) return '–';
  const value = `${formatNumber(summary.median)}${unit ? ` ${unit}` : ''}`;
  if (summary.runs < 2 || !Number.isFinite(summary.spread)) return value;
  return `${value} ±${Math.round((summary.spread / 2) * 100)}%`;
}

/** Parley's median divided by a baseline's, or undefined when either is missing. */
export function ratio(figure: Figure, baseline: 'ws' | 'socketio'): number | undefined {
  const parley = figure.results.parley?.median;
  const base = figure.results[baseline]?.median;
  if (
    parley === undefined ||
    base === undefined ||
    !Number.isFinite(parley) ||
    !Number.isFinite(base) ||
    base === 0
  )
    return undefined;
  return parley / base;
}

/** How many times better Parley is than a baseline, whichever way "better" points for this figure. */
export function betterBy(figure: Figure, baseline: 'ws' | 'socketio'): number | undefined {
  const r = ratio(figure, baseline);
  if (r === undefined) return undefined;
  return figure.better === 'higher' ? r : r === 0 ? Number.POSITIVE_INFINITY : 1 / r;
}

export function formatRatio(value: number | undefined): string {
  return value === undefined ? '–' : `${formatNumber(value)}×`;
}
