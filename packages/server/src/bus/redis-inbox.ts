/**
 * A node's inbox: one Redis stream per node that other nodes append events to (XADD) and the node
 * reads in order from its own position (XREAD BLOCK). Unlike pub/sub, an event appended while the
 * reader's connection is down waits in the stream, so a short Redis or network blip loses nothing;
 * MAXLEN bounds what a slow or dead node's stream can hold.
 */
import type { Redis } from 'ioredis';
import { type InboxMessage, parseInboxMessage } from './redis-records.js';

/** The one field of an inbox entry; its value is the JSON of an `InboxMessage`. */
const FIELD = 'm';
/** How long one XREAD waits for entries before asking again (also bounds a missed close). */
const BLOCK_MS = 2_000;
const BATCH = 256;
/** Pause after a failed read, so a Redis outage does not become a busy loop. */
const RETRY_MS = 250;

export interface InboxLimits {
  /** Entries kept per stream (approximate, `MAXLEN ~`). */
  maxLength: number;
  /** A stream nobody appends to or refreshes (its node died) is removed after this long. */
  ttlMs: number;
}

/**
 * Appends messages to nodes' inboxes. The messages posted in one turn of the event loop go in one
 * pipeline (one write to Redis, one reply to wait for), however many nodes and messages they are.
 */
export class InboxWriter {
  #pending = new Map<string, string[]>();
  #waiters: { resolve: () => void; reject: (error: unknown) => void }[] = [];

  constructor(
    private readonly redis: Redis,
    private readonly limits: InboxLimits,
  ) {}

  post(key: string, message: InboxMessage): Promise<void> {
    const entries = this.#pending.get(key);
    if (entries) entries.push(JSON.stringify(message));
    else this.#pending.set(key, [JSON.stringify(message)]);
    return new Promise((resolve, reject) => {
      this.#waiters.push({ resolve, reject });
      if (this.#waiters.length === 1) setImmediate(() => void this.#flush());
    });
  }

  async #flush(): Promise<void> {
    const pending = this.#pending;
    const waiters = this.#waiters;
    this.#pending = new Map();
    this.#waiters = [];
    const pipeline = this.redis.pipeline();
    for (const [key, entries] of pending) {
      for (const entry of entries)
        pipeline.xadd(key, 'MAXLEN', '~', this.limits.maxLength, '*', FIELD, entry);
      pipeline.pexpire(key, this.limits.ttlMs);
    }
    try {
      const results = (await pipeline.exec()) ?? [];
      const failed = results.find(([error]) => error !== null)?.[0];
      if (failed) throw failed;
      for (const waiter of waiters) waiter.resolve();
    } catch (error) {
      for (const waiter of waiters) waiter.reject(error);
    }
  }
}

/** Reads one node's inbox on a connection of its own (XREAD BLOCK holds the connection). */
export class InboxReader {
  #position = '0-0';
  #closing = false;
  #loop: Promise<void> | undefined;

  constructor(
    private readonly reader: Redis,
    private readonly key: string,
    private readonly deliver: (message: InboxMessage) => void,
    private readonly onError: (error: unknown) => void,
  ) {}

  /**
   * Starts after the newest entry already in the stream: those were addressed to a previous
   * process with the same node ID, whose connections are gone. Resolves once the position is known.
   */
  async start(): Promise<void> {
    const newest = await this.reader.xrevrange(this.key, '+', '-', 'COUNT', 1);
    this.#position = newest[0]?.[0] ?? '0-0';
    this.#loop = this.#run();
  }

  /** Stops reading; the caller then disconnects the reader's connection. */
  async close(): Promise<void> {
    this.#closing = true;
    this.reader.disconnect();
    await this.#loop;
  }

  async #run(): Promise<void> {
    while (!this.#closing) {
      try {
        const reply = await this.reader.xread(
          'COUNT',
          BATCH,
          'BLOCK',
          BLOCK_MS,
          'STREAMS',
          this.key,
          this.#position,
        );
        for (const [, entries] of reply ?? []) {
          for (const [id, fields] of entries) {
            this.#position = id;
            this.#handle(fields);
          }
        }
      } catch (error) {
        if (this.#closing) return;
        this.onError(error);
        await new Promise((resolve) => setTimeout(resolve, RETRY_MS));
      }
    }
  }

  #handle(fields: string[]): void {
    const at = fields.indexOf(FIELD);
    const text = at < 0 ? undefined : fields[at + 1];
    const message = text === undefined ? undefined : parseInboxMessage(text);
    if (message === undefined) {
      this.onError(new Error(`skipped a malformed entry of ${this.key}`));
      return;
    }
    try {
      this.deliver(message);
    } catch (error) {
      this.onError(error);
    }
  }
}
