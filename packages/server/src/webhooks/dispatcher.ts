/**
 * Delivers the webhook outbox: finds due events, posts them to their app's callback URL, and
 * stores what happened (delivered, retry later, dropped). Nothing waits for it: the session layer
 * only inserts rows, and a slow receiver ties up one of a bounded number of slots.
 */
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import type { OutboxEntry, Storage } from '../storage/types.js';
import { type DeliveryPolicy, deliveryPolicy, retryDelayMs } from './delivery-policy.js';
import { createWebhookMetrics, type DeliveryResult, type WebhookMetrics } from './metrics.js';
import { postCallback } from './post-callback.js';

export interface WebhookDispatcherDeps {
  storage: Storage;
  logger: Logger;
  /** The server's metrics registry, for `parley_webhook_deliveries_total`. */
  registry: Registry;
  /** Overrides of `DEFAULT_DELIVERY_POLICY`. */
  policy?: Partial<DeliveryPolicy>;
  /** `--callback-deny-private`: never post to a host that resolves to a private address. */
  denyPrivateTargets?: boolean;
}

/** What became of one attempt, reported once its outcome is stored. */
export interface DeliveryReport {
  /** The outbox row id. */
  id: number;
  sdkAppID: number;
  command: string;
  /** 1 for the first post of the event. */
  attempt: number;
  result: DeliveryResult;
  /** Why the attempt failed or the event was dropped. */
  error?: string;
}

export interface WebhookDispatcher {
  readonly running: boolean;
  /** Starts delivering, beginning with whatever a previous process left in the outbox. */
  start(): void;
  /**
   * Stops taking events, waits up to `stopTimeoutMs` for posts in flight, then aborts the rest
   * (they are retried at the next start). Safe to call more than once.
   */
  stop(): Promise<void>;
  /** Looks at the outbox now rather than at the next poll; enqueues in this process do it by themselves. */
  nudge(): void;
  /** Calls `listener` after each attempt's outcome is stored; returns an unsubscribe function. */
  onReport(listener: (report: DeliveryReport) => void): () => void;
}

/** A dispatcher over the storage's outbox; call `start()` to begin. */
export function createWebhookDispatcher(deps: WebhookDispatcherDeps): WebhookDispatcher {
  return new OutboxDispatcher(
    deps.storage,
    deps.logger,
    createWebhookMetrics(deps.registry),
    deliveryPolicy(deps.policy),
    deps.denyPrivateTargets === true,
  );
}

/**
 * Rows fetched per poll, per slot: a user's events after its oldest due one are skipped within a
 * batch, so fetch more than the slots to find other users' events behind them.
 */
const FETCH_FACTOR = 4;

class OutboxDispatcher implements WebhookDispatcher {
  #running = false;
  #timer: NodeJS.Timeout | undefined;
  #unsubscribe: (() => void) | undefined;
  #abort = new AbortController();
  #polling = false;
  #again = false;
  #pollDone: Promise<void> = Promise.resolve();
  #stopping: Promise<void> | undefined;
  /** Posts in flight by outbox id. */
  readonly #inFlight = new Map<number, Promise<void>>();
  /** Order keys with a post in flight: their next event waits, so one user's events go out in order. */
  readonly #busyKeys = new Set<string>();
  readonly #listeners = new Set<(report: DeliveryReport) => void>();

  constructor(
    private readonly storage: Storage,
    private readonly logger: Logger,
    private readonly metrics: WebhookMetrics,
    private readonly policy: DeliveryPolicy,
    private readonly denyPrivateTargets: boolean,
  ) {}

  get running(): boolean {
    return this.#running;
  }

