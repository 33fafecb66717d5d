/**
 * Reconnect-and-resume for held clients, with the SDK's own backoff (`Reconnect`, loaded from the
 * built SDK by sdk-backoff.ts) for every target: as in the SDK's resume loop, each attempt waits the
 * next full-jitter delay first, so ten thousand clients that lost the server together do not all knock
 * at the same millisecond. Bounded in attempts and time, which the SDK is not. A client counts as back
 * once it is logged in and, when messages exist, caught up with its timeline, as the SDK is after a
 * resume.
 */
import type { BenchClient } from './client.js';
import { monoNow, wallNow } from './clock.js';
import { syncRequest } from './message-wire.js';
import { sdkReconnect } from './sdk-backoff.js';

const MAX_ATTEMPTS = 60;
const GIVE_UP_AFTER_MS = 60_000;
/** Parley's answer to a resume whose instance was displaced meanwhile: the client must not retry. */
const ERR_KICKED_WHILE_OFFLINE = 6208;

export class ResumeTracker {
  /** Clients logged in again after their latest drop, with the wall-clock time they made it. */
  readonly back = new Map<BenchClient, number>();
  readonly failed = new Set<BenchClient>();
  attempts = 0;
  /** Logins the server answered with an error (connect failures while it is down are not counted). */
  refused = 0;
  firstError: string | undefined;

  /** `sync`: after logging in again, also catch up (`syncEvents`) before counting the client back. */
  constructor(private readonly sync: boolean = false) {}

  arm(client: BenchClient): void {
    client.onDropped = () => {
      this.back.delete(client);
      // A client that cannot even load the SDK's backoff is a failed resume, not a crashed generator.
      this.#reconnect(client).catch((err: unknown) => {
        this.firstError ??= `reconnect: ${err instanceof Error ? err.message : String(err)}`;
        this.failed.add(client);
      });
    };
  }

  async #reconnect(client: BenchClient): Promise<void> {
    const giveUpAt = monoNow() + GIVE_UP_AFTER_MS;
    // A fresh backoff per drop, as the SDK resets its own after each successful login.
    const backoff = new (await sdkReconnect()).Reconnect();
    for (let attempt = 0; attempt < MAX_ATTEMPTS && monoNow() < giveUpAt && !client.stopped; attempt++) {
      await backoff.wait();
      this.attempts += 1;
      let { reply } = await client.login(true);
      if (reply.code === 0 && this.sync && client.socket) {
        const { op, data } = syncRequest(client.target.kind);
        reply = await client.socket.request(op, data);
      }
      if (reply.code === 0) {
        this.back.set(client, wallNow());
        return;
      }
      if (reply.code > 0) {
        this.refused += 1;
        this.firstError ??= `${reply.code} ${reply.desc}`;
      }
      client.dropSocket();
      if (reply.code === ERR_KICKED_WHILE_OFFLINE) break;
    }
    this.failed.add(client);
  }
}
