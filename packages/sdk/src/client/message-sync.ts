/**
 * Gap-free, exactly-once delivery of the user's timeline (docs/messages.md): the client remembers
 * the highest seq it has applied (`position`); after every login and reconnect it pulls pages of
 * `syncEvents` after it until caught up, holding live pushes meanwhile, then plays the held pushes in
 * seq order. A push whose seq is not `position + 1` means something was missed: it is held and the
 * gap is pulled. A push at or below `position` was already applied and is dropped.
 *
 * The position is acknowledged to the server (at most once a second), which is where a fresh client
 * of the same user starts.
 */
import { ErrorCode, type ReplyData, type SyncBatch } from '@parley/protocol';
import type { V2TimCallback, V2TimValueCallback } from '../types.js';
import { fail, ok } from './results.js';

/** Events per `syncEvents` page. */
export const SYNC_PAGE = 100;
/** Longest wait before the applied position is acknowledged. */
export const ACK_DELAY_MS = 1_000;

export interface SyncTransport {
  syncEvents(
    afterSeq: number | undefined,
    limit: number,
  ): Promise<V2TimValueCallback<ReplyData<'syncEvents'>>>;
  ackEvents(seq: number): Promise<V2TimCallback>;
}

/** Where applied events go: new events only, in seq order, with the conversations they touch. */
export type SyncSink = (batch: SyncBatch) => void;

/** How a catch-up ended: caught up, failed (`code`), or superseded by a newer one. */
export type CatchUpResult = V2TimCallback | 'superseded';

export class MessageSync {
  private position: number | undefined;
  private generation = 0;
  private pulling = false;
  /** Pushes held while pulling or after a gap, by their first seq. */
  private readonly held = new Map<number, SyncBatch>();
  private acked = 0;
  private ackTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly transport: SyncTransport,
    private readonly sink: SyncSink,
  ) {}

  /** The highest seq applied; undefined before the first sync. */
  get lastSeq(): number | undefined {
    return this.position;
  }

  /** Forgets the position and held pushes (another user logged in, or the SDK is released). */
  reset(): void {
    this.generation++;
    this.pulling = false;
    this.position = undefined;
    this.held.clear();
    this.acked = 0;
    if (this.ackTimer !== undefined) clearTimeout(this.ackTimer);
    this.ackTimer = undefined;
  }

  /**
   * Pulls everything after the position (after `refresh`, which runs first when given), then plays
   * the held pushes. A newer catch-up supersedes a running one.
   */
  async catchUp(refresh?: () => Promise<V2TimCallback>): Promise<CatchUpResult> {
    const generation = ++this.generation;
    this.pulling = true;
    try {
      if (refresh) {
        const refreshed = await refresh();
        if (generation !== this.generation) return 'superseded';
        if (refreshed.code !== 0) return refreshed;
      }
      return await this.pull(generation);
    } finally {
      if (generation === this.generation) this.pulling = false;
    }
  }

  /** A live `syncEvent` push. */
  onPush(batch: SyncBatch): void {
    const first = batch.events[0];
    if (first === undefined) return;
    if (this.pulling || this.position === undefined) {
      this.held.set(first.seq, batch);
      return;
    }
    if (first.seq <= this.position) return;
    if (first.seq === this.position + 1) {
      this.deliver(batch);
      return;
    }
    // A gap: a push was lost (at-most-once delivery, or a socket that changed hands). Pull it.
    this.held.set(first.seq, batch);
    void this.catchUp();
  }

  private async pull(generation: number): Promise<CatchUpResult> {
    for (;;) {
      const reply = await this.transport.syncEvents(this.position, SYNC_PAGE);
      if (generation !== this.generation) return 'superseded';
      if (reply.code !== 0 || !reply.data) return fail(reply.code || ErrorCode.ERR_INTERNAL, reply.desc);
      const page = reply.data;
      const from = this.position ?? page.afterSeq;
      const fresh = page.events.filter((e) => e.seq > from);
      this.position = from;
      if (fresh.length > 0 || page.conversations.length > 0) {
        this.sink({ events: fresh, conversations: page.conversations });
      }
      this.position = Math.max(from, page.untilSeq, ...fresh.map((e) => e.seq));
      this.scheduleAck();
      if (!page.complete) continue;
      if (this.playHeld()) return ok();
      // The held pushes start beyond the pulled head: what lies between is still to be pulled.
    }
  }

  /** Plays held pushes that continue the position; false when a gap remains. */
  private playHeld(): boolean {
    for (const seq of [...this.held.keys()].sort((a, b) => a - b)) {
      const batch = this.held.get(seq);
      this.held.delete(seq);
      const position = this.position ?? 0;
      if (!batch || seq <= position) continue;
      if (seq !== position + 1) {
        this.held.set(seq, batch);
        return false;
      }
      this.deliver(batch);
    }
    return true;
  }

  private deliver(batch: SyncBatch): void {
    this.sink(batch);
    this.position = Math.max(this.position ?? 0, ...batch.events.map((e) => e.seq));
    this.scheduleAck();
  }

  private scheduleAck(): void {
    if (this.ackTimer !== undefined || this.position === undefined || this.position <= this.acked) return;
    const generation = this.generation;
    const timer = setTimeout(() => {
      this.ackTimer = undefined;
      const seq = this.position;
      if (seq === undefined || seq <= this.acked || generation !== this.generation) return;
      void this.transport.ackEvents(seq).then((result) => {
        if (result.code === 0 && generation === this.generation) this.acked = Math.max(this.acked, seq);
      });
    }, ACK_DELAY_MS);
    // Node: an acknowledgement must not keep a finished process alive.
    (timer as { unref?: () => void }).unref?.();
    this.ackTimer = timer;
  }
}
