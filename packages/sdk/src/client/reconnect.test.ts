import { afterEach, describe, expect, it, vi } from 'vitest';
import { backoffDelay, Reconnect } from './reconnect.js';

describe('backoffDelay', () => {
  it.each([
    [0, 0, 500],
    [0, 0.999, 500],
    [1, 0.999, 999],
    [2, 0.5, 1250],
    [3, 1, 4000],
    [10, 1, 10_000],
    [10, 0, 500],
    [1_000, 1, 10_000],
  ])('step %i with random %f waits %i ms (min 500, max 10 000)', (step, random, expected) => {
    expect(backoffDelay(step, 500, 10_000, random)).toBe(expected);
  });

  it('stays finite for huge steps', () => {
    expect(backoffDelay(Number.MAX_SAFE_INTEGER, 500, 10_000, 0.5)).toBe(5_250);
  });
});

describe('Reconnect', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('grows the wait per attempt and starts again after reset', async () => {
    vi.useFakeTimers();
    vi.spyOn(Math, 'random').mockReturnValue(1);
    const reconnect = new Reconnect({ minDelayMs: 100, maxDelayMs: 1_000 });
    const waits: number[] = [];
    for (let i = 0; i < 5; i++) {
      const start = Date.now();
      const done = reconnect.wait();
      await vi.runAllTimersAsync();
      expect(await done).toBe(true);
      waits.push(Date.now() - start);
    }
    reconnect.reset();
    const start = Date.now();
    const done = reconnect.wait();
    await vi.runAllTimersAsync();
    await done;
    waits.push(Date.now() - start);
    expect(waits).toEqual([100, 200, 400, 800, 1_000, 100]);
    vi.restoreAllMocks();
  });

  it('ends a pending wait with false on cancel', async () => {
    const reconnect = new Reconnect({ minDelayMs: 10_000, maxDelayMs: 10_000 });
    const done = reconnect.wait();
    reconnect.cancel();
    expect(await done).toBe(false);
  });
});
