/**
 * The app's webhook receiver, as an app backend runs it, on loopback: it records every post and
 * answers each with what the test's `answer` says, so that tests can wait for a callback and steer
 * the before-hooks.
 */
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface PostedCallback {
  command: string;
  query: URLSearchParams;
  body: Record<string, unknown>;
}

/** The fields of the answer to one post (added to `ActionStatus: 'OK'`), or `'hang'` for none ever. */
export type CallbackAnswer = (command: string, body: Record<string, unknown>) => object | 'hang';

export interface CallbackReceiver {
  /** The callback URL to give the app. */
  readonly url: string;
  readonly posted: readonly PostedCallback[];
  /** Resolves with the first post, past or future, that passes `check`; fails after 10 s. */
  waitForPost(check: (p: PostedCallback) => boolean): Promise<PostedCallback>;
  close(): Promise<void>;
}

export async function startCallbackReceiver(
  answer: CallbackAnswer = () => ({ ErrorCode: 0 }),
): Promise<CallbackReceiver> {
  const posted: PostedCallback[] = [];
  const listeners = new Set<() => void>();
  const hanging: ServerResponse[] = [];
  const server = createServer((req, res) => {
    let raw = '';
    req.on('data', (chunk: Buffer) => {
      raw += chunk.toString();
    });
    req.on('end', () => {
      const query = new URL(req.url ?? '/', 'http://x').searchParams;
      const body = JSON.parse(raw) as Record<string, unknown>;
      const command = query.get('CallbackCommand') ?? '';
      posted.push({ command, query, body });
      for (const listener of [...listeners]) listener();
      const fields = answer(command, body);
      if (fields === 'hang') hanging.push(res);
      else res.end(JSON.stringify({ ActionStatus: 'OK', ErrorCode: 0, ErrorInfo: '', ...fields }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/im-callback`,
    posted,
    waitForPost(check) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('no such callback was posted')), 10_000);
        const look = () => {
          const found = posted.find(check);
          if (!found) return;
          clearTimeout(timer);
          listeners.delete(look);
          resolve(found);
        };
        listeners.add(look);
        look();
      });
    },
    async close() {
      for (const res of hanging) res.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
