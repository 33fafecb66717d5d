/**
 * The Socket.IO flavour of a bench socket. WebSocket transport only and no built-in reconnection:
 * long-polling would measure HTTP instead of WebSockets, and reconnects must follow the same backoff
 * as the other targets for the reconnect storm to compare like with like.
 */
import { io, type ManagerOptions, type SocketOptions } from 'socket.io-client';
import { PendingReplies } from './pending.js';
import type { BenchSocket, Push, Reply } from './socket.js';
import type { TargetAddress } from './tasks.js';

/** engine.io-client hands `localAddress` to `ws` but does not declare it in its option types. */
type ClientOptions = Partial<ManagerOptions & SocketOptions> & { localAddress: string };

export function openSocketIo(
  target: TargetAddress,
  localAddress: string,
  timeoutMs: number,
): Promise<BenchSocket> {
  return new Promise((resolve, reject) => {
    const options: ClientOptions = {
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
      timeout: timeoutMs,
      localAddress,
    };
    const client = io(`http://${target.host}:${target.port}`, options);
    const pending = new PendingReplies();
    let opened = false;
    const socket: BenchSocket = {
      request(op, data, requestTimeoutMs) {
        const { id, reply } = pending.take(requestTimeoutMs);
        client.emit('req', { id, op, data }, (answer: Reply) => pending.settle(answer));
        return reply;
      },
      send(op, data) {
        client.emit('req', { id: pending.nextID(), op, data }, (answer: Reply) =>
          socket.onUnawaitedReply?.(answer),
        );
      },
      onPush: undefined,
      onUnawaitedReply: undefined,
      onClose: undefined,
      close: () => {
        client.disconnect();
      },
      get isOpen() {
        return client.connected;
      },
    };
    client.on('push', (frame: Push) => socket.onPush?.(frame));
    client.once('connect', () => {
      opened = true;
      resolve(socket);
    });
    client.once('connect_error', (err) => {
      client.close();
      if (!opened) reject(err);
    });
    client.once('disconnect', (reason) => {
      pending.failAll(`disconnected: ${reason}`);
      // Socket.IO has no close codes; a server-side kick is 'io server disconnect', anything else is transient.
      socket.onClose?.(reason === 'io server disconnect' ? 4001 : 1006);
    });
  });
}
