/**
 * One-to-one messages: pairs of users, the first of each sending to the second at a fixed total rate;
 * send → receive latency p50/p99/p999 at that rate, then the plan's ramp of rising rates to find the
 * highest one sustained (every message delivered, p99 under 100 ms, the generators on schedule).
 * Parley's messages are stored; the baselines' are not. Parley takes part when the probe finds its
 * `sendMessage` working; when it does not, Parley's figures say why and its targets are missed.
 */
import type { Bound } from '../bounds.js';
import { addressOf, type BenchContext, interleave, ServerSet } from '../harness/context.js';
import { shareOf } from '../harness/generators.js';
import { ScenarioRecorder, TARGETS } from '../harness/record.js';
import type { TargetAddress, TargetKind } from '../load/tasks.js';
import type { BenchPlan } from '../plan.js';
import { formatNumber } from '../report/format.js';
import { concatSamples, latencySummary } from '../stats.js';
import { waitUntilIdle } from '../targets/proc.js';
import type { ServerKind, ServerProcess } from '../targets/server-process.js';

export const MSG_P50 = 'send→receive p50';
export const MSG_P99 = 'send→receive p99';
export const MSG_P999 = 'send→receive p999';
export const MSG_SUSTAINED = 'highest sustained rate';

/** Sends per second per sending connection, under Parley's 50/s request limit. */
const MAX_SENDS_PER_CONNECTION = 40;
/** Above this p99 a rate is not "sustained" even if everything arrives. */
const SUSTAINED_P99_MS = 100;
/**
 * Tries of a ramp step before the ramp stops there: one burst of other work on the shared machine must
 * not end a ramp early. Every target gets the same second chance.
 */
const STEP_TRIES = 2;

export async function messagesScenario(ctx: BenchContext): Promise<ScenarioRecorder> {
  const { pairs, rate, durationMs, runs } = ctx.plan.messages;
  const recorder = new ScenarioRecorder(
    'messages',
    'One-to-one messages',
    `${pairs} pairs (more at high rates, ≤ ${MAX_SENDS_PER_CONNECTION}/s per sender); ${rate}/s for ${durationMs / 1000} s × ${runs} runs; ${describeRamp(ctx.plan.ramp)}`,
  );
  recorder.define(MSG_P50, 'ms', 'lower');
  recorder.define(MSG_P99, 'ms', 'lower');
  recorder.define(MSG_P999, 'ms', 'lower');
  recorder.define(MSG_SUSTAINED, '/s', 'higher');
  const targets: readonly TargetKind[] = ctx.parleyMessages.ok ? TARGETS : ['ws', 'socketio'];
  const servers = new ServerSet((kind, server) =>
    exchange(ctx, addressOf(kind, server.port), 'mw', Math.min(rate, 1_000), 1_000).then(() => {}),
  );
  try {
    await interleave(
      ctx,
      recorder,
      runs,
      async (kind, run) => {
        const server = await servers.get(kind);
        await settle(ctx, recorder, server);
        const result = await exchange(ctx, addressOf(kind, server.port), `m${run}_`, rate, durationMs);
        const latency = latencySummary(result.latencies);
        recorder.add(MSG_P50, kind, latency.p50);
        recorder.add(MSG_P99, kind, latency.p99);
        recorder.add(MSG_P999, kind, latency.p999);
        recorder.cpu(kind, result.cpu);
        if (result.received < result.sent || result.refused > 0) {
          // The percentiles cover delivered messages only: a lost or refused one is an error, not a
          // shorter tail.
          recorder.error(
            kind,
            `${kind} run ${run + 1}: ${result.sent - result.received} of ${result.sent} messages not delivered, ${result.refused} refused`,
            [MSG_P50, MSG_P99, MSG_P999],
          );
        }
      },
      targets,
    );
    await interleave(
      ctx,
      recorder,
      1,
      async (kind) => {
        const server = await servers.get(kind);
        const ceiling = await highestSustained(ctx, recorder, server);
        recorder.add(MSG_SUSTAINED, kind, ceiling.rate, ceiling.bound);
      },
      targets,
    );
  } finally {
    await servers.stopAll();
  }
  if (!ctx.parleyMessages.ok) recorder.missing('parley', ctx.parleyMessages.reason);
  return recorder;
}

