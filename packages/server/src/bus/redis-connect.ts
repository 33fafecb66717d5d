/**
 * The three Redis connections of a node's bus: one for commands, one for the inbox's blocking
 * reads (XREAD BLOCK holds its connection) and one subscribed to the broadcast channel (a
 * subscribed connection can run nothing else). Connecting fails fast with `RedisUnavailableError`, so
 * a node with an unreachable Redis stops at start instead of running without its shared state.
 */
import { Redis } from 'ioredis';
import { RedisUnavailableError } from './redis-errors.js';

export interface RedisConnectOptions {
  url: string;
  /** Shown in Redis `CLIENT LIST` as `parley:<nodeID>:commands` and `…:inbox`. */
  nodeID: string;
  /** Connection failures after the start (ioredis reconnects by itself); for logging. */
  onError?: (error: unknown, context: string) => void;
}

export interface RedisConnections {
  commands: Redis;
  inbox: Redis;
  notices: Redis;
}

export async function connectRedis(options: RedisConnectOptions): Promise<RedisConnections> {
  const connect = (role: 'commands' | 'inbox' | 'notices'): Redis =>
    new Redis(options.url, {
      lazyConnect: true,
      // How long `disconnect()` waits for the socket to end (default 2 s); it also holds a process
      // that failed to start for that long before it can exit.
      disconnectTimeout: 200,
      connectionName: `parley:${options.nodeID}:${role}`,
      // Commands issued in the same tick go out as one pipeline: many small sends, few round trips.
      enableAutoPipelining: role === 'commands',
      // The inbox reader waits out an outage instead of failing its blocked read.
      ...(role === 'commands' ? {} : { maxRetriesPerRequest: null }),
    });
  const connections: RedisConnections = {
    commands: connect('commands'),
    inbox: connect('inbox'),
    notices: connect('notices'),
  };
  // ioredis reports connection failures as events; without a listener it prints them. The last one
  // explains a failed start better than the "Connection is closed" that `connect()` rejects with.
  let lastError: unknown;
  for (const connection of Object.values(connections)) {
    connection.on('error', (error: unknown) => {
      lastError = error;
      options.onError?.(error, 'redis connection');
    });
  }
  try {
    await Promise.all(Object.values(connections).map((connection) => connection.connect()));
  } catch (error) {
    for (const connection of Object.values(connections)) connection.disconnect();
    const cause = lastError ?? error;
    throw new RedisUnavailableError(`cannot reach Redis at ${redactUrl(options.url)}: ${describe(cause)}`, {
      cause,
    });
  }
  return connections;
}

/** The URL without its password, for error messages. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password !== '') parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'the configured URL';
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
