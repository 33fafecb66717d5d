import type { Kysely, Selectable } from 'kysely';
import type { StorageSchema, WebhookOutboxTable } from './schema.js';
import type { NewOutboxEvent, OutboxEntry, OutboxStore } from './types.js';

/** Longest `last_error` kept: enough for a status line or an exception message, never a whole reply body. */
const MAX_ERROR_LENGTH = 500;

/** How an outbox store hears about commits; shared by a storage and every transaction opened on it. */
export interface OutboxSignal {
  /** The `onEnqueue` listeners of the storage. */
  readonly listeners: Set<() => void>;
  /** Runs `callback` once the surrounding transaction commits, or at once outside a transaction. */
  afterCommit(callback: () => void): void;
}

/** A new signal with no listeners, whose `afterCommit` runs at once (for the storage outside transactions). */
export function createOutboxSignal(): OutboxSignal {
  return { listeners: new Set(), afterCommit: (callback) => callback() };
}

/** The outbox store over the `webhook_outbox` table. */
export function createOutboxStore(db: Kysely<StorageSchema>, signal: OutboxSignal): OutboxStore {
  const notify = () => {
    for (const listener of signal.listeners) {
      // The rows are committed by now: a faulty listener must not turn a successful write into an error.
      try {
        listener();
      } catch (error) {
        process.emitWarning(`an outbox listener threw: ${String(error)}`);
      }
    }
  };

  return {
    async enqueue(event: NewOutboxEvent) {
      const now = Date.now();
      const deliverAfter = event.deliverAfter ?? now;
      const row = await db
        .insertInto('webhook_outbox')
        .values({
          sdk_app_id: event.sdkAppID,
          command: event.command,
          body: JSON.stringify(event.body),
          query: JSON.stringify(event.query),
          order_key: event.orderKey ?? null,
          instance_key: event.instanceKey ?? null,
          deliver_after: deliverAfter,
          next_attempt_at: deliverAfter,
          created_at: now,
          last_error: null,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      signal.afterCommit(notify);
      return Number(row.id);
    },

    async cancelPendingDisconnect(instanceKey) {
      // `attempts = 0`: once a post has started the event counts as emitted and must run its course.
      const result = await db
        .deleteFrom('webhook_outbox')
        .where('instance_key', '=', instanceKey)
        .where('attempts', '=', 0)
        .executeTakeFirst();
      return Number(result.numDeletedRows);
    },

    async due(now, limit, skipOrderKeys = []) {
      let query = db.selectFrom('webhook_outbox').selectAll().where('next_attempt_at', '<=', now);
      if (skipOrderKeys.length > 0) {
        // Filtered in SQL, not after the limit: one user's backlog must not hide everybody else's events.
        query = query.where((eb) =>
          eb.or([eb('order_key', 'is', null), eb('order_key', 'not in', [...skipOrderKeys])]),
        );
      }
      const rows = await query.orderBy('id').limit(limit).execute();
      return rows.map(toEntry);
    },

    async claim(id, now, leaseUntil) {
      // One conditional update, so two processes polling the same rows cannot both take one.
      const result = await db
        .updateTable('webhook_outbox')
        .set((eb) => ({ attempts: eb('attempts', '+', 1), next_attempt_at: leaseUntil }))
        .where('id', '=', id)
        .where('next_attempt_at', '<=', now)
        .executeTakeFirst();
      return result.numUpdatedRows > 0n;
    },

    async markDelivered(id) {
      await db.deleteFrom('webhook_outbox').where('id', '=', id).execute();
    },

    async markFailed(id, nextAttemptAt, error) {
      await db
        .updateTable('webhook_outbox')
        .set({ next_attempt_at: nextAttemptAt, last_error: error.slice(0, MAX_ERROR_LENGTH) })
        .where('id', '=', id)
        .execute();
    },

    async drop(id) {
      await db.deleteFrom('webhook_outbox').where('id', '=', id).execute();
    },

    async nextDueAt() {
      const row = await db
        .selectFrom('webhook_outbox')
        .select((eb) => eb.fn.min('next_attempt_at').as('next'))
        .executeTakeFirst();
      const next = row?.next;
      return next === undefined || next === null ? undefined : Number(next);
    },

    async count() {
      const row = await db
        .selectFrom('webhook_outbox')
        .select((eb) => eb.fn.countAll().as('rows'))
        .executeTakeFirstOrThrow();
      return Number(row.rows);
    },

    onEnqueue(listener) {
      // A wrapper per subscription, so the same function subscribed twice is two subscriptions.
      const subscription = () => listener();
      signal.listeners.add(subscription);
      return () => {
        signal.listeners.delete(subscription);
      };
    },
  };
}

function toEntry(row: Selectable<WebhookOutboxTable>): OutboxEntry {
  const id = Number(row.id);
  return {
    id,
    sdkAppID: Number(row.sdk_app_id),
    command: row.command,
    body: parseObject(row.body, id, 'body'),
    query: parseQuery(row.query, id),
    orderKey: row.order_key,
    instanceKey: row.instance_key,
    deliverAfter: Number(row.deliver_after),
    attempts: Number(row.attempts),
    nextAttemptAt: Number(row.next_attempt_at),
    createdAt: Number(row.created_at),
    lastError: row.last_error,
  };
}

// Rows are written only by `enqueue`, so a bad value means the database was edited by hand.
function parseObject(text: string, id: number, column: string): object {
  const value: unknown = JSON.parse(text);
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value;
  throw new Error(`webhook_outbox row ${id}: ${column} is not a JSON object`);
}

function parseQuery(text: string, id: number): Record<string, string> {
  const value = parseObject(text, id, 'query');
  const query: Record<string, string> = {};
  for (const [name, item] of Object.entries(value)) {
    if (typeof item !== 'string') throw new Error(`webhook_outbox row ${id}: query ${name} is not a string`);
    query[name] = item;
  }
  return query;
}
