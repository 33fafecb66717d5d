/** Everything one bench run found, as written to bench/results/<date>.json and read by the other reports. */
import type { ParleyStatus } from '../harness/context.js';
import type { ScenarioReport } from '../harness/record.js';
import type { ScenarioID } from '../options.js';
import type { BenchPlan } from '../plan.js';
import type { ProfileSummary } from '../profile/summary.js';
import type { TargetCheck } from './targets.js';

export interface MachineInfo {
  cpus: number;
  cpuModel: string;
  memoryGiB: number;
  node: string;
  platform: string;
  /** 1-minute load average when the run started: other work on the machine skews every figure. */
  loadAverage: number;
}

export interface BenchDocument {
  startedAt: string;
  finishedAt: string;
  quick: boolean;
  machine: MachineInfo;
  plan: BenchPlan;
  parley: ParleyStatus;
  parleyMessages: ParleyStatus;
  /** The scenarios asked for (`--only`, or all). */
  selected: ScenarioID[];
  scenarios: ScenarioReport[];
  /** Scenarios that threw before reporting, with why; their targets are missed. */
  failed: Partial<Record<ScenarioID, string>>;
  targets: TargetCheck[];
  /** With `--profile`: where Parley spent its time, per profiled workload. */
  profiles: ProfileSummary[];
}
