/**
 * Offline push (issue 16): `recipients` users, each with one iPhone that registered a token and is
 * not connected, are pushed to through `all_member_push/im_push` (500 users per call, the calls made
 * back to back) and Parley hands every push to a stand-in APNs over HTTP/2. Per run: pushes handed to
 * the stand-in per second, from the first call to the last arrival; per push: from the start of the
 * call that queued it to its arrival (queue, worker, provider request). Parley only: the baselines
 * have no push. A push that never arrives, or arrives twice, is an error.
 */
import { join } from 'node:path';
import { openStorage } from '@parley/server';
import type { BenchContext } from '../harness/context.js';
import { ScenarioRecorder } from '../harness/record.js';
import { RestAdmin } from '../harness/rest.js';
import { sleep } from '../load/clock.js';
import { formatNumber } from '../report/format.js';
import { latencySummary } from '../stats.js';
import { type ApnsStandIn, startApnsStandIn } from '../targets/apns-standin.js';
import { createBenchApp, parleyCommand } from '../targets/parley-cli.js';
import { BENCH_APP, ServerProcess } from '../targets/server-process.js';

export const PUSH_RATE = 'pushes handed to APNs/s';
export const PUSH_P50 = 'im_push to APNs p50';
export const PUSH_P99 = 'im_push to APNs p99';
const PER_CALL = 500;
const BUSINESS_ID = 1;
const ARRIVAL_TIMEOUT_MS = 120_000;

export async function pushScenario(ctx: BenchContext): Promise<ScenarioRecorder> {
  const { recipients, runs } = ctx.plan.push;
  const recorder = new ScenarioRecorder(
    'push',
    'Offline push',
    `${formatNumber(recipients)} offline iPhones, pushed by all_member_push/im_push (${PER_CALL} users per call) ` +
      `to a stand-in APNs over HTTP/2 on loopback; ${runs} runs`,
  );
  recorder.define(PUSH_RATE, '/s', 'higher');
  recorder.define(PUSH_P50, 'ms', 'lower');
  recorder.define(PUSH_P99, 'ms', 'lower');
  for (const kind of ['ws', 'socketio'] as const) recorder.missing(kind, 'n/a: no offline push');
  const apns = await startApnsStandIn();
  let server: ServerProcess | undefined;
  try {
    server = await ServerProcess.start('parley', { prepare: (dir) => prepare(dir, apns, recipients) });
    const rest = new RestAdmin(server.port);
    for (let run = 0; run < runs; run++) {
      ctx.log(`  push run ${run + 1}/${runs}`);
      await pushOnce(recorder, rest, apns, recipients, run);
    }
  } finally {
    await server?.stop();
    await apns.close();
  }
  return recorder;
}

/** The app, its APNs provider, and the recipients' accounts and registrations, before `serve`. */
async function prepare(dataDir: string, apns: ApnsStandIn, recipients: number): Promise<void> {
  const made = await createBenchApp(dataDir, []);
  if (made.code !== 0) throw new Error(`parley app create failed: ${made.output}`);
  const added = await parleyCommand([
    'app',
    'push',
    'add',
    String(BENCH_APP.sdkAppID),
    '--business-id',
    String(BUSINESS_ID),
    '--type',
    'apns',
    '--key-file',
    apns.keyFile,
    '--key-id',
    'BENCHKEY01',
    '--team-id',
    'BENCHTEAM1',
    '--bundle-id',
    'com.example.bench',
    '--endpoint',
    apns.url,
    '--ca-file',
    apns.caFile,
    '--data-dir',
    dataDir,
  ]);
  if (added.code !== 0) throw new Error(`parley app push add failed: ${added.output}`);
  // Registrations as phones leave them: a token stored, the connection gone.
  const storage = await openStorage({ kind: 'sqlite', path: join(dataDir, 'parley.db') });
  try {
    for (let i = 0; i < recipients; i++) {
      const userID = recipient(i);
      await storage.accounts.ensure(BENCH_APP.sdkAppID, userID);
      await storage.pushRegistrations.upsert({
        sdkAppID: BENCH_APP.sdkAppID,
        userID,
        instanceID: `${userID}-phone`,
        platform: 'iphone',
        businessID: BUSINESS_ID,
        token: token(i),
      });
    }
  } finally {
    await storage.close();
  }
}

const recipient = (i: number) => `pu${i}`;
const token = (i: number) => `bench-token-${i}`;

async function pushOnce(
  recorder: ScenarioRecorder,
  rest: RestAdmin,
  apns: ApnsStandIn,
  recipients: number,
  run: number,
): Promise<void> {
  apns.arrivals.clear();
  const queuedAt = new Array<number>(recipients);
  const started = Date.now();
  for (let from = 0; from < recipients; from += PER_CALL) {
    const ids: string[] = [];
    const callStart = Date.now();
    for (let i = from; i < Math.min(recipients, from + PER_CALL); i++) {
      ids.push(recipient(i));
      queuedAt[i] = callStart;
    }
    await rest.call('all_member_push/im_push', {
      To_Account: ids,
      OfflinePushInfo: { Title: 'Bench', Desc: `run ${run + 1}` },
    });
  }
  const deadline = Date.now() + ARRIVAL_TIMEOUT_MS;
  while (countArrived(apns, recipients) < recipients && Date.now() < deadline) await sleep(50);
  const latencies: number[] = [];
  let last = started;
  let missing = 0;
  let twice = 0;
  for (let i = 0; i < recipients; i++) {
    const times = apns.arrivals.get(token(i)) ?? [];
    const first = times[0];
    if (first === undefined) {
      missing++;
      continue;
    }
    if (times.length > 1) twice++;
    latencies.push(first - (queuedAt[i] ?? started));
    last = Math.max(last, first);
  }
  if (missing > 0 || twice > 0)
    recorder.error('parley', `push run ${run + 1}: ${missing} pushes never arrived, ${twice} arrived twice`);
  const seconds = Math.max(0.001, (last - started) / 1000);
  recorder.add(PUSH_RATE, 'parley', latencies.length / seconds);
  const summary = latencySummary(Float64Array.from(latencies));
  recorder.add(PUSH_P50, 'parley', summary.p50);
  recorder.add(PUSH_P99, 'parley', summary.p99);
}

function countArrived(apns: ApnsStandIn, recipients: number): number {
  let arrived = 0;
  for (let i = 0; i < recipients; i++) if (apns.arrivals.has(token(i))) arrived++;
  return arrived;
}
