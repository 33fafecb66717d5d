/**
 * The chart, written as SVG text: one small bar chart per figure group (latency percentiles,
 * throughput, memory, recovery time), bars for bare ws, Socket.IO and Parley side by side, each
 * panel on its own scale. Opens in any browser; no chart library.
 */

import { formatBounded } from '../bounds.js';
import { type Figure, TARGET_NAMES, TARGETS } from '../harness/record.js';
import type { TargetKind } from '../load/tasks.js';
import { groupDeliveries, groupLastP50, groupLastP99 } from '../scenarios/groups-figures.js';
import { IDLE_RSS } from '../scenarios/idle.js';
import { KICK_P50, KICK_P99 } from '../scenarios/kick.js';
import { MSG_P50, MSG_P99, MSG_P999, MSG_SUSTAINED } from '../scenarios/messages.js';
import { RECONNECT_ALL } from '../scenarios/reconnect.js';
import { STATUS_DELIVERED, STATUS_P50, STATUS_P99 } from '../scenarios/status-figures.js';
import { STORM_P50, STORM_P99, STORM_RATE } from '../scenarios/storm.js';
import { VERIFY_FIGURE } from '../scenarios/verify.js';
import type { BenchDocument } from './document.js';
import { formatNumber } from './format.js';
import { missingWord } from './rows.js';

const COLORS: Record<TargetKind, string> = { ws: '#8c8c8c', socketio: '#4e79a7', parley: '#e15759' };
const PANEL_W = 440;
const PANEL_H = 240;
const COLUMNS = 2;
const TOP = 70;

interface PanelSpec {
  title: string;
  scenario: string;
  /** Figure name → the label under its group of bars. */
  groups: [string, string][];
}

const PANELS: PanelSpec[] = [
  {
    title: 'Login storm: logins/s (higher is better)',
    scenario: 'storm',
    groups: [[STORM_RATE, 'logins/s']],
  },
  {
    title: 'Login latency, ms (lower is better)',
    scenario: 'storm',
    groups: [
      [STORM_P50, 'p50'],
      [STORM_P99, 'p99'],
    ],
  },
  {
    title: 'Kick latency, ms (lower is better)',
    scenario: 'kick',
    groups: [
      [KICK_P50, 'p50'],
      [KICK_P99, 'p99'],
    ],
  },
  {
    title: 'Message send→receive, ms (lower is better)',
    scenario: 'messages',
    groups: [
      [MSG_P50, 'p50'],
      [MSG_P99, 'p99'],
      [MSG_P999, 'p999'],
    ],
  },
  {
    title: 'Highest sustained messages/s (higher is better)',
    scenario: 'messages',
    groups: [[MSG_SUSTAINED, 'msgs/s']],
  },
  {
    title: 'Server RSS per idle connection, KB (lower is better)',
    scenario: 'idle',
    groups: [[IDLE_RSS, 'KB']],
  },
  {
    title: 'Reconnect storm: all back after kill, s (lower is better)',
    scenario: 'reconnect',
    groups: [[RECONNECT_ALL, 's']],
  },
  {
    title: 'Group fan-out: deliveries/s (higher is better)',
    scenario: 'groups',
    groups: [
      [groupDeliveries('work'), 'Work group'],
      [groupDeliveries('room'), 'AVChatRoom'],
    ],
  },
  {
    title: 'Group fan-out: send→last member, ms (lower is better)',
    scenario: 'groups',
    groups: [
      [groupLastP50('work'), 'Work p50'],
      [groupLastP99('work'), 'Work p99'],
      [groupLastP50('room'), 'Room p50'],
      [groupLastP99('room'), 'Room p99'],
    ],
  },
  {
    title: 'User status fan-out: notifications delivered/s (higher is better)',
    scenario: 'status',
    groups: [[STATUS_DELIVERED, 'delivered/s']],
  },
  {
    title: 'User status fan-out: login or logout → watcher, ms (lower is better)',
    scenario: 'status',
    groups: [
      [STATUS_P50, 'p50'],
      [STATUS_P99, 'p99'],
    ],
  },
  { title: 'Ticket verifications/s per core', scenario: 'verify', groups: [[VERIFY_FIGURE, 'verify/s']] },
];

