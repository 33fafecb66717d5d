/**
 * User status fan-out (issue 14): users watched by 50 subscribers each log in and out at a fixed
 * rate, and every change reaches the watchers that are online, against a bare `ws` fan-out of the
 * same frames (the same watchers subscribed, the same `userStatusChanged` push written to each) in
 * the same run. Per delivery: from the watched user's login or logout frame leaving to a watcher
 * having the push; per run: deliveries per second from the first churn to the last arrival. A
 * notification that never arrives is an error of its target.
 *
 * Watchers and churners are different users: a watcher stays online for the whole scenario (and
 * subscribes once, through Parley's per-user subscription), a churner logs in and out once per run.
 */
import { addressOf, type BenchContext, interleave, ServerSet } from '../harness/context.js';
import { shareOf } from '../harness/generators.js';
import { ScenarioRecorder, TARGET_NAMES } from '../harness/record.js';
import type { TargetAddress, TargetKind, UserRange } from '../load/tasks.js';
import type { BenchPlan } from '../plan.js';
import { formatNumber } from '../report/format.js';
import { latencySummary } from '../stats.js';
import { settle } from './messages.js';
import { STATUS_DELIVERED, STATUS_FIGURES, STATUS_P50, STATUS_P99 } from './status-figures.js';

/** Each churner is watched by this many users (the figure). */
export const WATCHERS_PER_USER = 50;
const CHURNER_PREFIX = 'sc';
const WATCHER_PREFIX = 'sw';
const TARGETS: readonly TargetKind[] = ['ws', 'parley'];
const WATCH_DEADLINE_MS = 120_000;

export async function statusScenario(ctx: BenchContext): Promise<ScenarioRecorder> {
  const plan = ctx.plan.status;
  const recorder = new ScenarioRecorder('status', 'User status fan-out', describe(plan));
  recorder.define(STATUS_DELIVERED, '/s', 'higher');
  recorder.define(STATUS_P50, 'ms', 'lower');
  recorder.define(STATUS_P99, 'ms', 'lower');
  for (const name of STATUS_FIGURES)
    recorder.missing('socketio', 'n/a: the issue compares status fan-out with a bare ws fan-out only', name);
  if (ctx.plan.quick)
    recorder.note(
      `quick plan: ${formatNumber(plan.users)} watched users instead of the issue's 10,000 (each still watched by ${WATCHERS_PER_USER})`,
    );
  const held = new Set<TargetKind>();
  const servers = new ServerSet(async (kind, server) => {
    await watch(ctx, addressOf(kind, server.port), setName(kind));
    held.add(kind);
  });
  try {
    await interleave(
      ctx,
      recorder,
      plan.runs,
      async (kind, run) => {
        const server = await servers.get(kind);
        await settle(ctx, recorder, server);
        await churnOnce(ctx, recorder, addressOf(kind, server.port), run);
      },
      TARGETS,
    );
  } finally {
    for (const kind of held)
      await ctx.generators.all<'statusRelease'>(
        () => ({ type: 'statusRelease', set: setName(kind) }),
        30_000,
      );
    await servers.stopAll();
  }
  return recorder;
}

function describe(plan: BenchPlan['status']): string {
  const n = formatNumber;
  return (
    `${n(plan.users)} users each watched by ${WATCHERS_PER_USER} of ${n(watcherCount(plan))} online watchers ` +
    `(${plan.perWatcher} subscriptions each); every watched user logs in and out once per run, ` +
    `${n(plan.rate)} logins + logouts per second, each staying ${plan.holdMs} ms; ${plan.runs} runs; ` +
    'bare ws: the same subscriptions, the same push written to each watcher'
  );
}

function watcherCount(plan: BenchPlan['status']): number {
  return Math.ceil((plan.users * WATCHERS_PER_USER) / plan.perWatcher);
}

export const setName = (kind: TargetKind) => `status-${kind}`;
const churners = (plan: BenchPlan['status']): UserRange => ({
  prefix: CHURNER_PREFIX,
  from: 0,
  count: plan.users,
});

