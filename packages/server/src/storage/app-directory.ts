/**
 * A short-lived cache of apps for the login path. Entries live `ttlMs` (2 s by default), so a
 * setting changed by `parley app set` or the console reaches every running server within 5 seconds
 * without a notification channel, while a login storm reads each app once per interval.
 */
import type { AppRecord, AppStore } from './types.js';

export class AppDirectory {
  readonly #cache = new Map<
    number,
    { app: AppRecord | undefined; loadedAt: number; pending?: Promise<AppRecord | undefined> }
  >();

  constructor(
    private readonly apps: AppStore,
    private readonly ttlMs = 2_000,
    private readonly now: () => number = Date.now,
  ) {}

  async get(sdkAppID: number): Promise<AppRecord | undefined> {
    const cached = this.#cache.get(sdkAppID);
    if (cached && this.now() - cached.loadedAt < this.ttlMs) return cached.pending ?? cached.app;
    const pending = this.apps.get(sdkAppID);
    this.#cache.set(sdkAppID, { app: cached?.app, loadedAt: this.now(), pending });
    try {
      const app = await pending;
      this.#cache.set(sdkAppID, { app, loadedAt: this.now() });
      return app;
    } catch (error) {
      this.#cache.delete(sdkAppID);
      throw error;
    }
  }

  /** Forgets an app so the next read goes to storage (after a local settings change). */
  invalidate(sdkAppID: number): void {
    this.#cache.delete(sdkAppID);
  }
}
