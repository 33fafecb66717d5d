/**
 * One client connection as the load generator sees it, whatever the server: send a request and await
 * its reply, hear pushes, hear the close. Parley and the bare `ws` baseline speak the same JSON frames
 * over `ws`; the Socket.IO baseline carries the same frames in `emit('req', frame, ack)` and
 * `emit('push', frame)`.
 */

import { openSocketIo } from './socketio-socket.js';
import type { TargetAddress } from './tasks.js';
import { openWebSocket } from './ws-socket.js';

export interface Reply {
  id: number;
  code: number;
  desc: string;
  data?: unknown;
}

export interface Push {
  push: string;
  data?: unknown;
}

export interface BenchSocket {
  /** Sends `{id, op, data}`; resolves with the reply, or a reply with code -1 when the link dies first. */
  request(op: string, data: object, timeoutMs?: number): Promise<Reply>;
  /** Sends a request whose reply nobody awaits (heartbeats, fire-and-forget sends). */
  send(op: string, data: object): void;
  onPush: ((push: Push) => void) | undefined;
  /** Replies to `send`, which nobody awaits, so callers can still count refusals. */
  onUnawaitedReply: ((reply: Reply) => void) | undefined;
  onClose: ((code: number) => void) | undefined;
  /** Graceful by default (close handshake); `abrupt` drops the TCP connection at once. */
  close(abrupt?: boolean): void;
  readonly isOpen: boolean;
}

export function openSocket(
  target: TargetAddress,
  localAddress: string,
  timeoutMs: number,
): Promise<BenchSocket> {
  return target.kind === 'socketio'
    ? openSocketIo(target, localAddress, timeoutMs)
    : openWebSocket(target, localAddress, timeoutMs);
}
