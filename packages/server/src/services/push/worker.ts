/**
 * Drains the push queue: finds due pushes, hands each to its app's provider, and stores what
 * happened (sent → gone, dead token → token forgotten, trouble → retried with backoff, hopeless →
 * dropped). Claims are leases in the row, so a node that dies mid-send leaves its pushes to be
 * sent again by whoever polls after the lease, and a restart loses nothing.
 */
import type { Logger } from 'pino';
import type { PushJob } from '../../storage/push/types.js';
import type { Storage } from '../../storage/types.js';
import type { PushMetrics } from './metrics.js';
import type { ProviderPool } from './provider-pool.js';

export interface PushPolicy {
  /** One provider request (ms). */
  timeoutMs: number;
  /** Tries of one push before it is dropped. */
  maxAttempts: number;
  /** Wait after the first failure (ms), doubling after each further one, at most `retryMaxMs`. */
  retryBaseMs: number;
  retryMaxMs: number;
  /** Pushes in flight at once on this node. */
  maxInFlight: number;
  /** Longest sleep between two looks at the queue (ms): finds other nodes' rows and retries. */
  pollIntervalMs: number;
  /** How long a claimed push stays hidden from other pollers (ms). */
  leaseMs: number;
}

export const DEFAULT_PUSH_POLICY: Readonly<PushPolicy> = Object.freeze({
  timeoutMs: 5_000,
  maxAttempts: 6,
  retryBaseMs: 2_000,
  retryMaxMs: 60_000,
  maxInFlight: 64,
  pollIntervalMs: 1_000,
  leaseMs: 30_000,
});

/** What became of one push attempt; tests and the bench listen. */
export interface PushReport {
  job: PushJob;
  provider: string;
  result: 'sent' | 'retry' | 'failed' | 'invalid_token';
  error?: string;
}

export class PushWorker {
  #running = false;
  #timer: NodeJS.Timeout | undefined;
  #polling = false;
  #again = false;
  #pollDone: Promise<void> = Promise.resolve();
  readonly #inFlight = new Map<number, Promise<void>>();
  readonly #listeners = new Set<(report: PushReport) => void>();

  constructor(
    private readonly deps: {
      storage: Storage;
      pool: ProviderPool;
      metrics: PushMetrics;
      logger: Logger;
      policy: PushPolicy;
    },
  ) {}

