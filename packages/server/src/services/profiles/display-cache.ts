/**
 * Display names and avatars (nick, face URL) of users, for the hot paths that stamp them on
 * messages and conversations: one small in-process map, so that a conversation's sends cost no
 * read each. A change made on this node is seen at once (the profile service drops the entry); one
 * made on another node within `REMEMBER_MS`. That delay is the price of no per-message read.
 */
import type { ProfileStore } from '../../storage/profiles/types.js';

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

const REMEMBER_MS = 10_000;
const MAX_REMEMBERED = 100_000;

export class DisplayCache implements ProfileDirectory {
  /** Key → the display fields and until when they hold; insertion-ordered, the oldest go first. */
  readonly #entries = new Map<string, { display: UserDisplay | undefined; until: number }>();

  constructor(
    private readonly store: () => Pick<ProfileStore, 'get'>,
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
    const read = await this.store().get(sdkAppID, missing);
    const byID = new Map(read.map((p) => [p.userID, { nickName: p.nick, faceUrl: p.faceUrl }]));
    for (const userID of missing) {
      const display = byID.get(userID);
      if (display) found.set(userID, display);
      this.#remember(key(sdkAppID, userID), display, t);
    }
    return found;
  }

  /** The fields of one user, or undefined for an unknown one. */
  async display(sdkAppID: number, userID: string): Promise<UserDisplay | undefined> {
    return (await this.profiles(sdkAppID, [userID])).get(userID);
  }

  /** Drops a user's entry after a change on this node. */
  forget(sdkAppID: number, userID: string): void {
    this.#entries.delete(key(sdkAppID, userID));
  }

  #remember(k: string, display: UserDisplay | undefined, t: number): void {
    this.#entries.delete(k);
    this.#entries.set(k, { display, until: t + REMEMBER_MS });
    if (this.#entries.size > MAX_REMEMBERED) {
      const oldest = this.#entries.keys().next().value;
      if (oldest !== undefined) this.#entries.delete(oldest);
    }
  }
}

function key(sdkAppID: number, userID: string): string {
  return `${sdkAppID}\n${userID}`;
}
