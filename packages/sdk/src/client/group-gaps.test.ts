import { describe, expect, it } from 'vitest';
import { planPush, startPosition } from './group-gaps.js';

describe('planning a live group push', () => {
  it.each([
    { applied: 4, seq: 5, plan: 'apply' },
    { applied: 4, seq: 4, plan: 'drop' },
    { applied: 4, seq: 2, plan: 'drop' },
    { applied: 4, seq: 7, plan: 'pull' },
    { applied: undefined, seq: 7, plan: 'apply' },
    { applied: 4, seq: 0, plan: 'apply' },
  ] as const)('after $applied, seq $seq is $plan', ({ applied, seq, plan }) => {
    expect(planPush(applied, seq)).toBe(plan);
  });

  it('starts a fresh client at the read position and keeps a known one', () => {
    expect(startPosition(undefined, 3)).toBe(3);
    expect(startPosition(9, 3)).toBe(9);
  });
});
