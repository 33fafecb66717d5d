import { describe, expect, it } from 'vitest';
import { AppDirectory } from './app-directory.js';
import type { AppRecord, AppStore } from './types.js';

/** A store that knows the apps with an even SDKAppID and counts its reads. */
function evenApps(): AppStore & { reads: number } {
  const store = {
    reads: 0,
    async get(sdkAppID: number) {
      store.reads += 1;
      return sdkAppID % 2 === 0 ? ({ sdkAppID } as AppRecord) : undefined;
    },
    create: () => Promise.reject(new Error('unused')),
    list: () => Promise.reject(new Error('unused')),
    update: () => Promise.reject(new Error('unused')),
  };
  return store;
}

describe('AppDirectory', () => {
  it('keeps nothing for SDKAppIDs that do not exist, but shares a read in flight', async () => {
    const store = evenApps();
    const directory = new AppDirectory(store);
    for (let id = 1; id < 2_000; id += 2) expect(await directory.get(id)).toBeUndefined();
    expect(directory.size).toBe(0);
    await Promise.all([directory.get(7), directory.get(7), directory.get(7)]);
    expect(store.reads).toBe(1_000 + 1);
  });

  it('keeps at most maxEntries apps, dropping the least recently used', async () => {
    const store = evenApps();
    const directory = new AppDirectory(store, { maxEntries: 3 });
    for (const id of [2, 4, 6]) await directory.get(id);
    await directory.get(2); // now the most recent
    await directory.get(8); // pushes out 4
    expect(directory.size).toBe(3);
    const before = store.reads;
    await directory.get(2);
    await directory.get(6);
    expect(store.reads).toBe(before);
    await directory.get(4);
    expect(store.reads).toBe(before + 1);
  });

  it('serves a found app from memory for its time to live', async () => {
    let now = 0;
    const store = evenApps();
    const directory = new AppDirectory(store, { ttlMs: 1_000, now: () => now });
    await directory.get(2);
    await directory.get(2);
    expect(store.reads).toBe(1);
    now += 1_000;
    await directory.get(2);
    expect(store.reads).toBe(2);
  });
});
