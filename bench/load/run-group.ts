/**
 * The group tasks of a load generator: hold a group's online members (logged in, joined when the
 * group needs it), let one of them send a broadcast, and report when this process's members had it.
 * Members are held between tasks, by set, so the orchestrator can time one broadcast after another
 * across every generator; each arrival is stamped with the wall clock, comparable with the send's
 * stamp taken in another process.
 */
import { sourceAddress } from './addresses.js';
import { BenchClient } from './client.js';
import { cpuMeter, monoNow, wallNow } from './clock.js';
import {
  ALREADY_GROUP_MEMBER,
  deliveredMsgIDs,
  GROUP_JOIN_OP,
  GROUP_SEND_OP,
  groupSendRequest,
  isBroadcastOf,
  joinRequest,
} from './group-wire.js';
import { forEachLimited } from './limited.js';
import type {
  GroupAwaitResult,
  GroupJoinResult,
  GroupReleaseResult,
  GroupSendResult,
  Task,
} from './tasks.js';
import { makeUsers } from './tickets.js';

type GroupJoinTask = Extract<Task, { type: 'groupJoin' }>;

/**
 * Held members ping like real clients (Parley asks for one `ping` every 30 s and drops a connection
 * silent for 90 s), a slice of them each second, so a long run never loses them to the timeout.
 */
const HEARTBEAT_INTERVAL_MS = 30_000;
const HEARTBEAT_TICK_MS = 1_000;

/** One broadcast as this process saw it arrive. */
class Arrivals {
  /** Which receivers have it: a redelivery must not count twice. */
  readonly #seen: Uint8Array;
  count = 0;
  firstAt = Number.NaN;
  lastAt = Number.NaN;
  #complete: (() => void) | undefined;

  constructor(private readonly expected: number) {
    this.#seen = new Uint8Array(expected);
  }

  arrive(receiver: number, at: number): void {
    if (this.#seen[receiver]) return;
    this.#seen[receiver] = 1;
    this.count += 1;
    if (this.count === 1) this.firstAt = at;
    this.lastAt = at;
    if (this.count === this.expected) this.#complete?.();
  }

  /** Resolves when every receiver has it, or at the timeout. */
  whenComplete(timeoutMs: number): Promise<void> {
    if (this.count >= this.expected) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, timeoutMs);
      this.#complete = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }
}

/** The members of one group on one server held by this process. */
class MemberSet {
  readonly receivers: BenchClient[] = [];
  sender: BenchClient | undefined;
  groupID = '';
  readonly #arrivals = new Map<string, Arrivals>();
  #nextPing = 0;
  readonly #heartbeat = setInterval(() => this.#ping(), HEARTBEAT_TICK_MS);

  constructor(readonly name: string) {
    this.#heartbeat.unref();
  }

  #ping(): void {
    const clients = this.#all();
    const slice = Math.ceil((clients.length * HEARTBEAT_TICK_MS) / HEARTBEAT_INTERVAL_MS);
    for (let i = 0; i < slice && clients.length > 0; i++) {
      const client = clients[this.#nextPing++ % clients.length] as BenchClient;
      if (client.socket?.isOpen) client.socket.send('ping', {});
    }
  }

  #all(): BenchClient[] {
    return this.sender ? [...this.receivers, this.sender] : this.receivers;
  }

  /** Only this set's broadcasts are tracked: group tips and other traffic are ignored. */
  isOurs(msgID: string): boolean {
    return isBroadcastOf(this.name, msgID);
  }

  arrivals(msgID: string): Arrivals {
    let record = this.#arrivals.get(msgID);
    if (!record) {
      record = new Arrivals(this.receivers.length);
      this.#arrivals.set(msgID, record);
    }
    return record;
  }

  forget(msgID: string): void {
    this.#arrivals.delete(msgID);
  }

