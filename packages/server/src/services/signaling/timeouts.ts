/**
 * When this node looks for due timeouts: at the earliest deadline it knows of (its own invitations,
 * and the earliest in the database after each look), at start (a restarted server fires what fell
 * due while it was down), and every `sweepMs` as a safety net for invitations made on a node that
 * went away. Looking is cheap (an index on the deadline) and firing is claimed per invitation in
 * the database, so several nodes looking at once fire each timeout once.
 */
import type { Logger } from 'pino';

/** The safety-net look, for deadlines that only another node knew of. */
export const DEFAULT_SWEEP_MS = 5_000;

export interface TimeoutWork {
  /** Fires what is due; resolves the next deadline still to come, if any. */
  fireDue(): Promise<number | undefined>;
  /** Occasional housekeeping (old invitations). */
  housekeep(): Promise<void>;
}

/** Housekeeping at most this often. */
const HOUSEKEEPING_MS = 10 * 60_000;

export class TimeoutClock {
  #timer: NodeJS.Timeout | undefined;
  #at: number | undefined;
  #running = false;
  #again = false;
  #stopped = false;
  #lastHousekeeping = 0;

  constructor(
    private readonly work: TimeoutWork,
    private readonly now: () => number,
    private readonly logger: Logger,
    private readonly sweepMs = DEFAULT_SWEEP_MS,
  ) {}

  /** Starts looking (once now, then on deadlines and every `sweepMs`); returns the stop function. */
  start(): () => void {
    const interval = setInterval(() => this.#look(true), this.sweepMs);
    interval.unref();
    this.#look(true);
    return () => {
      this.#stopped = true;
      clearInterval(interval);
      if (this.#timer) clearTimeout(this.#timer);
    };
  }

  /** A deadline this node learned of: look then, unless it already looks earlier. */
  schedule(deadline: number): void {
    if (this.#stopped) return;
    if (this.#at !== undefined && this.#at <= deadline) return;
    if (this.#timer) clearTimeout(this.#timer);
    this.#at = deadline;
    this.#timer = setTimeout(
      () => {
        this.#at = undefined;
        this.#timer = undefined;
        this.#look(false);
      },
      Math.max(0, deadline - this.now()),
    );
    this.#timer.unref();
  }

  #look(sweep: boolean): void {
    if (this.#stopped) return;
    if (this.#running) {
      this.#again = true;
      return;
    }
    this.#running = true;
    void this.#run(sweep).finally(() => {
      this.#running = false;
      if (this.#again) {
        this.#again = false;
        this.#look(false);
      }
    });
  }

  async #run(sweep: boolean): Promise<void> {
    try {
      const next = await this.work.fireDue();
      if (next !== undefined) this.schedule(next);
      if (sweep && this.now() - this.#lastHousekeeping >= HOUSEKEEPING_MS) {
        this.#lastHousekeeping = this.now();
        await this.work.housekeep();
      }
    } catch (err) {
      if (!this.#stopped) this.logger.warn({ err }, 'signaling timeouts not looked at; retrying later');
    }
  }
}
