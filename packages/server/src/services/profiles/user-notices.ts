/**
 * Keeps every node's user caches in step (docs/users.md "Caches across a cluster"): a change of a
 * user's profile or receive options is broadcast on the bus, and every node, the changing one
 * included, drops what it holds of that user (display cache, receive-option answers). A `lost`
 * notice (the node's bus subscription was down) drops everything.
 */
import type { Logger } from 'pino';
import type { BroadcastNotice, Bus } from '../../bus/bus.js';

/** How long a cached entry is trusted at most: notices keep it current, this is the backstop. */
export const SAFETY_TTL_MS = 10 * 60_000;

/** The bus topic of user changes. */
export const USERS_TOPIC = 'profiles.users';

interface UsersChanged {
  /** SDKAppID. */
  a: number;
  /** The users whose profile or receive options changed. */
  u: string[];
}

/** A cache that follows the notices. */
export interface UserCache {
  forget(sdkAppID: number, userIDs: readonly string[]): void;
  clear(): void;
}

export class UserNotices {
  readonly #caches: UserCache[] = [];

  constructor(
    private readonly bus: Pick<Bus, 'broadcast' | 'onBroadcast'>,
    private readonly logger: Logger,
  ) {
    bus.onBroadcast((notice) => hear(notice, this.#caches));
  }

  /** Makes a cache of this node follow the notices. */
  follow(cache: UserCache): void {
    this.#caches.push(cache);
  }

  /**
   * Tells every node that these users changed; this node forgets at once, even when the bus
   * cannot be reached. Awaited before the change's reply: by then the notice is with every node's
   * subscription, so a later request through any node sees the change. Never throws: a notice that
   * could not be posted leaves the other nodes' entries to their safety TTL, and is logged.
   */
  async changed(sdkAppID: number, userIDs: readonly string[]): Promise<void> {
    if (userIDs.length === 0) return;
    for (const cache of this.#caches) cache.forget(sdkAppID, userIDs);
    const notice: UsersChanged = { a: sdkAppID, u: [...userIDs] };
    try {
      await this.bus.broadcast(USERS_TOPIC, JSON.stringify(notice));
    } catch (err) {
      this.logger.warn({ err, sdkAppID }, 'user change notice not posted');
    }
  }
}

function hear(notice: BroadcastNotice, caches: readonly UserCache[]): void {
  if (notice.kind === 'lost') {
    for (const cache of caches) cache.clear();
    return;
  }
  if (notice.topic !== USERS_TOPIC) return;
  const { a, u } = JSON.parse(notice.payload) as UsersChanged;
  for (const cache of caches) cache.forget(a, u);
}
