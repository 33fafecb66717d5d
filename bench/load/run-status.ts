/**
 * The status tasks of a load generator: hold watchers (logged in, each subscribed to its share of
 * the churners), record every status push they get, and churn: log churners in and out at a fixed
 * rate, stamping when each login or logout left. Arrivals and sends are stamped with the wall clock,
 * so the orchestrator can pair them across processes.
 */
import { sourceAddress } from './addresses.js';
import { BenchClient } from './client.js';
import { cpuMeter, monoNow, sleep, wallNow } from './clock.js';
import { forEachLimited } from './limited.js';
import {
  eventIndex,
  STATUS_ONLINE,
  STATUS_UNLOGINED,
  SUBSCRIBE_OP,
  statusesIn,
  watchedBy,
} from './status-wire.js';
import type {
  StatusArmResult,
  StatusChurnResult,
  StatusCollectResult,
  StatusReleaseResult,
  StatusWatchResult,
  Task,
} from './tasks.js';
import { makeUsers } from './tickets.js';

/** A watcher pings like a real client, a slice of them each second (see run-group.ts). */
const HEARTBEAT_INTERVAL_MS = 30_000;
const HEARTBEAT_TICK_MS = 1_000;

class WatcherSet {
  readonly watchers: BenchClient[] = [];
  /** Arrivals of the current run: event index and wall clock, one entry per (watcher, event). */
  events: number[] = [];
  at: number[] = [];
  duplicates = 0;
  /** Per watcher, the events it already has this run (a repeat must not count twice). */
  seen: Set<number>[] = [];
  expected = 0;
  #nextPing = 0;
  #complete: (() => void) | undefined;
  readonly #heartbeat = setInterval(() => this.#ping(), HEARTBEAT_TICK_MS);

  constructor(readonly churnerPrefix: string) {
    this.#heartbeat.unref();
  }

  arm(): void {
    this.events = [];
    this.at = [];
    this.duplicates = 0;
    this.seen = this.watchers.map(() => new Set<number>());
  }

  arrive(watcher: number, userID: string, statusType: number, at: number): void {
    if (!userID.startsWith(this.churnerPrefix)) return;
    if (statusType !== STATUS_ONLINE && statusType !== STATUS_UNLOGINED) return;
    const churner = Number(userID.slice(this.churnerPrefix.length));
    const event = eventIndex(churner, statusType === STATUS_ONLINE);
    const seen = this.seen[watcher];
    if (!seen) return;
    if (seen.has(event)) {
      this.duplicates += 1;
      return;
    }
    seen.add(event);
    this.events.push(event);
    this.at.push(at);
    if (this.events.length >= this.expected) this.#complete?.();
  }

  whenComplete(timeoutMs: number): Promise<void> {
    if (this.events.length >= this.expected) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, timeoutMs);
      this.#complete = () => {
        clearTimeout(timer);
        this.#complete = undefined;
        resolve();
      };
    });
  }

  #ping(): void {
    const slice = Math.ceil((this.watchers.length * HEARTBEAT_TICK_MS) / HEARTBEAT_INTERVAL_MS);
    for (let i = 0; i < slice && this.watchers.length > 0; i++) {
      const client = this.watchers[this.#nextPing++ % this.watchers.length] as BenchClient;
      if (client.socket?.isOpen) client.socket.send('ping', {});
    }
  }

  close(): number {
    clearInterval(this.#heartbeat);
    const closed = this.watchers.length;
    for (const client of this.watchers.splice(0)) client.close();
    return closed;
  }
}

const sets = new Map<string, WatcherSet>();

