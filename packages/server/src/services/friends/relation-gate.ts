/**
 * The one-to-one send path's relationship check (docs/friends.md): is the sender blocked by the
 * receiver, and, when the app lets only friends message each other, are they friends. It runs for
 * every message, so each user's blocklist (and, only for friends-only apps, friend list) is kept
 * in memory: a conversation's sends cost no read. The friend service forgets the users it changed on
 * this node and, through the bus, on the nodes holding their instances (where their sends are
 * checked); elsewhere (a REST send through another node) a copy is trusted for `ttlMs` at most.
 */
import { ErrorCode } from '@parley/protocol';
import type { FriendStore } from '../../storage/friends/index.js';
import type { RelationCheck } from '../relation-contract.js';

/** How long a user's lists are trusted without asking the database again (other nodes' changes). */
export const RELATION_TTL_MS = 30_000;
/** Users whose lists a node keeps; the least recently loaded go first. */
const MAX_CACHED_USERS = 50_000;

interface Cached<T> {
  value: T;
  until: number;
}

export class RelationGate implements RelationCheck {
  readonly #blocked = new Map<string, Cached<ReadonlySet<string>>>();
  readonly #friends = new Map<string, Cached<ReadonlySet<string>>>();
  /** Bumped by every `forget`: a read that started before one is used but not kept. */
  #generation = 0;

  constructor(
    private readonly store: () => Pick<FriendStore, 'blocked' | 'friends'>,
    private readonly now: () => number,
    private readonly ttlMs = RELATION_TTL_MS,
  ) {}

  async c2cRefusal(
    sdkAppID: number,
    sender: string,
    receiver: string,
    friendsOnly: boolean,
  ): Promise<number> {
    const blocked = await this.#load(this.#blocked, sdkAppID, receiver, async () =>
      (await this.store().blocked(sdkAppID, receiver)).map((b) => b.blockedID),
    );
    if (blocked.has(sender)) return ErrorCode.ERR_SVR_MSG_IN_PEER_BLACKLIST;
    if (!friendsOnly) return 0;
    const friendsOf = (userID: string) =>
      this.#load(this.#friends, sdkAppID, userID, async () =>
        (await this.store().friends(sdkAppID, userID)).map((f) => f.friendID),
      );
    if ((await friendsOf(receiver)).has(sender)) return 0;
    return (await friendsOf(sender)).has(receiver)
      ? ErrorCode.ERR_SVR_MSG_NOT_PEER_FRIEND
      : ErrorCode.ERR_SVR_MSG_BOTH_NOT_FRIEND;
  }

  /** Forgets users' lists after this node changed them. */
  forget(sdkAppID: number, userIDs: Iterable<string>): void {
    this.#generation++;
    for (const userID of userIDs) {
      const key = `${sdkAppID}\n${userID}`;
      this.#blocked.delete(key);
      this.#friends.delete(key);
    }
  }

  async #load(
    cache: Map<string, Cached<ReadonlySet<string>>>,
    sdkAppID: number,
    userID: string,
    read: () => Promise<string[]>,
  ): Promise<ReadonlySet<string>> {
    const key = `${sdkAppID}\n${userID}`;
    const t = this.now();
    const cached = cache.get(key);
    if (cached !== undefined && cached.until > t) return cached.value;
    const generation = this.#generation;
    const value = new Set(await read());
    // A change committed while we read may be missing from what we read: answer with it, keep nothing.
    if (generation !== this.#generation) return value;
    cache.delete(key);
    cache.set(key, { value, until: t + this.ttlMs });
    if (cache.size > MAX_CACHED_USERS) {
      const oldest = cache.keys().next().value;
      if (oldest !== undefined) cache.delete(oldest);
    }
    return value;
  }
}
