/**
 * One process against `--workers 2` (issue 6): the same login storm (storm.ts) and the same ramp of
 * one-to-one message rates (messages.ts) against one Parley process and against two workers sharing
 * the port, both on PostgreSQL + Redis, each server with a fresh schema and Redis key prefix of its
 * own (removed afterwards); the default single-process SQLite server runs beside them for reference.
 * Parley only. Without PostgreSQL or Redis the scenario is skipped, not failed.
 */
import { type Bound, divide } from '../bounds.js';
import { addressOf, type BenchContext } from '../harness/context.js';
import { ScenarioRecorder } from '../harness/record.js';
import { type Backing, backingUnavailable, newBacking } from '../targets/backing.js';
import { ServerProcess } from '../targets/server-process.js';
import { describeRamp, exchange, highestSustained, settle } from './messages.js';
import { storm } from './storm.js';
import {
  SKIPPED,
  VARIANTS,
  type Variant,
  type VariantID,
  workersLogins,
  workersMessages,
} from './workers-figures.js';

interface Running {
  variant: Variant;
  server: ServerProcess;
  backing: Backing | undefined;
}

export async function workersScenario(ctx: BenchContext): Promise<ScenarioRecorder> {
  const { clients, runs } = ctx.plan.workers;
  const window = ctx.plan.storm.window;
  const recorder = new ScenarioRecorder(
    'workers',
    'One process vs --workers 2',
    `login storm of ${clients} clients, ${window * ctx.generators.count} in flight, ${runs} runs after a warm-up storm; ` +
      `message ${describeRamp(ctx.plan.ramp)}; each server on a fresh PostgreSQL schema and Redis prefix`,
  );
  for (const v of VARIANTS) recorder.define(workersLogins(v.id), '/s', 'higher', v.id === 'sqlite');
  recorder.define(workersLogins('ratio'), '×', 'higher');
  for (const v of VARIANTS) recorder.define(workersMessages(v.id), '/s', 'higher', v.id === 'sqlite');
  recorder.define(workersMessages('ratio'), '×', 'higher');
  recorder.missing('ws', 'n/a: Parley only');
  recorder.missing('socketio', 'n/a: Parley only');
  if (!ctx.parley.ok) {
    recorder.missing('parley', ctx.parley.reason);
    return recorder;
  }
  const unavailable = await backingUnavailable();
  if (unavailable) {
    ctx.log(`  ${SKIPPED} (${unavailable})`);
    recorder.missing('parley', `${SKIPPED} (${unavailable})`);
    return recorder;
  }

  const running: Running[] = [];
  try {
    for (const variant of VARIANTS) {
      const started = await start(ctx, recorder, variant, clients, window);
      if (started) running.push(started);
    }
    const logins = new Map<VariantID, number[]>();
    for (let run = 0; run < runs; run++) {
      ctx.log(`  ${recorder.title}: login storm ${run + 1} of ${runs}`);
      for (const { variant, server } of running) {
        const result = await storm(ctx, addressOf('parley', server.port), clients, window);
        if (result.failures > 0) {
          recorder.error(
            'parley',
            `${variant.label}, run ${run + 1}: ${result.failures} logins failed (${result.firstError})`,
            [workersLogins(variant.id), ...(variant.cluster ? [workersLogins('ratio')] : [])],
          );
        }
        recorder.add(workersLogins(variant.id), 'parley', result.rate);
        recorder.cpu('parley', result.cpu);
        logins.set(variant.id, [...(logins.get(variant.id) ?? []), result.rate]);
      }
      const single = logins.get('single')?.[run];
      const workers = logins.get('workers')?.[run];
      if (single !== undefined && workers !== undefined && single > 0) {
        recorder.add(workersLogins('ratio'), 'parley', workers / single);
      }
    }
    if (ctx.parleyMessages.ok) {
      const sustained = new Map<VariantID, { rate: number; bound: Bound }>();
      for (const { variant, server } of running) {
        ctx.log(`  ${recorder.title}: message ramp, ${variant.label}`);
        // As in messages.ts: one short untimed exchange warms the send path before the ramp.
        await exchange(ctx, addressOf('parley', server.port), 'mw', ctx.plan.ramp.rates[0] ?? 1_000, 1_000);
        await settle(ctx, recorder, server);
        const ceiling = await highestSustained(ctx, recorder, server, variant.label);
        recorder.add(workersMessages(variant.id), 'parley', ceiling.rate, ceiling.bound);
        sustained.set(variant.id, ceiling);
      }
      const single = sustained.get('single');
      const workers = sustained.get('workers');
      if (single !== undefined && workers !== undefined && single.rate > 0) {
        const ratio = divide(
          { value: workers.rate, bound: workers.bound },
          { value: single.rate, bound: single.bound },
        );
        recorder.add(workersMessages('ratio'), 'parley', ratio.value, ratio.bound);
      } else if (single?.rate === 0) {
        recorder.note(
          'no messages ratio: the single PostgreSQL + Redis process sustained no step of the ramp',
        );
      }
    } else {
      for (const id of [...VARIANTS.map((v) => v.id), 'ratio' as const]) {
        recorder.missing('parley', ctx.parleyMessages.reason, workersMessages(id));
      }
    }
  } finally {
    await Promise.all(running.map((r) => stop(recorder, r)));
  }
  return recorder;
}

/** Starts one variant and warms it with an untimed storm; a failure is noted and the variant left out. */
async function start(
  ctx: BenchContext,
  recorder: ScenarioRecorder,
  variant: Variant,
  clients: number,
  window: number,
): Promise<Running | undefined> {
  const backing = variant.cluster ? newBacking() : undefined;
  let server: ServerProcess | undefined;
  try {
    server = await ServerProcess.start('parley', { args: [...(backing?.args ?? []), ...variant.args] });
    const running = { variant, server, backing };
    await storm(ctx, addressOf('parley', server.port), clients, window);
    return running;
  } catch (err) {
    const reason = err instanceof Error ? (err.message.split('\n')[0] ?? err.message) : String(err);
    ctx.log(`    ${variant.label} failed: ${err instanceof Error ? err.message : String(err)}`);
    const figures = [workersLogins(variant.id), workersMessages(variant.id)];
    recorder.error('parley', `${variant.label} failed: ${reason}`, figures);
    for (const name of figures) recorder.missing('parley', `failed: ${reason}`, name);
    if (server) await stop(recorder, { variant, server, backing });
    else await backing?.remove();
    return undefined;
  }
}

async function stop(recorder: ScenarioRecorder, { server, backing }: Running): Promise<void> {
  await server.stop();
  const failure = await backing?.remove();
  if (failure) recorder.note(failure);
}