/** Logs the watchers in and subscribes them; throws unless every one of them is in. */
export async function watch(ctx: BenchContext, target: TargetAddress, set: string): Promise<void> {
  const plan = ctx.plan.status;
  const g = ctx.generators.count;
  const wanted = watcherCount(plan);
  const results = await ctx.generators.all<'statusWatch'>(
    (index) => ({
      type: 'statusWatch',
      set,
      target,
      watchers: shareOf({ prefix: WATCHER_PREFIX, from: 0, count: wanted }, index, g),
      churners: churners(plan),
      perWatcher: plan.perWatcher,
      window: ctx.plan.storm.window,
      deadlineMs: WATCH_DEADLINE_MS,
    }),
    WATCH_DEADLINE_MS,
  );
  const held = results.reduce((n, r) => n + r.held, 0);
  if (held < wanted) {
    const why = results.find((r) => r.firstError)?.firstError ?? 'no reason given';
    throw new Error(`${wanted - held} of ${wanted} watchers did not get in (${why})`);
  }
  ctx.log(`    ${TARGET_NAMES[target.kind]}: ${formatNumber(held)} watchers subscribed`);
}

/** One run: arm the watchers, churn every watched user once, collect and pair the arrivals. */
export async function churnOnce(
  ctx: BenchContext,
  recorder: ScenarioRecorder,
  target: TargetAddress,
  run: number,
): Promise<void> {
  const plan = ctx.plan.status;
  const g = ctx.generators.count;
  const set = setName(target.kind);
  // Every watcher hears each of its users log in and out.
  await ctx.generators.all<'statusArm'>(
    () => ({ type: 'statusArm', set, expectedPerWatcher: plan.perWatcher * 2 }),
    10_000,
  );
  const churnMs = (plan.users / (plan.rate / 2)) * 1000 + plan.holdMs;
  const shares = Array.from({ length: g }, (_, index) => shareOf(churners(plan), index, g));
  const churned = await ctx.generators.all<'statusChurn'>(
    (index) => ({
      type: 'statusChurn',
      target,
      churners: shares[index] as UserRange,
      rate: plan.rate / g,
      holdMs: plan.holdMs,
    }),
    churnMs + 30_000,
  );
  const collected = await ctx.generators.all<'statusCollect'>(
    () => ({ type: 'statusCollect', set, timeoutMs: plan.timeoutMs }),
    plan.timeoutMs,
  );

  // The send time of each event, by run-wide churner index.
  const sentAt = new Float64Array(plan.users * 2).fill(Number.NaN);
  churned.forEach((result, index) => {
    const share = shares[index] as UserRange;
    sentAt.set(result.sentAt, share.from * 2);
  });
  const latencies: number[] = [];
  let firstSend = Number.POSITIVE_INFINITY;
  let lastArrival = Number.NEGATIVE_INFINITY;
  for (const at of sentAt) if (at < firstSend) firstSend = at;
  for (const result of collected) {
    for (let k = 0; k < result.events.length; k++) {
      const sent = sentAt[result.events[k] as number] as number;
      const at = result.at[k] as number;
      if (at > lastArrival) lastArrival = at;
      if (!Number.isNaN(sent)) latencies.push(at - sent);
    }
  }
  const delivered = collected.reduce((n, r) => n + r.events.length, 0);
  const expected = collected.reduce((n, r) => n + r.expected, 0);
  const spanMs = lastArrival - firstSend;
  const summary = latencySummary(latencies);
  recorder.add(STATUS_DELIVERED, target.kind, spanMs > 0 ? (delivered / spanMs) * 1000 : 0);
  recorder.add(STATUS_P50, target.kind, summary.p50);
  recorder.add(STATUS_P99, target.kind, summary.p99);
  recorder.cpu(target.kind, [...churned.map((r) => r.cpu), ...collected.map((r) => r.cpu)]);

  const who = TARGET_NAMES[target.kind];
  const failures = churned.reduce((n, r) => n + r.failures, 0);
  if (failures > 0) {
    const why = churned.find((r) => r.firstError)?.firstError ?? '';
    recorder.error(
      target.kind,
      `${who} run ${run + 1}: ${failures} churn logins refused (${why})`,
      STATUS_FIGURES,
    );
  }
  if (delivered < expected)
    recorder.error(
      target.kind,
      `${who} run ${run + 1}: ${expected - delivered} of ${expected} status notifications missing`,
      STATUS_FIGURES,
    );
  const lag = Math.max(...churned.map((r) => r.lagMs));
  if (lag > 100)
    recorder.note(`${who} run ${run + 1}: the churn fell ${Math.round(lag)} ms behind its schedule`);
  const duplicates = collected.reduce((n, r) => n + r.duplicates, 0);
  if (duplicates > 0) recorder.note(`${who} run ${run + 1}: ${duplicates} repeated status notifications`);
  ctx.log(
    `    ${who}: ${formatNumber(delivered)} of ${formatNumber(expected)} notifications, ${Math.round((delivered / spanMs) * 1000)}/s, p99 ${summary.p99.toFixed(1)} ms`,
  );
}
