/**
 * The WebSocket gateway: accepts upgrades on `/` and `/ws` of the HTTP server, reads frames,
 * enforces the door checks (size, rate, in-flight, login-first, liveness), and hands requests to the
 * session service.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import {
  type AnyRequestFrame,
  CloseCode,
  describeError,
  ErrorCode,
  PRE_LOGIN_OPS,
  type ReplyFrame,
} from '@parley/protocol';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import { WebSocketServer } from 'ws';
import type { Bus } from '../bus/bus.js';
import { InProcessBus } from '../bus/in-process.js';
import { DEFAULT_MESSAGES_CONFIG, type GatewayConfig, type MessagesConfig } from '../config.js';
import { ConversationService } from '../services/conversations/service.js';
import { MessagingOpHandler } from '../services/messages/ops.js';
import { MessagingService } from '../services/messages/service.js';
import { AppDirectory } from '../session/app-directory.js';
import { LoginThrottle } from '../session/login-throttle.js';
import { createSessionMetrics } from '../session/metrics.js';
import { SessionService } from '../session/sessions.js';
import type { Storage } from '../storage/types.js';
import type { RecordStateChangeOptions } from '../webhooks/state-change.js';
import { Connection, DEFAULT_CONNECTION_LIMITS } from './connection.js';
import { readFrame } from './frame-reader.js';

const WEBSOCKET_PATHS = new Set(['/', '/ws']);

/** How long a disconnected instance may resume, and how long a displaced one is remembered. */
export const OFFLINE_GRACE_MS = 10 * 60_000;
export const DISPLACED_MEMORY_MS = 7 * 24 * 60 * 60_000;

export interface GatewayDeps {
  server: Server;
  storage: Storage;
  config: GatewayConfig;
  logger: Logger;
  registry: Registry;
  /** Defaults to the in-process bus (single node). */
  bus?: Bus;
  now?: () => number;
  /** State-change callback settings (the Disconnect grace). */
  stateChange?: RecordStateChangeOptions;
  /** One-to-one messaging settings; `DEFAULT_MESSAGES_CONFIG` when absent. */
  messages?: MessagesConfig;
}

export interface Gateway {
  readonly bus: Bus;
  readonly sessions: SessionService;
  readonly apps: AppDirectory;
  /** One-to-one messages and conversations (also used by the REST `openim` message endpoints). */
  readonly messaging: MessagingService;
  readonly conversations: ConversationService;
  /** Tells every client to reconnect elsewhere (close 1012), stops timers, waits for sockets to close. */
  close(): Promise<void>;
}

