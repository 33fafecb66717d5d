/** DAU for the last 30 days and MAU for the last 12 months, as bar charts. */
import { h, replace } from '../shared/dom.js';
import { type AdminApi, describeFailure } from './api.js';
import { barChart } from './chart.js';

interface Activity {
  Daily: { day: string; users: number }[];
  Monthly: { month: string; users: number }[];
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

export function activityPanel(api: AdminApi): HTMLElement {
  const panel = h(
    'section',
    { class: 'panel', attrs: { 'data-testid': 'activity-panel' } },
    h('p', { class: 'muted' }, 'Loading…'),
  );
  api
    .console<Activity>('get_activity', { days: 30, months: 12 })
    .then((activity) => {
      const today = activity.Daily.at(-1)?.users ?? 0;
      const thisMonth = activity.Monthly.at(-1)?.users ?? 0;
      replace(
        panel,
        h(
          'div',
          { class: 'stats' },
          stat('Active today', today, 'dau-today'),
          stat('Active this month', thisMonth, 'mau-month'),
        ),
        h(
          'div',
          { class: 'card chart-card' },
          h('h2', {}, 'Daily active users, last 30 days'),
          barChart(
            activity.Daily.map((row) => ({ label: row.day.slice(5), value: row.users })),
            { title: 'Daily active users', labelEvery: 5, testID: 'dau-chart' },
          ),
        ),
        h(
          'div',
          { class: 'card chart-card' },
          h('h2', {}, 'Monthly active users, last 12 months'),
          barChart(
            activity.Monthly.map((row) => ({
              label: MONTHS[Number(row.month.slice(5)) - 1] ?? row.month,
              value: row.users,
            })),
            { title: 'Monthly active users', labelEvery: 1, testID: 'mau-chart' },
          ),
        ),
        h(
          'p',
          { class: 'muted small' },
          'A user counts once per UTC day (and month) with at least one successful login.',
        ),
      );
    })
    .catch((cause: unknown) => replace(panel, h('p', { class: 'error-text' }, describeFailure(cause))));
  return panel;
}

function stat(label: string, value: number, testID: string): HTMLElement {
  return h(
    'div',
    { class: 'card stat' },
    h('span', { class: 'muted small' }, label),
    h('strong', { attrs: { 'data-testid': testID } }, String(value)),
  );
}
