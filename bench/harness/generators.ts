/**
 * The load-generator processes, seen from the orchestrator: fork them, hand each a task, collect the
 * answers. Each task carries its own deadline; this side adds one more so a wedged generator fails the
 * scenario instead of hanging the run.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import type { FromWorker, Task, TaskResult, ToWorker, UserRange } from '../load/tasks.js';

const WORKER = fileURLToPath(new URL('../load/worker.js', import.meta.url));
/** Added to a task's own deadline before the orchestrator gives up on a generator. */
const SLACK_MS = 60_000;

type ResultOf<K extends Task['type']> = Extract<TaskResult, { type: K }>;

export class Generators {
  #seq = 0;
  readonly #waiting = new Map<number, { resolve: (r: TaskResult) => void; reject: (e: Error) => void }>();

  private constructor(readonly processes: readonly ChildProcess[]) {
    for (const child of processes) {
      child.on('message', (message: FromWorker) => {
        if ('ready' in message) return;
        const waiter = this.#waiting.get(message.seq);
        this.#waiting.delete(message.seq);
        if (message.ok) waiter?.resolve(message.result);
        else waiter?.reject(new Error(`load generator failed: ${message.error}`));
      });
      child.on('exit', (code) => {
        for (const waiter of this.#waiting.values())
          waiter.reject(new Error(`load generator exited (${code})`));
        this.#waiting.clear();
      });
    }
  }

  static async start(count: number): Promise<Generators> {
    const processes = Array.from({ length: count }, () =>
      fork(WORKER, [], { serialization: 'advanced', stdio: ['ignore', 'inherit', 'inherit', 'ipc'] }),
    );
    await Promise.all(processes.map((child) => once(child, 'message')));
    return new Generators(processes);
  }

  get count(): number {
    return this.processes.length;
  }

  /** Runs one task per generator (made by `make(index)`) and waits for all of them. */
  all<K extends Task['type']>(
    make: (index: number) => Extract<Task, { type: K }>,
    timeoutMs: number,
  ): Promise<ResultOf<K>[]> {
    return Promise.all(this.processes.map((_, index) => this.one(index, make(index), timeoutMs)));
  }

  one<K extends Task['type']>(
    index: number,
    task: Extract<Task, { type: K }>,
    timeoutMs: number,
  ): Promise<ResultOf<K>> {
    const child = this.processes[index];
    if (!child) return Promise.reject(new Error(`no load generator ${index}`));
    const seq = ++this.#seq;
    return new Promise<ResultOf<K>>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#waiting.delete(seq);
        reject(new Error(`load generator ${index} did not finish ${task.type} in time`));
      }, timeoutMs + SLACK_MS);
      this.#waiting.set(seq, {
        resolve: (result) => {
          clearTimeout(timer);
          if (result.type === task.type) resolve(result as ResultOf<K>);
          else reject(new Error(`expected a ${task.type} result, got ${result.type}`));
        },
        reject: (err) => {
          clearTimeout(timer);
          reject(err);
        },
      });
      child.send({ seq, task } satisfies ToWorker);
    });
  }

  async close(): Promise<void> {
    await Promise.all(
      this.processes.map(async (child) => {
        if (child.exitCode !== null || child.signalCode !== null) return;
        const exited = once(child, 'exit');
        child.disconnect();
        await exited;
      }),
    );
  }
}

/** This generator's share of a user range: contiguous slices, the remainder spread over the first. */
export function shareOf(range: UserRange, index: number, count: number): UserRange {
  const base = Math.floor(range.count / count);
  const extra = range.count % count;
  const from = range.from + index * base + Math.min(index, extra);
  return { prefix: range.prefix, from, count: base + (index < extra ? 1 : 0) };
}
