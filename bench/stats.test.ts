import { describe, expect, it } from 'vitest';
import { concatSamples, latencySummary, median, percentile, sortedCopy, summarize } from './stats.js';

describe('percentile (nearest rank)', () => {
  const sorted = sortedCopy([5, 1, 4, 2, 3, 10, 9, 8, 7, 6]);

  it.each([
    [0, 1],
    [10, 1],
    [11, 2],
    [50, 5],
    [90, 9],
    [99, 10],
    [100, 10],
  ])('p%d of 1..10 is %d', (p, expected) => {
    expect(percentile(sorted, p)).toBe(expected);
  });

  it('never invents a value between two samples', () => {
    expect(percentile(sortedCopy([1, 100]), 50)).toBe(1);
  });

  it('is NaN without samples', () => {
    expect(percentile(new Float64Array(), 50)).toBeNaN();
  });
});

describe('median', () => {
  it('takes the middle of an odd count and the mean of the two middles of an even one', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });

  it('does not reorder the caller’s array', () => {
    const values = [3, 1, 2];
    median(values);
    expect(values).toEqual([3, 1, 2]);
  });
});

describe('summarize over runs', () => {
  it('reports the median and the min–max spread relative to it', () => {
    expect(summarize([90, 100, 110])).toEqual({ median: 100, min: 90, max: 110, spread: 0.2, runs: 3 });
  });

  it('has no spread for a single run', () => {
    expect(summarize([42]).spread).toBe(0);
  });

  it('ignores runs that produced no number', () => {
    expect(summarize([Number.NaN, 10, 20]).runs).toBe(2);
    expect(summarize([]).runs).toBe(0);
  });
});

describe('latency summary', () => {
  it('covers samples joined from several generator processes', () => {
    const joined = concatSamples([Float64Array.of(1, 2, 3), [4, 5]]);
    expect(Array.from(joined)).toEqual([1, 2, 3, 4, 5]);
    const summary = latencySummary(Array.from({ length: 1000 }, (_, i) => 1000 - i));
    expect(summary).toEqual({ count: 1000, p50: 500, p99: 990, p999: 999, max: 1000 });
  });
});
