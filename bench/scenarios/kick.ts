/**
 * Kick latency: a second device logs in as the same user on 'web' (one web instance allowed by
 * Parley's default policy; the baselines keep one connection per user too); time from its login
 * frame leaving to the first device receiving `kicked`. `lanes` users per generator at a time.
 */
import { addressOf, type BenchContext, interleave, ServerSet } from '../harness/context.js';
import { shareOf } from '../harness/generators.js';
import { ScenarioRecorder } from '../harness/record.js';
import type { TargetAddress } from '../load/tasks.js';
import { concatSamples, latencySummary } from '../stats.js';

export const KICK_P50 = 'kick latency p50';
export const KICK_P99 = 'kick latency p99';

export async function kickScenario(ctx: BenchContext): Promise<ScenarioRecorder> {
  const { users, lanes, runs } = ctx.plan.kick;
  const recorder = new ScenarioRecorder(
    'kick',
    'Kick latency',
    `${users} users per run, ${lanes * ctx.generators.count} in progress at once, ${runs} runs after a warm-up`,
  );
  recorder.define(KICK_P50, 'ms', 'lower');
  recorder.define(KICK_P99, 'ms', 'lower');
  const servers = new ServerSet((kind, server) =>
    kicks(ctx, addressOf(kind, server.port), 'kw', Math.min(50, users), lanes).then(() => {}),
  );
  try {
    await interleave(ctx, recorder, runs, async (kind, run) => {
      const server = await servers.get(kind);
      const result = await kicks(ctx, addressOf(kind, server.port), `k${run}_`, users, lanes);
      if (result.failures > 0) {
        recorder.error(
          kind,
          `${kind} run ${run + 1}: ${result.failures} kicks failed (${result.firstError})`,
        );
      }
      const latency = latencySummary(result.latencies);
      recorder.add(KICK_P50, kind, latency.p50);
      recorder.add(KICK_P99, kind, latency.p99);
      recorder.cpu(kind, result.cpu);
    });
  } finally {
    await servers.stopAll();
  }
  return recorder;
}

async function kicks(ctx: BenchContext, target: TargetAddress, prefix: string, users: number, lanes: number) {
  const deadlineMs = 120_000;
  const results = await ctx.generators.all<'kick'>(
    (index) => ({
      type: 'kick',
      target,
      users: shareOf({ prefix, from: 0, count: users }, index, ctx.generators.count),
      lanes,
      deadlineMs,
    }),
    deadlineMs,
  );
  return {
    latencies: concatSamples(results.map((r) => r.latencies)),
    failures: results.reduce((n, r) => n + r.failures, 0),
    firstError: results.find((r) => r.firstError)?.firstError,
    cpu: results.map((r) => r.cpu),
  };
}
