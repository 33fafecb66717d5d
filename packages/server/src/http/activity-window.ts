/**
 * The days and months the console's activity chart covers, ending today (UTC, as DAU/MAU are
 * counted per UTC day, login.md §7.5). Pure, so the calendar edges are tested as a table.
 */

const DAY_MS = 86_400_000;

export interface ActivityWindow {
  /** `YYYY-MM-DD`, oldest first, the last one today. */
  days: string[];
  /** `YYYY-MM`, oldest first, the last one this month. */
  months: string[];
}

export function activityWindow(nowMs: number, dayCount: number, monthCount: number): ActivityWindow {
  const days: string[] = [];
  for (let back = dayCount - 1; back >= 0; back -= 1) {
    days.push(new Date(nowMs - back * DAY_MS).toISOString().slice(0, 10));
  }
  const now = new Date(nowMs);
  const months: string[] = [];
  for (let back = monthCount - 1; back >= 0; back -= 1) {
    // Date.UTC normalizes a negative or overflowing month into the right year.
    const first = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - back, 1));
    months.push(first.toISOString().slice(0, 7));
  }
  return { days, months };
}
