/**
 * The bus seam: who is online where, and delivery of events to a user's instances wherever they are
 * connected. In-process for a single node (bus/in-process.ts); Redis for a cluster.
 */
import type { AnyPushFrame, KickReason, Platform } from '@parley/protocol';

/** How long a disconnected instance may resume, and how long a displaced one is remembered. */
export const OFFLINE_GRACE_MS = 10 * 60_000;
export const DISPLACED_MEMORY_MS = 7 * 24 * 60 * 60_000;

/** Identifies one logged-in instance (one SDK login on one device or tab). */
export interface InstanceAddress {
  sdkAppID: number;
  userID: string;
  instanceID: string;
}

/** A registered instance as the bus knows it. */
export interface Presence extends InstanceAddress {
  platform: Platform;
  /** When this instance logged in (ms); a resume keeps the original time. */
  loginAt: number;
  /** The node holding its connection. */
  nodeID: string;
  /** False while the connection is gone but the instance may still resume. */
  connected: boolean;
}

export interface Kick {
  instanceID: string;
  reason: KickReason;
}

/** The policy decision, computed from the instances registered at the moment of the claim. */
export type KickDecision = (registered: readonly Presence[]) => Kick[];

export interface LoginClaim extends InstanceAddress {
  platform: Platform;
  loginAt: number;
  /** The client says it continues an instance it had; never a new login if the bus still knows it. */
  resume: boolean;
}

/** An instance a claim displaced, with the policy's reason. */
export interface KickedInstance extends Presence {
  kickReason: KickReason;
}

export type ClaimResult =
  | { status: 'registered'; resumed: boolean; kicked: KickedInstance[] }
  /** The instance was displaced while it was offline: its resume is refused (6208). */
  | { status: 'displaced' };

/**
 * Events delivered to one instance through the node that holds it. `push` carries a push frame
 * already serialised (message and conversation events): it is made once for all the instances it
 * goes to, on whichever node, and written to each socket as it is.
 */
export type InstanceEvent =
  | { type: 'kick'; reason: KickReason; byPlatform?: Platform }
  | { type: 'push'; text: string };

/** The push event of a frame: serialise once, deliver to many. */
export function pushEvent(frame: AnyPushFrame): InstanceEvent {
  return { type: 'push', text: JSON.stringify(frame) };
}

/**
 * Users to look up: any iterable, or a set or map of them, which lets a bus walk whichever is
 * smaller, the users or the instances it holds (a big group with few members online costs
 * O(online), not O(members)).
 */
export type UserIDs = Iterable<string> | ReadonlySet<string> | ReadonlyMap<string, unknown>;

export type InstanceEventHandler = (target: InstanceAddress, event: InstanceEvent) => void;

/**
 * What `broadcast` carries to every node: a topic naming the feature and a payload it serialised.
 * `lost` tells the handlers that notices may have been missed (the Redis subscription was down),
 * so whatever they cache from notices must be dropped.
 */
export type BroadcastNotice = { kind: 'notice'; topic: string; payload: string } | { kind: 'lost' };

export type BroadcastHandler = (notice: BroadcastNotice) => void;

export interface Bus {
  readonly nodeID: string;
  /**
   * Registers a login atomically with the policy decision: no other claim for the same user runs
   * between reading the registered instances and applying `decide`. Kicked instances are removed
   * and remembered as displaced.
   */
  claimLogin(claim: LoginClaim, decide: KickDecision): Promise<ClaimResult>;
  /** The connection is gone; the instance may resume until `offlineGraceMs` passes. */
  markDisconnected(address: InstanceAddress): Promise<void>;
  /** Removes an instance for good (logout, expiry). */
  release(address: InstanceAddress): Promise<void>;
  /**
   * Removes an instance and remembers it as displaced, so a later resume gets 6208 (admin kick,
   * device sign-out). Resolves whether the instance was registered.
   */
  displace(address: InstanceAddress): Promise<boolean>;
  /** Instances of a user, connected or within their resume grace. */
  instancesOf(sdkAppID: number, userID: string): Promise<Presence[]>;
  /**
   * The connected instances of many users at once, for group fan-out and online counts: on one
   * node a pass over the presence in memory (no promise or copy per user); on Redis one round of
   * lookups. The presences are for `sendToInstances` and reading, never for changing.
   */
  connectedOf(sdkAppID: number, userIDs: UserIDs): Promise<Presence[]>;
  /** Delivers an event to an instance on whichever node holds it; dropped when nobody does. */
  send(target: InstanceAddress, event: InstanceEvent): Promise<void>;
  /**
   * Delivers one event to instances found by `instancesOf`, through the nodes their presences name
   * (one inbox entry per node, not per instance); dropped for an instance nobody holds any more.
   */
  sendToInstances(targets: readonly Presence[], event: InstanceEvent): Promise<void>;
  /** Registers this node's handler for events addressed to its instances. */
  onEvent(handler: InstanceEventHandler): void;
  /**
   * Tells every node, this one included, about a change that their caches must follow (the status
   * feature's subscriber index). Best effort, like Redis pub/sub: a node that could not hear gets
   * `lost` once it hears again.
   */
  broadcast(topic: string, payload: string): Promise<void>;
  /** Registers this node's handler for broadcast notices. */
  onBroadcast(handler: BroadcastHandler): void;
  close(): Promise<void>;
}

export interface BusOptions {
  nodeID: string;
  /** How long a disconnected instance stays registered and resumable. */
  offlineGraceMs: number;
  /** How long a displaced instance is remembered, so its resume gets 6208. */
  displacedMemoryMs: number;
  /**
   * Displaced instances remembered per user, the most recent ones (default
   * `DEFAULT_MAX_DISPLACED_PER_USER`): a user logging in again and again with fresh instance IDs
   * must not grow the memory without end. An older one forgotten resumes as a new login.
   */
  maxDisplacedPerUser?: number;
  now?: () => number;
}

/** More than any real user's devices and tabs displaced within the memory's time. */
export const DEFAULT_MAX_DISPLACED_PER_USER = 100;

export function instanceKey(a: InstanceAddress): string {
  return `${a.sdkAppID}\u0000${a.userID}\u0000${a.instanceID}`;
}

export function userKey(sdkAppID: number, userID: string): string {
  return `${sdkAppID}\u0000${userID}`;
}
