/** Command-line flags of `npm run bench`, checked once here. */
import { parseArgs } from 'node:util';
import { type BenchPlan, FULL_PLAN, QUICK_PLAN } from './plan.js';

export const SCENARIO_IDS = [
  'verify',
  'storm',
  'idle',
  'kick',
  'reconnect',
  'messages',
  'workers',
  'groups',
  'status',
  'uploads',
  'push',
] as const;
export type ScenarioID = (typeof SCENARIO_IDS)[number];

export interface BenchOptions {
  plan: BenchPlan;
  scenarios: ScenarioID[];
  /** Profile Parley (`--cpu-prof`) during an extra login storm and name its hottest functions. */
  profile: boolean;
  /** Where results go; `bench/results` unless told. */
  outDir: string | undefined;
}

export const USAGE = `usage: npm run bench -- [--quick] [--only storm,kick,...] [--profile] [--out DIR]
scenarios: ${SCENARIO_IDS.join(', ')}`;

export function parseOptions(argv: readonly string[]): BenchOptions {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      quick: { type: 'boolean', default: false },
      only: { type: 'string' },
      profile: { type: 'boolean', default: false },
      out: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
    strict: true,
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const requested = values.only ? values.only.split(',').map((s) => s.trim()) : [...SCENARIO_IDS];
  const unknown = requested.filter((id) => !(SCENARIO_IDS as readonly string[]).includes(id));
  if (unknown.length > 0) throw new Error(`unknown scenario ${unknown.join(', ')}\n${USAGE}`);
  return {
    plan: values.quick ? QUICK_PLAN : FULL_PLAN,
    scenarios: requested as ScenarioID[],
    profile: values.profile,
    outDir: values.out,
  };
}
