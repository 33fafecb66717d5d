/**
 * The target table ("Benchmarks that can fail", issues 7, 11 and 13), checked against one run's figures:
 * every ratio divides two figures of the same run, on the same machine at the same time. A target is
 *
 * - met: the figures say so, even with any bound counted against Parley;
 * - missed: they do not; or Parley failed while measuring them (a crash, a server that did not start,
 *   refused logins, lost messages: a broken server is a failed benchmark); or a bound leaves the
 *   answer open ("≥ 60,000 ÷ ≥ 60,000"), since a target is only met when it surely is;
 * - not measured: what Parley is compared with could not be measured (bare ws failed, PostgreSQL or
 *   Redis absent). Never for Parley's own failures; the run prints it loudly;
 * - not run: this run left the scenario out (`--only`) or is too small for the target (`--quick`).
 *
 * The run exits non-zero when any target is missed.
 */
import { type Bounded, divide, formatBounded, surelyAtLeast, surelyAtMost } from '../bounds.js';
import { type ScenarioReport, TARGET_NAMES } from '../harness/record.js';
import type { TargetKind } from '../load/tasks.js';
import type { ScenarioID } from '../options.js';
import type { BenchPlan } from '../plan.js';
import { GROUP_KINDS, type GroupKind, groupDeliveries } from '../scenarios/groups-figures.js';
import { IDLE_HELD, IDLE_RSS } from '../scenarios/idle.js';
import { KICK_P99 } from '../scenarios/kick.js';
import { MSG_P99, MSG_SUSTAINED } from '../scenarios/messages.js';
import { RECONNECT_ALL } from '../scenarios/reconnect.js';
import { STATUS_DELIVERED } from '../scenarios/status-figures.js';
import { STORM_RATE } from '../scenarios/storm.js';
import { SKIPPED, workersMessages } from '../scenarios/workers-figures.js';
import { betterBy, formatNumber, formatRatio, measured } from './format.js';

export type TargetStatus = 'met' | 'missed' | 'not measured' | 'not run';

export interface TargetCheck {
  target: string;
  status: TargetStatus;
  detail: string;
}

/** What one run produced, as the targets need it. */
export interface RunOutcome {
  plan: BenchPlan;
  /** The scenarios this run was asked for (all, or `--only`). */
  selected: readonly ScenarioID[];
  /** Reports of the scenarios that finished. */
  scenarios: readonly ScenarioReport[];
  /** Scenarios that threw before reporting, with why: every target that needs them is missed. */
  failed: Readonly<Partial<Record<ScenarioID, string>>>;
}

/** Target values from the issues. */
const STORM_VS_WS = 0.6;
const RSS_VS_WS = 2;
const CONNECTIONS_ONE_PROCESS = 19_000;
const MESSAGES_VS_WS = 0.5;
const MESSAGE_P99_VS_WS = 3;
const MESSAGE_P99_RATE = 5_000;
const POSTGRES_VS_SQLITE = 0.5;
const WORKERS_VS_ONE = 1;
const KICK_P99_MS = 50;
const RECONNECT_CLIENTS = 10_000;
const RECONNECT_SECONDS = 15;
const BETTER_THAN_SOCKETIO = 1.2;
const GROUP_DELIVERIES_VS_WS = 0.5;
const STATUS_DELIVERIES_VS_WS = 0.5;

/** Scenarios with a Socket.IO figure beside Parley's. */
const SOCKETIO_SCENARIOS: readonly ScenarioID[] = ['storm', 'idle', 'kick', 'reconnect', 'messages'];

/** Why a figure has no value a target can use. */
interface Gap {
  status: Exclude<TargetStatus, 'met'>;
  why: string;
}

/** A figure as a target sees it: a value (maybe only a bound), or a gap. */
type Reading = { status: 'value'; value: Bounded } | Gap;

/** Of several gaps, the target takes the first of these statuses found: a miss is never hidden. */
const GRAVITY: readonly Gap['status'][] = ['missed', 'not run', 'not measured'];

