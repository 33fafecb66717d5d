/**
 * WebSocket at the byte level, for hostile-client tests that a WebSocket library will not let one
 * write: half-sent frames, upgrades whose refusal must be read as HTTP text.
 */
import { randomBytes } from 'node:crypto';
import { connect, type Socket } from 'node:net';

export interface UpgradeResult {
  socket: Socket;
  /** The HTTP response head (status line and headers), and whatever followed it so far. */
  head: string;
  status: number;
}

/**
 * Opens a TCP connection and sends a WebSocket upgrade request to `/`. Resolves with the response
 * head once it arrived; the socket stays open when the upgrade succeeded (status 101).
 */
export function rawUpgrade(port: number, options: { localAddress?: string } = {}): Promise<UpgradeResult> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port, ...options });
    let received = '';
    const onData = (chunk: Buffer) => {
      received += chunk.toString('latin1');
      const end = received.indexOf('\r\n\r\n');
      if (end < 0) return;
      socket.off('data', onData);
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(received)?.[1] ?? 0);
      // Read the body of a refusal too: it arrives with the head or right after it.
      if (status !== 101) {
        socket.on('data', (more: Buffer) => {
          received += more.toString('latin1');
        });
        socket.once('close', () => resolve({ socket, head: received, status }));
      } else {
        resolve({ socket, head: received, status });
      }
    };
    socket.on('data', onData);
    socket.once('error', reject);
    socket.once('connect', () => {
      socket.write(
        [
          'GET / HTTP/1.1',
          `Host: 127.0.0.1:${port}`,
          'Upgrade: websocket',
          'Connection: Upgrade',
          `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}`,
          'Sec-WebSocket-Version: 13',
          '',
          '',
        ].join('\r\n'),
      );
    });
  });
}

/**
 * The head of a masked client text frame announcing `payloadLength` bytes. The mask key is zero,
 * so payload bytes go on the wire as they are.
 */
export function textFrameHeader(payloadLength: number): Buffer {
  if (payloadLength < 126) return Buffer.from([0x81, 0x80 | payloadLength, 0, 0, 0, 0]);
  if (payloadLength < 65_536) {
    const head = Buffer.alloc(8);
    head[0] = 0x81;
    head[1] = 0x80 | 126;
    head.writeUInt16BE(payloadLength, 2);
    return head;
  }
  const head = Buffer.alloc(14);
  head[0] = 0x81;
  head[1] = 0x80 | 127;
  head.writeBigUInt64BE(BigInt(payloadLength), 2);
  return head;
}

/** Resolves when the server closed the socket (or after `ms`, with `false`). */
export function socketClosed(socket: Socket, ms: number): Promise<boolean> {
  if (socket.destroyed || socket.readableEnded) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), ms);
    const done = () => {
      clearTimeout(timer);
      resolve(true);
    };
    socket.once('close', done);
    socket.once('end', done);
  });
}
