import { describe, expect, it } from 'vitest';
import { withinRecallWindow } from './recall-window.js';

describe('withinRecallWindow', () => {
  it.each([
    [0, 120, true],
    [119_999, 120, true],
    [120_000, 120, true],
    [120_001, 120, false],
    [0, 0, true],
    [1, 0, false],
    [86_400_000, 86_400, true],
  ])('a message %i ms old with a %i s window may be recalled: %s', (age, window, expected) => {
    expect(withinRecallWindow(1_000_000_000 + age, 1_000_000_000, window)).toBe(expected);
  });
});
