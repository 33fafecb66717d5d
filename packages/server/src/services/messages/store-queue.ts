/**
 * Group commit of one-to-one sends (storage/group-commit.ts): the sends of a batch are stored by
 * one `MessagingStore.storeC2CMany`, each with the seqs it would have had alone, and their
 * after-send callback events are enqueued in the same transaction.
 */
import { GroupCommit } from '../../storage/group-commit.js';
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

export class StoreQueue {
  readonly #commits: GroupCommit<QueuedSend, StoreMessageResult>;

  constructor(storage: Pick<Storage, 'transaction' | 'messaging'>) {
    this.#commits = new GroupCommit(
      storage,
      async (tx, sends) => {
        const results = await tx.messaging.storeC2CMany(sends.map((send) => send.message));
        for (const [i, send] of sends.entries()) {
          const result = results[i];
          if (result?.kind === 'stored' && send.afterSend) await tx.outbox.enqueue(send.afterSend(result));
        }
        return results;
      },
      { maxInFlight: storage.messaging.concurrentBatches, maxBatch: MAX_BATCH },
    );
  }

  /** Stores the message (with its after-send event) and answers once that is committed. */
  store(send: QueuedSend): Promise<StoreMessageResult> {
    return this.#commits.submit(send);
  }
}
