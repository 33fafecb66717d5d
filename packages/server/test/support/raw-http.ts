/**
 * HTTP by hand, for tests of what a well-behaved client never sends: malformed request lines,
 * stalled bodies, forged Host headers.
 */
import { connect, type Socket } from 'node:net';

export interface RawExchange {
  /** Everything the server wrote until it closed the connection (or the wait ended). */
  readonly response: string;
  /** True when the server closed the connection; false when the wait ended first. */
  readonly closedByServer: boolean;
}

/**
 * Opens a connection to `port`, writes `request`, and collects the answer until the server closes
 * or `waitMs` passes (then the test's side closes).
 */
export function rawHttp(port: number, request: string | Buffer, waitMs = 5_000): Promise<RawExchange> {
  return new Promise((resolve, reject) => {
    const socket: Socket = connect(port, '127.0.0.1', () => socket.write(request));
    let response = '';
    socket.on('data', (chunk: Buffer) => {
      response += chunk.toString('latin1');
    });
    const timer = setTimeout(() => {
      socket.destroy();
      resolve({ response, closedByServer: false });
    }, waitMs);
    socket.on('close', () => {
      clearTimeout(timer);
      resolve({ response, closedByServer: true });
    });
    socket.on('error', (error: NodeJS.ErrnoException) => {
      // A reset after the server answered still counts as the server closing.
      if (error.code !== 'ECONNRESET') reject(error);
    });
  });
}
