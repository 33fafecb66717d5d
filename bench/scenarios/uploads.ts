/**
 * Uploads (issue 15): 50 clients each upload one 1 MB image at the same moment, to Parley and to a
 * plain fastify server that streams each body to a file, in the same run. Parley's clients log in
 * over WebSocket and take an upload token first (not timed, as an app has its session before the
 * user picks a photo); each upload is then timed from its tus creation POST to the answer of its
 * PATCH, which Parley gives only once the bytes are stored, their type sniffed and the two thumbnails
 * made with sharp. The baseline's upload is one POST, written to disk and answered.
 *
 * Figures per burst: MB/s (every byte stored over the wall time from the first request to the last
 * answer, across both load generators) and the p50 and p99 upload time per file, for both servers,
 * and Parley's ratio to the baseline. The same bytes uploaded to Parley as kind `file` (sniffed and
 * stored, not decoded) show how much of the difference is the thumbnails. The issue sets no target;
 * the figures are reported as they are.
 * The fastify baseline is not one of the three targets of the other scenarios, so, as in the workers
 * scenario, every figure sits in Parley's column with the server named in the figure.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { addressOf, type BenchContext } from '../harness/context.js';
import { shareOf } from '../harness/generators.js';
import { ScenarioRecorder } from '../harness/record.js';
import type { UploadBurstResult, UploadServer } from '../load/tasks.js';
import { formatNumber } from '../report/format.js';
import { concatSamples, latencySummary } from '../stats.js';
import { ServerProcess } from '../targets/server-process.js';
import { settle } from './messages.js';
import { writeUploadImage } from './upload-image.js';
import {
  burstMegabytesPerSecond,
  figuresOf,
  UPLOAD_SIDES,
  type UploadSide,
  uploadP50,
  uploadP99,
  uploadRate,
} from './uploads-figures.js';

const PREPARE_DEADLINE_MS = 60_000;
/** The SDK uploads in chunks of this size; an image within it is one PATCH, as timed here. */
const SDK_CHUNK_BYTES = 1024 * 1024;

interface Side {
  id: UploadSide;
  /** Parley's two sides share one server, with users of their own (one web login per user). */
  server: ServerProcess<'parley' | 'fastify'>;
  set: string;
  prefix: string;
}

