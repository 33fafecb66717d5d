/**
 * Display names and avatars (nick, face URL) of users, for the hot paths that stamp them on
 * messages and conversations: one small in-process map, so that a conversation's sends cost no
 * read each. Every change, on any node, is broadcast on the bus (services/profiles/user-notices.ts)
 * and drops the user's entry on every node; a read that raced with such a drop answers its caller
 * but is not kept. `SAFETY_TTL_MS` only bounds the harm of a notice lost without a `lost` report.
 */
import type { ProfileRecord, ProfileStore } from '../../storage/profiles/types.js';
import type { TurnBatch } from '../turn-batch.js';
import { SAFETY_TTL_MS, type UserCache } from './user-notices.js';

/** The display half of a profile: what messages and conversations carry. */
export interface UserDisplay {
  nickName: string;
  faceUrl: string;
}

/** The narrow interface other features use (messages, friends): display fields by UserID. */
export interface ProfileDirectory {
  /** Nick and face of the users that exist; unknown users are left out. */
  profiles(sdkAppID: number, userIDs: readonly string[]): Promise<Map<string, UserDisplay>>;
}

const MAX_REMEMBERED = 100_000;

export class DisplayCache implements ProfileDirectory, UserCache {
  /** Key → the display fields and until when they hold; insertion-ordered, the oldest go first. */
  readonly #entries = new Map<string, { display: UserDisplay | undefined; until: number }>();
  /** Bumped by every forget: a read that started before one is used but not kept. */
  #generation = 0;

  /**
   * `reads`: single profiles read together per event-loop turn (a burst of first sends reads
   * them all at once).
   */
  constructor(
    private readonly store: () => Pick<ProfileStore, 'get'>,
    private readonly reads: TurnBatch<ProfileRecord>,
    private readonly now: () => number,
  ) {}

  async profiles(sdkAppID: number, userIDs: readonly string[]): Promise<Map<string, UserDisplay>> {
    const found = new Map<string, UserDisplay>();
    const missing: string[] = [];
    const t = this.now();
    for (const userID of userIDs) {
      const entry = this.#entries.get(key(sdkAppID, userID));
      if (entry !== undefined && entry.until > t) {
        if (entry.display) found.set(userID, entry.display);
      } else missing.push(userID);
    }
    if (missing.length === 0) return found;
    const generation = this.#generation;
    const read = await this.store().get(sdkAppID, missing);
    const byID = new Map(read.map((p) => [p.userID, { nickName: p.nick, faceUrl: p.faceUrl }]));
    // A change committed while we read may be missing from what we read: answer with it, keep nothing.
    const keep = generation === this.#generation;
    for (const userID of missing) {
      const display = byID.get(userID);
      if (display) found.set(userID, display);
      if (keep) this.#remember(key(sdkAppID, userID), display, t);
    }
    return found;
  }

  /** The fields of one user, or undefined for an unknown one. */
  async display(sdkAppID: number, userID: string): Promise<UserDisplay | undefined> {
    const k = key(sdkAppID, userID);
    const t = this.now();
    const entry = this.#entries.get(k);
    if (entry !== undefined && entry.until > t) return entry.display;
    const generation = this.#generation;
    const profile = await this.reads.get(sdkAppID, userID);
    const display = profile ? { nickName: profile.nick, faceUrl: profile.faceUrl } : undefined;
    if (generation === this.#generation) this.#remember(k, display, t);
    return display;
  }

  /** Drops users' entries (their profiles changed, on this node or another). */
  forget(sdkAppID: number, userIDs: readonly string[]): void {
    this.#generation++;
    for (const userID of userIDs) this.#entries.delete(key(sdkAppID, userID));
  }

  /** Drops everything (notices may have been missed). */
  clear(): void {
    this.#generation++;
    this.#entries.clear();
  }

  #remember(k: string, display: UserDisplay | undefined, t: number): void {
    this.#entries.delete(k);
    this.#entries.set(k, { display, until: t + SAFETY_TTL_MS });
    if (this.#entries.size > MAX_REMEMBERED) {
      const oldest = this.#entries.keys().next().value;
      if (oldest !== undefined) this.#entries.delete(oldest);
    }
  }
}

function key(sdkAppID: number, userID: string): string {
  return `${sdkAppID}\n${userID}`;
}
