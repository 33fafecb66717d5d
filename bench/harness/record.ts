/**
 * What a scenario produces: named figures, each measured per target over several runs, plus the load
 * generators' processor use and any notes (failures, skipped targets). The reports read only this.
 */
import { type Bound, joinBounds } from '../bounds.js';
import type { CpuReport, TargetKind } from '../load/tasks.js';
import { type RunSummary, summarize } from '../stats.js';

export const TARGETS: readonly TargetKind[] = ['ws', 'socketio', 'parley'];

export const TARGET_NAMES: Record<TargetKind, string> = {
  ws: 'bare ws',
  socketio: 'Socket.IO',
  parley: 'Parley',
};

export type PerTarget<T> = Partial<Record<TargetKind, T>>;

export interface Figure {
  name: string;
  unit: string;
  better: 'higher' | 'lower';
  /** Context for another figure (server start time, clients held), not a performance target itself. */
  context: boolean;
  /** Median and spread over the runs, per target that produced the figure. */
  results: PerTarget<RunSummary>;
  /** Raw per-run values, kept in the JSON so anyone can recompute. */
  runs: PerTarget<number[]>;
  /** Why a target has no value (server failed, PostgreSQL absent, n/a). */
  missing: PerTarget<string>;
  /**
   * Targets whose value is only a bound, e.g. `at least` when the ramp's top step was sustained; absent
   * means exact.
   */
  bounds: PerTarget<Bound>;
  /**
   * Errors a target made while this figure was measured (refused logins, undelivered messages, a
   * crash): its value, if any, is not to be trusted, and a Parley error misses every target on it.
   */
  errors: PerTarget<string[]>;
}

export interface ScenarioReport {
  id: string;
  title: string;
  /** The scenario's parameters in words: client counts, rates, runs. */
  setup: string;
  figures: Figure[];
  /** Highest processor use of any generator process in any run, as % of one core. */
  generatorCpu: PerTarget<number>;
  notes: string[];
  seconds: number;
}

export class ScenarioRecorder {
  readonly #figures = new Map<string, Figure>();
  readonly #cpu: PerTarget<number> = {};
  readonly #notes: string[] = [];
  readonly #started = Date.now();

  constructor(
    readonly id: string,
    readonly title: string,
    readonly setup: string,
  ) {}

  define(name: string, unit: string, better: 'higher' | 'lower', context = false): void {
    this.#figures.set(name, {
      name,
      unit,
      better,
      context,
      results: {},
      runs: {},
      missing: {},
      bounds: {},
      errors: {},
    });
  }

  /** One run's value; `bound` when it is not exact (a ramp that never found its ceiling). */
  add(name: string, target: TargetKind, value: number, bound: Bound = 'exact'): void {
    const figure = this.#figure(name);
    const runs = figure.runs[target] ?? [];
    runs.push(value);
    figure.runs[target] = runs;
    const joined = joinBounds(figure.bounds[target] ?? 'exact', bound);
    if (joined !== 'exact') figure.bounds[target] = joined;
  }

  /**
   * An error of this target during the scenario, on every figure or on the named ones; it is also a
   * note. Unlike `missing`, it stands even when the figure has values from other runs.
   */
  error(target: TargetKind, text: string, names?: readonly string[]): void {
    const figures = names ? names.map((n) => this.#figure(n)) : [...this.#figures.values()];
    for (const figure of figures) {
      const errors = figure.errors[target] ?? [];
      if (!errors.includes(text)) errors.push(text);
      figure.errors[target] = errors;
    }
    this.note(text);
  }

  /** Marks every figure (or one) as having no value for this target, with the reason. */
  missing(target: TargetKind, reason: string, name?: string): void {
    const figures = name ? [this.#figure(name)] : [...this.#figures.values()];
    for (const figure of figures) if (!figure.runs[target]?.length) figure.missing[target] = reason;
  }

  cpu(target: TargetKind, reports: readonly CpuReport[]): void {
    for (const report of reports) {
      const percent = report.wallMs > 0 ? ((report.userMs + report.systemMs) / report.wallMs) * 100 : 0;
      this.#cpu[target] = Math.max(this.#cpu[target] ?? 0, percent);
    }
  }

  /** Adds a note once; the same observation from several runs is one line. */
  note(text: string): void {
    if (!this.#notes.includes(text)) this.#notes.push(text);
  }

  report(): ScenarioReport {
    const figures = [...this.#figures.values()].map((figure) => {
      const results: PerTarget<RunSummary> = {};
      for (const target of TARGETS) {
        const runs = figure.runs[target];
        if (runs?.length) results[target] = summarize(runs);
      }
      return { ...figure, results };
    });
    return {
      id: this.id,
      title: this.title,
      setup: this.setup,
      figures,
      generatorCpu: this.#cpu,
      notes: this.#notes,
      seconds: (Date.now() - this.#started) / 1000,
    };
  }

  #figure(name: string): Figure {
    const figure = this.#figures.get(name);
    if (!figure) throw new Error(`figure "${name}" was not defined`);
    return figure;
  }
}