export async function uploadsScenario(ctx: BenchContext): Promise<ScenarioRecorder> {
  const plan = ctx.plan.uploads;
  const recorder = new ScenarioRecorder(
    'uploads',
    'Image uploads',
    `${plan.clients} clients each upload one ${formatNumber(plan.imageBytes / 1e6)} MB JPEG photo at once, ` +
      `${plan.runs} bursts after a warm-up one; Parley: tus (POST + PATCH) with a token taken over the ` +
      'logged-in WebSocket beforehand, type sniffed and thumbnails made before the answer; ' +
      'baseline: plain fastify streaming each POST body to a file',
  );
  for (const side of UPLOAD_SIDES) {
    const context = side.id !== 'parley';
    recorder.define(uploadRate(side.id), 'MB/s', 'higher', context);
    recorder.define(uploadP50(side.id), 'ms', 'lower', context);
    recorder.define(uploadP99(side.id), 'ms', 'lower', context);
  }
  recorder.define(uploadRate('ratio'), '×', 'higher');
  recorder.define(uploadP50('ratio'), '×', 'lower');
  recorder.define(uploadP99('ratio'), '×', 'lower');
  const na = 'n/a: the uploads are compared with plain fastify, shown in rows of their own';
  recorder.missing('ws', na);
  recorder.missing('socketio', na);
  if (!ctx.parley.ok) {
    recorder.missing('parley', ctx.parley.reason);
    return recorder;
  }
  recorder.note(`load average ${formatNumber(loadavg()[0] ?? 0)} when the scenario started`);

  const imageDir = mkdtempSync(join(tmpdir(), 'parley-bench-image-'));
  const sides: Side[] = [];
  const servers = new Map<'parley' | 'fastify', ServerProcess<'parley' | 'fastify'>>();
  try {
    const imagePath = join(imageDir, 'upload.jpg');
    const image = await writeUploadImage(imagePath, plan.imageBytes);
    recorder.note(
      `the image: a ${image.width}×${image.height} JPEG (gradient with grain), ${formatNumber(image.bytes)} bytes` +
        (image.bytes > SDK_CHUNK_BYTES ? ' (over one SDK chunk: the SDK would send two PATCHes)' : ''),
    );
    for (const [i, { id }] of UPLOAD_SIDES.entries()) {
      const kind = id === 'fastify' ? 'fastify' : 'parley';
      const server = servers.get(kind) ?? (await ServerProcess.start(kind));
      servers.set(kind, server);
      const started: Side = { id, server, set: `uploads-${id}`, prefix: `up${i}_` };
      sides.push(started);
      await prepare(ctx, started, imagePath);
      // The warm-up: JIT, sharp's first decode, the first files of the store; not counted.
      await burst(ctx, started);
    }
    for (let run = 0; run < plan.runs; run++) {
      ctx.log(`  ${recorder.title}: burst ${run + 1} of ${plan.runs}`);
      const perSide = new Map<UploadSide, { rate: number; p50: number; p99: number }>();
      for (const side of sides) {
        await settle(ctx, recorder, side.server);
        const results = await burst(ctx, side);
        const failures = results.reduce((n, r) => n + r.failures, 0);
        if (failures > 0) {
          const first = results.find((r) => r.firstError)?.firstError;
          recorder.error(
            'parley',
            `${side.id} burst ${run + 1}: ${failures} of ${plan.clients} uploads failed (${first})`,
            [...figuresOf(side.id), ...(side.id === 'parleyFile' ? [] : figuresOf('ratio'))],
          );
        }
        const rate = burstMegabytesPerSecond(results);
        const times = latencySummary(concatSamples(results.map((r) => r.durations)));
        recorder.add(uploadRate(side.id), 'parley', rate);
        recorder.add(uploadP50(side.id), 'parley', times.p50);
        recorder.add(uploadP99(side.id), 'parley', times.p99);
        // Every side's generators, under Parley's column where all the figures are.
        recorder.cpu(
          'parley',
          results.map((r) => r.cpu),
        );
        perSide.set(side.id, { rate, p50: times.p50, p99: times.p99 });
        ctx.log(
          `    ${side.id}: ${formatNumber(rate)} MB/s, p50 ${formatNumber(times.p50)} ms, p99 ${formatNumber(times.p99)} ms`,
        );
      }
      const parley = perSide.get('parley');
      const fastify = perSide.get('fastify');
      if (parley && fastify) {
        recorder.add(uploadRate('ratio'), 'parley', parley.rate / fastify.rate);
        recorder.add(uploadP50('ratio'), 'parley', parley.p50 / fastify.p50);
        recorder.add(uploadP99('ratio'), 'parley', parley.p99 / fastify.p99);
      }
    }
  } finally {
    for (const side of sides) {
      await ctx.generators
        .all<'uploadRelease'>(() => ({ type: 'uploadRelease', set: side.set }), 10_000)
        .catch(() => {});
    }
    for (const server of servers.values()) await server.stop();
    rmSync(imageDir, { recursive: true, force: true });
  }
  return recorder;
}

/** Readies each generator's share of the uploaders; any that cannot upload fails the scenario. */
async function prepare(ctx: BenchContext, side: Side, imagePath: string): Promise<void> {
  const { clients } = ctx.plan.uploads;
  const server: UploadServer =
    side.id === 'fastify'
      ? { kind: 'fastify', origin: `http://127.0.0.1:${side.server.port}` }
      : {
          kind: 'parley',
          target: addressOf('parley', side.server.port),
          mediaKind: side.id === 'parley' ? 'image' : 'file',
        };
  const results = await ctx.generators.all<'uploadPrepare'>(
    (index) => ({
      type: 'uploadPrepare',
      set: side.set,
      server,
      users: shareOf({ prefix: side.prefix, from: 0, count: clients }, index, ctx.generators.count),
      imagePath,
      deadlineMs: PREPARE_DEADLINE_MS,
    }),
    PREPARE_DEADLINE_MS,
  );
  const held = results.reduce((n, r) => n + r.held, 0);
  if (held < clients) {
    const first = results.find((r) => r.firstError)?.firstError;
    throw new Error(`${side.id}: only ${held} of ${clients} uploaders ready (${first})`);
  }
}

/** Every uploader of every generator uploads once, all started together. */
function burst(ctx: BenchContext, side: Side): Promise<UploadBurstResult[]> {
  const { timeoutMs } = ctx.plan.uploads;
  return ctx.generators.all<'uploadBurst'>(
    () => ({ type: 'uploadBurst', set: side.set, timeoutMs }),
    timeoutMs,
  );
}
