/**
 * Group commit of one-to-one sends: the sends that arrive while the event loop is busy, or while
 * the transactions in flight commit, are stored together in one transaction
 * (`MessagingStore.storeC2CMany`), which costs far less than one transaction each. A lone send at a
 * quiet moment is stored at once; under load batches grow by themselves, since a batch waits only
 * for the commits already in flight. Every send still gets its own result only after the commit,
 * with the seqs it would have had alone. When a shared transaction fails, each of its sends is
 * retried in a transaction of its own, so one failing send never fails another.
 */
import type { NewC2CMessage, StoreMessageResult } from '../../storage/messaging/index.js';
import type { NewOutboxEvent, Storage } from '../../storage/types.js';

/** A send to store, and what to enqueue in the same transaction once it is stored. */
export interface QueuedSend {
  message: NewC2CMessage;
  /** The after-send callback event of the stored message (given the receiver's total unread). */
  afterSend?: (stored: Extract<StoreMessageResult, { kind: 'stored' }>) => NewOutboxEvent;
}

/** The most sends in one transaction: bounds the transaction's length and its statements' size. */
const MAX_BATCH = 256;

interface Pending extends QueuedSend {
  resolve: (result: StoreMessageResult) => void;
  reject: (error: unknown) => void;
}

export class StoreQueue {
  #pending: Pending[] = [];
  #scheduled = false;
  #inFlight = 0;

  /**
   * `maxInFlight`: transactions at once. One where the database has a single writer (SQLite: more
   * would only queue on its connection, in smaller batches); a few where writers run in parallel.
   */
  constructor(
    private readonly storage: Pick<Storage, 'transaction'>,
    private readonly maxInFlight = 1,
  ) {}

  /** Stores the message (with its after-send event) and answers once that is committed. */
  store(send: QueuedSend): Promise<StoreMessageResult> {
    return new Promise((resolve, reject) => {
      this.#pending.push({ ...send, resolve, reject });
      if (!this.#scheduled) {
        this.#scheduled = true;
        // After the I/O callbacks of this turn: the sends they carry join the same transaction.
        setImmediate(() => this.#flush());
      }
    });
  }

  #flush(): void {
    this.#scheduled = false;
    while (this.#pending.length > 0 && this.#inFlight < this.maxInFlight) {
      const batch = this.#pending.splice(0, MAX_BATCH);
      this.#inFlight += 1;
      void this.#run(batch).finally(() => {
        this.#inFlight -= 1;
        // What arrived meanwhile is the next batch.
        if (this.#pending.length > 0 && !this.#scheduled) {
          this.#scheduled = true;
          setImmediate(() => this.#flush());
        }
      });
    }
  }

  async #run(batch: readonly Pending[]): Promise<void> {
    let results: StoreMessageResult[];
    try {
      results = await this.#transaction(batch);
    } catch (error) {
      if (batch.length === 1) {
        batch[0]?.reject(error);
        return;
      }
      for (const send of batch) void this.#run([send]);
      return;
    }
    batch.forEach((send, i) => {
      const result = results[i];
      if (result) send.resolve(result);
      else send.reject(new Error(`no result for message ${send.message.msgID}`));
    });
  }

  #transaction(batch: readonly Pending[]): Promise<StoreMessageResult[]> {
    return this.storage.transaction(async (tx) => {
      const results = await tx.messaging.storeC2CMany(batch.map((send) => send.message));
      for (const [i, send] of batch.entries()) {
        const result = results[i];
        if (result?.kind === 'stored' && send.afterSend) await tx.outbox.enqueue(send.afterSend(result));
      }
      return results;
    });
  }
}
