/**
 * What Linux says about a server process: resident memory and processor time, read from /proc so the
 * server needs no cooperation (and no change) to be measured.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** Kernel clock ticks per second, the unit of utime/stime in /proc/<pid>/stat. */
const TICKS_PER_SECOND = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

/** Resident set size in bytes (VmRSS), or NaN once the process is gone. */
export function residentBytes(pid: number): number {
  try {
    const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) * 1024 : Number.NaN;
  } catch {
    return Number.NaN;
  }
}

/** User + system processor time in ms (10 ms resolution), or NaN once the process is gone. */
export function processorMs(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may contain spaces, so fields are counted after its closing ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND;
  } catch {
    return Number.NaN;
  }
}

/** User + system processor time in ms of a process and all its descendants (`--workers` forks). */
export function treeProcessorMs(pid: number): number {
  let total = processorMs(pid);
  for (const child of childrenOf(pid)) {
    const used = treeProcessorMs(child);
    // A child that exited between the listing and the read counts as nothing, not as NaN.
    if (Number.isFinite(used)) total += used;
  }
  return total;
}

function childrenOf(pid: number): number[] {
  try {
    const text = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim();
    return text ? text.split(/\s+/).map(Number) : [];
  } catch {
    return [];
  }
}

/**
 * Waits until the process (with its children, if any) has used less than `percent` of a core over a short window, or `maxMs`
 * passed; returns whether it settled. A run started while the server still works off the previous
 * run's backlog would measure that backlog, not the run.
 */
export async function waitUntilIdle(pid: number, maxMs: number, percent = 15): Promise<boolean> {
  const windowMs = 250;
  const until = Date.now() + maxMs;
  while (Date.now() < until) {
    const before = treeProcessorMs(pid);
    await new Promise((resolve) => setTimeout(resolve, windowMs));
    const used = treeProcessorMs(pid) - before;
    if (!Number.isFinite(used)) return false;
    if ((used / windowMs) * 100 < percent) return true;
  }
  return false;
}
