/**
 * Idle capacity: N logged-in connections held by one server process. RSS per connection is the growth
 * of the server's VmRSS from before the first connection to after the last login, each read after a
 * full garbage collection. Heartbeat CPU is the server's processor time per `ping`, measured with every
 * client pinging faster than real clients do (so a short window holds enough pings to measure), then
 * scaled to all N clients pinging every 30 s as Parley asks them to.
 */
import { addressOf, type BenchContext, interleave, withServer } from '../harness/context.js';
import { shareOf } from '../harness/generators.js';
import { ScenarioRecorder } from '../harness/record.js';
import { sleep } from '../load/clock.js';
import { processorMs, residentBytes } from '../targets/proc.js';
import type { ServerProcess } from '../targets/server-process.js';

export const IDLE_RSS = 'server RSS per connection';
export const IDLE_HELD = 'connections held';
export const IDLE_PING_CPU = 'server CPU per ping';
export const IDLE_HEARTBEAT = 'heartbeat CPU, N clients at 30 s';

/** Parley's heartbeatIntervalMs (the login reply says so); the baselines are held to the same. */
const REAL_HEARTBEAT_MS = 30_000;
/** Pings per second across all clients while measuring: enough to read 10 ms CPU ticks, not a load test. */
const MEASURED_PINGS_PER_SECOND = 4_000;

export async function idleScenario(ctx: BenchContext): Promise<ScenarioRecorder> {
  const { clients, runs, heartbeatWindowMs } = ctx.plan.idle;
  const recorder = new ScenarioRecorder(
    'idle',
    'Idle capacity',
    `${clients} logged-in connections held, ${runs} runs, a fresh server each; heartbeat measured at ${MEASURED_PINGS_PER_SECOND} pings/s for ${heartbeatWindowMs / 1000} s`,
  );
  recorder.define(IDLE_RSS, 'KB', 'lower');
  recorder.define(IDLE_HELD, '', 'higher', true);
  recorder.define(IDLE_PING_CPU, 'µs', 'lower');
  recorder.define(IDLE_HEARTBEAT, '% core', 'lower');
  await interleave(ctx, recorder, runs, (kind, run) =>
    withServer(kind, async (server) => {
      const before = await settledRss(server);
      const deadlineMs = 180_000;
      const connected = await ctx.generators.all<'connect'>(
        (index) => ({
          type: 'connect',
          target: addressOf(kind, server.port),
          users: shareOf({ prefix: 'i', from: 0, count: clients }, index, ctx.generators.count),
          window: ctx.plan.storm.window,
          hold: true,
          reconnect: false,
          deadlineMs,
        }),
        deadlineMs,
      );
      try {
        const held = connected.reduce((n, r) => n + r.latencies.length, 0);
        if (held < clients)
          recorder.error(
            kind,
            `${kind} run ${run + 1}: ${clients - held} of ${clients} did not get in (${connected.find((r) => r.firstError)?.firstError})`,
          );
        const after = await settledRss(server);
        recorder.add(IDLE_HELD, kind, held);
        recorder.add(IDLE_RSS, kind, (after - before) / held / 1024);
        const intervalMs = Math.max(1_000, (held / MEASURED_PINGS_PER_SECOND) * 1000);
        const cpu0 = processorMs(server.pid);
        const beats = await ctx.generators.all<'heartbeat'>(
          () => ({ type: 'heartbeat', intervalMs, durationMs: heartbeatWindowMs }),
          heartbeatWindowMs,
        );
        const cpuMs = processorMs(server.pid) - cpu0;
        const pings = beats.reduce((n, r) => n + r.pings, 0);
        const failed = beats.reduce((n, r) => n + r.failures, 0);
        if (failed > 0)
          recorder.error(kind, `${kind} run ${run + 1}: ${failed} pings failed`, [
            IDLE_PING_CPU,
            IDLE_HEARTBEAT,
          ]);
        const perPingMs = cpuMs / pings;
        recorder.add(IDLE_PING_CPU, kind, perPingMs * 1000);
        recorder.add(IDLE_HEARTBEAT, kind, ((perPingMs * held) / REAL_HEARTBEAT_MS) * 100);
        recorder.cpu(kind, [...connected.map((r) => r.cpu), ...beats.map((r) => r.cpu)]);
      } finally {
        await ctx.generators.all<'release'>(() => ({ type: 'release' }), 30_000);
      }
    }),
  );
  return recorder;
}

/** RSS after a full collection and a moment for the allocator to give pages back. */
async function settledRss(server: ServerProcess): Promise<number> {
  await sleep(300);
  server.collectGarbage();
  await sleep(700);
  return residentBytes(server.pid);
}