  start(): void {
    if (this.#running) return;
    this.#running = true;
    this.nudge();
  }

  /** Stops polling and waits for the sends in flight (their rows stay leased otherwise). */
  async stop(): Promise<void> {
    this.#running = false;
    clearTimeout(this.#timer);
    await this.#pollDone;
    await Promise.allSettled(this.#inFlight.values());
  }

  /** Looks at the queue now (after an enqueue on this node). */
  nudge(): void {
    if (!this.#running) return;
    if (this.#polling) {
      this.#again = true;
      return;
    }
    this.#polling = true;
    this.#pollDone = this.#loop();
  }

  onReport(listener: (report: PushReport) => void): () => void {
    const subscription = (report: PushReport) => listener(report);
    this.#listeners.add(subscription);
    return () => this.#listeners.delete(subscription);
  }

  async #loop(): Promise<void> {
    for (;;) {
      this.#again = false;
      try {
        await this.#pollOnce();
      } catch (err) {
        this.deps.logger.error({ err }, 'push queue poll failed');
      }
      const wait = await this.#nextWait();
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
    const { storage, policy } = this.deps;
    const room = policy.maxInFlight - this.#inFlight.size;
    if (room <= 0) return;
    const now = Date.now();
    const jobs = (await storage.push.due(now, room)).filter((job) => !this.#inFlight.has(job.id));
    if (!this.#running || jobs.length === 0) return;
    // One statement claims the batch: another node polling the same rows gets none of them twice.
    const taken = new Set(
      await storage.push.claimMany(
        jobs.map((job) => job.id),
        now,
        Date.now() + policy.leaseMs,
      ),
    );
    for (const job of jobs) {
      if (!taken.has(job.id)) continue;
      const attempt = this.#attempt(job, job.attempts + 1)
        .catch((err: unknown) => {
          // The row keeps its lease and is tried again once it lapses.
          this.deps.logger.error({ err, id: job.id }, 'could not store the outcome of a push');
        })
        .finally(() => {
          this.#inFlight.delete(job.id);
          this.nudge();
        });
      this.#inFlight.set(job.id, attempt);
    }
  }

  async #nextWait(): Promise<number> {
    const { storage, policy, metrics } = this.deps;
    try {
      metrics.queueDepth.set(await storage.push.count());
      const next = await storage.push.nextDueAt();
      const until = next === undefined ? Number.POSITIVE_INFINITY : next - Date.now();
      return until > 0 ? Math.min(until, policy.pollIntervalMs) : policy.pollIntervalMs;
    } catch (err) {
      this.deps.logger.error({ err }, 'push queue poll failed');
      return policy.pollIntervalMs;
    }
  }

  async #attempt(job: PushJob, attempt: number): Promise<void> {
    const { storage, pool, policy, metrics, logger } = this.deps;
    const pooled = await pool.get(job.sdkAppID, job.businessID);
    if (pooled === undefined) {
      // Read at send time: a provider removed meanwhile means nobody can deliver this push.
      await storage.push.finish(job.id);
      this.#report({
        job,
        provider: 'none',
        result: 'failed',
        error: `no provider for businessID ${job.businessID}`,
      });
      return;
    }
    const outcome = await pooled.sender
      .send({ token: job.token, platform: job.platform, payload: job.payload })
      .catch((err: unknown) => ({
        kind: 'retry' as const,
        error: err instanceof Error ? err.message : String(err),
      }));
    const provider = pooled.type;
    switch (outcome.kind) {
      case 'sent':
        await storage.push.finish(job.id);
        metrics.latency.observe({ provider }, (Date.now() - job.createdAt) / 1000);
        this.#report({ job, provider, result: 'sent' });
        return;
      case 'invalidToken':
        await storage.push.finish(job.id);
        await this.#forgetToken(job);
        logger.info(
          { sdkAppID: job.sdkAppID, userID: job.userID, reason: outcome.reason },
          'push token removed: the provider called it invalid',
        );
        this.#report({ job, provider, result: 'invalid_token', error: outcome.reason });
        return;
      case 'failed':
        await storage.push.finish(job.id);
        logger.warn({ id: job.id, provider, error: outcome.error }, 'push dropped: the provider refused it');
        this.#report({ job, provider, result: 'failed', error: outcome.error });
        return;
      case 'retry': {
        if (attempt >= policy.maxAttempts) {
          await storage.push.finish(job.id);
          logger.warn(
            { id: job.id, provider, attempt, error: outcome.error },
            'push dropped after its last attempt',
          );
          this.#report({ job, provider, result: 'failed', error: outcome.error });
          return;
        }
        const delay = Math.min(policy.retryMaxMs, policy.retryBaseMs * 2 ** (attempt - 1));
        await storage.push.retryAt(job.id, Date.now() + delay, outcome.error);
        this.#report({ job, provider, result: 'retry', error: outcome.error });
        return;
      }
    }
  }

  /** Forgets the registrations that still hold the dead token, and pushes queued to it. */
  async #forgetToken(job: PushJob): Promise<void> {
    const { storage } = this.deps;
    for (const registration of await storage.pushRegistrations.listForUser(job.sdkAppID, job.userID)) {
      if (registration.token === job.token)
        await storage.pushRegistrations.remove(job.sdkAppID, job.userID, registration.instanceID);
    }
    await storage.push.dropToken(job.sdkAppID, job.token);
  }

  #report(report: PushReport): void {
    this.deps.metrics.results.inc({ provider: report.provider, result: report.result });
    for (const listener of this.#listeners) {
      try {
        listener(report);
      } catch (err) {
        this.deps.logger.error({ err }, 'a push report listener threw');
      }
    }
  }
}
