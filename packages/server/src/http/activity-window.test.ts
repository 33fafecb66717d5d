import { describe, expect, it } from 'vitest';
import { activityWindow } from './activity-window.js';

describe('activityWindow', () => {
  it.each([
    [
      'mid-month',
      '2025-03-14T12:00:00Z',
      3,
      2,
      ['2025-03-12', '2025-03-13', '2025-03-14'],
      ['2025-02', '2025-03'],
    ],
    [
      'across a year end',
      '2025-01-01T00:30:00Z',
      2,
      3,
      ['2024-12-31', '2025-01-01'],
      ['2024-11', '2024-12', '2025-01'],
    ],
    ['a leap day', '2024-03-01T23:59:59Z', 2, 1, ['2024-02-29', '2024-03-01'], ['2024-03']],
  ])('ends today and this month (%s)', (_name, now, dayCount, monthCount, days, months) => {
    expect(activityWindow(Date.parse(now), dayCount, monthCount)).toEqual({ days, months });
  });
});
