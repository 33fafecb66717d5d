/**
 * Test support for callbacks: a real HTTP receiver on an ephemeral port that records what it is
 * sent and answers as a test tells it, and a way to wait for the dispatcher's reports.
 */
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { DeliveryReport, WebhookDispatcher } from './dispatcher.js';

/** One request the receiver got. */
export interface ReceivedCallback {
  method: string;
  /** The path without the query. */
  path: string;
  /** The query parameters, in the order they came. */
  query: [string, string][];
  headers: IncomingHttpHeaders;
  /** The body parsed as JSON (`undefined` when it was not JSON). */
  body: unknown;
  /** The body as sent. */
  text: string;
}

/** How to answer one request: a status and body, or never (the connection is held open). */
export type CallbackAnswer = { status: number; body?: string } | 'hang';

/** The reply of a receiver that took the callback. */
export const CALLBACK_OK = JSON.stringify({ ActionStatus: 'OK', ErrorCode: 0, ErrorInfo: '' });

/** How long `waitFor` waits by default before failing the test with what it did get. */
const DEFAULT_WAIT_MS = 10_000;

export interface CallbackReceiver {
  /** The URL to configure as the app's callback URL. */
  readonly url: string;
  /** Everything received so far, in arrival order. */
  readonly received: readonly ReceivedCallback[];
  /** Decides the answer to each request; `index` counts from 0. Default: 200 with `CALLBACK_OK`. */
  answer(decide: (request: ReceivedCallback, index: number) => CallbackAnswer): void;
  /** Resolves with the first request (already received or still to come) that `matches`. */
  waitFor(matches: (request: ReceivedCallback) => boolean, timeoutMs?: number): Promise<ReceivedCallback>;
  /** Stops listening and drops held connections. */
  close(): Promise<void>;
}

/** Starts a receiver on 127.0.0.1 at a free port; `path` (with an optional query) is part of its URL. */
export async function startCallbackReceiver(path = '/callback'): Promise<CallbackReceiver> {
  const received: ReceivedCallback[] = [];
  const waiters: {
    matches: (request: ReceivedCallback) => boolean;
    resolve: (r: ReceivedCallback) => void;
  }[] = [];
  let decide: (request: ReceivedCallback, index: number) => CallbackAnswer = () => ({
    status: 200,
    body: CALLBACK_OK,
  });

  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const url = new URL(request.url ?? '/', 'http://receiver');
      const callback: ReceivedCallback = {
        method: request.method ?? '',
        path: url.pathname,
        query: [...url.searchParams.entries()],
        headers: request.headers,
        body: parseJson(text),
        text,
      };
      const index = received.length;
      received.push(callback);
      const answer = decide(callback, index);
      if (answer !== 'hang') {
        response.writeHead(answer.status, { 'Content-Type': 'application/json' });
        response.end(answer.body ?? '');
      }
      for (const waiter of [...waiters]) {
        if (waiter.matches(callback)) {
          waiters.splice(waiters.indexOf(waiter), 1);
          waiter.resolve(callback);
        }
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}${path}`,
    received,
    answer(next) {
      decide = next;
    },
    waitFor(matches, timeoutMs = DEFAULT_WAIT_MS) {
      const found = received.find(matches);
      if (found) return Promise.resolve(found);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters.splice(waiters.indexOf(waiter), 1);
          const got = received.map((r) => r.text).join('\n');
          reject(new Error(`no matching callback within ${timeoutMs} ms; received:\n${got || '(nothing)'}`));
        }, timeoutMs);
        const waiter = {
          matches,
          resolve: (request: ReceivedCallback) => {
            clearTimeout(timer);
            resolve(request);
          },
        };
        waiters.push(waiter);
      });
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/**
 * Resolves with the dispatcher's next `count` reports that `matches`, counted from this call on:
 * call it before recording the events it waits for.
 */
export function waitForReports(
  dispatcher: WebhookDispatcher,
  matches: (report: DeliveryReport) => boolean,
  count = 1,
  timeoutMs = DEFAULT_WAIT_MS,
): Promise<DeliveryReport[]> {
  const seen: DeliveryReport[] = [];
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      unsubscribe();
      reject(new Error(`${seen.length} of ${count} matching webhook reports within ${timeoutMs} ms`));
    }, timeoutMs);
    const unsubscribe = dispatcher.onReport((report) => {
      if (!matches(report)) return;
      seen.push(report);
      if (seen.length < count) return;
      clearTimeout(timer);
      unsubscribe();
      resolve(seen);
    });
  });
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
