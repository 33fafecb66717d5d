/**
 * Who hears of a user's status changes: the in-memory reverse index (watched user → subscribers)
 * of this node. An entry is loaded from storage the first time a change of that user is fanned
 * out here, then kept, so a change costs no database read per subscriber (nor per change). Every
 * change of subscriptions, on any node, is broadcast on the bus and drops the entries it touches
 * on every node; a load that raced with such a drop answers its caller but is not kept. When the
 * bus says notices may have been lost (Redis reconnected), the whole index is dropped.
 */
import type { BroadcastNotice, Bus } from '../../bus/bus.js';
import { userKey } from '../../bus/bus.js';
import type { AppDirectory } from '../../storage/app-directory.js';
import type { Storage } from '../../storage/types.js';

/** The bus topic of subscription changes. */
export const SUBSCRIPTIONS_TOPIC = 'status.subscriptions';

/** Watched users whose subscribers a node keeps; past it the least recently loaded are dropped. */
export const DEFAULT_MAX_INDEXED_USERS = 200_000;

interface Load {
  promise: Promise<readonly string[]>;
  /** Set when the entry was invalidated while the load ran: the result must not be kept. */
  stale: boolean;
}

interface Invalidation {
  /** SDKAppID. */
  a: number;
  /** Watched UserIDs whose subscribers changed. */
  u: string[];
}

export class StatusAudience {
  readonly #index = new Map<string, readonly string[]>();
  readonly #loads = new Map<string, Load>();

  constructor(
    private readonly deps: {
      storage: Pick<Storage, 'presence' | 'friends'>;
      bus: Pick<Bus, 'broadcast' | 'onBroadcast'>;
      apps: Pick<AppDirectory, 'get'>;
      maxIndexedUsers?: number;
    },
  ) {
    deps.bus.onBroadcast((notice) => this.#hear(notice));
  }

  /** Everyone who should hear of `userID`'s status changes: its subscribers and the seam's extras. */
  async watchersOf(sdkAppID: number, userID: string): Promise<readonly string[]> {
    const [subscribers, extra] = await Promise.all([
      this.subscribersOf(sdkAppID, userID),
      this.extraWatchers(sdkAppID, userID),
    ]);
    if (extra.length === 0) return subscribers;
    return [...new Set([...subscribers, ...extra])];
  }

  /**
   * Watchers beyond explicit subscribers: when the app's `pushFriendStatus` switch is on, everyone
   * who has the user in their friend list (docs/users.md "Friends' status"). Read per change, not
   * kept: a status change is a login or a logout, far rarer than the friend changes a cache would
   * have to follow.
   */
  async extraWatchers(sdkAppID: number, userID: string): Promise<readonly string[]> {
    const app = await this.deps.apps.get(sdkAppID);
    if (!app?.pushFriendStatus) return [];
    return this.deps.storage.friends.listersOf(sdkAppID, userID);
  }

  /** The subscribers of `userID`, from the index or loaded into it. */
  subscribersOf(sdkAppID: number, userID: string): Promise<readonly string[]> {
    const key = userKey(sdkAppID, userID);
    const known = this.#index.get(key);
    if (known) return Promise.resolve(known);
    const running = this.#loads.get(key);
    if (running) return running.promise;
    const load: Load = {
      stale: false,
      promise: this.deps.storage.presence.subscribersOf(sdkAppID, userID).then(
        (subscribers) => {
          if (this.#loads.get(key) === load) this.#loads.delete(key);
          if (!load.stale) this.#keep(key, subscribers);
          return subscribers;
        },
        (error: unknown) => {
          if (this.#loads.get(key) === load) this.#loads.delete(key);
          throw error;
        },
      ),
    };
    this.#loads.set(key, load);
    return load.promise;
  }

  /** Tells every node (this one included) that these users' subscribers changed. */
  async changed(sdkAppID: number, userIDs: readonly string[]): Promise<void> {
    if (userIDs.length === 0) return;
    const invalidation: Invalidation = { a: sdkAppID, u: [...userIDs] };
    await this.deps.bus.broadcast(SUBSCRIPTIONS_TOPIC, JSON.stringify(invalidation));
  }

  /** Watched users held in the index (for tests and metrics). */
  get size(): number {
    return this.#index.size;
  }

  #keep(key: string, subscribers: readonly string[]): void {
    const max = this.deps.maxIndexedUsers ?? DEFAULT_MAX_INDEXED_USERS;
    this.#index.set(key, subscribers);
    while (this.#index.size > max) {
      const oldest = this.#index.keys().next().value;
      if (oldest === undefined) break;
      this.#index.delete(oldest);
    }
  }

  #hear(notice: BroadcastNotice): void {
    if (notice.kind === 'lost') {
      this.#index.clear();
      for (const load of this.#loads.values()) load.stale = true;
      return;
    }
    if (notice.topic !== SUBSCRIPTIONS_TOPIC) return;
    const { a, u } = JSON.parse(notice.payload) as Invalidation;
    for (const userID of u) {
      const key = userKey(a, userID);
      this.#index.delete(key);
      const load = this.#loads.get(key);
      if (load) {
        load.stale = true;
        this.#loads.delete(key);
      }
    }
  }
}