export function checkTargets(run: RunOutcome): TargetCheck[] {
  const parley = (scenario: ScenarioID, name: string) => read(run, scenario, name, 'parley');
  const ws = (scenario: ScenarioID, name: string) => read(run, scenario, name, 'ws');
  const p99Rate = run.plan.messages.rate;
  const sqlite = workersMessages('sqlite');
  const single = workersMessages('single');
  const p99Target = `durable messages (SQLite): p99 send→receive at ${formatNumber(MESSAGE_P99_RATE)}/s ≤ ${MESSAGE_P99_VS_WS}× bare ws's`;
  return [
    compare(`login storm ≥ ${STORM_VS_WS}× bare ws connect rate`, 'at least', STORM_VS_WS, 'logins/s', [
      ['Parley', parley('storm', STORM_RATE)],
      ['bare ws', ws('storm', STORM_RATE)],
    ]),
    compare(`idle RSS per connection ≤ ${RSS_VS_WS}× bare ws`, 'at most', RSS_VS_WS, 'KB', [
      ['Parley', parley('idle', IDLE_RSS)],
      ['bare ws', ws('idle', IDLE_RSS)],
    ]),
    held(run, parley('idle', IDLE_HELD)),
    compare(
      `durable messages (SQLite): highest sustained rate ≥ ${MESSAGES_VS_WS}× bare ws`,
      'at least',
      MESSAGES_VS_WS,
      '/s',
      [
        ['Parley', parley('messages', MSG_SUSTAINED)],
        ['bare ws', ws('messages', MSG_SUSTAINED)],
      ],
    ),
    p99Rate === MESSAGE_P99_RATE
      ? compare(p99Target, 'at most', MESSAGE_P99_VS_WS, 'ms', [
          ['Parley', parley('messages', MSG_P99)],
          ['bare ws', ws('messages', MSG_P99)],
        ])
      : { target: p99Target, status: 'not run', detail: `this plan sends at ${formatNumber(p99Rate)}/s` },
    compare(
      `PostgreSQL + Redis, 1 process: highest sustained messages/s ≥ ${POSTGRES_VS_SQLITE}× SQLite`,
      'at least',
      POSTGRES_VS_SQLITE,
      '/s',
      [
        ['PostgreSQL + Redis', parley('workers', single)],
        ['SQLite', parley('workers', sqlite)],
      ],
    ),
    compare(
      `--workers 2: highest sustained messages/s ≥ ${WORKERS_VS_ONE}× 1 process, both PostgreSQL + Redis`,
      'at least',
      WORKERS_VS_ONE,
      '/s',
      [
        ['--workers 2', parley('workers', workersMessages('workers'))],
        ['1 process', parley('workers', single)],
      ],
    ),
    absolute(`kick latency p99 ≤ ${KICK_P99_MS} ms`, parley('kick', KICK_P99), KICK_P99_MS, 'ms'),
    reconnect(run, parley('reconnect', RECONNECT_ALL)),
    ...GROUP_KINDS.map((kind) =>
      compare(groupTarget(run.plan, kind), 'at least', GROUP_DELIVERIES_VS_WS, '/s', [
        ['Parley', parley('groups', groupDeliveries(kind.id))],
        ['bare ws', ws('groups', groupDeliveries(kind.id))],
      ]),
    ),
    compare(statusTarget(run.plan), 'at least', STATUS_DELIVERIES_VS_WS, '/s', [
      ['Parley', parley('status', STATUS_DELIVERED)],
      ['bare ws', ws('status', STATUS_DELIVERED)],
    ]),
    socketio(run),
  ];
}

/** `deliveries/s to a 5,000-member Work group, 2,000 online, ≥ 0.5× bare ws broadcasting the same`. */
function groupTarget(plan: BenchPlan, kind: GroupKind): string {
  const { members, online, roomMembers } = plan.groups;
  const group =
    kind.id === 'work'
      ? `a ${formatNumber(members)}-member Work group, ${formatNumber(online)} online`
      : `a ${formatNumber(roomMembers)}-member AVChatRoom`;
  return `deliveries/s of one message to ${group} ≥ ${GROUP_DELIVERIES_VS_WS}× a bare ws broadcast`;
}

/**
 * One figure of one target. A Parley failure misses the target; a baseline's leaves it unmeasured
 * (the comparison is impossible, not lost). Only a missing PostgreSQL or Redis excuses a Parley gap.
 */
