import { describe, expect, it } from 'vitest';
import { RestRateLimiter } from './rate-limit.js';

describe('RestRateLimiter', () => {
  const limiter = () => {
    const clock = { t: 1_000_000 };
    return { clock, limiter: new RestRateLimiter(() => clock.t) };
  };
  const takeMany = (l: RestRateLimiter, key: string, n: number, rate: number) =>
    Array.from({ length: n }, () => l.take(key, rate)).filter(Boolean).length;

  it('allows a burst of one second of calls, then refuses', () => {
    const { limiter: l } = limiter();
    expect(takeMany(l, 'a', 150, 100)).toBe(100);
  });

  it('refills continuously at the rate', () => {
    const { clock, limiter: l } = limiter();
    takeMany(l, 'a', 100, 100);
    clock.t += 250;
    expect(takeMany(l, 'a', 100, 100)).toBe(25);
  });

  it('never holds more than one second of calls after a quiet period', () => {
    const { clock, limiter: l } = limiter();
    l.take('a', 10);
    clock.t += 60_000;
    expect(takeMany(l, 'a', 50, 10)).toBe(10);
  });

  it('keeps keys apart', () => {
    const { limiter: l } = limiter();
    takeMany(l, 'app1/kick', 5, 5);
    expect(l.take('app1/kick', 5)).toBe(false);
    expect(l.take('app2/kick', 5)).toBe(true);
    expect(l.take('app1/account_check', 5)).toBe(true);
  });
});
