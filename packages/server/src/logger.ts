/**
 * The structured log (pino). Tickets, keys and passwords never reach it: every key that can hold
 * one is redacted wherever it appears in the first levels of a logged object, and URLs are logged
 * without the REST API's `usersig` query parameter.
 */
import { type DestinationStream, type Logger, pino } from 'pino';
import type { LogLevel } from './config.js';

/** Keys whose values are secrets, in the spellings the protocol, the REST API and HTTP use. */
export const SECRET_KEYS = [
  'userSig',
  'usersig',
  'UserSig',
  'ticket',
  'secretKey',
  'secret_key',
  'key',
  'secret',
  'password',
  'authorization',
  'Authorization',
] as const;

/** How deep redaction looks for secret keys: `userSig`, `*.userSig`, `*.*.userSig`, `*.*.*.userSig`. */
const REDACT_DEPTH = 3;

/** pino redact paths for every secret key at every level up to `REDACT_DEPTH`. */
export const REDACT_PATHS: readonly string[] = SECRET_KEYS.flatMap((key) =>
  Array.from({ length: REDACT_DEPTH + 1 }, (_, depth) => [...Array<string>(depth).fill('*'), key].join('.')),
);

/** Query parameters that carry secrets (REST `usersig`, login.md §8). */
const SECRET_QUERY_PARAMS = new Set(['usersig', 'userSig', 'key', 'secretKey', 'ticket']);

/** A URL path and query with secret query parameters replaced by `[Redacted]`. */
export function redactUrl(url: string): string {
  const query = url.indexOf('?');
  if (query < 0) return url;
  const params = new URLSearchParams(url.slice(query + 1));
  let changed = false;
  for (const name of [...params.keys()]) {
    if (SECRET_QUERY_PARAMS.has(name)) {
      params.set(name, '[Redacted]');
      changed = true;
    }
  }
  return changed ? `${url.slice(0, query)}?${params.toString()}` : url;
}

interface RequestLike {
  method?: string;
  url?: string;
  ip?: string;
}

export interface LoggerOptions {
  level?: LogLevel;
  /** Where lines go; standard error by default so that standard output stays for command output. */
  destination?: DestinationStream;
}

/** Creates the server's logger. */
export function createLogger(options: LoggerOptions = {}): Logger {
  const destination = options.destination ?? pino.destination({ fd: 2, sync: true });
  return pino(
    {
      level: options.level ?? 'info',
      base: { pid: process.pid },
      redact: { paths: [...REDACT_PATHS], censor: '[Redacted]' },
      serializers: {
        err: pino.stdSerializers.err,
        // Replaces fastify's request serializer: no headers, and no ticket in the query string.
        req: (req: RequestLike) => ({
          method: req.method,
          url: redactUrl(req.url ?? ''),
          remoteAddress: req.ip,
        }),
      },
    },
    destination,
  );
}
