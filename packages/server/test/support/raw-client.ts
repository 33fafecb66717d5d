/**
 * A bare protocol client for tests that speak frames directly (no SDK), to check the server's
 * answers to well-formed and hostile input.
 */
import type { PushFrame, ReplyFrame } from '@parley/protocol';
import WebSocket from 'ws';

export interface RawClient {
  readonly socket: WebSocket;
  /** Sends a request and waits for the reply with the same id. */
  request<D = unknown>(op: string, data?: unknown): Promise<ReplyFrame<D>>;
  /** Sends raw text (for hostile-input tests). */
  sendText(text: string): void;
  /** Waits for the next reply with `id`, for frames sent with sendText. */
  replyTo(id: number | null): Promise<ReplyFrame>;
  nextPush(name: string): Promise<PushFrame>;
  /** Resolves with the close code and reason once the server closes. */
  readonly closed: Promise<{ code: number; reason: string }>;
  close(): void;
}

export async function connectRaw(url: string, options: { localAddress?: string } = {}): Promise<RawClient> {
  const socket = new WebSocket(url, options);
  const frames: (ReplyFrame | PushFrame)[] = [];
  const waiters: {
    match: (f: ReplyFrame | PushFrame) => boolean;
    resolve: (f: ReplyFrame | PushFrame) => void;
  }[] = [];
  const closed = new Promise<{ code: number; reason: string }>((resolve) => {
    socket.on('close', (code, reason) => resolve({ code, reason: reason.toString() }));
  });
  socket.on('message', (data) => {
    const frame = JSON.parse(data.toString()) as ReplyFrame | PushFrame;
    const index = waiters.findIndex((w) => w.match(frame));
    if (index >= 0) waiters.splice(index, 1)[0]?.resolve(frame);
    else frames.push(frame);
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  const waitFor = <F extends ReplyFrame | PushFrame>(
    match: (f: ReplyFrame | PushFrame) => boolean,
  ): Promise<F> => {
    const index = frames.findIndex(match);
    if (index >= 0) return Promise.resolve(frames.splice(index, 1)[0] as F);
    return new Promise((resolve) => waiters.push({ match, resolve: (f) => resolve(f as F) }));
  };
  let nextID = 1;
  return {
    socket,
    closed,
    request: (op, data) => {
      const id = nextID++;
      socket.send(JSON.stringify({ id, op, data }));
      return waitFor((f) => 'id' in f && f.id === id);
    },
    sendText: (text) => socket.send(text),
    replyTo: (id) => waitFor((f) => 'id' in f && f.id === id),
    nextPush: (name) => waitFor((f) => 'push' in f && f.push === name),
    close: () => socket.close(),
  };
}
