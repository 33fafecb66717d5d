import { describe, expect, it } from 'vitest';
import { burstMegabytesPerSecond, figuresOf, noiseImageSide, uploadRate } from './uploads-figures.js';

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

describe('noiseImageSide', () => {
  it('makes a square of RGB pixels close to the asked size', () => {
    const side = noiseImageSide(1_000_000);
    expect(side * side * 3).toBeLessThanOrEqual(1_000_000);
    expect((side + 1) * (side + 1) * 3).toBeGreaterThan(1_000_000);
    expect(noiseImageSide(0)).toBe(1);
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
