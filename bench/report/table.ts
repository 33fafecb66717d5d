/** The results as a plain-text table for the terminal. */

import type { BenchDocument } from './document.js';
import { formatNumber } from './format.js';
import { busyMachineWarning, cpuLine, figureRows, HEADER, missingLines } from './rows.js';
import { targetSummary } from './targets.js';

export function renderTable(doc: BenchDocument): string {
  const m = doc.machine;
  const out: string[] = [
    `Parley bench${doc.quick ? ' --quick' : ''}, ${doc.startedAt}: ${m.cpus} cores, Node ${m.node}, load average ${formatNumber(m.loadAverage)} at start`,
    "Each cell: median over the runs ± half the min–max range. Ratios: Parley's median ÷ the baseline's.",
    ...(busyMachineWarning(m.loadAverage) ? [busyMachineWarning(m.loadAverage) as string] : []),
    '',
  ];
  const widths = HEADER.map((h) => h.length);
  const rowsByScenario = doc.scenarios.map((s) => figureRows(s));
  for (const rows of rowsByScenario) {
    for (const row of rows) {
      row.forEach((cell, i) => {
        widths[i] = Math.max(widths[i] ?? 0, cell.length);
      });
    }
  }
  const line = (cells: readonly string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join('  ');
  out.push(line(HEADER));
  out.push(widths.map((w) => '-'.repeat(w)).join('  '));
  doc.scenarios.forEach((scenario, i) => {
    out.push('');
    out.push(`${scenario.title} — ${scenario.setup} (${formatNumber(scenario.seconds)} s)`);
    for (const row of rowsByScenario[i] ?? []) out.push(line(row));
    for (const missing of missingLines(scenario)) out.push(`  ${missing}`);
    const cpu = cpuLine(scenario);
    if (cpu) out.push(`  ${cpu}`);
    for (const note of scenario.notes) out.push(`  note: ${note}`);
  });
  for (const [id, reason] of Object.entries(doc.failed)) {
    out.push('');
    out.push(`${id}: the scenario FAILED — ${reason}`);
  }
  out.push('');
  out.push('Targets (issues 7, 11 and 13; ratios are of figures from this run):');
  for (const check of doc.targets)
    out.push(`  ${check.status.toUpperCase().padEnd(12)} ${check.target} — ${check.detail}`);
  out.push(targetSummary(doc.targets));
  if (doc.targets.some((c) => c.status === 'not measured')) {
    out.push(
      'NOT MEASURED is not a pass: what Parley is compared with was unavailable, so those targets were not checked.',
    );
  }
  for (const profile of doc.profiles) {
    out.push('');
    out.push(`Parley CPU profile (${profile.scenario}): hottest functions by self time`);
    out.push(`  by area: ${profile.areas.map((a) => `${a.area} ${formatNumber(a.percent)}%`).join(', ')}`);
    for (const entry of profile.top)
      out.push(`  ${formatNumber(entry.percent).padStart(5)}%  ${entry.name}  ${entry.where}`);
  }
  return out.join('\n');
}
