/** Request ids and the replies awaited for them, shared by both bench socket transports. */
import type { Reply } from './socket.js';

/** Requests that never get a reply must not hold the generator past its deadline. */
const DEFAULT_REQUEST_TIMEOUT_MS = 15_000;

/** Shared by both transports: ids, pending replies and their timeouts. */
export class PendingReplies {
  #nextID = 1;
  readonly #waiting = new Map<number, { resolve: (reply: Reply) => void; timer: NodeJS.Timeout }>();

  take(timeoutMs = DEFAULT_REQUEST_TIMEOUT_MS): { id: number; reply: Promise<Reply> } {
    const id = this.#nextID++;
    const reply = new Promise<Reply>((resolve) => {
      const timer = setTimeout(() => this.settle({ id, code: -1, desc: 'reply timeout' }), timeoutMs);
      this.#waiting.set(id, { resolve, timer });
    });
    return { id, reply };
  }

  nextID(): number {
    return this.#nextID++;
  }

  /** False when nobody awaits this id (a `send`, or a reply after its timeout). */
  settle(reply: Reply): boolean {
    const waiter = this.#waiting.get(reply.id);
    if (!waiter) return false;
    this.#waiting.delete(reply.id);
    clearTimeout(waiter.timer);
    waiter.resolve(reply);
    return true;
  }

  failAll(desc: string): void {
    for (const id of [...this.#waiting.keys()]) this.settle({ id, code: -1, desc });
  }
}