export function renderSvg(doc: BenchDocument): string {
  const panels = PANELS.flatMap((spec) => {
    const scenario = doc.scenarios.find((s) => s.id === spec.scenario);
    const groups = spec.groups.flatMap(([name, label]) => {
      const figure = scenario?.figures.find((f) => f.name === name);
      return figure ? [{ label, figure }] : [];
    });
    return groups.length > 0 ? [{ title: spec.title, groups }] : [];
  });
  const rows = Math.ceil(panels.length / COLUMNS);
  const width = PANEL_W * COLUMNS + 20;
  const height = TOP + rows * PANEL_H + 10;
  const body = panels.map((panel, i) =>
    renderPanel(
      panel.title,
      panel.groups,
      10 + (i % COLUMNS) * PANEL_W,
      TOP + Math.floor(i / COLUMNS) * PANEL_H,
    ),
  );
  const legend = TARGETS.map(
    (t, i) =>
      `<rect x="${20 + i * 130}" y="40" width="14" height="14" fill="${COLORS[t]}"/>` +
      `<text x="${40 + i * 130}" y="52">${TARGET_NAMES[t]}</text>`,
  ).join('');
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="12">`,
    `<rect width="100%" height="100%" fill="#fff"/>`,
    `<text x="20" y="24" font-size="16" font-weight="bold">${escapeXml(`Parley vs baselines — ${doc.startedAt}${doc.quick ? ' (quick)' : ''}; medians`)}</text>`,
    legend,
    ...body,
    '</svg>',
    '',
  ].join('\n');
}

function renderPanel(
  title: string,
  groups: { label: string; figure: Figure }[],
  x: number,
  y: number,
): string {
  const plot = { left: x + 50, top: y + 30, width: PANEL_W - 70, height: PANEL_H - 75 };
  const values = groups.flatMap((g) => TARGETS.map((t) => g.figure.results[t]?.median ?? 0));
  const max = niceCeiling(Math.max(...values.filter(Number.isFinite), 0));
  const scale = (v: number) => (max > 0 ? (v / max) * plot.height : 0);
  const parts = [`<text x="${x + 10}" y="${y + 16}" font-weight="bold">${escapeXml(title)}</text>`];
  const steps = gridSteps(max);
  for (let i = 0; i <= steps; i++) {
    const v = (max * i) / steps;
    const gy = plot.top + plot.height - scale(v);
    parts.push(
      `<line x1="${plot.left}" x2="${plot.left + plot.width}" y1="${gy}" y2="${gy}" stroke="#e5e5e5"/>`,
    );
    parts.push(
      `<text x="${plot.left - 6}" y="${gy + 4}" text-anchor="end" fill="#666">${formatNumber(v)}</text>`,
    );
  }
  const groupW = plot.width / groups.length;
  const barW = Math.min(40, (groupW - 20) / TARGETS.length);
  groups.forEach((group, gi) => {
    const gx = plot.left + gi * groupW + (groupW - barW * TARGETS.length) / 2;
    TARGETS.forEach((t, ti) => {
      const bx = gx + ti * barW;
      const median = group.figure.results[t]?.median;
      if (median === undefined || !Number.isFinite(median)) {
        const why = missingWord(group.figure.missing[t]);
        parts.push(
          `<text x="${bx + barW / 2}" y="${plot.top + plot.height - 4}" text-anchor="middle" font-size="9" fill="${COLORS[t]}" transform="rotate(-90 ${bx + barW / 2} ${plot.top + plot.height - 4})" dx="20">${why}</text>`,
        );
        return;
      }
      const h = scale(median);
      parts.push(
        `<rect x="${bx + 2}" y="${plot.top + plot.height - h}" width="${barW - 4}" height="${h}" fill="${COLORS[t]}"/>`,
      );
      parts.push(
        `<text x="${bx + barW / 2}" y="${plot.top + plot.height - h - 4}" text-anchor="middle" font-size="10">${formatBounded({ value: median, bound: group.figure.bounds[t] ?? 'exact' }, formatNumber)}</text>`,
      );
    });
    parts.push(
      `<text x="${plot.left + gi * groupW + groupW / 2}" y="${plot.top + plot.height + 16}" text-anchor="middle">${escapeXml(group.label)}</text>`,
    );
  });
  parts.push(
    `<line x1="${plot.left}" x2="${plot.left + plot.width}" y1="${plot.top + plot.height}" y2="${plot.top + plot.height}" stroke="#333"/>`,
  );
  return parts.join('\n');
}

/** The next 1, 2 or 5 × 10^k at or above v, so axis labels are round. */
export function niceCeiling(v: number): number {
  if (!(v > 0)) return 1;
  const power = 10 ** Math.floor(Math.log10(v));
  const step = [1, 2, 5, 10].find((s) => s * power >= v) ?? 10;
  return step * power;
}

/** Gridlines that land on round numbers: 2 × 10^k in quarters, 1 or 5 × 10^k in fifths. */
function gridSteps(max: number): number {
  return Math.round(max / 10 ** Math.floor(Math.log10(max))) === 2 ? 4 : 5;
}

function escapeXml(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}
