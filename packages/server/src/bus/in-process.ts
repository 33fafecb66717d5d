/**
 * Single-node bus: presence in memory. Claims for one user are serialized by JavaScript's single
 * thread, since `claimLogin` does all its reads and writes without awaiting in between. The claim's
 * decision is bus/claim-plan.ts, shared with the Redis bus.
 */
import {
  type BroadcastHandler,
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
  userKey,
} from './bus.js';
import { planClaim, presenceOf } from './claim-plan.js';

function isSized(ids: UserIDs): ids is ReadonlySet<string> | ReadonlyMap<string, unknown> {
  return ids instanceof Set || ids instanceof Map;
}

interface Entry extends Presence {
  /** When a disconnected instance stops being resumable. */
  expiresAt: number;
}

export class InProcessBus implements Bus {
  readonly nodeID: string;
  readonly #users = new Map<string, Map<string, Entry>>();
  /**
   * userKey → instanceID → when the memory of its displacement ends, oldest displacement first
   * (Map order), at most `maxDisplacedPerUser` per user.
   */
  readonly #displaced = new Map<string, Map<string, number>>();
  readonly #handlers: InstanceEventHandler[] = [];
  readonly #broadcastHandlers: BroadcastHandler[] = [];
  readonly #now: () => number;
  readonly #options: BusOptions;
  readonly #sweep: NodeJS.Timeout;

  constructor(options: BusOptions) {
    this.nodeID = options.nodeID;
    this.#options = options;
    this.#now = options.now ?? Date.now;
    this.#sweep = setInterval(() => this.#expire(), Math.min(options.offlineGraceMs, 60_000));
    this.#sweep.unref();
  }

  async claimLogin(claim: LoginClaim, decide: KickDecision): Promise<ClaimResult> {
    const uk = userKey(claim.sdkAppID, claim.userID);
    const instances = this.#liveInstances(uk) ?? new Map<string, Entry>();
    const now = this.#now();
    const view = {
      displacedUntil: this.#displaced.get(uk)?.get(claim.instanceID),
      live: [...instances.values()],
    };
    const plan = planClaim(claim, view, decide, this.nodeID, now);
    if (plan.status === 'displaced') return plan;
    for (const victim of plan.kicked) {
      instances.delete(victim.instanceID);
      this.#rememberDisplaced(victim);
    }
    instances.set(claim.instanceID, { ...plan.presence, expiresAt: Number.POSITIVE_INFINITY });
    this.#users.set(uk, instances);
    this.#forgetDisplaced(uk, claim.instanceID);
    return { status: 'registered', resumed: plan.resumed, kicked: plan.kicked };
  }

  async markDisconnected(address: InstanceAddress): Promise<void> {
    const entry = this.#users.get(userKey(address.sdkAppID, address.userID))?.get(address.instanceID);
    if (!entry) return;
    entry.connected = false;
    entry.expiresAt = this.#now() + this.#options.offlineGraceMs;
  }

  async release(address: InstanceAddress): Promise<void> {
    const uk = userKey(address.sdkAppID, address.userID);
    const instances = this.#users.get(uk);
    if (!instances) return;
    instances.delete(address.instanceID);
    if (instances.size === 0) this.#users.delete(uk);
  }

  async displace(address: InstanceAddress): Promise<boolean> {
    const uk = userKey(address.sdkAppID, address.userID);
    const instances = this.#liveInstances(uk);
    const existed = instances?.delete(address.instanceID) ?? false;
    if (instances?.size === 0) this.#users.delete(uk);
    this.#rememberDisplaced(address);
    return existed;
  }

  async instancesOf(sdkAppID: number, userID: string): Promise<Presence[]> {
    const instances = this.#liveInstances(userKey(sdkAppID, userID));
    return instances ? [...instances.values()].map(presenceOf) : [];
  }

  async connectedOf(sdkAppID: number, userIDs: UserIDs): Promise<Presence[]> {
    const found: Presence[] = [];
    const now = this.#now();
    const take = (instances: Map<string, Entry>) => {
      // Entries go out as they are: copying 2,000 presences per group message was a third of its cost.
      for (const entry of instances.values()) if (entry.connected && entry.expiresAt > now) found.push(entry);
    };
    if (isSized(userIDs) && this.#users.size < userIDs.size) {
      // Fewer users online than asked about: walk the online ones (a big group, few members online).
      for (const instances of this.#users.values()) {
        const first = instances.values().next().value;
        if (first?.sdkAppID === sdkAppID && userIDs.has(first.userID)) take(instances);
      }
      return found;
    }
    for (const userID of userIDs instanceof Map ? userIDs.keys() : (userIDs as Iterable<string>)) {
      const instances = this.#users.get(userKey(sdkAppID, userID));
      if (instances !== undefined) take(instances);
    }
    return found;
  }

  async send(target: InstanceAddress, event: InstanceEvent): Promise<void> {
    for (const handler of this.#handlers) handler(target, event);
  }

  async sendToInstances(targets: readonly Presence[], event: InstanceEvent): Promise<void> {
    for (const target of targets) for (const handler of this.#handlers) handler(target, event);
  }

  onEvent(handler: InstanceEventHandler): void {
    this.#handlers.push(handler);
  }

  async broadcast(topic: string, payload: string): Promise<void> {
    for (const handler of this.#broadcastHandlers) handler({ kind: 'notice', topic, payload });
  }

  onBroadcast(handler: BroadcastHandler): void {
    this.#broadcastHandlers.push(handler);
  }

  async close(): Promise<void> {
    clearInterval(this.#sweep);
  }

  #rememberDisplaced(address: InstanceAddress): void {
    const uk = userKey(address.sdkAppID, address.userID);
    const memory = this.#displaced.get(uk) ?? new Map<string, number>();
    // Deleted first so that a displacement again moves the instance to the recent end.
    memory.delete(address.instanceID);
    memory.set(address.instanceID, this.#now() + this.#options.displacedMemoryMs);
    const cap = this.#options.maxDisplacedPerUser ?? DEFAULT_MAX_DISPLACED_PER_USER;
    for (const oldest of memory.keys()) {
      if (memory.size <= cap) break;
      memory.delete(oldest);
    }
    this.#displaced.set(uk, memory);
  }

  #forgetDisplaced(uk: string, instanceID: string): void {
    const memory = this.#displaced.get(uk);
    if (!memory?.delete(instanceID)) return;
    if (memory.size === 0) this.#displaced.delete(uk);
  }

  /** The user's instances with expired ones dropped; keeps the per-login cost independent of other users. */
  #liveInstances(uk: string): Map<string, Entry> | undefined {
    const instances = this.#users.get(uk);
    if (!instances) return undefined;
    const now = this.#now();
    for (const [id, entry] of instances) if (entry.expiresAt <= now) instances.delete(id);
    if (instances.size > 0) return instances;
    this.#users.delete(uk);
    return undefined;
  }

  #expire(): void {
    const now = this.#now();
    for (const [uk, instances] of this.#users) {
      for (const [id, entry] of instances) if (entry.expiresAt <= now) instances.delete(id);
      if (instances.size === 0) this.#users.delete(uk);
    }
    for (const [uk, memory] of this.#displaced) {
      for (const [id, until] of memory) if (until <= now) memory.delete(id);
      if (memory.size === 0) this.#displaced.delete(uk);
    }
  }
}
