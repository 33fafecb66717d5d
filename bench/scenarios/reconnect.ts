/**
 * Reconnect storm: N clients logged in, the server is killed (SIGKILL, a crash) and started again on
 * the same port with the same data; every client reconnects with the SDK's own backoff (its
 * `Reconnect`, full jitter, imported from the built SDK rather than copied) and logs in again
 * with `resume: true` and its instanceID. The figure is the time from the kill until the last client
 * is logged in again (and, once Parley has messages, has caught up with `syncEvents`); the server's
 * own restart time is shown beside it.
 */
import { addressOf, type BenchContext, interleave, withServer } from '../harness/context.js';
import { shareOf } from '../harness/generators.js';
import { ScenarioRecorder } from '../harness/record.js';
import { sleep } from '../load/clock.js';
import { sdkReconnect } from '../load/sdk-backoff.js';
import { formatNumber } from '../report/format.js';

export const RECONNECT_ALL = 'all clients back after the kill';
export const RECONNECT_RESTART = 'server restart (kill to listening)';

const RESUME_DEADLINE_MS = 90_000;

export async function reconnectScenario(ctx: BenchContext): Promise<ScenarioRecorder> {
  const { clients, runs } = ctx.plan.reconnect;
  // Once Parley has timelines, "back" means logged in and caught up; the baselines echo an equal request.
  const sync = ctx.parleyMessages.ok;
  // Loaded here too, so a missing SDK build fails the scenario up front with its own message.
  const sdk = await sdkReconnect();
  const backoff = `the SDK's backoff: ${sdk.DEFAULT_RECONNECT_MIN_DELAY_MS} ms doubling to ${formatNumber(sdk.DEFAULT_RECONNECT_MAX_DELAY_MS / 1000)} s, full jitter`;
  const recorder = new ScenarioRecorder(
    'reconnect',
    'Reconnect storm',
    `${clients} clients, server killed and restarted, ${runs} runs; ${backoff}; back = logged in${sync ? ' and synced (syncEvents)' : ''}`,
  );
  recorder.define(RECONNECT_ALL, 's', 'lower');
  recorder.define(RECONNECT_RESTART, 's', 'lower', true);
  await interleave(ctx, recorder, runs, (kind, run) =>
    withServer(kind, async (server) => {
      const connectDeadlineMs = 120_000;
      const connected = await ctx.generators.all<'connect'>(
        (index) => ({
          type: 'connect',
          target: addressOf(kind, server.port),
          users: shareOf({ prefix: 'r', from: 0, count: clients }, index, ctx.generators.count),
          window: ctx.plan.storm.window,
          hold: true,
          reconnect: true,
          syncAfterResume: sync,
          deadlineMs: connectDeadlineMs,
        }),
        connectDeadlineMs,
      );
      try {
        const held = connected.reduce((n, r) => n + r.latencies.length, 0);
        await sleep(500);
        const { killedAt, listeningAt } = await server.crashAndRestart();
        const resumed = await ctx.generators.all<'awaitResume'>(
          () => ({ type: 'awaitResume', deadlineMs: RESUME_DEADLINE_MS }),
          RESUME_DEADLINE_MS,
        );
        const missing = resumed.reduce((n, r) => n + r.missing, 0);
        const attempts = resumed.reduce((n, r) => n + r.attempts, 0);
        if (missing > 0) {
          recorder.error(
            kind,
            `${kind} run ${run + 1}: ${missing} of ${held} clients not back (${resumed.find((r) => r.firstError)?.firstError})`,
            [RECONNECT_ALL],
          );
        } else {
          const lastBack = Math.max(...resumed.flatMap((r) => Array.from(r.backAt)));
          recorder.add(RECONNECT_ALL, kind, (lastBack - killedAt) / 1000);
        }
        recorder.add(RECONNECT_RESTART, kind, (listeningAt - killedAt) / 1000);
        if (run === 0) {
          // Attempts while the server is down fail to connect, as expected; a refused login is news.
          const refusal = resumed.find((r) => r.firstError)?.firstError;
          const refused = resumed.reduce((n, r) => n + r.refused, 0);
          recorder.note(
            `${kind}: ${formatNumber(attempts / held)} reconnect attempts per client` +
              (refused > 0 ? `, ${refused} logins refused (first: ${refusal})` : ''),
          );
        }
        recorder.cpu(
          kind,
          resumed.map((r) => r.cpu),
        );
      } finally {
        await ctx.generators.all<'release'>(() => ({ type: 'release' }), 30_000);
      }
    }),
  );
  return recorder;
}
