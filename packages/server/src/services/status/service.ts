/**
 * User status for the SDK (im-features §4.2, docs/users.md "Presence"): reading statuses, the
 * custom status, subscriptions, and the fan-out of changes.
 *
 * A change is published once, by the node where it happened: the first instance of a user coming
 * up, the last one going down, or a new custom status. That node finds the watchers in its reverse
 * index (audience.ts), their connected instances on the bus, and sends one serialised push through
 * the bus to every node that holds one of them.
 */
import {
  describeError,
  ErrorCode,
  STATUS_LIMITS,
  type StatusOps,
  type WireUserStatus,
} from '@parley/protocol';
import { type Bus, type Presence, pushEvent } from '../../bus/bus.js';
import type { Storage } from '../../storage/types.js';
import type { Actor } from '../messages/service.js';
import type { InstanceChange, OpReply } from '../registry.js';
import type { StatusAudience } from './audience.js';
import { statusesOf } from './status-view.js';

type Reply<O extends keyof StatusOps> = OpReply<StatusOps[O]['reply']>;

export interface StatusServiceDeps {
  storage: Storage;
  bus: Bus;
  audience: StatusAudience;
  now(): number;
}

const OK = { code: ErrorCode.ERR_SUCC, desc: '' } as const;

export class StatusService {
  /** Last ordinal handed out, so that subscriptions made within one millisecond still keep their order. */
  #lastOrdinal = 0;

  constructor(private readonly deps: StatusServiceDeps) {}

  /**
   * A deleted account: its subscriptions, the subscriptions to it and its custom status are removed,
   * and every node's subscriber index forgets the users concerned.
   */
  async forgetUser(sdkAppID: number, userID: string): Promise<void> {
    const watched = await this.deps.storage.presence.forgetUser(sdkAppID, userID);
    await this.deps.audience.changed(sdkAppID, [userID, ...watched]);
  }

  async getUserStatus(actor: Actor, userIDs: readonly string[]): Promise<Reply<'getUserStatus'>> {
    const statusList = await statusesOf(this.deps, actor.sdkAppID, [...new Set(userIDs)]);
    return { ...OK, data: { statusList } };
  }

  async setSelfStatus(actor: Actor, customStatus: string): Promise<Reply<'setSelfStatus'>> {
    await this.deps.storage.presence.setCustomStatus(
      actor.sdkAppID,
      actor.userID,
      customStatus,
      this.deps.now(),
    );
    // The user's own devices hear of it as well, so every one of them shows the same status.
    await this.#publish(actor.sdkAppID, actor.userID, { includeSelf: true });
    return { ...OK, data: {} };
  }

  async subscribe(actor: Actor, userIDs: readonly string[]): Promise<Reply<'subscribeUserStatus'>> {
    const wanted = [...new Set(userIDs)];
    if (wanted.includes(actor.userID)) {
      return refuse(ErrorCode.ERR_INVALID_PARAMETERS, 'a user cannot subscribe to its own status');
    }
    const ordinal = this.#nextOrdinal(wanted.length);
    const evicted = await this.deps.storage.transaction(async (tx) => {
      await tx.presence.addSubscriptions(actor.sdkAppID, actor.userID, wanted, ordinal);
      const all = await tx.presence.subscriptionsOf(actor.sdkAppID, actor.userID);
      const excess = all.slice(0, Math.max(0, all.length - STATUS_LIMITS.subscriptions));
      if (excess.length > 0) await tx.presence.removeSubscriptions(actor.sdkAppID, actor.userID, excess);
      return excess;
    });
    await this.deps.audience.changed(actor.sdkAppID, [...wanted, ...evicted]);
    return { ...OK, data: {} };
  }

  async unsubscribe(
    actor: Actor,
    userIDs: readonly string[] | undefined,
  ): Promise<Reply<'unsubscribeUserStatus'>> {
    // Empty or absent means every subscription (V2TIM's nil list). The rows deleted name the users
    // whose subscriber lists changed, even those subscribed by a call running at the same moment.
    const all = userIDs === undefined || userIDs.length === 0;
    const removed = await this.deps.storage.presence.removeSubscriptions(
      actor.sdkAppID,
      actor.userID,
      all ? undefined : [...new Set(userIDs)],
    );
    await this.deps.audience.changed(actor.sdkAppID, removed);
    return { ...OK, data: {} };
  }

  /**
   * An instance came up or went down on this node. The user's status changes only when it was the
   * first connected instance to come up or the last one to go down; the bus already shows the
   * change, so one read of the user's instances tells.
   */
  async instanceChanged(change: InstanceChange): Promise<void> {
    const instances = await this.deps.bus.instancesOf(change.sdkAppID, change.userID);
    const connected = instances.filter((p) => p.connected);
    const flipped =
      change.kind === 'up'
        ? connected.length === 1 && connected[0]?.instanceID === change.instanceID
        : connected.length === 0;
    if (!flipped) return;
    await this.#publish(change.sdkAppID, change.userID, { includeSelf: false, instances });
  }

  /** Sends the user's current status to its watchers' connected instances, wherever they are. */
  async #publish(
    sdkAppID: number,
    userID: string,
    options: { includeSelf: boolean; instances?: readonly Presence[] },
  ): Promise<void> {
    const watchers = await this.deps.audience.watchersOf(sdkAppID, userID);
    const audience = options.includeSelf ? [...watchers, userID] : watchers;
    if (audience.length === 0) return;
    const targets = await this.deps.bus.connectedOf(sdkAppID, audience);
    if (targets.length === 0) return;
    const presences = options.instances ? new Map([[userID, options.instances]]) : undefined;
    const [status] = await statusesOf(this.deps, sdkAppID, [userID], presences);
    if (!status) return;
    await this.deps.bus.sendToInstances(targets, statusEvent([status]));
  }

  #nextOrdinal(count: number): number {
    const ordinal = Math.max(this.deps.now() * 1000, this.#lastOrdinal + 1);
    this.#lastOrdinal = ordinal + count;
    return ordinal;
  }
}

function statusEvent(statusList: WireUserStatus[]) {
  return pushEvent({ push: 'userStatusChanged', data: { statusList } });
}

function refuse(code: number, desc = describeError(code)): { code: number; desc: string } {
  return { code, desc };
}