  start(): void {
    if (this.#running) return;
    this.#running = true;
    this.#stopping = undefined;
    this.#abort = new AbortController();
    this.#unsubscribe = this.storage.outbox.onEnqueue(() => this.nudge());
    this.nudge();
  }

  stop(): Promise<void> {
    if (this.#running) {
      this.#running = false;
      clearTimeout(this.#timer);
      this.#unsubscribe?.();
      this.#stopping = this.#drain();
    }
    return this.#stopping ?? Promise.resolve();
  }

  nudge(): void {
    if (!this.#running) return;
    if (this.#polling) {
      this.#again = true;
      return;
    }
    this.#polling = true;
    this.#pollDone = this.#pollLoop();
  }

  onReport(listener: (report: DeliveryReport) => void): () => void {
    const subscription = (report: DeliveryReport) => listener(report);
    this.#listeners.add(subscription);
    return () => {
      this.#listeners.delete(subscription);
    };
  }

  async #drain(): Promise<void> {
    const settled = (async () => {
      await this.#pollDone;
      await Promise.allSettled(this.#inFlight.values());
    })();
    let timer: NodeJS.Timeout | undefined;
    const late = await Promise.race([
      settled.then(() => false),
      new Promise<boolean>((resolve) => {
        timer = setTimeout(() => resolve(true), this.policy.stopTimeoutMs);
      }),
    ]);
    clearTimeout(timer);
    if (late) {
      this.logger.warn({ inFlight: this.#inFlight.size }, 'aborting webhook posts still in flight at stop');
      this.#abort.abort();
      await settled;
    }
  }

  /** One poll at a time; a nudge during a poll makes it look again rather than start a second one. */
  async #pollLoop(): Promise<void> {
    for (;;) {
      this.#again = false;
      try {
        await this.#pollOnce();
      } catch (err) {
        this.logger.error({ err }, 'webhook outbox poll failed');
      }
      const wait = await this.#nextWait();
      // No await between this check and clearing the flag, so no nudge falls in between and is lost.
      if (this.#again && this.#running) continue;
      this.#polling = false;
      if (this.#running) {
        clearTimeout(this.#timer);
        this.#timer = setTimeout(() => this.nudge(), wait);
        this.#timer.unref();
      }
      return;
    }
  }

  async #pollOnce(): Promise<void> {
    const { outbox } = this.storage;
    if (this.#inFlight.size >= this.policy.maxInFlight) return;
    const now = Date.now();
    const rows = await outbox.due(now, this.policy.maxInFlight * FETCH_FACTOR, [...this.#busyKeys]);
    for (const row of rows) {
      if (!this.#running || this.#inFlight.size >= this.policy.maxInFlight) return;
      if (this.#inFlight.has(row.id)) continue;
      if (row.orderKey !== null && this.#busyKeys.has(row.orderKey)) continue;
      // Rows are in id order, so the first row of a key is its oldest due event.
      if (row.orderKey !== null) this.#busyKeys.add(row.orderKey);
      const claimed = await outbox.claim(row.id, now, Date.now() + this.policy.leaseMs);
      if (!claimed) {
        if (row.orderKey !== null) this.#busyKeys.delete(row.orderKey);
        continue;
      }
      const attempt = this.#attempt(row, row.attempts + 1)
        .catch((err: unknown) => {
          // The row keeps its claim and is posted again once the lease lapses.
          this.logger.error({ err, id: row.id }, 'could not store the outcome of a webhook post');
        })
        .finally(() => {
          this.#inFlight.delete(row.id);
          if (row.orderKey !== null) this.#busyKeys.delete(row.orderKey);
          this.nudge();
        });
      this.#inFlight.set(row.id, attempt);
    }
  }

  /** Until the earliest row is due (a Disconnect's grace, a retry), at most one poll interval. */
  async #nextWait(): Promise<number> {
    try {
      const next = await this.storage.outbox.nextDueAt();
      const until = next === undefined ? Number.POSITIVE_INFINITY : next - Date.now();
      // Due already yet not taken: slots or users are busy, and their completion nudges.
      return until > 0 ? Math.min(until, this.policy.pollIntervalMs) : this.policy.pollIntervalMs;
    } catch (err) {
      this.logger.error({ err }, 'webhook outbox poll failed');
      return this.policy.pollIntervalMs;
    }
  }

  async #attempt(row: OutboxEntry, attempt: number): Promise<void> {
    const { outbox } = this.storage;
    // Read at delivery, not at enqueue: a changed URL applies to events still waiting.
    const app = await this.storage.apps.get(row.sdkAppID);
    if (!app?.callbackUrl) {
      await outbox.drop(row.id);
      this.logger.info(
        { id: row.id, sdkAppID: row.sdkAppID },
        'webhook dropped: the app has no callback URL',
      );
      this.#report(row, attempt, 'dropped', 'the app has no callback URL');
      return;
    }

    const outcome = await postCallback(
      {
        url: app.callbackUrl,
        sdkAppID: row.sdkAppID,
        command: row.command,
        query: row.query,
        body: row.body,
      },
      {
        timeoutMs: this.policy.timeoutMs,
        signal: this.#abort.signal,
        denyPrivateTargets: this.denyPrivateTargets,
      },
    );
    if (outcome.ok) {
      await outbox.markDelivered(row.id);
      this.#report(row, attempt, 'delivered');
      return;
    }

    const context = {
      id: row.id,
      sdkAppID: row.sdkAppID,
      command: row.command,
      attempt,
      error: outcome.error,
    };
    if (this.#abort.signal.aborted) {
      // Cut short by a stop, not the receiver's fault: due again at once, for the next start.
      await outbox.markFailed(row.id, Date.now(), 'aborted by a server stop');
      this.#report(row, attempt, 'retry', outcome.error);
      return;
    }
    if (attempt >= this.policy.maxAttempts) {
      await outbox.drop(row.id);
      this.logger.warn(context, 'webhook dropped after its last attempt');
      this.#report(row, attempt, 'dropped', outcome.error);
      return;
    }
    const delay = retryDelayMs(attempt, this.policy);
    await outbox.markFailed(row.id, Date.now() + delay, outcome.error);
    this.logger.info({ ...context, retryInMs: delay }, 'webhook post failed; will retry');
    this.#report(row, attempt, 'retry', outcome.error);
  }

  #report(row: OutboxEntry, attempt: number, result: DeliveryResult, error?: string): void {
    this.metrics.deliveries.inc({ command: row.command, result });
    const report: DeliveryReport = {
      id: row.id,
      sdkAppID: row.sdkAppID,
      command: row.command,
      attempt,
      result,
      ...(error === undefined ? {} : { error }),
    };
    for (const listener of this.#listeners) {
      try {
        listener(report);
      } catch (err) {
        this.logger.error({ err }, 'a webhook report listener threw');
      }
    }
  }
}
