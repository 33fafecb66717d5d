/**
 * How many WebSockets the server holds, in total and per source address, checked at the upgrade,
 * before `ws` allocates anything for the connection. A socket counts from the moment it is admitted
 * until it closes, whether or not its handshake completes, so a flood of half-finished upgrades is
 * bounded as well.
 */
import type { Duplex } from 'node:stream';

export interface ConnectionCaps {
  /** WebSockets held at once; beyond → HTTP 503. */
  maxConnections: number;
  /** WebSockets held at once from one source address; beyond → HTTP 429. */
  maxConnectionsPerAddress: number;
}

export type Admission = { ok: true } | { ok: false; status: 429 | 503; reason: string };

/** Seconds a refused client is asked to wait before it tries again. */
const RETRY_AFTER_SECONDS = 5;

export class ConnectionLimiter {
  readonly #perAddress = new Map<string, number>();
  #total = 0;

  constructor(private readonly caps: ConnectionCaps) {}

  get total(): number {
    return this.#total;
  }

  /**
   * Admits a socket from `address` and holds its place until `socket` closes, or refuses it. The
   * place is released exactly once, whichever way the socket ends.
   */
  admit(address: string, socket: Duplex): Admission {
    if (this.#total >= this.caps.maxConnections) {
      return { ok: false, status: 503, reason: 'the server holds its maximum number of connections' };
    }
    const key = normalizeAddress(address);
    const held = this.#perAddress.get(key) ?? 0;
    if (held >= this.caps.maxConnectionsPerAddress) {
      return { ok: false, status: 429, reason: 'too many connections from this address' };
    }
    this.#perAddress.set(key, held + 1);
    this.#total += 1;
    socket.once('close', () => this.#release(key));
    return { ok: true };
  }

  #release(key: string): void {
    this.#total -= 1;
    const held = (this.#perAddress.get(key) ?? 1) - 1;
    if (held <= 0) this.#perAddress.delete(key);
    else this.#perAddress.set(key, held);
  }
}

/** `::ffff:10.0.0.1` and `10.0.0.1` are one client: a dual-stack listener reports either. */
export function normalizeAddress(address: string): string {
  return address.startsWith('::ffff:') && address.includes('.') ? address.slice('::ffff:'.length) : address;
}

const STATUS_TEXT: Readonly<Record<number, string>> = {
  404: 'Not Found',
  429: 'Too Many Requests',
  503: 'Service Unavailable',
};

/**
 * Refuses an upgrade with a complete HTTP response (status, length, type, `Connection: close`, and
 * `Retry-After` for the refusals that pass), then ends the socket: a bare status line leaves
 * clients and proxies guessing when the body ends.
 */
export function refuseUpgrade(socket: Duplex, status: number, reason: string): void {
  const body = `${reason}\n`;
  const headers = [
    `HTTP/1.1 ${status} ${STATUS_TEXT[status] ?? 'Error'}`,
    'Connection: close',
    'Content-Type: text/plain; charset=utf-8',
    `Content-Length: ${Buffer.byteLength(body)}`,
    ...(status === 429 || status === 503 ? [`Retry-After: ${RETRY_AFTER_SECONDS}`] : []),
  ];
  if (socket.writable) socket.end(`${headers.join('\r\n')}\r\n\r\n${body}`);
  else socket.destroy();
}
