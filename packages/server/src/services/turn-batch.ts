/**
 * Lookups made during one event-loop turn, answered by one read. The send path looks up a few
 * things per user (does the receiver exist, the sender's display name, the receiver's options and
 * blocklist), each cached after the first time; when many conversations start at once (a mass
 * login, a restart) a read per lookup stalled the event loop for tens of milliseconds where one
 * read per turn for all of them costs about as much as one.
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
