/**
 * Group commit: work items that arrive while the event loop is busy, or while the transactions in
 * flight commit, are written together in one transaction, which costs far less than one
 * transaction each. A lone item at a quiet moment is written at once; under load batches grow by
 * themselves, since a batch waits only for the commits already in flight. Every item still gets
 * its own result only after the commit. When a shared transaction fails, each of its items is
 * retried in a transaction of its own, so one failing item never fails another.
 */
import type { Storage } from './types.js';

/** Writes a batch inside `tx` and returns one result per item, in order. */
export type BatchWriter<I, R> = (tx: Storage, items: readonly I[]) => Promise<R[]>;

interface Pending<I, R> {
  item: I;
  resolve: (result: R) => void;
  reject: (error: unknown) => void;
}

export class GroupCommit<I, R> {
  #pending: Pending<I, R>[] = [];
  #scheduled = false;
  #inFlight = 0;

  /**
   * `maxInFlight`: transactions at once. One where the database has a single writer (SQLite: more
   * would only queue on its connection, in smaller batches); a few where writers run in parallel.
   * `maxBatch` bounds a transaction's length.
   */
  constructor(
    private readonly storage: Pick<Storage, 'transaction'>,
    private readonly write: BatchWriter<I, R>,
    private readonly options: { maxInFlight: number; maxBatch: number },
  ) {}

  /** Writes the item with the next batch and answers once that is committed. */
  submit(item: I): Promise<R> {
    return new Promise((resolve, reject) => {
      this.#pending.push({ item, resolve, reject });
      this.#schedule();
    });
  }

  #schedule(): void {
    if (this.#scheduled) return;
    this.#scheduled = true;
    // After the I/O callbacks of this turn: the items they carry join the same transaction.
    setImmediate(() => this.#flush());
  }

  #flush(): void {
    this.#scheduled = false;
    while (this.#pending.length > 0 && this.#inFlight < this.options.maxInFlight) {
      const batch = this.#pending.splice(0, this.options.maxBatch);
      this.#inFlight += 1;
      void this.#run(batch).finally(() => {
        this.#inFlight -= 1;
        // What arrived meanwhile is the next batch.
        if (this.#pending.length > 0) this.#schedule();
      });
    }
  }

  async #run(batch: readonly Pending<I, R>[]): Promise<void> {
    let results: R[];
    try {
      results = await this.storage.transaction((tx) =>
        this.write(
          tx,
          batch.map((p) => p.item),
        ),
      );
    } catch (error) {
      if (batch.length === 1) {
        batch[0]?.reject(error);
        return;
      }
      await Promise.all(batch.map((one) => this.#run([one])));
      return;
    }
    batch.forEach((pending, i) => {
      if (i < results.length) pending.resolve(results[i] as R);
      else pending.reject(new Error('the batch writer returned too few results'));
    });
  }
}
