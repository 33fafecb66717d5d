/**
 * The bare `ws` baseline's status subscriptions: who watches whom, as a map from the watched user
 * to the connections that subscribed, and a fan-out that serialises a status change once and writes
 * the same bytes to every watcher. The least a server must do to tell N watchers that a user logged
 * in or out; Parley's status figures are divided by it.
 */
import { statusFrame } from '../load/status-wire.js';

export interface Watcher {
  send(data: Buffer, options: { binary: false }): void;
}

export class Watchers<Member extends Watcher> {
  readonly #byWatched = new Map<string, Set<Member>>();
  readonly #byMember = new Map<Member, string[]>();

  subscribe(member: Member, userIDs: readonly string[]): void {
    for (const userID of userIDs) {
      let set = this.#byWatched.get(userID);
      if (!set) {
        set = new Set();
        this.#byWatched.set(userID, set);
      }
      set.add(member);
    }
    this.#byMember.set(member, [...(this.#byMember.get(member) ?? []), ...userIDs]);
  }

  leave(member: Member): void {
    for (const userID of this.#byMember.get(member) ?? []) this.#byWatched.get(userID)?.delete(member);
    this.#byMember.delete(member);
  }

  /** Writes the user's new status to each of its watchers; returns how many. */
  announce(userID: string, online: boolean): number {
    const set = this.#byWatched.get(userID);
    if (!set || set.size === 0) return 0;
    const frame = Buffer.from(statusFrame(userID, online));
    for (const member of set) member.send(frame, { binary: false });
    return set.size;
  }
}
