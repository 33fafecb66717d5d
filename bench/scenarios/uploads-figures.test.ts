import { describe, expect, it } from 'vitest';
import { burstMegabytesPerSecond, figuresOf, largestWithin, uploadRate } from './uploads-figures.js';

describe('burstMegabytesPerSecond', () => {
  it('divides all bytes by the wall time from the first request to the last answer', () => {
    const mbs = burstMegabytesPerSecond([
      { startedAt: 1_000, endedAt: 1_500, bytes: 25_000_000 },
      { startedAt: 1_010, endedAt: 2_000, bytes: 25_000_000 },
    ]);
    expect(mbs).toBeCloseTo(50);
  });

  it('is NaN when nothing was stored or no time passed', () => {
    expect(burstMegabytesPerSecond([])).toBeNaN();
    expect(burstMegabytesPerSecond([{ startedAt: 1, endedAt: 2, bytes: 0 }])).toBeNaN();
    expect(burstMegabytesPerSecond([{ startedAt: 5, endedAt: 5, bytes: 10 }])).toBeNaN();
  });
});

describe('largestWithin', () => {
  const linear = async (x: number) => x * 10;

  it('finds the largest x whose size fits', async () => {
    const found = await largestWithin(500, 0, 100, 20, linear);
    expect(found.x).toBeLessThanOrEqual(50);
    expect(found.x).toBeGreaterThan(49.9);
    expect(found.size).toBe(found.x * 10);
  });

  it('gives the ends when everything or nothing fits', async () => {
    expect(await largestWithin(5_000, 0, 100, 5, linear)).toEqual({ x: 100, size: 1_000 });
    expect(await largestWithin(5, 1, 100, 5, linear)).toEqual({ x: 1, size: 10 });
  });
});

describe('figure names', () => {
  it('name each side and the ratio apart', () => {
    const names = [
      ...figuresOf('parley'),
      ...figuresOf('parleyFile'),
      ...figuresOf('fastify'),
      ...figuresOf('ratio'),
    ];
    expect(new Set(names).size).toBe(12);
    expect(uploadRate('ratio')).toContain('÷');
  });
});
