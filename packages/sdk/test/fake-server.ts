/**
 * An in-process fake Parley server for the SDK's own tests (model-codebases guideline 14). It speaks
 * the wire protocol with scripted replies, records every frame the clients send, pushes and closes
 * on command, and can be stopped and started again on the same port. It checks no ticket.
 */
import type { AddressInfo } from 'node:net';
import type { LoginReply, LoginRequest } from '@parley/protocol';
import { type WebSocket, WebSocketServer } from 'ws';
import { Signal } from './signal.js';
import { ticketExpireAt } from './tickets.js';

/** A frame a client sent, with the number of the connection it came on (1-based, across restarts). */
export interface RecordedFrame {
  connection: number;
  id: number;
  op: string;
  data: Record<string, unknown>;
}

/** A reply to script: `null` sends nothing. */
export type ScriptedReply = { code: number; desc?: string; data?: unknown } | null;

/** Answers one request; may wait (a Promise) to hold the reply back. */
export type RequestHandler = (frame: RecordedFrame, peer: Peer) => ScriptedReply | Promise<ScriptedReply>;

/** One client connection as the server sees it. */
export interface Peer {
  readonly number: number;
  readonly socket: WebSocket;
  login: LoginRequest | undefined;
  push(name: string, data?: unknown): void;
  close(code: number, reason?: string): void;
}

/** Ops the SDK sends by itself after a login to catch up on messages and conversations. */
const SYNC_OPS: ReadonlySet<string> = new Set([
  'getConversations',
  'syncEvents',
  'ackEvents',
  'signalingSync',
]);

export class FakeServer {
  /** Every frame received, in order. */
  readonly frames: RecordedFrame[] = [];
  /** Connections accepted so far (across restarts). */
  connections = 0;
  /** Sockets currently open. */
  readonly peers = new Set<Peer>();
  /** Heartbeat interval announced in login replies. */
  heartbeatIntervalMs = 30_000;
  /** When false, pings get no reply (a dead link that keeps the socket open). */
  answerPings = true;
  /** Notified on every frame, connection and close. */
  readonly changed = new Signal();

  private readonly handlers = new Map<string, RequestHandler>();
  private wss: WebSocketServer | undefined;
  private listeningPort = 0;

  /** Starts on a free port (or the given one). */
  static async start(port = 0): Promise<FakeServer> {
    const server = new FakeServer();
    await server.listen(port);
    return server;
  }

  get port(): number {
    return this.listeningPort;
  }

  get url(): string {
    return `ws://127.0.0.1:${this.listeningPort}`;
  }

  /**
   * The ops of every frame received, in order, without the messaging sync the SDK runs after each
   * login (conversation list, timeline pull, acknowledgements): what the login tests look at.
   */
  sessionOps(): string[] {
    return this.frames.filter((frame) => !SYNC_OPS.has(frame.op)).map((frame) => frame.op);
  }

  /** Frames of one op, in order. */
  sent(op: string): RecordedFrame[] {
    return this.frames.filter((frame) => frame.op === op);
  }

  /** Replaces the handler of an op; `undefined` restores the default. */
  handle(op: string, handler: RequestHandler | undefined): void {
    if (handler) this.handlers.set(op, handler);
    else this.handlers.delete(op);
  }

  /** Pushes to every open connection. */
  pushAll(name: string, data: unknown = {}): void {
    for (const peer of this.peers) peer.push(name, data);
  }

  /** Closes every open connection with `code`. */
  closeAll(code: number, reason = ''): void {
    for (const peer of this.peers) peer.close(code, reason);
  }

  /** Waits until `check` holds, re-checking after every frame, connection and close. */
  until(check: () => boolean, what: string, timeoutMs = 5_000): Promise<void> {
    return this.changed.until(check, what, timeoutMs);
  }

  /** Waits for the `n`-th frame (1-based) of `op` and returns it. */
  async nth(op: string, n = 1, timeoutMs = 5_000): Promise<RecordedFrame> {
    await this.until(() => this.sent(op).length >= n, `${op} frame #${n}`, timeoutMs);
    return this.sent(op)[n - 1] as RecordedFrame;
  }

  /**
   * Stops listening. `drop` (default) cuts every socket without a close frame, as a crash or a
   * network loss would (the client sees 1006); a number closes them with that code (e.g. 1012).
   */
  async stop(how: 'drop' | number = 'drop'): Promise<void> {
    for (const peer of this.peers) {
      if (how === 'drop') peer.socket.terminate();
      else peer.close(how, 'stopping');
    }
    const wss = this.wss;
    this.wss = undefined;
    if (wss) await new Promise<void>((resolve) => wss.close(() => resolve()));
  }

  /** Starts again on the same port. */
  restart(): Promise<void> {
    return this.listen(this.listeningPort);
  }

  private listen(port: number): Promise<void> {
    return new Promise((resolve, reject) => {
      const wss = new WebSocketServer({ host: '127.0.0.1', port });
      wss.once('error', reject);
      wss.once('listening', () => {
        this.listeningPort = (wss.address() as AddressInfo).port;
        this.wss = wss;
        resolve();
      });
      wss.on('connection', (socket) => this.accept(socket));
    });
  }

  private accept(socket: WebSocket): void {
    this.connections++;
    const peer: Peer = {
      number: this.connections,
      socket,
      login: undefined,
      push: (name, data = {}) => socket.send(JSON.stringify({ push: name, data })),
      close: (code, reason = '') => socket.close(code, reason),
    };
    this.peers.add(peer);
    socket.on('message', (raw) => void this.receive(peer, String(raw)));
    socket.on('close', () => {
      this.peers.delete(peer);
      this.changed.notify();
    });
    this.changed.notify();
  }

  private async receive(peer: Peer, text: string): Promise<void> {
    const parsed = JSON.parse(text) as { id: number; op: string; data?: Record<string, unknown> };
    const frame: RecordedFrame = {
      connection: peer.number,
      id: parsed.id,
      op: parsed.op,
      data: parsed.data ?? {},
    };
    this.frames.push(frame);
    this.changed.notify();
    const handler = this.handlers.get(frame.op) ?? this.defaultHandler(frame.op);
    const reply = await handler(frame, peer);
    if (reply === null || peer.socket.readyState !== peer.socket.OPEN) return;
    peer.socket.send(
      JSON.stringify({ id: frame.id, code: reply.code, desc: reply.desc ?? '', data: reply.data }),
    );
    if (frame.op === 'logout' && reply.code === 0) peer.close(4003, 'logged out');
  }

  private defaultHandler(op: string): RequestHandler {
    switch (op) {
      case 'login':
        return (frame, peer) => {
          const request = frame.data as unknown as LoginRequest;
          peer.login = request;
          const reply: LoginReply = {
            userID: request.userID,
            instanceID: request.instanceID,
            resumed: request.resume === true,
            serverTime: Date.now(),
            userSigExpireAt: ticketExpireAt(request.userSig) ?? Math.floor(Date.now() / 1000) + 86_400,
            heartbeatIntervalMs: this.heartbeatIntervalMs,
            heartbeatTimeoutMs: this.heartbeatIntervalMs * 3,
          };
          return { code: 0, data: reply };
        };
      case 'logout':
        return () => ({ code: 0 });
      case 'ping':
      case 'time':
        return () =>
          op === 'ping' && !this.answerPings ? null : { code: 0, data: { serverTime: Date.now() } };
      default:
        return () => ({ code: 6014, desc: 'not logged in' });
    }
  }
}
