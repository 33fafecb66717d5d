/**
 * The connected provider clients of every app, by (app, businessID). A provider's row is read at
 * most every `ttlMs` (2 s), so `parley app push add|remove` reaches a running server within 5
 * seconds as `app set` does; a changed row replaces its client (the old one is closed).
 */
import type { PushProviderRecord, PushStore } from '../../storage/push/types.js';
import { createApnsSender } from './providers/apns.js';
import { createFcmSender } from './providers/fcm.js';
import type { PushSender } from './providers/outcome.js';
import { createWebhookSender } from './providers/webhook.js';

export interface PooledSender {
  type: PushProviderRecord['type'];
  sender: PushSender;
}

interface Entry {
  loadedAt: number;
  updatedAt?: number;
  pooled?: PooledSender;
}

export class ProviderPool {
  readonly #entries = new Map<string, Entry>();

  constructor(
    private readonly store: Pick<PushStore, 'getProvider'>,
    private readonly options: { timeoutMs: number; ttlMs?: number },
  ) {}

  /** The provider client for the business ID, or undefined when the app has none. */
  async get(sdkAppID: number, businessID: number): Promise<PooledSender | undefined> {
    const key = `${sdkAppID}:${businessID}`;
    const entry = this.#entries.get(key);
    if (entry && Date.now() - entry.loadedAt < (this.options.ttlMs ?? 2_000)) return entry.pooled;
    const record = await this.store.getProvider(sdkAppID, businessID);
    const current = this.#entries.get(key);
    if (current?.pooled && current.updatedAt === record?.updatedAt) {
      current.loadedAt = Date.now();
      return current.pooled;
    }
    if (current?.pooled) void current.pooled.sender.close().catch(() => {});
    const pooled = record === undefined ? undefined : { type: record.type, sender: this.#connect(record) };
    this.#entries.set(key, {
      loadedAt: Date.now(),
      ...(record ? { updatedAt: record.updatedAt } : {}),
      ...(pooled ? { pooled } : {}),
    });
    return pooled;
  }

  async close(): Promise<void> {
    const senders = [...this.#entries.values()].flatMap((e) => (e.pooled ? [e.pooled.sender] : []));
    this.#entries.clear();
    await Promise.allSettled(senders.map((s) => s.close()));
  }

  #connect(record: PushProviderRecord): PushSender {
    const { timeoutMs } = this.options;
    switch (record.type) {
      case 'apns':
        return createApnsSender(record.config, timeoutMs);
      case 'fcm':
        return createFcmSender(record.config, timeoutMs);
      case 'webhook':
        return createWebhookSender(record.sdkAppID, record.businessID, record.config, timeoutMs);
    }
  }
}
