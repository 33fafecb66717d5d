import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openTestStorage, TEST_DIALECTS, type TestStorage } from './testing.js';
import type { NewOutboxEvent } from './types.js';

describe.each(TEST_DIALECTS)('OutboxStore (%s)', (dialect) => {
  let db: TestStorage;
  let sdkAppID: number;
  const event = (extra: Partial<NewOutboxEvent> = {}): NewOutboxEvent => ({
    sdkAppID,
    command: 'State.StateChange',
    body: { Info: { To_Account: 'alice' } },
    query: { ClientIP: '203.0.113.7' },
    ...extra,
  });

  beforeEach(async () => {
    db = await openTestStorage(dialect);
    sdkAppID = (await db.storage.apps.create({})).sdkAppID;
  });
  afterEach(async () => {
    await db.dispose();
  });

  describe('#enqueue and #due', () => {
    it('returns due events oldest first, with their body and query as given', async () => {
      const before = Date.now();
      const first = await db.storage.outbox.enqueue(event({ orderKey: 'k' }));
      const second = await db.storage.outbox.enqueue(event({ body: { n: 2 }, query: {} }));
      expect(second).toBeGreaterThan(first);
      const due = await db.storage.outbox.due(Date.now(), 10);
      expect(due.map((entry) => entry.id)).toEqual([first, second]);
      expect(due[0]).toMatchObject({
        sdkAppID,
        command: 'State.StateChange',
        body: { Info: { To_Account: 'alice' } },
        query: { ClientIP: '203.0.113.7' },
        orderKey: 'k',
        instanceKey: null,
        attempts: 0,
        lastError: null,
      });
      expect(due[0]?.createdAt).toBeGreaterThanOrEqual(before);
      expect(due[1]?.body).toEqual({ n: 2 });
    });

    it('holds an event back until its deliverAfter time', async () => {
      const at = Date.now() + 60_000;
      await db.storage.outbox.enqueue(event({ deliverAfter: at }));
      expect(await db.storage.outbox.due(at - 1, 10)).toEqual([]);
      expect(await db.storage.outbox.due(at, 10)).toHaveLength(1);
      expect(await db.storage.outbox.nextDueAt()).toBe(at);
    });

    it('returns at most limit events', async () => {
      for (let i = 0; i < 5; i += 1) await db.storage.outbox.enqueue(event());
      expect(await db.storage.outbox.due(Date.now(), 3)).toHaveLength(3);
      expect(await db.storage.outbox.count()).toBe(5);
    });

    it('leaves out the events of the order keys it is asked to skip', async () => {
      await db.storage.outbox.enqueue(event({ orderKey: 'busy' }));
      const free = await db.storage.outbox.enqueue(event({ orderKey: 'free' }));
      const unordered = await db.storage.outbox.enqueue(event());
      const due = await db.storage.outbox.due(Date.now(), 10, ['busy']);
      expect(due.map((entry) => entry.id)).toEqual([free, unordered]);
    });

    it('reports an empty outbox as nothing due and no next time', async () => {
      expect(await db.storage.outbox.due(Date.now(), 10)).toEqual([]);
      expect(await db.storage.outbox.nextDueAt()).toBeUndefined();
      expect(await db.storage.outbox.count()).toBe(0);
    });
  });

  describe('#claim', () => {
    it('lets one caller take an event, counts the attempt and hides it until the lease ends', async () => {
      const id = await db.storage.outbox.enqueue(event());
      const now = Date.now();
      const claims = await Promise.all([
        db.storage.outbox.claim(id, now, now + 30_000),
        db.storage.outbox.claim(id, now, now + 30_000),
      ]);
      expect(claims.filter(Boolean)).toHaveLength(1);
      expect(await db.storage.outbox.due(now, 10)).toEqual([]);
      const [again] = await db.storage.outbox.due(now + 30_000, 10);
      expect(again).toMatchObject({ id, attempts: 1 });
    });

    it('refuses an event that is gone or not due', async () => {
      const id = await db.storage.outbox.enqueue(event({ deliverAfter: Date.now() + 60_000 }));
      expect(await db.storage.outbox.claim(id, Date.now(), Date.now() + 1000)).toBe(false);
      expect(await db.storage.outbox.claim(id + 1, Date.now(), Date.now() + 1000)).toBe(false);
    });
  });

  describe('#markFailed, #markDelivered and #drop', () => {
    it('makes a failed event due again at the given time, keeping the error', async () => {
      const id = await db.storage.outbox.enqueue(event());
      const now = Date.now();
      await db.storage.outbox.claim(id, now, now + 30_000);
      await db.storage.outbox.markFailed(id, now + 500, 'HTTP 500');
      expect(await db.storage.outbox.due(now + 499, 10)).toEqual([]);
      expect(await db.storage.outbox.due(now + 500, 10)).toMatchObject([
        { id, attempts: 1, lastError: 'HTTP 500' },
      ]);
    });

    it('deletes delivered and dropped events', async () => {
      const delivered = await db.storage.outbox.enqueue(event());
      const dropped = await db.storage.outbox.enqueue(event());
      await db.storage.outbox.markDelivered(delivered);
      await db.storage.outbox.drop(dropped);
      expect(await db.storage.outbox.count()).toBe(0);
    });
  });

  describe('#cancelPendingDisconnect', () => {
    it('deletes the unattempted events of that instance only', async () => {
      const later = Date.now() + 60_000;
      await db.storage.outbox.enqueue(event({ instanceKey: 'a', deliverAfter: later }));
      const other = await db.storage.outbox.enqueue(event({ instanceKey: 'b', deliverAfter: later }));
      const plain = await db.storage.outbox.enqueue(event());
      expect(await db.storage.outbox.cancelPendingDisconnect('a')).toBe(1);
      const left = await db.storage.outbox.due(later, 10);
      expect(left.map((entry) => entry.id)).toEqual([other, plain]);
    });

    it('leaves an event whose first attempt has started: it counts as sent', async () => {
      const id = await db.storage.outbox.enqueue(event({ instanceKey: 'a' }));
      const now = Date.now();
      await db.storage.outbox.claim(id, now, now + 30_000);
      expect(await db.storage.outbox.cancelPendingDisconnect('a')).toBe(0);
      expect(await db.storage.outbox.count()).toBe(1);
    });
  });

  describe('#onEnqueue', () => {
    it('calls each subscription after an enqueue until it unsubscribes', async () => {
      let calls = 0;
      const unsubscribe = db.storage.outbox.onEnqueue(() => {
        calls += 1;
      });
      await db.storage.outbox.enqueue(event());
      unsubscribe();
      await db.storage.outbox.enqueue(event());
      expect(calls).toBe(1);
    });
  });
});
