import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GroupCommit } from './group-commit.js';
import { openTestStorage, type TestStorage } from './testing.js';

describe('GroupCommit', () => {
  let db: TestStorage;
  let app: number;
  beforeEach(async () => {
    db = await openTestStorage('sqlite');
    app = (await db.storage.apps.create({})).sdkAppID;
  });
  afterEach(async () => {
    await db.dispose();
  });

  /** Records logins as the items, and every batch it was given. */
  const recorder = (fail: (item: string) => boolean = () => false) => {
    const batches: string[][] = [];
    const commits = new GroupCommit<string, string>(
      db.storage,
      async (tx, items) => {
        batches.push([...items]);
        const results: string[] = [];
        for (const item of items) {
          if (fail(item)) throw new Error(`refused ${item}`);
          await tx.activity.recordLogin(app, item, '2026-12-03');
          results.push(`stored ${item}`);
        }
        return results;
      },
      { maxInFlight: 1, maxBatch: 100 },
    );
    return { commits, batches };
  };

  it('writes what arrives in one turn as one batch, and answers each item with its own result', async () => {
    const { commits, batches } = recorder();
    const results = await Promise.all(['a', 'b', 'c'].map((item) => commits.submit(item)));
    expect(results).toEqual(['stored a', 'stored b', 'stored c']);
    expect(batches).toEqual([['a', 'b', 'c']]);
    expect(await db.storage.activity.dailyActiveUsers(app, '2026-12-03')).toBe(3);
  });

  it('gathers what arrives during a commit into the next batch', async () => {
    const { commits, batches } = recorder();
    const first = commits.submit('a');
    // Submitted once the first batch is being written: they wait for its commit, together.
    await new Promise((resolve) => setImmediate(resolve));
    const later = ['b', 'c', 'd'].map((item) => commits.submit(item));
    await Promise.all([first, ...later]);
    expect(batches).toEqual([['a'], ['b', 'c', 'd']]);
  });

  it('retries the items of a failed batch one by one, so only the failing one fails', async () => {
    const { commits, batches } = recorder((item) => item === 'bad');
    const results = await Promise.allSettled(['a', 'bad', 'c'].map((item) => commits.submit(item)));
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(batches[0]).toEqual(['a', 'bad', 'c']);
    // The shared transaction rolled back: a and c are stored once, by their own retries.
    expect(await db.storage.activity.dailyActiveUsers(app, '2026-12-03')).toBe(2);
  });
});