/** `status notifications/s, 10,000 users watched by 50, 500 logins + logouts/s, ≥ 0.5× bare ws`. */
function statusTarget(plan: BenchPlan): string {
  const { users, rate } = plan.status;
  return (
    `status notifications delivered/s (${formatNumber(users)} users watched by 50, ` +
    `${formatNumber(rate)} logins + logouts/s) ≥ ${STATUS_DELIVERIES_VS_WS}× a bare ws fan-out`
  );
}

function read(run: RunOutcome, scenario: ScenarioID, name: string, kind: TargetKind): Reading {
  const failed = run.failed[scenario];
  if (failed !== undefined) return { status: 'missed', why: `the ${scenario} scenario failed: ${failed}` };
  if (!run.selected.includes(scenario))
    return { status: 'not run', why: `${scenario} was not part of this run` };
  const failure = kind === 'parley' ? 'missed' : 'not measured';
  const who = TARGET_NAMES[kind];
  const figure = run.scenarios.find((s) => s.id === scenario)?.figures.find((f) => f.name === name);
  if (!figure) return { status: failure, why: `${scenario} reported no "${name}"` };
  const errors = figure.errors[kind] ?? [];
  if (errors.length > 0) {
    const more = errors.length > 1 ? ` (and ${errors.length - 1} more)` : '';
    return { status: failure, why: `${who} had errors: ${errors[0]}${more}` };
  }
  const value = measured(figure, kind);
  if (value) return { status: 'value', value };
  const why = figure.missing[kind] ?? 'no value';
  if (why.startsWith(SKIPPED)) return { status: 'not measured', why: `${who}: ${why}` };
  return { status: failure, why: `${who}: ${why}` };
}

/** `numerator ÷ denominator` of two labelled readings, judged against `threshold`. */
function compare(
  target: string,
  test: 'at least' | 'at most',
  threshold: number,
  unit: string,
  parts: [[string, Reading], [string, Reading]],
): TargetCheck {
  const [[numLabel, num], [denLabel, den]] = parts;
  if (num.status !== 'value' || den.status !== 'value') {
    const gaps = [num, den].filter((r): r is Gap => r.status !== 'value');
    const status = GRAVITY.find((g) => gaps.some((r) => r.status === g)) ?? 'missed';
    return { target, status, detail: [...new Set(gaps.map((g) => g.why))].join('; ') };
  }
  const ratio = divide(num.value, den.value);
  const values = `${numLabel} ${withUnit(num.value, unit)} vs ${denLabel} ${withUnit(den.value, unit)}`;
  // 0 ÷ 0: e.g. neither PostgreSQL server sustained the ramp's first step.
  if (Number.isNaN(ratio.value)) return judge(target, ratio, test, threshold, `no ratio (${values})`);
  const ceilings = [
    ...(num.value.bound === 'exact' ? [] : [numLabel]),
    ...(den.value.bound === 'exact' ? [] : [denLabel]),
  ];
  const detail = `${formatRatio(ratio)} (${values}${boundNote(ratio, ceilings)})`;
  return judge(target, ratio, test, threshold, detail);
}

/** `≥ 40,000/s`, `18.8 KB`. */
function withUnit(value: Bounded, unit: string): string {
  return `${formatBounded(value, formatNumber)}${unit.startsWith('/') ? '' : ' '}${unit}`;
}

/** Says which way a bounded ratio may be off, so "≥ 1.2×" is never read as exactly 1.2×. */
function boundNote(ratio: Bounded, ceilings: readonly string[]): string {
  const why = `${ceilings.join(' and ')} sustained even the ramp's top step`;
  switch (ratio.bound) {
    case 'exact':
      return '';
    case 'at least':
      return `; a lower bound: ${why}`;
    case 'at most':
      return `; an upper bound: ${why}`;
    case 'unknown':
      return `; unknown: ${why}`;
  }
}

/** Met only when surely met; a bound that leaves it open counts as missed, and says so. */
function judge(
  target: string,
  value: Bounded,
  test: 'at least' | 'at most',
  threshold: number,
  detail: string,
): TargetCheck {
  const verdict = test === 'at least' ? surelyAtLeast(value, threshold) : surelyAtMost(value, threshold);
  if (verdict === 'yes') return { target, status: 'met', detail };
  if (verdict === 'no') return { target, status: 'missed', detail };
  return { target, status: 'missed', detail: `${detail} — cannot tell, so counted as missed` };
}

