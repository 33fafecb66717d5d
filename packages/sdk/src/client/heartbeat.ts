/**
 * The ping watchdog of one logged-in connection. The server drops a connection that stays silent for
 * `heartbeatTimeoutMs`, so the client pings every `heartbeatIntervalMs` (both from the login reply).
 * A ping left unanswered for `min(10 s, interval)` means the link is dead even if the socket has not
 * noticed (a sleeping laptop, a NAT that forgot us): the connection is closed with 4500 and the
 * session reconnects as for any transient close.
 */
import { CloseCode, ErrorCode } from '@parley/protocol';
import type { Connection } from './connection.js';

/** Longest wait for a ping's reply. */
export const MAX_PING_WAIT_MS = 10_000;

export class Heartbeat {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private connection: Connection | undefined;

  /**
   * @param onServerTime called with each ping reply's server time (ms) and the local send time.
   */
  constructor(
    private readonly localNow: () => number,
    private readonly onServerTime: (serverTimeMs: number, sentAt: number) => void,
  ) {}

  start(connection: Connection, intervalMs: number): void {
    this.stop();
    this.connection = connection;
    const waitMs = Math.min(MAX_PING_WAIT_MS, intervalMs);
    const beat = () => {
      this.timer = setTimeout(async () => {
        this.timer = undefined;
        if (this.connection !== connection || !connection.isOpen) return;
        const sentAt = this.localNow();
        const reply = await connection.request('ping', {}, waitMs);
        if (this.connection !== connection) return;
        if (reply.code === ErrorCode.ERR_SDK_NET_WAIT_ACK_TIMEOUT) {
          connection.close(CloseCode.HEARTBEAT_TIMEOUT, 'ping timeout');
          return;
        }
        if (reply.code === 0 && reply.data) this.onServerTime(reply.data.serverTime, sentAt);
        beat();
      }, intervalMs);
    };
    beat();
  }

  stop(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    this.connection = undefined;
  }
}
