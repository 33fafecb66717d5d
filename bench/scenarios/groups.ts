/**
 * Group fan-out (issue 13): one message at a time to a Work group with most members offline, and to
 * an AVChatRoom whose members are all online, against the bare `ws` broadcast baseline (the same
 * members in a room, the same frame written to each) in the same run. Per message: from the send to
 * the last online member having it; per run: deliveries per second over the time the broadcasts
 * took. A delivery that never arrives or a refused send is an error of its target; a Parley that
 * cannot set the group up (a REST endpoint or op it does not have yet) fails its side, and its
 * targets are missed.
 */
import { addressOf, type BenchContext, ServerSet } from '../harness/context.js';
import { ScenarioRecorder, TARGET_NAMES } from '../harness/record.js';
import { sleep } from '../load/clock.js';
import { broadcastMsgID } from '../load/group-wire.js';
import type { CpuReport, TargetAddress, TargetKind } from '../load/tasks.js';
import type { BenchPlan } from '../plan.js';
import { formatNumber } from '../report/format.js';
import { latencySummary } from '../stats.js';
import { createBenchApp } from '../targets/parley-cli.js';
import {
  GROUP_KINDS,
  type GroupKind,
  groupDeliveries,
  groupFigures,
  groupLastP50,
  groupLastP99,
} from './groups-figures.js';
import { type GroupStage, type Membership, memberSetName, setUpGroup } from './groups-setup.js';
import { settle } from './messages.js';

/** Untimed broadcasts after the set-up, so neither side is timed with a cold JIT. */
const WARM_UP_BROADCASTS = 2;
/**
 * Pause between broadcasts: keeps a room well under the 40 messages/s per group above which the
 * original drops messages (im-features §11), so the figure is delivery cost, not the rate limit.
 */
const GAP_MS = 50;
const TARGETS: readonly TargetKind[] = ['ws', 'parley'];

export async function groupsScenario(ctx: BenchContext): Promise<ScenarioRecorder> {
  const plan = ctx.plan.groups;
  const recorder = new ScenarioRecorder('groups', 'Group fan-out', describe(plan));
  for (const kind of GROUP_KINDS) {
    recorder.define(groupDeliveries(kind.id), '/s', 'higher');
    recorder.define(groupLastP50(kind.id), 'ms', 'lower');
    recorder.define(groupLastP99(kind.id), 'ms', 'lower');
  }
  for (const name of GROUP_KINDS.flatMap((kind) => groupFigures(kind.id)))
    recorder.missing('socketio', 'n/a: the issue compares group fan-out with a bare ws broadcast only', name);
  // One server per target for both groups; each group's members are released before the next.
  const servers = new ServerSet(async () => {}, { prepare: (dir) => allowBigWorkGroups(ctx, recorder, dir) });
  try {
    for (const kind of GROUP_KINDS) await measureKind(ctx, recorder, servers, kind);
  } finally {
    await servers.stopAll();
  }
  return recorder;
}

/**
 * A Work group holds 200 members unless the app says otherwise (im-features §11), and the app's limit
 * is a setting `serve` cannot be given, so the bench app is made with it before the server starts.
 * Best effort: a Parley whose CLI does not know the flag still runs, and if its limit then refuses
 * the members, `add_group_member`'s answer is the reason the Work group fails.
 */
async function allowBigWorkGroups(ctx: BenchContext, recorder: ScenarioRecorder, dataDir: string) {
  const made = await createBenchApp(dataDir, ['--max-members-work', String(ctx.plan.groups.members)]);
  if (made.code === 0) return;
  const why = made.output.split('\n')[0] ?? '';
  recorder.note(
    `Parley: could not raise the app's Work group limit (parley app create exited ${made.code}: ${why})`,
  );
  ctx.log(`    Parley: could not raise the app's Work group limit: ${why}`);
}

function describe(plan: BenchPlan['groups']): string {
  const n = formatNumber;
  return (
    `Work group of ${n(plan.members)} members with ${n(plan.online)} online (set up over REST); ` +
    `AVChatRoom of ${n(plan.roomMembers)} online members, each joined by its own client; ` +
    `one message at a time from an online member, ${plan.broadcasts} timed × ${plan.runs} runs after ${WARM_UP_BROADCASTS} untimed; ` +
    'bare ws: the same members in one room, the same frame written to each'
  );
}

/**
 * Sets the group up on this server and sends the untimed warm-up broadcasts; throws unless they all
 * arrive, so a server that cannot deliver fails here with the reason.
 */
export async function prepareGroup(
  ctx: BenchContext,
  kind: GroupKind,
  target: TargetAddress,
): Promise<GroupStage> {
  try {
    const stage = await setUpGroup(ctx, kind, target, membershipOf(ctx.plan.groups, kind));
    const warm = await broadcasts(ctx, stage, 'warm', WARM_UP_BROADCASTS);
    const expected = warm.sent * stage.receivers;
    if (warm.refused > 0) throw new Error(`the send was refused: ${warm.firstRefusal}`);
    if (warm.delivered < expected)
      throw new Error(`${expected - warm.delivered} of ${expected} deliveries missing`);
    return stage;
  } catch (err) {
    // Members already held would stay connected to a server that is about to stop.
    await releaseGroup(ctx, memberSetName(kind, target));
    throw err;
  }
}

/** Lets the generators go of the group's members. */
export async function releaseGroup(ctx: BenchContext, set: string): Promise<void> {
  await ctx.generators.all<'groupRelease'>(() => ({ type: 'groupRelease', set }), 30_000);
}

function membershipOf(plan: BenchPlan['groups'], kind: GroupKind): Membership {
  return kind.id === 'work'
    ? { prefix: 'gw', members: plan.members, online: plan.online }
    : { prefix: 'gr', members: plan.roomMembers, online: plan.roomMembers };
}

