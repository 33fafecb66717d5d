/**
 * `--profile`: Parley under `--cpu-prof` for one workload (a login storm, messages at the plan's
 * fixed rate, or messages to a Work group whose members are mostly offline), then the profile's
 * hottest code. The server writes its profile
 * when it exits, so it is stopped with SIGTERM (a clean exit), never killed.
 */
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { addressOf, type BenchContext, withServer } from '../harness/context.js';
import { ScenarioRecorder } from '../harness/record.js';
import type { TargetAddress } from '../load/tasks.js';
import { broadcasts, prepareGroup, releaseGroup } from '../scenarios/groups.js';
import { GROUP_KINDS } from '../scenarios/groups-figures.js';
import { exchange } from '../scenarios/messages.js';
import { churnOnce, setName, WATCHERS_PER_USER, watch } from '../scenarios/status.js';
import { STATUS_FIGURES } from '../scenarios/status-figures.js';
import { storm } from '../scenarios/storm.js';
import { type ProfileSummary, summarizeProfile } from './summary.js';

export type ProfiledWorkload = 'storm' | 'messages' | 'groups' | 'status';

/** Broadcasts profiled: enough samples of the send path to see what it costs per member. */
const PROFILED_BROADCASTS = 100;

const WORKLOADS: Record<
  ProfiledWorkload,
  { label: (ctx: BenchContext) => string; run: (ctx: BenchContext, at: TargetAddress) => Promise<void> }
> = {
  storm: {
    label: (ctx) => `login storm of ${ctx.plan.storm.clients} clients, twice`,
    run: async (ctx, at) => {
      await storm(ctx, at, ctx.plan.storm.clients, ctx.plan.storm.window);
      await storm(ctx, at, ctx.plan.storm.clients, ctx.plan.storm.window);
    },
  },
  messages: {
    label: (ctx) =>
      `one-to-one messages at ${ctx.plan.messages.rate}/s for ${ctx.plan.messages.durationMs / 1000} s`,
    run: async (ctx, at) => {
      await exchange(ctx, at, 'pm', ctx.plan.messages.rate, ctx.plan.messages.durationMs);
    },
  },
  // Whether a send costs O(online members) or O(members) (issue 13): most members are offline here.
  groups: {
    label: (ctx) =>
      `${PROFILED_BROADCASTS} messages, one at a time, to a Work group of ${ctx.plan.groups.members} members with ${ctx.plan.groups.online} online (set-up included)`,
    run: async (ctx, at) => {
      const work = GROUP_KINDS.find((k) => k.id === 'work');
      if (!work) return;
      const stage = await prepareGroup(ctx, work, at);
      try {
        await broadcasts(ctx, stage, 'prof', PROFILED_BROADCASTS);
      } finally {
        await releaseGroup(ctx, stage.set);
      }
    },
  },
  // One churn of the status scenario: where a login or logout and its fan-out spend their time.
  status: {
    label: (ctx) =>
      `status churn: ${ctx.plan.status.users} users each watched by ${WATCHERS_PER_USER}, ${ctx.plan.status.rate} logins + logouts/s (set-up included)`,
    run: async (ctx, at) => {
      await watch(ctx, at, setName('parley'));
      try {
        const scratch = new ScenarioRecorder('status', 'profiled churn', '');
        for (const name of STATUS_FIGURES) scratch.define(name, '', 'higher');
        await churnOnce(ctx, scratch, at, 0);
      } finally {
        await ctx.generators.all<'statusRelease'>(
          () => ({ type: 'statusRelease', set: setName('parley') }),
          30_000,
        );
      }
    },
  },
};

/** Profiles into a scratch folder, then keeps the profile as `target` (bench/results/<date>-<workload>.cpuprofile). */
export async function profileParley(
  ctx: BenchContext,
  workload: ProfiledWorkload,
  target: string,
  repoRoot: string,
): Promise<ProfileSummary | undefined> {
  const dir = mkdtempSync(join(tmpdir(), 'parley-bench-prof-'));
  const { run, label } = WORKLOADS[workload];
  try {
    await withServer('parley', (server) => run(ctx, addressOf('parley', server.port)), { profileDir: dir });
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
  const file = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
  if (file) {
    // Copied, not renamed: the scratch folder may be on another file system.
    mkdirSync(dirname(target), { recursive: true });
    copyFileSync(join(dir, file), target);
  }
  rmSync(dir, { recursive: true, force: true });
  if (!file) {
    ctx.log('  no .cpuprofile written: the server did not exit cleanly');
    return undefined;
  }
  return summarizeProfile(target, label(ctx), repoRoot);
}
