/**
 * Cluster bus on Redis: several server processes share presence and deliver events to each
 * other's instances (design.md "Cluster mode").
 *
 * - Presence: one key per instance (JSON) with a TTL. The node holding a connected instance keeps
 *   the key alive from one refresh loop; when the node dies, its instances expire on their own.
 *   A per-user set indexes the instance keys.
 * - Atomic login policy: every change of a user's instances reads a snapshot (one script, so it is
 *   consistent) with the user's version counter, decides in JavaScript (bus/claim-plan.ts, shared
 *   with the in-process bus), then applies the change with a script that refuses it if the version
 *   moved, and retries. This is WATCH/MULTI without a connection per claim: two nodes claiming for
 *   the same user at once cannot both win, because the second apply sees the first one's version.
 * - Delivery: an instance's presence (or, once displaced, the memory of its displacement) names its
 *   node; events go to that node's Redis stream inbox (bus/redis-inbox.ts), or straight to the
 *   local handlers when the node is this one.
 *
 * Times of resume grace and displacement are computed with the injected clock and stored in the
 * records (tests move the clock); Redis TTLs use the same durations so that nothing outlives them.
 */
import type { Redis } from 'ioredis';
import {
  type BroadcastHandler,
  type BroadcastNotice,
  type Bus,
  type BusOptions,
  type ClaimResult,
  DEFAULT_MAX_DISPLACED_PER_USER,
  type InstanceAddress,
  type InstanceEvent,
  type InstanceEventHandler,
  type KickDecision,
  type LoginClaim,
  type Presence,
  type UserIDs,
} from './bus.js';
import { planClaim, presenceOf } from './claim-plan.js';
import { connectRedis } from './redis-connect.js';
import { type InboxLimits, InboxReader, InboxWriter } from './redis-inbox.js';
import { RedisKeys } from './redis-keys.js';
import {
  type DisplacedRecord,
  type InboxMessage,
  type PresenceRecord,
  parseDisplaced,
  parsePresence,
} from './redis-records.js';
import { APPLY, REFRESH, runScript, SNAPSHOT } from './redis-scripts.js';

export { RedisUnavailableError } from './redis-errors.js';

export interface RedisBusOptions extends BusOptions {
  /** `redis://…` or `rediss://…`. */
  url: string;
  /** Prefix of every key, so deployments (and test runs) can share one Redis. */
  keyPrefix: string;
  /**
   * How long a connected instance stays registered without a refresh from its node (default 30 s):
   * after a node dies, its instances disappear within this time.
   */
  presenceTtlMs?: number;
  inbox?: Partial<InboxLimits>;
  /** Failures that have no caller to reject (inbox reads, refreshes); for logging. */
  onError?: (error: unknown, context: string) => void;
}

export const DEFAULT_PRESENCE_TTL_MS = 30_000;
const DEFAULT_INBOX: InboxLimits = { maxLength: 10_000, ttlMs: 10 * 60_000 };
/** Compare-and-set rounds before a change gives up; only a storm of logins of one user gets near. */
const MAX_ATTEMPTS = 50;
/** Instances per refresh script call, so one call never holds Redis for long. */
const REFRESH_BATCH = 500;

type Op =
  | { kind: 'put' | 'gone'; key: string; value: string; ttlMs: number }
  | { kind: 'drop' | 'del'; key: string };

interface Snapshot {
  version: string;
  displaced: DisplacedRecord | undefined;
  /** Instances still registered by the injected clock. */
  live: PresenceRecord[];
  /** Disconnected instances whose grace ended but whose key has not expired yet. */
  expired: PresenceRecord[];
}

interface Plan<T> {
  ops: Op[];
  result: T;
}

/** Connects to Redis (failing fast when it is unreachable) and starts reading this node's inbox. */
export async function createRedisBus(options: RedisBusOptions): Promise<RedisBus> {
  const { commands, inbox, notices } = await connectRedis(options);
  const bus = new RedisBus(commands, inbox, options, notices);
  try {
    await bus.start();
  } catch (error) {
    await bus.close();
    throw error;
  }
  return bus;
}

