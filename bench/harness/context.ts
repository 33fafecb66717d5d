/** What every scenario is handed, and the loops they all share: each target, each with its own server. */
import type { TargetAddress, TargetKind } from '../load/tasks.js';
import type { BenchPlan } from '../plan.js';
import { BENCH_APP, type ServerOptions, ServerProcess } from '../targets/server-process.js';
import type { Generators } from './generators.js';
import { type ScenarioRecorder, TARGET_NAMES, TARGETS } from './record.js';

/** Whether Parley accepts logins at all; when not, its figures say why instead of failing the run. */
export type ParleyStatus = { ok: true } | { ok: false; reason: string };

export interface BenchContext {
  plan: BenchPlan;
  generators: Generators;
  parley: ParleyStatus;
  /** Whether Parley delivers one-to-one messages yet. */
  parleyMessages: ParleyStatus;
  log(line: string): void;
}

export function addressOf(kind: TargetKind, port: number): TargetAddress {
  return { kind, host: '127.0.0.1', port, sdkAppID: BENCH_APP.sdkAppID, key: BENCH_APP.key };
}

/**
 * Runs `measure(kind, run)` run by run, each run going through the baselines and Parley in turn, so
 * a burst of other work on the shared machine lands on every target alike instead of skewing one
 * target's figures. A target that fails is recorded as an error and left out of later runs; the
 * others go on.
 */
export async function interleave(
  ctx: BenchContext,
  recorder: ScenarioRecorder,
  runs: number,
  measure: (kind: TargetKind, run: number) => Promise<void>,
  targets: readonly TargetKind[] = TARGETS,
): Promise<void> {
  const active = targets.filter((kind) => {
    if (kind === 'parley' && !ctx.parley.ok) recorder.missing('parley', ctx.parley.reason);
    return kind !== 'parley' || ctx.parley.ok;
  });
  for (let run = 0; run < runs; run++) {
    ctx.log(`  ${recorder.title}: run ${run + 1} of ${runs}`);
    for (const kind of [...active]) {
      try {
        await measure(kind, run);
      } catch (err) {
        const reason = err instanceof Error ? (err.message.split('\n')[0] ?? err.message) : String(err);
        // An error, not just a gap: values from earlier runs must not pass for a clean result.
        recorder.error(kind, `${TARGET_NAMES[kind]} failed: ${reason}`);
        recorder.missing(kind, `failed: ${reason}`);
        ctx.log(`    ${TARGET_NAMES[kind]} failed: ${err instanceof Error ? err.message : String(err)}`);
        active.splice(active.indexOf(kind), 1);
      }
    }
  }
}

/**
 * One long-lived server per target for scenarios whose runs can share it (storm, kick, messages):
 * started and warmed up on first use, all stopped at the end.
 */
export class ServerSet {
  readonly #servers = new Map<TargetKind, Promise<ServerProcess>>();

  constructor(
    private readonly warmUp: (kind: TargetKind, server: ServerProcess) => Promise<void>,
    private readonly options: ServerOptions = {},
  ) {}

  get(kind: TargetKind): Promise<ServerProcess> {
    let server = this.#servers.get(kind);
    if (!server) {
      server = ServerProcess.start(kind, this.options).then(async (started) => {
        try {
          await this.warmUp(kind, started);
        } catch (err) {
          await started.stop();
          throw err;
        }
        return started;
      });
      this.#servers.set(kind, server);
    }
    return server;
  }

  async stopAll(): Promise<void> {
    const started = await Promise.allSettled(this.#servers.values());
    await Promise.all(started.flatMap((s) => (s.status === 'fulfilled' ? [s.value.stop()] : [])));
    this.#servers.clear();
  }
}

/** Starts a server of this kind, runs `use`, and always stops it (and removes its data). */
export async function withServer<T>(
  kind: TargetKind,
  use: (server: ServerProcess) => Promise<T>,
  options: ServerOptions = {},
): Promise<T> {
  const server = await ServerProcess.start(kind, options);
  try {
    return await use(server);
  } finally {
    await server.stop();
  }
}
