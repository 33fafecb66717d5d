/**
 * The WebSocket gateway: accepts upgrades on `/` and `/ws` of the HTTP server, reads frames,
 * enforces the door checks (size, rate, in-flight, login-first, liveness), and dispatches each
 * request to the op table (session/op-table.ts). It knows frames and connections only: which ops
 * exist and what they do is registered by the session layer and the features (server.ts).
 */
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { CloseCode, describeError, ErrorCode, PRE_LOGIN_OPS, type ReplyFrame } from '@parley/protocol';
import type { Logger } from 'pino';
import { WebSocketServer } from 'ws';
import type { GatewayConfig } from '../config.js';
import type { SessionMetrics } from '../session/metrics.js';
import type { OpTable } from '../session/op-table.js';
import type { SessionService } from '../session/sessions.js';
import { Connection, DEFAULT_CONNECTION_LIMITS } from './connection.js';
import { ConnectionLimiter, refuseUpgrade } from './connection-limits.js';
import { readFrame } from './frame-reader.js';
import { PRE_LOGIN_MAX_FRAME_BYTES, PreLoginGuard } from './pre-login-guard.js';

const WEBSOCKET_PATHS = new Set(['/', '/ws']);

export interface GatewayDeps {
  server: Server;
  config: GatewayConfig;
  logger: Logger;
  /** Every op a client may send, with its handler. */
  ops: Pick<OpTable, 'dispatch' | 'schemaOf'>;
  /** Told when a connection ends, so its instance is marked disconnected. */
  sessions: Pick<SessionService, 'connectionClosed'>;
  metrics: Pick<SessionMetrics, 'connections'>;
  now?: () => number;
}

export interface Gateway {
  /** Tells every client to reconnect elsewhere (close 1012) and waits for their sockets to close. */
  close(): Promise<void>;
}

export function createGateway(deps: GatewayDeps): Gateway {
  const { config, logger, ops, sessions, metrics } = deps;
  const now = deps.now ?? Date.now;
  const connections = new Set<Connection>();
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: config.maxFrameBytes,
    perMessageDeflate: false,
  });
  let draining = false;

  const limiter = new ConnectionLimiter(config);

  const onUpgrade = (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    const path = (request.url ?? '/').split('?')[0] ?? '/';
    if (draining || !WEBSOCKET_PATHS.has(path)) {
      refuseUpgrade(
        socket,
        draining ? 503 : 404,
        draining ? 'the server is restarting' : 'no WebSocket here',
      );
      return;
    }
    const admission = limiter.admit(request.socket.remoteAddress ?? 'unknown', socket);
    if (!admission.ok) {
      refuseUpgrade(socket, admission.status, admission.reason);
      return;
    }
    wss.handleUpgrade(request, socket, head, (ws) => {
      const connection = new Connection(
        ws,
        request.socket.remoteAddress ?? 'unknown',
        DEFAULT_CONNECTION_LIMITS,
        now,
      );
      const guard = new PreLoginGuard(
        request.socket,
        () => connection.identity !== undefined,
        () => connection.close(CloseCode.FRAME_TOO_LARGE, preLoginTooLarge),
      );
      connections.add(connection);
      metrics.connections.set(connections.size);
      connection.onClose((c) => {
        connections.delete(c);
        metrics.connections.set(connections.size);
        sessions.connectionClosed(c);
      });
      ws.on('message', (data, isBinary) => {
        connection.lastSeenAt = now();
        if (!guard.frameReceived(byteLength(data))) {
          connection.close(CloseCode.FRAME_TOO_LARGE, preLoginTooLarge);
          return;
        }
        if (isBinary) {
          connection.close(CloseCode.INVALID_FRAME, 'binary frames are not supported');
          return;
        }
        onText(connection, data.toString());
      });
    });
  };
  deps.server.on('upgrade', onUpgrade);

  const onText = (connection: Connection, text: string) => {
    // Every frame spends the request budget before any work on it, refused frames included: a
    // refusal costs the server about what an answer does.
    const verdict = connection.chargeFrame();
    if (verdict === 'close') {
      connection.close(CloseCode.OVERLOAD, 'too many requests');
      return;
    }
    const read = readFrame(text, (op) => ops.schemaOf(op));
    if (read.kind === 'close') {
      connection.close(CloseCode.INVALID_FRAME, read.reason);
      return;
    }
    if (verdict === 'rate-limited') {
      connection.reply(
        errorReply(read.kind === 'reject' ? read.id : read.frame.id, ErrorCode.ERR_SDK_NET_FREQ_LIMIT),
      );
      return;
    }
    if (read.kind === 'reject') {
      if (!connection.chargeInvalidFrame()) {
        connection.close(CloseCode.INVALID_FRAME, 'too many invalid frames');
        return;
      }
      connection.reply({ id: read.id, code: read.code, desc: read.desc });
      return;
    }
    const { frame } = read;
    if (connection.atInFlightLimit) {
      connection.reply(errorReply(frame.id, ErrorCode.ERR_SDK_NET_REQ_COUNT_LIMIT));
      return;
    }
    if (!connection.identity && !PRE_LOGIN_OPS.includes(frame.op)) {
      connection.reply(errorReply(frame.id, ErrorCode.ERR_SDK_NOT_LOGGED_IN));
      return;
    }
    connection.inFlight += 1;
    ops
      .dispatch(connection, frame)
      .then(({ reply, afterReply }) => connection.reply({ id: frame.id, ...reply }, afterReply))
      .catch((err: unknown) => {
        logger.error({ err, op: frame.op }, 'request failed');
        connection.reply(errorReply(frame.id, ErrorCode.ERR_INTERNAL));
      })
      .finally(() => {
        connection.inFlight -= 1;
      });
  };

  // One sweep for every connection: cheaper than a timer per socket at tens of thousands of them.
  const sweepEvery = Math.max(250, Math.min(5_000, Math.floor(config.heartbeatTimeoutMs / 4)));
  const sweep = setInterval(() => {
    const t = now();
    for (const connection of connections) {
      if (!connection.identity && t - connection.openedAt > config.loginTimeoutMs) {
        connection.close(CloseCode.LOGIN_TIMEOUT, 'no login in time');
      } else if (t - connection.lastSeenAt > config.heartbeatTimeoutMs) {
        connection.timedOut = true;
        connection.close(CloseCode.HEARTBEAT_TIMEOUT, 'heartbeat timeout');
      }
    }
  }, sweepEvery);
  sweep.unref();

  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= (async () => {
      draining = true;
      clearInterval(sweep);
      deps.server.off('upgrade', onUpgrade);
      const closed = [...connections].map(
        (c) => new Promise<void>((resolve) => (c.isOpen ? c.onClose(() => resolve()) : resolve())),
      );
      for (const c of connections) c.close(CloseCode.SERVICE_RESTART, 'server restarting');
      await Promise.race([Promise.all(closed), delay(3_000)]);
      for (const c of connections) c.terminate();
      wss.close();
    })();
    return closing;
  };

  return { close };
}

function errorReply(id: number | null, code: number): ReplyFrame {
  return { id, code, desc: describeError(code) };
}

/** Size of a frame as `ws` delivers it (one buffer, or fragments when the frame came in pieces). */
function byteLength(data: Buffer | ArrayBuffer | Buffer[]): number {
  return Array.isArray(data) ? data.reduce((sum, part) => sum + part.length, 0) : data.byteLength;
}

const preLoginTooLarge = `frames before login are limited to ${PRE_LOGIN_MAX_FRAME_BYTES} bytes`;

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
