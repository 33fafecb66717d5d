/**
 * One simulated user device: a ticket, an instanceID kept across reconnects, and at most one socket.
 * Logging in means the same frame for every target (the baselines ignore the ticket but still parse
 * the same bytes), so the login storm compares connection handling, not payload sizes.
 */
import { randomBytes } from 'node:crypto';
import { monoNow } from './clock.js';
import { type BenchSocket, openSocket, type Reply } from './socket.js';
import type { TargetAddress } from './tasks.js';

/** Connect and handshake timeout; a storm that needs longer than this is a failure worth seeing. */
const CONNECT_TIMEOUT_MS = 10_000;

export class BenchClient {
  socket: BenchSocket | undefined;
  readonly instanceID = randomBytes(9).toString('base64url');
  loggedIn = false;
  /** Set once the client must stop: kicked, logged out, or closed on purpose by the generator. */
  stopped = false;
  /** When the last login frame left, so a kick can be timed from the second device's request. */
  loginSentAt = 0;
  /** Called when a logged-in socket drops while the client still wants to be online. */
  onDropped: (() => void) | undefined;

  constructor(
    readonly target: TargetAddress,
    readonly userID: string,
    readonly ticket: string,
    readonly localAddress: string,
  ) {}

  /** Opens a socket and logs in on it; a failed connect comes back as a reply with code -1. */
  async login(resume: boolean): Promise<{ reply: Reply; latencyMs: number }> {
    const t0 = monoNow();
    let socket: BenchSocket;
    try {
      socket = await openSocket(this.target, this.localAddress, CONNECT_TIMEOUT_MS);
    } catch (err) {
      return { reply: { id: 0, code: -1, desc: `connect: ${String(err)}` }, latencyMs: monoNow() - t0 };
    }
    this.socket = socket;
    socket.onClose = () => {
      const wasIn = this.loggedIn;
      this.loggedIn = false;
      if (wasIn && !this.stopped && this.socket === socket) this.onDropped?.();
    };
    this.loginSentAt = monoNow();
    const reply = await socket.request('login', {
      sdkAppID: this.target.sdkAppID,
      userID: this.userID,
      userSig: this.ticket,
      platform: 'web',
      instanceID: this.instanceID,
      resume,
      protocolVersion: 1,
    });
    this.loggedIn = reply.code === 0;
    return { reply, latencyMs: monoNow() - t0 };
  }

  /** Parley keeps a dropped instance resumable for minutes; a logout frees it before the next run. */
  async logout(): Promise<void> {
    const socket = this.socket;
    if (socket?.isOpen && this.loggedIn && this.target.kind === 'parley') {
      await socket.request('logout', {}, 5_000);
    }
    this.close();
  }

  /** Drops the socket but stays willing to log in again (a failed reconnect attempt). */
  dropSocket(): void {
    this.loggedIn = false;
    const socket = this.socket;
    this.socket = undefined;
    socket?.close(true);
  }

  close(): void {
    this.stopped = true;
    this.loggedIn = false;
    this.socket?.close();
    this.socket = undefined;
  }
}
