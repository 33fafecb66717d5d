import { describe, expect, it } from 'vitest';
import { utcDay } from './login.js';

describe('utcDay', () => {
  it('names the UTC day of a time, at both edges of the day', () => {
    expect(utcDay(Date.UTC(2026, 11, 4, 0, 0, 0, 0))).toBe('2026-12-04');
    expect(utcDay(Date.UTC(2026, 11, 4, 23, 59, 59, 999))).toBe('2026-12-04');
    expect(utcDay(Date.UTC(2026, 11, 5, 0, 0, 0, 0))).toBe('2026-12-05');
  });

  it('is right again for an earlier day after a later one (a clock stepping back)', () => {
    expect(utcDay(Date.UTC(2027, 0, 1, 12))).toBe('2027-01-01');
    expect(utcDay(Date.UTC(2026, 11, 31, 23, 59, 59))).toBe('2026-12-31');
    expect(utcDay(Date.UTC(1969, 11, 31, 23))).toBe('1969-12-31');
  });
});
