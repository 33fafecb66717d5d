/**
 * `npm run bench [-- --quick]`: starts the load generators, checks that Parley accepts logins, runs
 * each scenario against bare `ws`, Socket.IO and Parley, then prints the table and writes
 * bench/results/<date>.{json,md,svg}. Progress goes to stderr, the table to stdout. The exit code is
 * 1 when a target is missed or a scenario failed, so a benchmark can fail like a test.
 */
import { cpus, loadavg, totalmem } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BenchContext } from './harness/context.js';
import { Generators } from './harness/generators.js';
import { probeParley } from './harness/probe.js';
import type { ScenarioRecorder, ScenarioReport } from './harness/record.js';
import { parseOptions, type ScenarioID } from './options.js';
import { type ProfiledWorkload, profileParley } from './profile/profile-parley.js';
import type { ProfileSummary } from './profile/summary.js';
import type { BenchDocument } from './report/document.js';
import { renderTable } from './report/table.js';
import { checkTargets, targetSummary } from './report/targets.js';
import { fileStamp, writeResults } from './report/write.js';
import { groupsScenario } from './scenarios/groups.js';
import { idleScenario } from './scenarios/idle.js';
import { kickScenario } from './scenarios/kick.js';
import { messagesScenario } from './scenarios/messages.js';
import { pushScenario } from './scenarios/push.js';
import { reconnectScenario } from './scenarios/reconnect.js';
import { statusScenario } from './scenarios/status.js';
import { stormScenario } from './scenarios/storm.js';
import { uploadsScenario } from './scenarios/uploads.js';
import { verifyScenario } from './scenarios/verify.js';
import { workersScenario } from './scenarios/workers.js';

const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
const RESULTS_DIR = fileURLToPath(new URL('../results', import.meta.url));

const SCENARIOS: Record<ScenarioID, (ctx: BenchContext) => Promise<ScenarioRecorder>> = {
  verify: verifyScenario,
  storm: stormScenario,
  idle: idleScenario,
  kick: kickScenario,
  reconnect: reconnectScenario,
  messages: messagesScenario,
  workers: workersScenario,
  groups: groupsScenario,
  status: statusScenario,
  uploads: uploadsScenario,
  push: pushScenario,
};

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const started = new Date();
  const loadAverage = loadavg()[0] ?? 0;
  const stamp = fileStamp(started);
  const log = (line: string) => process.stderr.write(`${line}\n`);
  log(`parley bench${options.plan.quick ? ' --quick' : ''}: ${options.scenarios.join(', ')}`);
  const probe = await probeParley();
  const parley = probe.logins;
  log(parley.ok ? 'Parley accepts logins' : `Parley unavailable: ${parley.reason}`);
  log(probe.messages.ok ? 'Parley delivers messages' : `Parley messages: ${probe.messages.reason}`);
  const generators = await Generators.start(options.plan.generators);
  const ctx: BenchContext = { plan: options.plan, generators, parley, parleyMessages: probe.messages, log };
  const scenarios: ScenarioReport[] = [];
  const failed: Partial<Record<ScenarioID, string>> = {};
  const profiles: ProfileSummary[] = [];
  try {
    for (const id of options.scenarios) {
      log(`${id}…`);
      try {
        scenarios.push((await SCENARIOS[id](ctx)).report());
      } catch (err) {
        // One broken scenario must not cost the others' results; its targets are missed.
        log(`${id} failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
        failed[id] = err instanceof Error ? (err.message.split('\n')[0] ?? err.message) : String(err);
        process.exitCode = 1;
      }
    }
    if (options.profile && parley.ok) {
      const workloads: ProfiledWorkload[] = probe.messages.ok ? ['storm', 'messages'] : ['storm'];
      if (options.scenarios.includes('groups')) workloads.push('groups');
      if (options.scenarios.includes('status')) workloads.push('status');
      for (const workload of workloads) {
        log(`profiling Parley: ${workload}…`);
        const file = join(options.outDir ?? RESULTS_DIR, `${stamp}-${workload}.cpuprofile`);
        try {
          const summary = await profileParley(ctx, workload, file, REPO_ROOT);
          if (summary) profiles.push(summary);
        } catch (err) {
          // A profile is an extra: a workload Parley cannot run yet must not cost the run its results.
          log(`  profiling ${workload} failed: ${err instanceof Error ? err.message : String(err)}`);
        }
      }
    }
  } finally {
    await generators.close();
  }
  const cpu = cpus();
  const doc: BenchDocument = {
    startedAt: started.toISOString(),
    finishedAt: new Date().toISOString(),
    quick: options.plan.quick,
    machine: {
      cpus: cpu.length,
      cpuModel: cpu[0]?.model.trim() ?? 'unknown',
      memoryGiB: totalmem() / 2 ** 30,
      node: process.version,
      platform: `${process.platform} ${process.arch}`,
      loadAverage,
    },
    plan: options.plan,
    parley,
    parleyMessages: probe.messages,
    selected: options.scenarios,
    scenarios,
    failed,
    targets: checkTargets({ plan: options.plan, selected: options.scenarios, scenarios, failed }),
    profiles,
  };
  const files = writeResults(doc, options.outDir ?? RESULTS_DIR, stamp);
  console.log(renderTable(doc));
  console.log(`\nwritten: ${files.map((f) => relative(process.cwd(), f)).join(', ')}`);
  verdict(doc, log);
}

/** The end of the run on stderr: every missed and unmeasured target by name, and the exit code. */
function verdict(doc: BenchDocument, log: (line: string) => void): void {
  const missed = doc.targets.filter((c) => c.status === 'missed');
  const unmeasured = doc.targets.filter((c) => c.status === 'not measured');
  log('');
  for (const c of missed) log(`MISSED: ${c.target} — ${c.detail}`);
  for (const c of unmeasured) log(`NOT MEASURED (not a pass): ${c.target} — ${c.detail}`);
  for (const id of Object.keys(doc.failed)) log(`FAILED: the ${id} scenario`);
  log(targetSummary(doc.targets));
  if (missed.length > 0) {
    log(`bench failed: ${missed.length} target${missed.length === 1 ? '' : 's'} missed`);
    process.exitCode = 1;
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? (err.stack ?? err.message) : String(err));
  process.exitCode = 1;
});
