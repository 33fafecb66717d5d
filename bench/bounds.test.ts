import { describe, expect, it } from 'vitest';
import { type Bound, divide, formatBounded, joinBounds, surelyAtLeast, surelyAtMost } from './bounds.js';

describe('divide', () => {
  it.each<[Bound, Bound, Bound]>([
    ['exact', 'exact', 'exact'],
    ['at least', 'exact', 'at least'],
    ['exact', 'at least', 'at most'],
    ['at most', 'exact', 'at most'],
    ['exact', 'at most', 'at least'],
    ['at least', 'at most', 'at least'],
    ['at most', 'at least', 'at most'],
    ['at least', 'at least', 'unknown'],
    ['at most', 'at most', 'unknown'],
    ['unknown', 'exact', 'unknown'],
    ['exact', 'unknown', 'unknown'],
  ])('%s ÷ %s is %s', (a, b, expected) => {
    expect(divide({ value: 6, bound: a }, { value: 3, bound: b })).toEqual({ value: 2, bound: expected });
  });
});

describe('joinBounds (a median over runs)', () => {
  it.each<[Bound, Bound, Bound]>([
    ['exact', 'exact', 'exact'],
    ['exact', 'at least', 'at least'],
    ['at least', 'exact', 'at least'],
    ['at least', 'at least', 'at least'],
    ['at least', 'at most', 'unknown'],
    ['unknown', 'exact', 'unknown'],
  ])('%s with %s is %s', (a, b, expected) => {
    expect(joinBounds(a, b)).toBe(expected);
  });
});

describe('surelyAtLeast and surelyAtMost', () => {
  it.each<[number, Bound, 'yes' | 'no' | 'cannot tell']>([
    [0.6, 'exact', 'yes'],
    [0.4, 'exact', 'no'],
    [0.6, 'at least', 'yes'],
    [0.4, 'at least', 'cannot tell'],
    [0.6, 'at most', 'cannot tell'],
    [0.4, 'at most', 'no'],
    [0.6, 'unknown', 'cannot tell'],
    [Number.NaN, 'exact', 'cannot tell'],
  ])('%d (%s) ≥ 0.5: %s', (value, bound, expected) => {
    expect(surelyAtLeast({ value, bound }, 0.5)).toBe(expected);
  });

  it.each<[number, Bound, 'yes' | 'no' | 'cannot tell']>([
    [2, 'exact', 'yes'],
    [4, 'exact', 'no'],
    [2, 'at most', 'yes'],
    [4, 'at most', 'cannot tell'],
    [2, 'at least', 'cannot tell'],
    [4, 'at least', 'no'],
    [2, 'unknown', 'cannot tell'],
  ])('%d (%s) ≤ 3: %s', (value, bound, expected) => {
    expect(surelyAtMost({ value, bound }, 3)).toBe(expected);
  });

  it('counts a threshold met exactly as met', () => {
    expect(surelyAtLeast({ value: 1, bound: 'exact' }, 1)).toBe('yes');
    expect(surelyAtMost({ value: 3, bound: 'exact' }, 3)).toBe('yes');
  });
});

describe('formatBounded', () => {
  it('says which way the truth may lie', () => {
    const f = (v: number) => v.toFixed(1);
    expect(formatBounded({ value: 2, bound: 'exact' }, f)).toBe('2.0');
    expect(formatBounded({ value: 2, bound: 'at least' }, f)).toBe('≥ 2.0');
    expect(formatBounded({ value: 2, bound: 'at most' }, f)).toBe('≤ 2.0');
    expect(formatBounded({ value: 2, bound: 'unknown' }, f)).toBe('?');
  });
});
