/**
 * The one-to-one send path's relationship check (docs/friends.md): is the sender blocked by the
 * receiver, and, when the app lets only friends message each other, are they friends. It runs for
 * every message, so each user's blocklist (and, only for friends-only apps, friend list) is kept
 * in memory: a conversation's sends cost no read. The friend service forgets the users it changed on
 * this node and broadcasts them on the bus (`RELATIONS_TOPIC`) before the change's reply, so every
 * node, whichever users it holds, drops its copies; a `lost` notice drops them all. `ttlMs` is only
 * a backstop for a notice lost without a `lost` report.
 */
import { ErrorCode } from '@parley/protocol';
import type { BroadcastNotice, Bus } from '../../bus/bus.js';
import type { FriendStore } from '../../storage/friends/index.js';
import type { RelationCheck } from '../relation-contract.js';
import { TurnBatch } from '../turn-batch.js';

/** How long a user's lists are trusted at most: notices keep them current, this is the backstop. */
export const RELATION_TTL_MS = 10 * 60_000;
/** The bus topic of relationship changes: `{ a: sdkAppID, u: userIDs }`. */
export const RELATIONS_TOPIC = 'friends.relations';
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
  /** Blocklists not in memory, read together per event-loop turn (a burst of first sends). */
  readonly #blockReads: TurnBatch<string[]>;

  constructor(
    private readonly store: () => Pick<FriendStore, 'blockLists' | 'friends'>,
    private readonly now: () => number,
    private readonly ttlMs = RELATION_TTL_MS,
  ) {
    this.#blockReads = new TurnBatch((sdkAppID, userIDs) => this.store().blockLists(sdkAppID, userIDs));
  }

  async c2cRefusal(
    sdkAppID: number,
    sender: string,
    receiver: string,
    friendsOnly: boolean,
  ): Promise<number> {
    const blocked = await this.#load(
      this.#blocked,
      sdkAppID,
      receiver,
      async () => (await this.#blockReads.get(sdkAppID, receiver)) ?? [],
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

  /** Makes this gate follow the relationship notices of every node. */
  follow(bus: Pick<Bus, 'onBroadcast'>): void {
    bus.onBroadcast((notice) => this.#hear(notice));
  }

  /** Forgets here, then tells every node (this one included) that these users' lists changed. */
  async changed(bus: Pick<Bus, 'broadcast'>, sdkAppID: number, userIDs: readonly string[]): Promise<void> {
    this.forget(sdkAppID, userIDs);
    await bus.broadcast(RELATIONS_TOPIC, JSON.stringify({ a: sdkAppID, u: userIDs }));
  }

  /** Forgets every user's lists (notices may have been missed). */
  clear(): void {
    this.#generation++;
    this.#blocked.clear();
    this.#friends.clear();
  }

  #hear(notice: BroadcastNotice): void {
    if (notice.kind === 'lost') {
      this.clear();
      return;
    }
    if (notice.topic !== RELATIONS_TOPIC) return;
    const { a, u } = JSON.parse(notice.payload) as { a: number; u: string[] };
    this.forget(a, u);
  }

  /** Forgets users' lists (changed on this node or another). */
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
