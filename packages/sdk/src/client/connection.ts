/**
 * One WebSocket to the server: opening with a timeout, request/reply by id with a timeout, pushes,
 * and one close funnel. Every ending — the server's close, a socket error, a local close, a connect
 * timeout — goes through `finish`, which fails the waiting requests with 9508 and reports the close
 * exactly once. The connection knows nothing about login; the session decides what a close means.
 */
import { CloseCode, ErrorCode, type Op, type ReplyData, type RequestData } from '@parley/protocol';
import { WEBSOCKET_OPEN, type WebSocketConstructor, type WebSocketLike } from '../transport.js';
import type { V2TimValueCallback } from '../types.js';
import { type IncomingPush, messageText, readServerFrame } from './frames.js';
import type { Log } from './log.js';
import { fail } from './results.js';

/** How a connection ended. `local` is true when this side closed it. */
export interface ConnectionClose {
  code: number;
  reason: string;
  local: boolean;
}

/** The outcome of opening: open, or failed (9508) or timed out (9510). */
export type OpenResult = { ok: true } | { ok: false; code: number; desc: string };

export interface ConnectionOptions {
  url: string;
  WebSocket: WebSocketConstructor;
  connectTimeoutMs: number;
  log: Log;
}

interface PendingRequest {
  op: Op;
  timer: ReturnType<typeof setTimeout>;
  resolve(result: V2TimValueCallback<unknown>): void;
}

const noop = () => {};

export class Connection {
  /** Called for every push while the connection is open. */
  onPush: (push: IncomingPush) => void = noop;
  /** Called once when an opened connection ends, whoever ended it. */
  onClose: (close: ConnectionClose) => void = noop;
  /** Settles once: open, or why not. Closing a connection that is still opening settles it as failed. */
  readonly opened: Promise<OpenResult>;
  readonly url: string;

  private nextID = 1;
  private readonly pending = new Map<number, PendingRequest>();
  private finished = false;
  private opening: ((result: OpenResult) => void) | undefined;
  private readonly connectTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly socket: WebSocketLike | undefined;
  private readonly log: Log;

  /** Starts opening a socket to `options.url`; never throws (a constructor error fails `opened`). */
  constructor(options: ConnectionOptions) {
    this.url = options.url;
    this.log = options.log;
    this.opened = new Promise((resolve) => {
      this.opening = resolve;
    });
    try {
      this.socket = new options.WebSocket(options.url);
    } catch (error) {
      this.finished = true;
      this.settleOpen({
        ok: false,
        code: ErrorCode.ERR_SDK_NET_DISCONNECT,
        desc: `cannot connect: ${String(error)}`,
      });
      return;
    }
    const socket = this.socket;
    this.connectTimer = setTimeout(() => {
      this.settleOpen({
        ok: false,
        code: ErrorCode.ERR_SDK_NET_CONNECT_TIMEOUT,
        desc: `connecting to ${options.url} timed out after ${options.connectTimeoutMs} ms`,
      });
      this.close();
    }, options.connectTimeoutMs);
    socket.onopen = () => {
      if (this.connectTimer !== undefined) clearTimeout(this.connectTimer);
      this.settleOpen({ ok: true });
    };
    socket.onmessage = (event) => this.receive(event.data);
    socket.onclose = (event) => this.finish(event.code, event.reason, false);
    // Browsers follow an error with a close; ws does too. Either way the socket is done.
    socket.onerror = () => this.finish(1006, 'socket error', false);
  }

  /** True until the connection ended. */
  get isOpen(): boolean {
    return !this.finished && this.socket?.readyState === WEBSOCKET_OPEN;
  }

  /**
   * Sends a request and resolves with the reply as a result object; never rejects. A missing reply
   * gives 9520 after `timeoutMs`, a closed connection 9508.
   */
  request<O extends Op>(
    op: O,
    data: RequestData<O>,
    timeoutMs: number,
  ): Promise<V2TimValueCallback<ReplyData<O>>> {
    if (!this.isOpen) return Promise.resolve(fail(ErrorCode.ERR_SDK_NET_DISCONNECT));
    const id = this.nextID++;
    return new Promise<V2TimValueCallback<unknown>>((resolve) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        resolve(fail(ErrorCode.ERR_SDK_NET_WAIT_ACK_TIMEOUT, `no reply to ${op} within ${timeoutMs} ms`));
      }, timeoutMs);
      this.pending.set(id, { op, timer, resolve });
      try {
        this.socket?.send(JSON.stringify({ id, op, data }));
      } catch (error) {
        clearTimeout(timer);
        this.pending.delete(id);
        resolve(fail(ErrorCode.ERR_SDK_NET_DISCONNECT, `cannot send ${op}: ${String(error)}`));
      }
      // The server's reply data for a successful op is its documented reply type.
    }) as Promise<V2TimValueCallback<ReplyData<O>>>;
  }

  /** Closes the connection from this side. Idempotent; `onClose` reports `local: true`. */
  close(code: number = CloseCode.NORMAL, reason = ''): void {
    if (this.finished || !this.socket) return;
    try {
      // A socket still connecting accepts no close code in every runtime.
      if (this.socket.readyState === 0) this.socket.close();
      else this.socket.close(code, reason);
    } catch (error) {
      this.log.debug(`closing ${this.url}: ${String(error)}`);
    }
    this.finish(code, reason, true);
  }

  private receive(data: unknown): void {
    if (this.finished) return;
    const text = messageText(data);
    const incoming = text === undefined ? undefined : readServerFrame(text);
    if (!incoming) {
      this.log.warn(`ignoring an unreadable frame from ${this.url}`);
      return;
    }
    if (incoming.kind === 'push') {
      this.onPush(incoming.frame);
      return;
    }
    const waiting = this.pending.get(incoming.frame.id);
    if (!waiting) return; // a late reply to a request that already timed out
    this.pending.delete(incoming.frame.id);
    clearTimeout(waiting.timer);
    waiting.resolve(incoming.frame);
  }

  private settleOpen(result: OpenResult): void {
    const resolve = this.opening;
    this.opening = undefined;
    resolve?.(result);
  }

  private finish(code: number, reason: string, local: boolean): void {
    if (this.finished || !this.socket) return;
    this.finished = true;
    if (this.connectTimer !== undefined) clearTimeout(this.connectTimer);
    // Keep handlers installed (as no-ops): ws throws on an 'error' event nobody listens to.
    this.socket.onopen = noop;
    this.socket.onmessage = noop;
    this.socket.onclose = noop;
    this.socket.onerror = noop;
    for (const [id, waiting] of this.pending) {
      clearTimeout(waiting.timer);
      this.pending.delete(id);
      waiting.resolve(
        fail(
          ErrorCode.ERR_SDK_NET_DISCONNECT,
          `connection closed (${code}) before ${waiting.op} was answered`,
        ),
      );
    }
    if (this.opening) {
      this.settleOpen({
        ok: false,
        code: ErrorCode.ERR_SDK_NET_DISCONNECT,
        desc: `cannot connect to ${this.url} (${code})`,
      });
      return;
    }
    this.onClose({ code, reason, local });
  }
}
