/**
 * One client WebSocket: frame writing with backpressure, per-connection request limits, liveness,
 * and the single close funnel through which every ending passes exactly once.
 */
import type { KickReason, Platform, PushData, PushName, ReplyFrame } from '@parley/protocol';
import { CloseCode } from '@parley/protocol';
import type { WebSocket } from 'ws';
import type { InstanceAddress } from '../bus/bus.js';

/** Who a connection is once its login succeeded. */
export interface ConnectionIdentity extends InstanceAddress {
  platform: Platform;
  loginAt: number;
  /** Ticket expiry, Unix seconds. */
  userSigExpireAt: number;
}

export interface ConnectionLimits {
  /** Requests per second (token bucket refill) and burst size; beyond → 9506. */
  requestsPerSecond: number;
  requestBurst: number;
  /** Requests awaiting a reply; beyond → 9507. */
  maxInFlight: number;
  /** Bytes queued in the socket before the client is treated as too slow and closed (1013). */
  maxBufferedBytes: number;
}

export const DEFAULT_CONNECTION_LIMITS: ConnectionLimits = {
  requestsPerSecond: 50,
  requestBurst: 100,
  maxInFlight: 100,
  maxBufferedBytes: 8 * 1024 * 1024,
};

export type CloseListener = (connection: Connection, code: number, reason: string) => void;

let nextConnectionID = 1;

export class Connection {
  readonly id = nextConnectionID++;
  readonly openedAt: number;
  lastSeenAt: number;
  identity: ConnectionIdentity | undefined;
  /** Set when the instance no longer belongs to this connection (logout, kick, expiry, resumed elsewhere). */
  released = false;
  /** Why the server is closing this connection, for the state-change webhook. */
  kickReason: KickReason | undefined;
  /** Set when the server dropped the connection for silence (Disconnect `TimeOut`, not `LinkClose`). */
  timedOut = false;
  inFlight = 0;
  #tokens: number;
  #tokensAt: number;
  #closed = false;
  #closing = false;
  readonly #closeListeners: CloseListener[] = [];

  constructor(
    private readonly socket: WebSocket,
    /** Client IP address, for throttling and logs. */
    readonly address: string,
    private readonly limits: ConnectionLimits,
    private readonly now: () => number = Date.now,
  ) {
    this.openedAt = now();
    this.lastSeenAt = this.openedAt;
    this.#tokens = limits.requestBurst;
    this.#tokensAt = this.openedAt;
    socket.on('close', (code, reason) => this.#finish(code, reason.toString()));
    socket.on('error', () => this.close(CloseCode.INVALID_FRAME, 'socket error'));
  }

  get isOpen(): boolean {
    return !this.#closed;
  }

  onClose(listener: CloseListener): void {
    this.#closeListeners.push(listener);
  }

  /** Takes one request token; false when the client exceeds its request rate. */
  takeRequestToken(): boolean {
    const now = this.now();
    const refill = ((now - this.#tokensAt) / 1000) * this.limits.requestsPerSecond;
    this.#tokens = Math.min(this.limits.requestBurst, this.#tokens + refill);
    this.#tokensAt = now;
    if (this.#tokens < 1) return false;
    this.#tokens -= 1;
    return true;
  }

  get atInFlightLimit(): boolean {
    return this.inFlight >= this.limits.maxInFlight;
  }

  reply<D>(frame: ReplyFrame<D>, then?: () => void): void {
    this.#send(JSON.stringify(frame), then);
  }

  push<P extends PushName>(push: P, data: PushData<P>): void {
    this.#send(JSON.stringify({ push, data }));
  }

  /** Writes a frame serialised elsewhere (a push that arrived through the bus). */
  sendText(text: string): void {
    this.#send(text);
  }

  /** The one way a connection ends. Safe to call any number of times. */
  close(code: number, reason: string): void {
    if (this.#closed || this.#closing) return;
    this.#closing = true;
    this.socket.close(code, reason);
    // A peer that never answers the close handshake must not keep the socket (and its instance) alive.
    const killer = setTimeout(() => this.socket.terminate(), 2_000);
    killer.unref();
  }

  /** Drops the socket without a close handshake (dead peer). */
  terminate(): void {
    this.socket.terminate();
  }

  #corked = false;

  #send(text: string, then?: () => void): void {
    if (this.#closed || this.socket.readyState !== this.socket.OPEN) return;
    if (this.socket.bufferedAmount > this.limits.maxBufferedBytes) {
      this.close(CloseCode.TRY_AGAIN_LATER, 'client reads too slowly');
      return;
    }
    // Frames written in one turn of the event loop (a reply, pushes of other users' sends) leave in
    // one write of the socket instead of one each.
    const raw = (this.socket as unknown as { _socket?: { cork(): void; uncork(): void } })._socket;
    if (raw && !this.#corked) {
      this.#corked = true;
      raw.cork();
      process.nextTick(() => {
        this.#corked = false;
        raw.uncork();
      });
    }
    this.socket.send(text, then ? () => then() : undefined);
  }

  #finish(code: number, reason: string): void {
    if (this.#closed) return;
    this.#closed = true;
    for (const listener of this.#closeListeners) listener(this, code, reason);
  }
}
