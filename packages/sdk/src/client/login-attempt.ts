/**
 * One connect-and-login attempt on a connection the session already created (so that it can close
 * it at any moment): wait for the socket, send `login`, read the reply. Staleness is re-checked after
 * each `await`; a stale or failed attempt closes its connection.
 */
import { DEFAULT_HEARTBEAT_INTERVAL_MS, type LoginRequest } from '@parley/protocol';
import type { Connection } from './connection.js';
import { isNetworkFailure } from './endings.js';

/** What a successful login reply tells the client. */
export interface LoginGrant {
  /** Server clock (ms) and when the request was sent (local ms), for the clock offset. */
  serverTime: number | undefined;
  sentAt: number;
  /** Ticket expiry (Unix seconds) as the server read it. */
  userSigExpireAt: number | undefined;
  heartbeatIntervalMs: number;
}

export type AttemptOutcome =
  | { kind: 'loggedIn'; grant: LoginGrant }
  | { kind: 'stale' }
  | { kind: 'network'; code: number; desc: string }
  | { kind: 'refused'; code: number; desc: string };

export interface AttemptOptions {
  timeoutMs: number;
  /** True once the session has moved on (logout, unInitSDK, another attempt). */
  isStale(): boolean;
  localNow(): number;
}

export async function attemptLogin(
  connection: Connection,
  request: LoginRequest,
  options: AttemptOptions,
): Promise<AttemptOutcome> {
  const opened = await connection.opened;
  if (options.isStale()) return abandon(connection);
  if (!opened.ok) return { kind: 'network', code: opened.code, desc: opened.desc };
  const sentAt = options.localNow();
  const reply = await connection.request('login', request, options.timeoutMs);
  if (options.isStale()) return abandon(connection);
  if (reply.code !== 0) {
    connection.close();
    return { kind: isNetworkFailure(reply.code) ? 'network' : 'refused', code: reply.code, desc: reply.desc };
  }
  const data = reply.data;
  const interval = data?.heartbeatIntervalMs;
  return {
    kind: 'loggedIn',
    grant: {
      serverTime: finite(data?.serverTime),
      sentAt,
      userSigExpireAt: finite(data?.userSigExpireAt),
      heartbeatIntervalMs:
        typeof interval === 'number' && interval > 0 ? interval : DEFAULT_HEARTBEAT_INTERVAL_MS,
    },
  };
}

function abandon(connection: Connection): AttemptOutcome {
  connection.close();
  return { kind: 'stale' };
}

function finite(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}
