/**
 * The message rate of an AVChatRoom (im-features §11: 40 messages a second per room, the excess
 * dropped by priority). A token bucket per room on this node: it refills at the rate and holds one
 * second's worth. Low takes a token only while more than half the bucket is left, Normal while any
 * is, and High may overdraw by one more second's worth, so above the rate Low goes first, then
 * Normal, and High only when a room gets more than twice the rate in High alone. Nothing waits in
 * a queue: a send is admitted or refused at once.
 */
import { MessagePriority } from '@parley/protocol';

/** The original's rate per room (im-features §11). */
export const DEFAULT_ROOM_MESSAGE_RATE = 40;

/** Rooms whose buckets a node keeps; a room idle long enough to be evicted has a full bucket anyway. */
const MAX_TRACKED_ROOMS = 50_000;

interface Bucket {
  tokens: number;
  at: number;
}

export class RoomRateLimiter {
  readonly #rooms = new Map<string, Bucket>();

  constructor(
    private readonly ratePerSecond: number,
    private readonly now: () => number,
  ) {}

  /** Takes a token for a message of `priority` to the room; false when the message is to be dropped. */
  admit(sdkAppID: number, groupID: string, priority: MessagePriority | undefined): boolean {
    const key = `${sdkAppID}\u0000${groupID}`;
    const now = this.now();
    const rate = this.ratePerSecond;
    const bucket = this.#rooms.get(key) ?? { tokens: rate, at: now };
    // Re-inserted on each use so that Map order is least recently used first, for eviction.
    this.#rooms.delete(key);
    bucket.tokens = Math.min(rate, bucket.tokens + ((now - bucket.at) * rate) / 1000);
    bucket.at = now;
    this.#rooms.set(key, bucket);
    if (this.#rooms.size > MAX_TRACKED_ROOMS) {
      const oldest = this.#rooms.keys().next().value;
      if (oldest !== undefined) this.#rooms.delete(oldest);
    }
    if (bucket.tokens - 1 < floorOf(priority, rate)) return false;
    bucket.tokens -= 1;
    return true;
  }
}

/** The lowest the bucket may go for a message of this priority. */
function floorOf(priority: MessagePriority | undefined, rate: number): number {
  switch (priority) {
    case MessagePriority.LOW:
      return rate / 2;
    case MessagePriority.HIGH:
      return -rate;
    default:
      return 0;
  }
}