export class RedisBus implements Bus {
  readonly nodeID: string;
  readonly #keys: RedisKeys;
  readonly #now: () => number;
  readonly #options: RedisBusOptions;
  readonly #presenceTtlMs: number;
  /** TTL of a user's index and version: outlives any instance key written or refreshed with them. */
  readonly #indexTtlMs: number;
  readonly #inboxLimits: InboxLimits;
  readonly #inbox: InboxReader;
  readonly #outbox: InboxWriter;
  readonly #handlers: InstanceEventHandler[] = [];
  readonly #broadcastHandlers: BroadcastHandler[] = [];
  /** Set once the broadcast channel was subscribed: a later `ready` is a reconnect. */
  #listening = false;
  /**
   * Instance key → presence as registered, for the instances this node holds connected: the refresh
   * loop's list, and what it writes back when Redis lost a key (a restart without persistence).
   */
  readonly #held = new Map<string, PresenceRecord>();
  readonly #inFlight = new Set<Promise<unknown>>();
  #refreshTimer: NodeJS.Timeout | undefined;
  #refreshing: Promise<void> | undefined;
  #closing: Promise<void> | undefined;

  constructor(
    private readonly commands: Redis,
    reader: Redis,
    options: RedisBusOptions,
    /** The connection subscribed to the broadcast channel; without it, notices reach this node only. */
    private readonly notices?: Redis,
  ) {
    this.nodeID = options.nodeID;
    this.#options = options;
    this.#keys = new RedisKeys(options.keyPrefix);
    this.#now = options.now ?? Date.now;
    this.#presenceTtlMs = options.presenceTtlMs ?? DEFAULT_PRESENCE_TTL_MS;
    this.#indexTtlMs = 2 * Math.max(this.#presenceTtlMs, options.offlineGraceMs);
    this.#inboxLimits = { ...DEFAULT_INBOX, ...options.inbox };
    this.#outbox = new InboxWriter(this.commands, this.#inboxLimits);
    this.#inbox = new InboxReader(
      reader,
      this.#keys.inbox(this.nodeID),
      (message) => this.#deliverLocally(message),
      (error) => this.#report(error, 'inbox read'),
    );
  }

  /** Reads the inbox position and starts the presence refresh loop. */
  async start(): Promise<void> {
    await this.#inbox.start();
    await this.#listen();
    // Three refreshes per TTL: one lost refresh (a blip, a long GC pause) does not expire anyone.
    this.#refreshTimer = setInterval(
      () => {
        this.#refreshing ??= this.#refresh().finally(() => {
          this.#refreshing = undefined;
        });
      },
      Math.max(100, Math.floor(this.#presenceTtlMs / 3)),
    );
    this.#refreshTimer.unref();
  }

  claimLogin(claim: LoginClaim, decide: KickDecision): Promise<ClaimResult> {
    const claimed = this.#keys.instance(claim);
    /** The record the applied plan wrote (a retry replans, so the last plan's). */
    let registered: PresenceRecord | undefined;
    return this.#mutate(claim, this.#keys.displaced(claim), (snapshot): Plan<ClaimResult> => {
      const now = this.#now();
      const view = { displacedUntil: snapshot.displaced?.until, live: snapshot.live };
      const plan = planClaim(claim, view, decide, this.nodeID, now);
      if (plan.status === 'displaced') return { ops: [], result: plan };
      const ops = snapshot.expired.map((record) => this.#drop(record));
      for (const victim of plan.kicked) {
        ops.push(this.#drop(victim), this.#rememberDisplaced(victim, victim.nodeID, now));
      }
      registered = { ...plan.presence, expiresAt: null };
      ops.push(this.#put(registered), { kind: 'del', key: this.#keys.displaced(claim) });
      return { ops, result: { status: 'registered', resumed: plan.resumed, kicked: plan.kicked } };
    }).then((result) => {
      if (result.status === 'registered' && registered) this.#held.set(claimed, registered);
      return result;
    });
  }

  markDisconnected(address: InstanceAddress): Promise<void> {
    this.#forget(address);
    return this.#mutate(address, '', (snapshot): Plan<void> => {
      const existing = find(snapshot, address);
      // Another node may hold it already (the client resumed there before this node saw the close).
      if (!existing || existing.nodeID !== this.nodeID || !existing.connected)
        return { ops: [], result: undefined };
      const expiresAt = this.#now() + this.#options.offlineGraceMs;
      return {
        ops: [this.#put({ ...existing, connected: false, expiresAt }, this.#options.offlineGraceMs)],
        result: undefined,
      };
    });
  }

  release(address: InstanceAddress): Promise<void> {
    this.#forget(address);
    return this.#mutate(address, '', (snapshot): Plan<void> => {
      const existing = find(snapshot, address);
      // A stale holder must not end an instance that resumed on another node meanwhile.
      const heldElsewhere = existing?.connected === true && existing.nodeID !== this.nodeID;
      if (!existing || heldElsewhere) return { ops: [], result: undefined };
      return { ops: [this.#drop(existing)], result: undefined };
    });
  }

  displace(address: InstanceAddress): Promise<boolean> {
    this.#forget(address);
    return this.#mutate(address, '', (snapshot): Plan<boolean> => {
      const existing = find(snapshot, address);
      const ops = snapshot.expired.map((record) => this.#drop(record));
      if (existing) ops.push(this.#drop(existing));
      ops.push(this.#rememberDisplaced(address, existing?.nodeID ?? null, this.#now()));
      return { ops, result: existing !== undefined };
    });
  }

  instancesOf(sdkAppID: number, userID: string): Promise<Presence[]> {
    return this.#track(async () => (await this.#snapshot(sdkAppID, userID, '')).live.map(presenceOf));
  }

  connectedOf(sdkAppID: number, userIDs: UserIDs): Promise<Presence[]> {
    // One snapshot per user, all in flight at once; the users' keys live on different slots.
    return this.#track(async () => {
      const ids = userIDs instanceof Map ? [...userIDs.keys()] : [...new Set(userIDs as Iterable<string>)];
      const snapshots = await Promise.all(ids.map((userID) => this.#snapshot(sdkAppID, userID, '')));
      return snapshots.flatMap((s) => s.live.filter((r) => r.connected).map(presenceOf));
    });
  }

  send(target: InstanceAddress, event: InstanceEvent): Promise<void> {
    return this.#track(async () => {
      const message: InboxMessage = { targets: [addressOf(target)], event };
      const [presence, displaced] = await this.commands.mget(
        this.#keys.instance(target),
        this.#keys.displaced(target),
      );
      // A kicked or displaced instance is no longer registered; its displacement remembers the node.
      // With neither, nobody holds it, and this node's handlers drop it like the in-process bus.
      const nodeID =
        (presence ? parsePresence(presence)?.nodeID : undefined) ??
        (displaced ? parseDisplaced(displaced)?.nodeID : undefined) ??
        this.nodeID;
      if (nodeID === this.nodeID) this.#deliverLocally(message);
      else await this.#outbox.post(this.#keys.inbox(nodeID), message);
    });
  }

  sendToInstances(targets: readonly Presence[], event: InstanceEvent): Promise<void> {
    return this.#track(async () => {
      const byNode = new Map<string, InstanceAddress[]>();
      for (const target of targets) {
        const list = byNode.get(target.nodeID);
        if (list) list.push(addressOf(target));
        else byNode.set(target.nodeID, [addressOf(target)]);
      }
      const posts: Promise<void>[] = [];
      for (const [nodeID, addresses] of byNode) {
        const message: InboxMessage = { targets: addresses, event };
        if (nodeID === this.nodeID) this.#deliverLocally(message);
        else posts.push(this.#outbox.post(this.#keys.inbox(nodeID), message));
      }
      await Promise.all(posts);
    });
  }

  onEvent(handler: InstanceEventHandler): void {
    this.#handlers.push(handler);
  }

  async broadcast(topic: string, payload: string): Promise<void> {
    if (!this.notices) {
      this.#hear({ kind: 'notice', topic, payload });
      return;
    }
    await this.commands.publish(this.#keys.broadcast(), JSON.stringify({ topic, payload }));
  }

  onBroadcast(handler: BroadcastHandler): void {
    this.#broadcastHandlers.push(handler);
  }

  /**
   * Subscribes to the broadcast channel. ioredis subscribes again by itself after a reconnect, but
   * what was published meanwhile is gone: each `ready` after the first tells the handlers so.
   */
  async #listen(): Promise<void> {
    const notices = this.notices;
    if (!notices) return;
    const channel = this.#keys.broadcast();
    notices.on('message', (from: string, text: string) => {
      if (from !== channel) return;
      try {
        const { topic, payload } = JSON.parse(text) as { topic: unknown; payload: unknown };
        if (typeof topic === 'string' && typeof payload === 'string')
          this.#hear({ kind: 'notice', topic, payload });
      } catch (error) {
        this.#report(error, 'broadcast read');
      }
    });
    notices.on('ready', () => {
      if (this.#listening) this.#hear({ kind: 'lost' });
    });
    await notices.subscribe(channel);
    this.#listening = true;
  }

  #hear(notice: BroadcastNotice): void {
    for (const handler of this.#broadcastHandlers) {
      try {
        handler(notice);
      } catch (error) {
        this.#report(error, 'broadcast handler');
      }
    }
  }

  /** Finishes the operations in flight, stops the loops and closes both connections. Idempotent. */
  close(): Promise<void> {
    this.#closing ??= (async () => {
      clearInterval(this.#refreshTimer);
      await this.#refreshing;
      await Promise.allSettled([...this.#inFlight]);
      await this.#inbox.close();
      for (const connection of [this.commands, this.notices]) {
        if (!connection) continue;
        try {
          await connection.quit();
        } catch {
          connection.disconnect();
        }
      }
    })();
    return this.#closing;
  }

  /**
   * Stops refreshing an instance. A refresh already running may still see it, and would write its
   * key back once this change removed it; changes that remove keys wait for that refresh (below).
   */
  #forget(address: InstanceAddress): void {
    this.#held.delete(this.#keys.instance(address));
  }

  /** Runs snapshot → plan → compare-and-set until the set applies (another node changed nothing). */
  #mutate<T>(
    address: InstanceAddress,
    displacedKey: string,
    plan: (snapshot: Snapshot) => Plan<T>,
  ): Promise<T> {
    const refreshing = this.#refreshing;
    return this.#track(async () => {
      await refreshing;
      for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
        const snapshot = await this.#snapshot(address.sdkAppID, address.userID, displacedKey);
        const { ops, result } = plan(snapshot);
        if (ops.length === 0 || (await this.#apply(address, snapshot.version, ops))) return result;
        // Lost a race with another change of the same user: back off a little, with jitter, so two
        // nodes retrying in step do not collide again.
        await new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(2 ** attempt, 50)));
      }
      throw new Error(`gave up changing the instances of ${address.userID}: too many concurrent changes`);
    });
  }

  async #snapshot(sdkAppID: number, userID: string, displacedKey: string): Promise<Snapshot> {
    const reply = await runScript(
      this.commands,
      SNAPSHOT,
      [this.#keys.user(sdkAppID, userID), this.#keys.version(sdkAppID, userID)],
      [displacedKey],
    );
    if (!Array.isArray(reply)) throw new Error('unexpected reply from the snapshot script');
    const [version, displaced, ...instances] = reply as unknown[];
    const now = this.#now();
    const snapshot: Snapshot = {
      version: String(version),
      displaced: typeof displaced === 'string' ? parseDisplaced(displaced) : undefined,
      live: [],
      expired: [],
    };
    for (const text of instances) {
      const record = typeof text === 'string' ? parsePresence(text) : undefined;
      if (record === undefined) continue;
      if (record.expiresAt !== null && record.expiresAt <= now) snapshot.expired.push(record);
      else snapshot.live.push(record);
    }
    return snapshot;
  }

  async #apply(address: InstanceAddress, version: string, ops: readonly Op[]): Promise<boolean> {
    const args: (string | number)[] = [
      version,
      this.#indexTtlMs,
      this.#options.maxDisplacedPerUser ?? DEFAULT_MAX_DISPLACED_PER_USER,
    ];
    for (const op of ops) {
      if (op.kind === 'put' || op.kind === 'gone')
        args.push(op.kind, op.key, op.value, Math.max(1, op.ttlMs));
      else args.push(op.kind, op.key, '', 0);
    }
    const keys = [
      this.#keys.user(address.sdkAppID, address.userID),
      this.#keys.version(address.sdkAppID, address.userID),
      this.#keys.displacedIndex(address.sdkAppID, address.userID),
    ];
    return (await runScript(this.commands, APPLY, keys, args)) === 1;
  }

  #put(record: PresenceRecord, ttlMs = this.#presenceTtlMs): Op {
    return { kind: 'put', key: this.#keys.instance(record), value: JSON.stringify(record), ttlMs };
  }

  #drop(address: InstanceAddress): Op {
    return { kind: 'drop', key: this.#keys.instance(address) };
  }

  #rememberDisplaced(address: InstanceAddress, nodeID: string | null, now: number): Op {
    const record: DisplacedRecord = { until: now + this.#options.displacedMemoryMs, nodeID };
    return {
      kind: 'gone',
      key: this.#keys.displaced(address),
      value: JSON.stringify(record),
      ttlMs: this.#options.displacedMemoryMs,
    };
  }

  /** Extends the presence of every instance this node holds; forgets those it no longer holds. */
  async #refresh(): Promise<void> {
    try {
      const entries = [...this.#held];
      for (let start = 0; start < entries.length; start += REFRESH_BATCH) {
        const args: (string | number)[] = [this.nodeID, this.#presenceTtlMs, this.#indexTtlMs];
        for (const [key, record] of entries.slice(start, start + REFRESH_BATCH)) {
          args.push(
            key,
            this.#keys.user(record.sdkAppID, record.userID),
            this.#keys.version(record.sdkAppID, record.userID),
            this.#keys.displaced(record),
            JSON.stringify(record),
          );
        }
        const lost = await runScript(this.commands, REFRESH, [], args);
        if (Array.isArray(lost)) for (const key of lost) if (typeof key === 'string') this.#held.delete(key);
      }
      await this.commands.pexpire(this.#keys.inbox(this.nodeID), this.#inboxLimits.ttlMs);
    } catch (error) {
      this.#report(error, 'presence refresh');
    }
  }

  #deliverLocally({ targets, event }: InboxMessage): void {
    for (const target of targets) for (const handler of this.#handlers) handler(target, event);
  }

  #track<T>(operation: () => Promise<T>): Promise<T> {
    if (this.#closing) return Promise.reject(new Error('the Redis bus is closed'));
    const running = operation();
    this.#inFlight.add(running);
    const forget = () => this.#inFlight.delete(running);
    running.then(forget, forget);
    return running;
  }

  #report(error: unknown, context: string): void {
    this.#options.onError?.(error, context);
  }
}

function find(snapshot: Snapshot, address: InstanceAddress): PresenceRecord | undefined {
  return snapshot.live.find((p) => p.instanceID === address.instanceID);
}

/** Only the address fields: a `Presence` passed as a target must not carry its other fields along. */
function addressOf({ sdkAppID, userID, instanceID }: InstanceAddress): InstanceAddress {
  return { sdkAppID, userID, instanceID };
}
