/**
 * The cells of the results table, shared by the terminal table and the Markdown summary: one row per
 * figure with each target's median ± spread and Parley's ratio to both baselines.
 */
import { type ScenarioReport, TARGET_NAMES, TARGETS } from '../harness/record.js';
import { formatNumber, formatRatio, formatSummary, ratio } from './format.js';

/** A generator this busy may be what limits the figure, not the server. */
const STARVED_PERCENT = 90;

export const HEADER = ['figure', ...TARGETS.map((t) => TARGET_NAMES[t]), 'Parley÷ws', 'Parley÷Socket.IO'];

export function figureRows(scenario: ScenarioReport): string[][] {
  return scenario.figures.map((figure) => {
    const name = `${figure.name}${figure.unit ? ` (${figure.unit}, ${figure.better} is better)` : ''}`;
    const cells = TARGETS.map((t) => {
      if (figure.results[t]) return formatSummary(figure.results[t], '', figure.bounds[t]);
      return missingWord(figure.missing[t]);
    });
    return [name, ...cells, formatRatio(ratio(figure, 'ws')), formatRatio(ratio(figure, 'socketio'))];
  });
}

/** One word for an empty cell; the full reason is printed under the table. */
export function missingWord(why: string | undefined): string {
  if (!why) return '–';
  for (const word of ['n/a', 'failed', 'skipped']) if (why.startsWith(word)) return word;
  return 'unavailable';
}

/** Distinct reasons a target has no figure in this scenario, as `Parley: failed: (...)` lines. */
export function missingLines(scenario: ScenarioReport): string[] {
  const lines = new Set<string>();
  for (const figure of scenario.figures) {
    for (const t of TARGETS) {
      const why = figure.missing[t];
      if (why && !why.startsWith('n/a')) lines.add(`${TARGET_NAMES[t]}: ${why}`);
    }
  }
  return [...lines];
}

export function cpuLine(scenario: ScenarioReport): string | undefined {
  const parts = TARGETS.flatMap((t) => {
    const cpu = scenario.generatorCpu[t];
    return cpu === undefined ? [] : [`${TARGET_NAMES[t]} ${formatNumber(cpu)}%`];
  });
  if (parts.length === 0) return undefined;
  const starved = TARGETS.filter((t) => (scenario.generatorCpu[t] ?? 0) >= STARVED_PERCENT).map(
    (t) => TARGET_NAMES[t],
  );
  const warning =
    starved.length > 0
      ? ` — near saturation for ${starved.join(', ')}: those figures may be the generator's limit`
      : '';
  return `load generator CPU (busiest process, % of one core): ${parts.join(', ')}${warning}`;
}

/** Above this 1-minute load average at the start, other work competed with the bench for the cores. */
const BUSY_LOAD = 1.5;

export function busyMachineWarning(loadAverage: number): string | undefined {
  return loadAverage > BUSY_LOAD
    ? `The machine was busy with other work (load average ${formatNumber(loadAverage)} on 2 cores) when this run started: figures are noisier and lower than on an idle machine.`
    : undefined;
}