export function createGateway(deps: GatewayDeps): Gateway {
  const { config, logger } = deps;
  const now = deps.now ?? Date.now;
  const bus =
    deps.bus ??
    new InProcessBus({
      nodeID: randomUUID(),
      offlineGraceMs: OFFLINE_GRACE_MS,
      displacedMemoryMs: DISPLACED_MEMORY_MS,
      now,
    });
  const metrics = createSessionMetrics(deps.registry);
  const throttle = new LoginThrottle({
    limit: config.loginFailureLimit,
    windowMs: 60_000,
    lockMs: 60_000,
    now,
  });
  const apps = new AppDirectory(deps.storage.apps);
  const sessions = new SessionService({
    storage: deps.storage,
    bus,
    apps,
    throttle,
    maxUserSigLifetimeSeconds: config.maxUserSigLifetimeSeconds,
    now,
    config,
    logger,
    metrics,
    stateChange: deps.stateChange ?? {},
  });
  const messaging = new MessagingService({
    storage: deps.storage,
    bus,
    apps,
    config: deps.messages ?? DEFAULT_MESSAGES_CONFIG,
    logger: logger.child({ component: 'messages' }),
    now,
  });
  const conversations = new ConversationService({ storage: deps.storage, delivery: messaging.delivery, now });
  const messagingOps = new MessagingOpHandler(messaging, conversations);
  const connections = new Set<Connection>();
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: config.maxFrameBytes,
    perMessageDeflate: false,
  });
  let draining = false;

  const onUpgrade = (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    const path = (request.url ?? '/').split('?')[0] ?? '/';
    if (draining || !WEBSOCKET_PATHS.has(path)) {
      socket.end(draining ? refusal(503, 'Service Unavailable') : refusal(404, 'Not Found'));
      return;
    }
    wss.handleUpgrade(request, socket, head, (ws) => {
      const connection = new Connection(
        ws,
        request.socket.remoteAddress ?? 'unknown',
        DEFAULT_CONNECTION_LIMITS,
        now,
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
    const read = readFrame(text);
    if (read.kind === 'close') {
      connection.close(CloseCode.INVALID_FRAME, read.reason);
      return;
    }
    if (read.kind === 'reject') {
      connection.reply({ id: read.id, code: read.code, desc: read.desc });
      return;
    }
    const { frame } = read;
    if (!connection.takeRequestToken()) {
      connection.reply(errorReply(frame.id, ErrorCode.ERR_SDK_NET_FREQ_LIMIT));
      return;
    }
    if (connection.atInFlightLimit) {
      connection.reply(errorReply(frame.id, ErrorCode.ERR_SDK_NET_REQ_COUNT_LIMIT));
      return;
    }
    if (!connection.identity && !PRE_LOGIN_OPS.includes(frame.op)) {
      connection.reply(errorReply(frame.id, ErrorCode.ERR_SDK_NOT_LOGGED_IN));
      return;
    }
    connection.inFlight += 1;
    dispatch(connection, frame)
      .catch((err: unknown) => {
        logger.error({ err, op: frame.op }, 'request failed');
        connection.reply(errorReply(frame.id, ErrorCode.ERR_INTERNAL));
      })
      .finally(() => {
        connection.inFlight -= 1;
      });
  };

  const dispatch = async (connection: Connection, frame: AnyRequestFrame): Promise<void> => {
    switch (frame.op) {
      case 'ping':
      case 'time':
        connection.reply({ id: frame.id, code: 0, desc: '', data: { serverTime: now() } });
        return;
      case 'login': {
        const reply = await sessions.login(connection, frame.data);
        connection.reply({ id: frame.id, ...reply });
        return;
      }
      case 'getOnlineDevices':
        connection.reply({ id: frame.id, ...(await sessions.onlineDevices(connection)) });
        return;
      case 'kickDevice':
        connection.reply({ id: frame.id, ...(await sessions.kickDevice(connection, frame.data.instanceID)) });
        return;
      case 'setOfflinePushConfig':
        connection.reply({ id: frame.id, ...(await sessions.setOfflinePushConfig(connection, frame.data)) });
        return;
      case 'sendMessage':
      case 'syncEvents':
      case 'ackEvents':
      case 'getHistory':
      case 'markRead':
      case 'revokeMessage':
      case 'modifyMessage':
      case 'deleteMessages':
      case 'clearHistory':
      case 'getConversations':
      case 'deleteConversation':
      case 'pinConversation':
      case 'setConversationDraft': {
        const identity = connection.identity;
        if (!identity) {
          connection.reply(errorReply(frame.id, ErrorCode.ERR_SDK_NOT_LOGGED_IN));
          return;
        }
        connection.reply({ id: frame.id, ...(await messagingOps.handle(connection, identity, frame)) });
        return;
      }
      case 'logout': {
        const reply = await sessions.logout(connection);
        connection.reply({ id: frame.id, ...reply }, () => {
          if (reply.code === 0) connection.close(CloseCode.LOGGED_OUT, 'logged out');
        });
        return;
      }
    }
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
    throttle.sweep();
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
      sessions.close();
      wss.close();
      await bus.close();
    })();
    return closing;
  };

  return { bus, sessions, apps, messaging, conversations, close };
}

function errorReply(id: number, code: number): ReplyFrame {
  return { id, code, desc: describeError(code) };
}

/** A complete HTTP answer to an upgrade that is refused: clients and proxies need the headers. */
function refusal(status: number, reason: string): string {
  const body = `${reason}\n`;
  return (
    `HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Type: text/plain; charset=utf-8\r\n` +
    `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`
  );
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
