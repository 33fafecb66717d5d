/** The bench socket for Parley and the bare `ws` baseline: JSON frames straight over `ws`. */
import { WebSocket } from 'ws';
import { PendingReplies } from './pending.js';
import type { BenchSocket, Push, Reply } from './socket.js';
import type { TargetAddress } from './tasks.js';

export function openWebSocket(
  target: TargetAddress,
  localAddress: string,
  timeoutMs: number,
): Promise<BenchSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://${target.host}:${target.port}/`, {
      localAddress,
      perMessageDeflate: false,
      handshakeTimeout: timeoutMs,
    });
    const pending = new PendingReplies();
    const socket: BenchSocket = {
      request(op, data, requestTimeoutMs) {
        const { id, reply } = pending.take(requestTimeoutMs);
        ws.send(JSON.stringify({ id, op, data }));
        return reply;
      },
      send(op, data) {
        ws.send(JSON.stringify({ id: pending.nextID(), op, data }));
      },
      onPush: undefined,
      onUnawaitedReply: undefined,
      onClose: undefined,
      close: (abrupt = false) => (abrupt ? ws.terminate() : ws.close(1000)),
      get isOpen() {
        return ws.readyState === WebSocket.OPEN;
      },
    };
    ws.on('message', (raw) => {
      const frame = JSON.parse(raw.toString()) as Reply | Push;
      if ('push' in frame) socket.onPush?.(frame);
      else if (!pending.settle(frame)) socket.onUnawaitedReply?.(frame);
    });
    ws.once('open', () => resolve(socket));
    ws.once('error', (err) => reject(err));
    ws.on('error', () => {
      // After open an error is always followed by 'close', where the client reacts.
    });
    ws.once('close', (code) => {
      pending.failAll(`closed ${code}`);
      socket.onClose?.(code);
    });
  });
}
