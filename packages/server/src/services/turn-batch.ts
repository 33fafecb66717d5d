/**
 * Lookups made during one event-loop turn, answered by one read. The send path looks up a few
 * things per user (does the receiver exist, the sender's display name, the receiver's options and
 * blocklist, its push registrations), each cached after the first time; when many conversations
 * start at once (a mass login, a restart) the misses of a turn cost one query instead of one each.
 * A lookup waits for the end of its turn (`setImmediate`), so this is for cache misses only.
 */

interface Waiting<V> {
  keys: Set<string>;
  done: Promise<Map<string, V>>;
}

/** Reads the values of `keys` in one app; a key left out of the map has no value. */
export type BatchRead<V> = (sdkAppID: number, keys: readonly string[]) => Promise<Map<string, V>>;

export class TurnBatch<V> {
  readonly #waiting = new Map<number, Waiting<V>>();

  constructor(private readonly read: BatchRead<V>) {}

  /** The key's value, read together with the other keys asked for in this turn. */
  async get(sdkAppID: number, key: string): Promise<V | undefined> {
    let waiting = this.#waiting.get(sdkAppID);
    if (waiting === undefined) {
      const keys = new Set<string>();
      // After the I/O callbacks of this turn, so that the lookups they make join this read.
      const done = new Promise<void>((resolve) => setImmediate(resolve)).then(() => {
        this.#waiting.delete(sdkAppID);
        return this.read(sdkAppID, [...keys]);
      });
      waiting = { keys, done };
      this.#waiting.set(sdkAppID, waiting);
    }
    waiting.keys.add(key);
    return (await waiting.done).get(key);
  }
}
