/**
 * A short-lived cache of apps for the login path. Entries live `ttlMs` (2 s by default), so a
 * setting changed by `parley app set` or the console reaches every running server within 5 seconds
 * without a notification channel, while a login storm reads each app once per interval.
 *
 * Anyone can name an SDKAppID before authenticating (a `login` frame, any `/v4` or `/console/api`
 * request), so the cache must not grow with the IDs strangers invent: an unknown ID is remembered
 * only while its read is in flight (concurrent asks share it), and the apps found are kept in a
 * least-recently-used map of at most `maxEntries`.
 */
import type { AppRecord, AppStore } from './types.js';

export interface AppDirectoryOptions {
  /** How long a found app is served from memory (ms). */
  ttlMs?: number;
  /** Apps kept at most; the least recently used goes first. */
  maxEntries?: number;
  now?: () => number;
}

interface Entry {
  app: AppRecord | undefined;
  loadedAt: number;
  pending?: Promise<AppRecord | undefined>;
}

export class AppDirectory {
  readonly #cache = new Map<number, Entry>();
  readonly #ttlMs: number;
  readonly #maxEntries: number;
  readonly #now: () => number;

  constructor(
    private readonly apps: AppStore,
    options: AppDirectoryOptions = {},
  ) {
    this.#ttlMs = options.ttlMs ?? 2_000;
    this.#maxEntries = options.maxEntries ?? 1_000;
    this.#now = options.now ?? Date.now;
  }

  /** Apps (and reads in flight) held in memory. */
  get size(): number {
    return this.#cache.size;
  }

  async get(sdkAppID: number): Promise<AppRecord | undefined> {
    const cached = this.#cache.get(sdkAppID);
    if (cached && this.#now() - cached.loadedAt < this.#ttlMs) {
      this.#touch(sdkAppID, cached);
      return cached.pending ?? cached.app;
    }
    const pending = this.apps.get(sdkAppID);
    this.#store(sdkAppID, { app: cached?.app, loadedAt: this.#now(), pending });
    try {
      const app = await pending;
      // Only if no newer read replaced ours meanwhile (an invalidation, an expiry).
      if (this.#cache.get(sdkAppID)?.pending === pending) {
        if (app === undefined) this.#cache.delete(sdkAppID);
        else this.#store(sdkAppID, { app, loadedAt: this.#now() });
      }
      return app;
    } catch (error) {
      if (this.#cache.get(sdkAppID)?.pending === pending) this.#cache.delete(sdkAppID);
      throw error;
    }
  }

  /** Forgets an app so the next read goes to storage (after a local settings change). */
  invalidate(sdkAppID: number): void {
    this.#cache.delete(sdkAppID);
  }

  /** Moves an entry to the young end of the map's insertion order. */
  #touch(sdkAppID: number, entry: Entry): void {
    this.#cache.delete(sdkAppID);
    this.#cache.set(sdkAppID, entry);
  }

  #store(sdkAppID: number, entry: Entry): void {
    this.#touch(sdkAppID, entry);
    while (this.#cache.size > this.#maxEntries) {
      const oldest = this.#cache.keys().next().value;
      if (oldest === undefined) break;
      this.#cache.delete(oldest);
    }
  }
}
