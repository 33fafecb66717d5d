/**
 * One client WebSocket: frame writing with backpressure, per-connection request limits, liveness,
 * and the single close funnel through which every ending passes exactly once.
 */
import type { KickReason, Platform, PushData, PushName, ReplyFrame } from '@parley/protocol';
import { CloseCode } from '@parley/protocol';
import type { WebSocket } from 'ws';
import type { InstanceAddress } from '../bus/bus.js';
import { FrameBudget, type FrameBudgetLimits, type FrameVerdict } from './frame-budget.js';

/** Who a connection is once its login succeeded. */
export interface ConnectionIdentity extends InstanceAddress {
  platform: Platform;
  loginAt: number;
  /** Ticket expiry, Unix seconds. */
  userSigExpireAt: number;
}

export interface ConnectionLimits extends FrameBudgetLimits {
  /** Requests awaiting a reply; beyond → 9507. */
  maxInFlight: number;
  /** Bytes queued in the socket before the client is treated as too slow and closed (1013). */
  maxBufferedBytes: number;
}

export const DEFAULT_CONNECTION_LIMITS: ConnectionLimits = {
  requestsPerSecond: 50,
  requestBurst: 100,
  // A client that ignores a whole burst's worth of 9506 replies is not going to slow down.
  maxRateRefusals: 100,
  // An SDK newer than the server may call an op it lacks now and then; a stream of them is abuse.
  invalidBurst: 50,
  invalidPerSecond: 1,
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
  readonly #budget: FrameBudget;
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
    this.#budget = new FrameBudget(limits, now);
    socket.on('close', (code, reason) => this.#finish(code, reason.toString()));
    socket.on('error', () => this.close(CloseCode.INVALID_FRAME, 'socket error'));
  }

  get isOpen(): boolean {
    return !this.#closed;
  }

  onClose(listener: CloseListener): void {
    this.#closeListeners.push(listener);
  }

  /** Charges one frame, valid or not, against the request rate (frame-budget.ts). */
  chargeFrame(): FrameVerdict {
    return this.#budget.charge();
  }

  /** Records a refused frame; false when the client sent too many and should be closed. */
  chargeInvalidFrame(): boolean {
    return this.#budget.chargeInvalid();
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