export async function runStatusWatch(
  task: Extract<Task, { type: 'statusWatch' }>,
): Promise<StatusWatchResult> {
  const set = sets.get(task.set) ?? new WatcherSet(task.churners.prefix);
  sets.set(task.set, set);
  const users = makeUsers(task.target, task.watchers);
  const meter = cpuMeter();
  let failures = 0;
  let firstError: string | undefined;
  const started = await forEachLimited(users.length, task.window, monoNow() + task.deadlineMs, async (i) => {
    const user = users[i]!;
    const client = new BenchClient(task.target, user.userID, user.ticket, sourceAddress(user.index));
    const fail = (why: string) => {
      failures += 1;
      firstError ??= `${user.userID}: ${why}`;
      client.close();
    };
    const { reply } = await client.login(false);
    if (reply.code !== 0) return fail(`login answered ${reply.code} ${reply.desc}`);
    const watched = watchedBy(user.index, task.perWatcher, task.churners.count).map(
      (c) => `${task.churners.prefix}${c}`,
    );
    const subscribed = await client.socket?.request(SUBSCRIBE_OP, { userIDList: watched });
    if (subscribed?.code !== 0)
      return fail(`${SUBSCRIBE_OP} answered ${subscribed?.code} ${subscribed?.desc}`);
    const receiver = set.watchers.length;
    set.watchers.push(client);
    set.seen.push(new Set());
    if (client.socket) {
      client.socket.onPush = (push) => {
        const at = wallNow();
        for (const s of statusesIn(push)) set.arrive(receiver, s.userID, s.statusType, at);
      };
    }
  });
  failures += users.length - started;
  return { type: 'statusWatch', held: set.watchers.length, failures, firstError, cpu: meter() };
}

export function runStatusArm(task: Extract<Task, { type: 'statusArm' }>): StatusArmResult {
  const set = sets.get(task.set);
  if (!set) throw new Error(`no watchers held for ${task.set}`);
  set.arm();
  set.expected = task.expectedPerWatcher * set.watchers.length;
  return { type: 'statusArm', held: set.watchers.length };
}

/**
 * Logs each churner in, then out `holdMs` later, logins spread evenly at `rate / 2` per second so
 * that logins and logouts together make `rate` events per second.
 */
export async function runStatusChurn(
  task: Extract<Task, { type: 'statusChurn' }>,
): Promise<StatusChurnResult> {
  const users = makeUsers(task.target, task.churners);
  const sentAt = new Float64Array(users.length * 2).fill(Number.NaN);
  const meter = cpuMeter();
  const loginsPerMs = task.rate / 2 / 1000;
  const t0 = monoNow();
  let failures = 0;
  let firstError: string | undefined;
  let lagMs = 0;
  const inFlight: Promise<void>[] = [];
  for (let i = 0; i < users.length; i++) {
    const due = t0 + i / loginsPerMs;
    const wait = due - monoNow();
    if (wait > 1) await sleep(wait);
    lagMs = Math.max(lagMs, monoNow() - due);
    const user = users[i]!;
    inFlight.push(
      (async () => {
        const client = new BenchClient(task.target, user.userID, user.ticket, sourceAddress(user.index));
        sentAt[i * 2] = wallNow();
        const { reply } = await client.login(false);
        if (reply.code !== 0) {
          failures += 1;
          firstError ??= `${user.userID}: login answered ${reply.code} ${reply.desc}`;
          client.close();
          return;
        }
        await sleep(Math.max(0, due + task.holdMs - monoNow()));
        sentAt[i * 2 + 1] = wallNow();
        await client.logout();
      })(),
    );
  }
  await Promise.all(inFlight);
  return { type: 'statusChurn', sentAt, failures, firstError, lagMs, cpu: meter() };
}

export async function runStatusCollect(
  task: Extract<Task, { type: 'statusCollect' }>,
): Promise<StatusCollectResult> {
  const set = sets.get(task.set);
  if (!set) throw new Error(`no watchers held for ${task.set}`);
  const meter = cpuMeter();
  await set.whenComplete(task.timeoutMs);
  return {
    type: 'statusCollect',
    events: Int32Array.from(set.events),
    at: Float64Array.from(set.at),
    expected: set.expected,
    duplicates: set.duplicates,
    cpu: meter(),
  };
}

export function runStatusRelease(task: Extract<Task, { type: 'statusRelease' }>): StatusReleaseResult {
  const closed = sets.get(task.set)?.close() ?? 0;
  sets.delete(task.set);
  return { type: 'statusRelease', closed };
}
