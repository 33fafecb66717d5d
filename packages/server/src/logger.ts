/**
 * The structured log (pino). Tickets, keys and passwords never reach it: every finished line is
 * redacted (log-redaction.ts) whatever the spelling or depth of the member or URL parameter that
 * carries them, and a line that cannot be written is dropped rather than thrown at the caller, so
 * logging never takes the process down.
 */
import { type DestinationStream, type Logger, type LoggerOptions as PinoOptions, pino } from 'pino';
import type { LogLevel } from './config.js';
import { redactLine, redactUrl } from './log-redaction.js';

export { redactUrl } from './log-redaction.js';

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
      serializers: {
        err: serializeError,
        // Replaces fastify's request serializer: no headers, and no ticket in the query string.
        req: (req: RequestLike) => ({
          method: req.method,
          url: redactUrl(req.url ?? ''),
          remoteAddress: req.ip,
        }),
      },
      hooks: { logMethod: logSafely },
    },
    redacting(destination),
  );
}

/**
 * pino's error serializer without `rawPacket`: node's HTTP parser attaches the raw bytes of a
 * malformed request to its error, and fastify logs that error at trace; as a Buffer it would print
 * the request line (with any ticket in it) byte by byte, out of reach of the line redaction.
 */
function serializeError(error: Error): ReturnType<typeof pino.stdSerializers.err> {
  const serialized = pino.stdSerializers.err(error);
  delete serialized.rawPacket;
  return serialized;
}

/** Calls the log method; should serializing or writing the line throw, says so in a line instead. */
const logSafely: NonNullable<NonNullable<PinoOptions['hooks']>['logMethod']> = function (args, method) {
  try {
    method.apply(this, args);
  } catch (error) {
    try {
      method.call(
        this,
        { logError: error instanceof Error ? error.message : String(error) },
        'a log line was dropped',
      );
    } catch {
      // Nothing more can be said: losing a line beats losing the process.
    }
  }
};

/** The destination behind the line redaction; a write that throws loses the line only. */
function redacting(destination: DestinationStream): DestinationStream {
  return {
    write(line: string) {
      try {
        destination.write(redactLine(line));
      } catch {
        // A closed standard error must not crash the server.
      }
    },
  };
}