function absolute(target: string, reading: Reading, atMost: number, unit: string): TargetCheck {
  if (reading.status !== 'value') return { target, status: reading.status, detail: reading.why };
  return judge(target, reading.value, 'at most', atMost, withUnit(reading.value, unit));
}

function held(run: RunOutcome, reading: Reading): TargetCheck {
  const target = `${formatNumber(CONNECTIONS_ONE_PROCESS)} logged-in connections in one process`;
  const asked = run.plan.idle.clients;
  if (reading.status !== 'value') return { target, status: reading.status, detail: reading.why };
  const detail = `${formatNumber(reading.value.value)} held (asked for ${formatNumber(asked)})`;
  if (asked < CONNECTIONS_ONE_PROCESS) {
    return {
      target,
      status: 'not run',
      detail: `${detail}; the full run holds ${formatNumber(CONNECTIONS_ONE_PROCESS)}`,
    };
  }
  return judge(target, reading.value, 'at least', CONNECTIONS_ONE_PROCESS, detail);
}

function reconnect(run: RunOutcome, reading: Reading): TargetCheck {
  const target = `reconnect storm of ${formatNumber(RECONNECT_CLIENTS)} clients back ≤ ${RECONNECT_SECONDS} s`;
  const clients = run.plan.reconnect.clients;
  if (reading.status !== 'value') return { target, status: reading.status, detail: reading.why };
  const seconds = reading.value.value;
  if (clients < RECONNECT_CLIENTS) {
    // Fewer clients come back sooner: too slow with them is too slow with ten thousand.
    return {
      target,
      status: seconds > RECONNECT_SECONDS ? 'missed' : 'not run',
      detail: `${formatNumber(seconds)} s with ${formatNumber(clients)} clients (the full run has ${formatNumber(RECONNECT_CLIENTS)})`,
    };
  }
  return judge(target, reading.value, 'at most', RECONNECT_SECONDS, `${formatNumber(seconds)} s`);
}

/**
 * Every figure Parley shares with Socket.IO, better by the factor whichever way better points. A
 * Parley failure on any of them is a shortfall; a figure Socket.IO could not produce is left out.
 */
function socketio(run: RunOutcome): TargetCheck {
  const target = `every figure ≥ ${BETTER_THAN_SOCKETIO}× better than Socket.IO`;
  const short: string[] = [];
  let compared = 0;
  for (const id of SOCKETIO_SCENARIOS) {
    const failed = run.failed[id];
    if (failed !== undefined) short.push(`${id} failed`);
  }
  for (const scenario of run.scenarios) {
    for (const figure of scenario.figures) {
      if (figure.context || !measured(figure, 'socketio') || figure.errors.socketio?.length) continue;
      compared += 1;
      if (figure.errors.parley?.length) {
        short.push(`${figure.name}: Parley had errors`);
        continue;
      }
      const by = betterBy(figure, 'socketio');
      if (by === undefined) {
        short.push(`${figure.name}: no Parley value`);
        continue;
      }
      if (surelyAtLeast(by, BETTER_THAN_SOCKETIO) !== 'yes') short.push(`${figure.name} ${formatRatio(by)}`);
    }
  }
  if (short.length > 0) return { target, status: 'missed', detail: `short: ${short.join('; ')}` };
  if (compared > 0) return { target, status: 'met', detail: `${compared} figures compared` };
  const ran = SOCKETIO_SCENARIOS.some((id) => run.selected.includes(id));
  return ran
    ? { target, status: 'not measured', detail: 'Socket.IO produced no figure to compare with' }
    : { target, status: 'not run', detail: 'no scenario with Socket.IO was part of this run' };
}

/** `4 met, 2 MISSED, 1 NOT MEASURED, 3 not run`: the statuses that fail or excuse nothing in capitals. */
export function targetSummary(checks: readonly TargetCheck[]): string {
  const order: readonly [TargetStatus, string][] = [
    ['met', 'met'],
    ['missed', 'MISSED'],
    ['not measured', 'NOT MEASURED'],
    ['not run', 'not run'],
  ];
  const parts = order.flatMap(([status, word]) => {
    const n = checks.filter((c) => c.status === status).length;
    return n > 0 ? [`${n} ${word}`] : [];
  });
  return `Targets: ${parts.length > 0 ? parts.join(', ') : 'none checked'}`;
}
