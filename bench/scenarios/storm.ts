/**
 * Login storm: N clients connect and log in, `window` per generator in flight at once. One untimed
 * storm first creates Parley's accounts and warms both sides' JIT; the timed runs are the same users
 * logging in again (each run logs out at the end), as after a deploy.
 */
import { addressOf, type BenchContext, interleave, ServerSet } from '../harness/context.js';
import { shareOf } from '../harness/generators.js';
import { ScenarioRecorder } from '../harness/record.js';
import type { TargetAddress } from '../load/tasks.js';
import { concatSamples, latencySummary } from '../stats.js';

export const STORM_RATE = 'logins/s';
export const STORM_P50 = 'login latency p50';
export const STORM_P99 = 'login latency p99';

export async function stormScenario(ctx: BenchContext): Promise<ScenarioRecorder> {
  const { clients, window, runs } = ctx.plan.storm;
  const g = ctx.generators.count;
  const recorder = new ScenarioRecorder(
    'storm',
    'Login storm',
    `${clients} clients, ${window * g} logins in flight, ${runs} runs after a warm-up storm`,
  );
  recorder.define(STORM_RATE, '/s', 'higher');
  recorder.define(STORM_P50, 'ms', 'lower');
  recorder.define(STORM_P99, 'ms', 'lower');
  // The warm-up storm creates Parley's accounts and warms both sides' JIT before anything is timed.
  const servers = new ServerSet((kind, server) =>
    storm(ctx, addressOf(kind, server.port), clients, window).then(() => {}),
  );
  try {
    await interleave(ctx, recorder, runs, async (kind, run) => {
      const server = await servers.get(kind);
      const result = await storm(ctx, addressOf(kind, server.port), clients, window);
      if (result.failures > 0) {
        recorder.error(
          kind,
          `${kind} run ${run + 1}: ${result.failures} logins failed (${result.firstError})`,
        );
      }
      const latency = latencySummary(result.latencies);
      recorder.add(STORM_RATE, kind, result.rate);
      recorder.add(STORM_P50, kind, latency.p50);
      recorder.add(STORM_P99, kind, latency.p99);
      recorder.cpu(kind, result.cpu);
    });
  } finally {
    await servers.stopAll();
  }
  return recorder;
}

/** One storm across all generators; the rate is logins over the span from first connect to last reply. */
export async function storm(ctx: BenchContext, target: TargetAddress, clients: number, window: number) {
  const deadlineMs = 120_000;
  const results = await ctx.generators.all<'connect'>(
    (index) => ({
      type: 'connect',
      target,
      users: shareOf({ prefix: 'u', from: 0, count: clients }, index, ctx.generators.count),
      window,
      hold: false,
      reconnect: false,
      deadlineMs,
    }),
    deadlineMs,
  );
  const latencies = concatSamples(results.map((r) => r.latencies));
  const span = Math.max(...results.map((r) => r.endedAt)) - Math.min(...results.map((r) => r.startedAt));
  return {
    latencies,
    rate: span > 0 ? (latencies.length / span) * 1000 : Number.NaN,
    failures: results.reduce((n, r) => n + r.failures, 0),
    firstError: results.find((r) => r.firstError)?.firstError,
    cpu: results.map((r) => r.cpu),
  };
}
