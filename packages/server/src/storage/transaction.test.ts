import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openTestStorage, TEST_DIALECTS, type TestStorage } from './testing.js';
import type { NewOutboxEvent } from './types.js';

describe.each(TEST_DIALECTS)('Storage#transaction (%s)', (dialect) => {
  let db: TestStorage;
  let sdkAppID: number;
  const event = (): NewOutboxEvent => ({ sdkAppID, command: 'State.StateChange', body: { n: 1 }, query: {} });

  beforeEach(async () => {
    db = await openTestStorage(dialect);
    sdkAppID = (await db.storage.apps.create({})).sdkAppID;
  });
  afterEach(async () => {
    await db.dispose();
  });

  it('commits every store write of the callback together and resolves its result', async () => {
    const result = await db.storage.transaction(async (tx) => {
      await tx.accounts.ensure(sdkAppID, 'alice');
      await tx.outbox.enqueue(event());
      return 'done';
    });
    expect(result).toBe('done');
    expect(await db.storage.accounts.get(sdkAppID, 'alice')).toBeDefined();
    expect(await db.storage.outbox.count()).toBe(1);
  });

  it('rolls back an account insert and an outbox insert together when the callback throws', async () => {
    const failure = new Error('policy said no');
    await expect(
      db.storage.transaction(async (tx) => {
        await tx.accounts.ensure(sdkAppID, 'bob');
        await tx.outbox.enqueue(event());
        throw failure;
      }),
    ).rejects.toBe(failure);
    expect(await db.storage.accounts.get(sdkAppID, 'bob')).toBeUndefined();
    expect(await db.storage.outbox.count()).toBe(0);
  });

  it('sees its own writes inside the transaction', async () => {
    await db.storage.transaction(async (tx) => {
      await tx.accounts.ensure(sdkAppID, 'carol');
      expect(await tx.accounts.get(sdkAppID, 'carol')).toBeDefined();
    });
  });

  it('runs a nested transaction inside the outer one, so an outer failure undoes it too', async () => {
    await expect(
      db.storage.transaction(async (tx) => {
        await tx.transaction(async (inner) => {
          await inner.accounts.ensure(sdkAppID, 'dave');
        });
        throw new Error('outer fails');
      }),
    ).rejects.toThrow('outer fails');
    expect(await db.storage.accounts.get(sdkAppID, 'dave')).toBeUndefined();
  });

  it('tells outbox listeners about an enqueue only after the commit, and never after a rollback', async () => {
    const heard: string[] = [];
    const unsubscribe = db.storage.outbox.onEnqueue(() => heard.push('enqueued'));
    await db.storage.transaction(async (tx) => {
      await tx.outbox.enqueue(event());
      heard.push('before commit');
    });
    await db.storage
      .transaction(async (tx) => {
        await tx.outbox.enqueue(event());
        throw new Error('rolled back');
      })
      .catch(() => undefined);
    unsubscribe();
    await db.storage.outbox.enqueue(event());
    expect(heard).toEqual(['before commit', 'enqueued']);
  });

  it('refuses a query through the outer storage inside the callback instead of hanging', async () => {
    await expect(
      db.storage.transaction(async () => {
        await db.storage.accounts.get(sdkAppID, 'erin');
      }),
    ).rejects.toThrow(/use the tx that fn receives/);
    await expect(db.storage.transaction(() => db.storage.transaction(async () => 1))).rejects.toThrow(
      /use the tx that fn receives/,
    );
  });

  it('lets the outer storage work again once the transaction is over, even from callbacks it started', async () => {
    let open!: () => void;
    const gate = new Promise<void>((resolve) => {
      open = resolve;
    });
    let later: Promise<unknown> | undefined;
    await db.storage.transaction(async (tx) => {
      await tx.accounts.ensure(sdkAppID, 'fay');
      // Work chained inside the callback keeps its async context but runs after the commit.
      later = gate.then(() => db.storage.accounts.get(sdkAppID, 'fay'));
    });
    open();
    await expect(later).resolves.toMatchObject({ userID: 'fay' });
  });

  it('refuses to close a transaction', async () => {
    await db.storage.transaction(async (tx) => {
      await expect(tx.close()).rejects.toThrow(/not a transaction/);
    });
  });
});