  listen(client: BenchClient, receiver: number): void {
    if (!client.socket) return;
    client.socket.onPush = (push) => {
      const at = wallNow();
      for (const msgID of deliveredMsgIDs(push)) {
        if (this.isOurs(msgID)) this.arrivals(msgID).arrive(receiver, at);
      }
    };
  }

  close(): number {
    clearInterval(this.#heartbeat);
    const clients = [...this.#all()];
    for (const client of clients) client.close();
    this.receivers.length = 0;
    this.sender = undefined;
    this.#arrivals.clear();
    return clients.length;
  }
}

const sets = new Map<string, MemberSet>();

function setNamed(name: string): MemberSet {
  const set = sets.get(name);
  if (!set) throw new Error(`no members held for ${name}`);
  return set;
}

export async function runGroupJoin(task: GroupJoinTask): Promise<GroupJoinResult> {
  const set = sets.get(task.set) ?? new MemberSet(task.set);
  sets.set(task.set, set);
  set.groupID = task.groupID;
  const clients = makeUsers(task.target, task.users).map(
    (user) => new BenchClient(task.target, user.userID, user.ticket, sourceAddress(user.index)),
  );
  let failures = 0;
  let firstError: string | undefined;
  const fail = (client: BenchClient, why: string) => {
    failures += 1;
    firstError ??= `${client.userID}: ${why}`;
    client.close();
  };
  const meter = cpuMeter();
  const started = await forEachLimited(
    clients.length,
    task.window,
    monoNow() + task.deadlineMs,
    async (i) => {
      const client = clients[i] as BenchClient;
      const { reply } = await client.login(false);
      if (reply.code !== 0) return fail(client, `login answered ${reply.code} ${reply.desc}`);
      if (!task.join) return;
      const joined = await client.socket?.request(GROUP_JOIN_OP, joinRequest(task.groupID));
      if (joined && joined.code !== 0 && joined.code !== ALREADY_GROUP_MEMBER)
        fail(client, `${GROUP_JOIN_OP} answered ${joined.code} ${joined.desc}`);
    },
  );
  const cpu = meter();
  failures += clients.length - started;
  const inside = clients.filter((c) => c.loggedIn);
  if (task.role === 'sender') {
    set.sender = inside[0];
  } else {
    // Receivers are only ever added before the first broadcast, so each Arrivals knows its count.
    for (const client of inside) {
      set.listen(client, set.receivers.length);
      set.receivers.push(client);
    }
  }
  return { type: 'groupJoin', held: inside.length, failures, firstError, cpu };
}

export async function runGroupSend(task: Extract<Task, { type: 'groupSend' }>): Promise<GroupSendResult> {
  const set = setNamed(task.set);
  const socket = set.sender?.socket;
  if (!socket?.isOpen)
    return { type: 'groupSend', sentAt: wallNow(), code: -1, desc: 'the sender is offline' };
  const request = groupSendRequest(set.groupID, task.msgID);
  const sentAt = wallNow();
  const reply = await socket.request(GROUP_SEND_OP, request);
  return { type: 'groupSend', sentAt, code: reply.code, desc: reply.desc };
}

export async function runGroupAwait(task: Extract<Task, { type: 'groupAwait' }>): Promise<GroupAwaitResult> {
  const set = setNamed(task.set);
  const meter = cpuMeter();
  const arrivals = set.arrivals(task.msgID);
  await arrivals.whenComplete(task.timeoutMs);
  set.forget(task.msgID);
  return {
    type: 'groupAwait',
    received: arrivals.count,
    expected: set.receivers.length,
    firstAt: arrivals.firstAt,
    lastAt: arrivals.lastAt,
    cpu: meter(),
  };
}

export function runGroupRelease(task: Extract<Task, { type: 'groupRelease' }>): GroupReleaseResult {
  const closed = sets.get(task.set)?.close() ?? 0;
  sets.delete(task.set);
  return { type: 'groupRelease', closed };
}
