/**
 * Group commit of group sends (storage/group-commit.ts), as store-queue.ts does for one-to-one
 * sends: the sends that arrive together are appended to their groups' logs in one transaction.
 * Within a batch they are written group by group (in GroupID order, keeping each group's order of
 * arrival), so that concurrent batches lock log heads in the same order.
 */
import { GroupCommit } from '../../storage/group-commit.js';
import type { GroupAppendResult, NewGroupMessage } from '../../storage/messaging/index.js';
import type { Storage } from '../../storage/types.js';

export interface QueuedGroupSend {
  message: NewGroupMessage;
  /** The sender's snapshot version (an activity stamp). */
  stamp: number;
}

const MAX_BATCH = 256;

export class GroupStoreQueue {
  readonly #commits: GroupCommit<QueuedGroupSend, GroupAppendResult>;

  constructor(storage: Pick<Storage, 'transaction' | 'messaging'>) {
    this.#commits = new GroupCommit(
      storage,
      async (tx, sends) => {
        const order = sends
          .map((send, index) => ({ send, index }))
          .sort((a, b) =>
            a.send.message.groupID < b.send.message.groupID
              ? -1
              : a.send.message.groupID > b.send.message.groupID
                ? 1
                : a.index - b.index,
          );
        const results: GroupAppendResult[] = new Array(sends.length);
        for (const { send, index } of order)
          results[index] = await tx.groupLogs.append(send.message, send.stamp);
        return results;
      },
      { maxInFlight: storage.messaging.concurrentBatches, maxBatch: MAX_BATCH },
    );
  }

  /** Stores the message and answers once that is committed. */
  store(send: QueuedGroupSend): Promise<GroupAppendResult> {
    return this.#commits.submit(send);
  }
}
