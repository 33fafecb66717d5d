/**
 * Reads a V8 `.cpuprofile` (what `node --cpu-prof` writes) and names the functions that used the most
 * processor time themselves, so a missed target comes with its bottleneck rather than a guess.
 */
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';

interface ProfileNode {
  id: number;
  hitCount?: number;
  children?: number[];
  callFrame: { functionName: string; url: string; lineNumber: number };
}

interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples?: number[];
}

export interface HotFunction {
  name: string;
  /** File and line, relative to the repository when it is ours, else the package or builtin URL. */
  where: string;
  selfMs: number;
  /** Share of the busy (non-idle) samples. */
  percent: number;
}

/** Self time gathered by the package (or our own package) whose code was running or called in. */
export interface HotArea {
  area: string;
  percent: number;
}

export interface ProfileSummary {
  scenario: string;
  file: string;
  busyMs: number;
  top: HotFunction[];
  areas: HotArea[];
}

/** Samples V8 attributes to no JavaScript: waiting, not working. */
const IDLE = new Set(['(idle)', '(program)']);

export function summarizeProfile(
  path: string,
  scenario: string,
  repoRoot: string,
  count = 12,
): ProfileSummary {
  const profile = JSON.parse(readFileSync(path, 'utf8')) as CpuProfile;
  const totalSamples = profile.nodes.reduce((n, node) => n + (node.hitCount ?? 0), 0);
  const msPerSample = totalSamples > 0 ? (profile.endTime - profile.startTime) / 1000 / totalSamples : 0;
  const byFunction = new Map<string, HotFunction>();
  const byArea = new Map<string, number>();
  const areaOf = areaFinder(profile.nodes, repoRoot);
  let busySamples = 0;
  for (const node of profile.nodes) {
    const hits = node.hitCount ?? 0;
    const frame = node.callFrame;
    const name = frame.functionName || '(anonymous)';
    if (hits === 0 || IDLE.has(name)) continue;
    busySamples += hits;
    const where = frame.url ? `${shortURL(frame.url, repoRoot)}:${frame.lineNumber + 1}` : '';
    const key = `${name}@${where}`;
    const entry = byFunction.get(key) ?? { name, where, selfMs: 0, percent: 0 };
    entry.selfMs += hits * msPerSample;
    byFunction.set(key, entry);
    const area = areaOf(node.id);
    byArea.set(area, (byArea.get(area) ?? 0) + hits);
  }
  const top = [...byFunction.values()].sort((a, b) => b.selfMs - a.selfMs).slice(0, count);
  for (const entry of top)
    entry.percent = busySamples > 0 ? (entry.selfMs / (busySamples * msPerSample)) * 100 : 0;
  const areas = [...byArea.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 8)
    .map(([area, hits]) => ({ area, percent: busySamples > 0 ? (hits / busySamples) * 100 : 0 }));
  return { scenario, file: relative(repoRoot, path), busyMs: busySamples * msPerSample, top, areas };
}

/**
 * Native work (a `writev` syscall, string encoding) has no file of its own, so it is charged to the
 * nearest caller that belongs to a package or to this repository: `writev` under `ws`'s sendFrame
 * is `ws` writing frames. Node's own internals are looked through the same way.
 */
function areaFinder(nodes: readonly ProfileNode[], repoRoot: string): (id: number) => string {
  const byID = new Map(nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const node of nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const cache = new Map<number, string>();
  const ownArea = (node: ProfileNode): string | undefined => {
    const { url, functionName } = node.callFrame;
    if (functionName === '(garbage collector)') return 'garbage collection';
    if (!url.startsWith('file://')) return undefined;
    // An area is a package: `ws`, `@scope/name`, or one of ours, `packages/server`.
    const parts = shortURL(url, repoRoot).split('/');
    const depth = parts[0] === 'packages' || parts[0]?.startsWith('@') ? 2 : 1;
    return parts.slice(0, depth).join('/');
  };
  const find = (id: number): string => {
    const cached = cache.get(id);
    if (cached) return cached;
    const node = byID.get(id);
    const up = parent.get(id);
    const area = (node && ownArea(node)) ?? (up === undefined ? 'node core' : find(up));
    cache.set(id, area);
    return area;
  };
  return find;
}

function shortURL(url: string, repoRoot: string): string {
  if (!url.startsWith('file://')) return url;
  const path = fileURLToPath(url);
  const inModules = path.lastIndexOf('/node_modules/');
  return inModules >= 0 ? path.slice(inModules + '/node_modules/'.length) : relative(repoRoot, path);
}
