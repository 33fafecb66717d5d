/** The Markdown summary written beside the JSON: setup, targets met and missed, the table, notes. */
import type { BenchDocument } from './document.js';
import { formatNumber } from './format.js';
import { busyMachineWarning, cpuLine, figureRows, HEADER, missingLines } from './rows.js';
import { type TargetStatus, targetSummary } from './targets.js';

const STATUS_MARK: Record<TargetStatus, string> = {
  met: '✅ met',
  missed: '❌ **missed**',
  'not measured': '⚠️ **not measured**',
  'not run': '➖ not run',
};

export function renderMarkdown(doc: BenchDocument, chartFile: string): string {
  const m = doc.machine;
  const out: string[] = [
    `# Parley benchmark — ${doc.startedAt}${doc.quick ? ' (quick run)' : ''}`,
    '',
    `${m.cpus} × ${m.cpuModel}, ${formatNumber(m.memoryGiB)} GiB, Node ${m.node}, ${m.platform}, ` +
      `load average ${formatNumber(m.loadAverage)} at the start. Server, ` +
      `load generators (${doc.plan.generators} processes) and orchestrator share the machine; every figure is ` +
      'the median over the runs, ± half the min–max range.',
    '',
    ...(busyMachineWarning(m.loadAverage) ? [`**${busyMachineWarning(m.loadAverage)}**`, ''] : []),
    '## Targets',
    '',
    '| target | status | measured |',
    '| --- | --- | --- |',
    ...doc.targets.map((c) => `| ${c.target} | ${STATUS_MARK[c.status]} | ${escapeCell(c.detail)} |`),
    '',
  ];
  out.push(`**${targetSummary(doc.targets)}**`, '');
  const missed = doc.targets.filter((c) => c.status === 'missed');
  if (missed.length > 0) out.push(`Missed: ${escapeCell(missed.map((c) => c.target).join('; '))}.`, '');
  const unmeasured = doc.targets.filter((c) => c.status === 'not measured');
  if (unmeasured.length > 0) {
    out.push(
      `**Not measured (not a pass): ${escapeCell(unmeasured.map((c) => `${c.target} (${c.detail})`).join('; '))}.**`,
      '',
    );
  }
  for (const [id, reason] of Object.entries(doc.failed)) {
    out.push(`**The ${id} scenario failed**: ${escapeCell(reason ?? '')}.`, '');
  }
  if (!doc.parley.ok) out.push(`Parley could not be measured: ${escapeCell(doc.parley.reason)}.`, '');
  out.push('## Results', '', `![latency and throughput against the baselines](${chartFile})`, '');
  for (const scenario of doc.scenarios) {
    out.push(`### ${scenario.title}`, '', `${scenario.setup}.`, '');
    out.push(
      `| ${HEADER.join(' | ')} |`,
      `| ${HEADER.map((_, i) => (i === 0 ? '---' : '---:')).join(' | ')} |`,
    );
    for (const row of figureRows(scenario)) out.push(`| ${row.map(escapeCell).join(' | ')} |`);
    out.push('');
    const extra = [...missingLines(scenario), cpuLine(scenario), ...scenario.notes].filter(
      (l): l is string => !!l,
    );
    for (const line of extra) out.push(`- ${escapeCell(line)}`);
    if (extra.length > 0) out.push('');
  }
  for (const profile of doc.profiles) {
    out.push(`## Where Parley spends its time (${profile.scenario})`, '');
    out.push(`\`${profile.file}\`, ${formatNumber(profile.busyMs)} ms busy. Self time by area:`, '');
    out.push('| self | area (package whose code ran or called the native work) |', '| ---: | --- |');
    for (const a of profile.areas) out.push(`| ${formatNumber(a.percent)}% | ${escapeCell(a.area)} |`);
    out.push('', 'Hottest functions by self time:', '');
    out.push('| self | function | where |', '| ---: | --- | --- |');
    for (const f of profile.top)
      out.push(`| ${formatNumber(f.percent)}% | \`${f.name}\` | ${escapeCell(f.where)} |`);
    out.push('');
  }
  return out.join('\n');
}

function escapeCell(text: string): string {
  return text.replaceAll('|', '\\|');
}
