/**
 * Values that are only known one way. A ramp whose top step was sustained says "at least N": the true
 * capacity lies somewhere above, and the ramp cannot tell where. A ratio of such values inherits the
 * uncertainty, so a target must never read "≥ 40,000 ÷ 20,000" as exactly 2×. Pure functions.
 */

/** How a value relates to the true one. `unknown`: bounded both ways at once, so no side is known. */
export type Bound = 'exact' | 'at least' | 'at most' | 'unknown';

export interface Bounded {
  value: number;
  bound: Bound;
}

/** +1: the truth may be higher; −1: it may be lower. */
const DIRECTION: Record<Exclude<Bound, 'unknown'>, number> = { exact: 0, 'at least': 1, 'at most': -1 };

/**
 * The bound of a summary of several values (a median over runs): medians only move up when their
 * inputs do, so lower bounds in make a lower bound out; lower and upper bounds mixed say nothing.
 */
export function joinBounds(a: Bound, b: Bound): Bound {
  if (a === 'exact') return b;
  if (b === 'exact' || a === b) return a;
  return 'unknown';
}

/**
 * `a ÷ b`. A larger numerator or a smaller denominator makes a larger ratio, so "≥ a ÷ b" is "≥" and
 * "a ÷ ≥ b" is "≤"; when both may move the same way (both "≥") the ratio could be anything.
 */
export function divide(a: Bounded, b: Bounded): Bounded {
  const value = a.value / b.value;
  if (a.bound === 'unknown' || b.bound === 'unknown') return { value, bound: 'unknown' };
  const up = DIRECTION[a.bound];
  const down = DIRECTION[b.bound];
  if (up !== 0 && up === down) return { value, bound: 'unknown' };
  const way = up - down;
  return { value, bound: way > 0 ? 'at least' : way < 0 ? 'at most' : 'exact' };
}

/** `yes` or `no` only when the bound cannot change the answer; `cannot tell` otherwise (and for NaN). */
export type Verdict = 'yes' | 'no' | 'cannot tell';

/** Whether the true value is surely ≥ `threshold`. */
export function surelyAtLeast(x: Bounded, threshold: number): Verdict {
  return verdict(x, x.value >= threshold, 'at least');
}

/** Whether the true value is surely ≤ `threshold`. */
export function surelyAtMost(x: Bounded, threshold: number): Verdict {
  return verdict(x, x.value <= threshold, 'at most');
}

/**
 * An exact value answers as it reads; a bound that points the way of the test can only confirm it (the
 * truth is even further that way), and one that points against it can only deny it.
 */
function verdict(x: Bounded, holds: boolean, sameWay: Bound): Verdict {
  if (Number.isNaN(x.value) || x.bound === 'unknown') return 'cannot tell';
  if (x.bound === 'exact') return holds ? 'yes' : 'no';
  if (x.bound === sameWay) return holds ? 'yes' : 'cannot tell';
  return holds ? 'cannot tell' : 'no';
}

/** `≥ 40,000`, `≤ 0.5`, `40,000`; `?` when nothing is known (both sides of a ratio were ceilings). */
export function formatBounded(x: Bounded, format: (value: number) => string): string {
  switch (x.bound) {
    case 'exact':
      return format(x.value);
    case 'at least':
      return `≥ ${format(x.value)}`;
    case 'at most':
      return `≤ ${format(x.value)}`;
    case 'unknown':
      return '?';
  }
}