/** The ramp in words, for a scenario's setup line. */
export function describeRamp(ramp: BenchPlan['ramp']): string {
  const { rates, stepMs } = ramp;
  const span = `${formatNumber(rates[0] ?? 0)} → ${formatNumber(rates.at(-1) ?? 0)}/s`;
  return `ramp ${span} in ${rates.length} steps ≤ 1.5× apart, ${stepMs / 1000} s a step, until a step fails twice`;
}

/**
 * The highest rate of the ramp this server sustains. Steps up until a rate is not sustained (twice)
 * and returns the last one that was (0 if none). When even the top step was sustained the true
 * capacity is higher and unknown, so the rate is only a lower bound. `label` names the server in
 * notes (the workers scenario runs several Parley servers).
 */
export async function highestSustained(
  ctx: BenchContext,
  recorder: ScenarioRecorder,
  server: ServerProcess,
  label: string = server.kind,
): Promise<{ rate: number; bound: Bound }> {
  let sustained = 0;
  for (const step of ctx.plan.ramp.rates) {
    if (!(await sustains(ctx, recorder, server, label, step))) return { rate: sustained, bound: 'exact' };
    sustained = step;
  }
  recorder.note(
    `${label}: sustained the ramp's top step, ${formatNumber(sustained)}/s; the ceiling is higher`,
  );
  return { rate: sustained, bound: 'at least' };
}

async function sustains(
  ctx: BenchContext,
  recorder: ScenarioRecorder,
  server: ServerProcess,
  label: string,
  step: number,
): Promise<boolean> {
  const { stepMs } = ctx.plan.ramp;
  const kind = server.kind;
  for (let attempt = 1; attempt <= STEP_TRIES; attempt++) {
    await settle(ctx, recorder, server);
    // Fresh users per attempt: the previous attempt's may still be known to the server.
    const prefix = `s${step}_${attempt}_`;
    const result = await exchange(ctx, addressOf(kind, server.port), prefix, step, stepMs);
    const planned = Math.floor((step * stepMs) / 1000);
    const p99 = latencySummary(result.latencies).p99;
    recorder.cpu(kind, result.cpu);
    const kept =
      result.sent >= planned * 0.99 && result.received >= result.sent * 0.999 && p99 <= SUSTAINED_P99_MS;
    if (kept) return true;
    recorder.note(
      `${label}: ${step}/s not sustained${attempt < STEP_TRIES ? ', trying once more' : ''} (sent ${result.sent}/${planned}, received ${result.received}, refused ${result.refused}, p99 ${p99.toFixed(1)} ms)`,
    );
  }
  return false;
}

/** Lets the server finish the previous run's backlog, so each run measures only itself. */
export async function settle(
  ctx: BenchContext,
  recorder: ScenarioRecorder,
  server: ServerProcess<ServerKind>,
): Promise<void> {
  const settled = await waitUntilIdle(server.pid, ctx.plan.quick ? 5_000 : 15_000);
  if (!settled)
    recorder.note(`${server.kind}: a run started while the server was still busy with the previous one`);
}

/** One fixed-rate exchange across all generators, every generator sending its share of the rate. */
export async function exchange(
  ctx: BenchContext,
  target: TargetAddress,
  prefix: string,
  rate: number,
  durationMs: number,
) {
  const g = ctx.generators.count;
  // Parley allows 50 requests per second per connection; senders stay below that at any rate.
  const pairs = Math.max(ctx.plan.messages.pairs, Math.ceil(rate / MAX_SENDS_PER_CONNECTION));
  const results = await ctx.generators.all<'messages'>(
    (index) => ({
      type: 'messages',
      target,
      users: pairedShare(prefix, pairs, index, g),
      rate: rate / g,
      durationMs,
      graceMs: ctx.plan.messages.graceMs,
    }),
    durationMs + 60_000,
  );
  return {
    latencies: concatSamples(results.map((r) => r.latencies)),
    sent: results.reduce((n, r) => n + r.sent, 0),
    received: results.reduce((n, r) => n + r.received, 0),
    refused: results.reduce((n, r) => n + r.refused, 0),
    cpu: results.map((r) => r.cpu),
  };
}

/** Splits by pairs, not users, so both ends of a pair live in one generator and share its clock. */
function pairedShare(prefix: string, pairs: number, index: number, count: number) {
  const share = shareOf({ prefix, from: 0, count: pairs }, index, count);
  return { prefix, from: share.from * 2, count: share.count * 2 };
}