/**
 * Both targets' groups of one kind are set up first (on first use) and held side by side, then the
 * runs interleave bare ws and Parley, as in every scenario. A target that fails is left out of the
 * later runs; its error marks only this group's figures.
 */
async function measureKind(
  ctx: BenchContext,
  recorder: ScenarioRecorder,
  servers: ServerSet,
  kind: GroupKind,
): Promise<void> {
  const { runs } = ctx.plan.groups;
  const figures = groupFigures(kind.id);
  const stages = new Map<TargetKind, GroupStage>();
  const active = TARGETS.filter((target) => {
    if (target === 'parley' && !ctx.parley.ok)
      for (const name of figures) recorder.missing('parley', ctx.parley.reason, name);
    return target !== 'parley' || ctx.parley.ok;
  });
  try {
    for (let run = 0; run < runs; run++) {
      ctx.log(`  ${kind.label}: run ${run + 1} of ${runs}`);
      for (const target of [...active]) {
        try {
          let stage = stages.get(target);
          if (!stage) {
            const t0 = Date.now();
            const server = await servers.get(target);
            stage = await prepareGroup(ctx, kind, addressOf(target, server.port));
            stages.set(target, stage);
            ctx.log(
              `    ${TARGET_NAMES[target]}: ${kind.label} set up in ${((Date.now() - t0) / 1000).toFixed(1)} s`,
            );
          }
          const t1 = Date.now();
          await settle(ctx, recorder, await servers.get(target));
          const t2 = Date.now();
          const result = await broadcasts(ctx, stage, `r${run}-`, ctx.plan.groups.broadcasts);
          ctx.log(
            `    ${TARGET_NAMES[target]}: settled in ${((t2 - t1) / 1000).toFixed(1)} s, broadcasts took ${((Date.now() - t2) / 1000).toFixed(1)} s`,
          );
          record(recorder, kind, target, run, stage, result);
        } catch (err) {
          const reason = err instanceof Error ? (err.message.split('\n')[0] ?? err.message) : String(err);
          recorder.error(target, `${TARGET_NAMES[target]} ${kind.label} failed: ${reason}`, figures);
          for (const name of figures) recorder.missing(target, `failed: ${reason}`, name);
          ctx.log(`    ${TARGET_NAMES[target]} failed: ${reason}`);
          active.splice(active.indexOf(target), 1);
        }
      }
    }
  } finally {
    for (const stage of stages.values()) await releaseGroup(ctx, stage.set);
  }
}

function record(
  recorder: ScenarioRecorder,
  kind: GroupKind,
  target: TargetKind,
  run: number,
  stage: GroupStage,
  result: BroadcastResult,
): void {
  const spans = latencySummary(result.spans);
  const busyMs = result.spans.reduce((sum, ms) => sum + ms, 0);
  recorder.add(groupDeliveries(kind.id), target, busyMs > 0 ? (result.delivered / busyMs) * 1000 : 0);
  recorder.add(groupLastP50(kind.id), target, spans.p50);
  recorder.add(groupLastP99(kind.id), target, spans.p99);
  recorder.cpu(target, result.cpu);
  const expected = result.sent * stage.receivers;
  if (result.refused > 0 || result.delivered < expected) {
    const refusal = result.firstRefusal ? ` (${result.firstRefusal})` : '';
    recorder.error(
      target,
      `${TARGET_NAMES[target]} ${kind.label} run ${run + 1}: ${expected - result.delivered} of ${expected} deliveries missing, ${result.refused} sends refused${refusal}`,
      groupFigures(kind.id),
    );
  }
}

export interface BroadcastResult {
  /** Broadcasts sent (a run stops at the first incomplete one). */
  sent: number;
  delivered: number;
  refused: number;
  firstRefusal: string | undefined;
  /** Per complete-or-not broadcast with at least one delivery: send → last arrival, ms. */
  spans: number[];
  cpu: CpuReport[];
}

/**
 * `count` broadcasts, one at a time: every generator waits for the message while the sender's
 * generator sends it, and the next goes out only when every online member has this one (or the
 * timeout passed). The first incomplete broadcast ends the run: its losses are already an error,
 * and waiting out the timeout again and again would only hold up the bench.
 */
export async function broadcasts(
  ctx: BenchContext,
  stage: GroupStage,
  label: string,
  count: number,
): Promise<BroadcastResult> {
  const { timeoutMs } = ctx.plan.groups;
  const result: BroadcastResult = {
    sent: 0,
    delivered: 0,
    refused: 0,
    firstRefusal: undefined,
    spans: [],
    cpu: [],
  };
  for (let k = 0; k < count; k++) {
    const msgID = broadcastMsgID(stage.set, label, k);
    const waits = ctx.generators.all<'groupAwait'>(
      () => ({ type: 'groupAwait', set: stage.set, msgID, timeoutMs }),
      timeoutMs,
    );
    const sent = await ctx.generators.one<'groupSend'>(
      0,
      { type: 'groupSend', set: stage.set, msgID },
      timeoutMs,
    );
    const arrived = await waits;
    result.sent += 1;
    if (sent.code !== 0) {
      result.refused += 1;
      result.firstRefusal ??= `${sent.code} ${sent.desc}`;
    }
    const delivered = arrived.reduce((n, a) => n + a.received, 0);
    result.delivered += delivered;
    result.cpu.push(...arrived.map((a) => a.cpu));
    const lastAt = Math.max(...arrived.filter((a) => a.received > 0).map((a) => a.lastAt));
    if (delivered > 0) result.spans.push(lastAt - sent.sentAt);
    if (delivered < stage.receivers || sent.code !== 0) break;
    await sleep(GAP_MS);
  }
  return result;
}
