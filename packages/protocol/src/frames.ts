/**
 * Wire protocol v1: JSON text frames over one WebSocket (docs/protocol.md).
 *
 * - The client sends requests `{id, op, data}`; `id` is a positive integer unique on the connection.
 * - The server answers each with a reply `{id, code, desc, data?}`; `code === 0` is success.
 * - The server sends pushes `{push, data}` at any time.
 */
import type { KickReason, Platform } from './identity.js';

/** Protocol version announced at login; a server refuses versions it does not speak. */
export const PROTOCOL_VERSION = 1;

/** Largest frame a server accepts by default (V2TIM's 9522 limit is 1 MB). */
export const DEFAULT_MAX_FRAME_BYTES = 1024 * 1024;

/** Default client heartbeat interval and server dead-link timeout, both configurable on the server. */
export const DEFAULT_HEARTBEAT_INTERVAL_MS = 30_000;
export const DEFAULT_HEARTBEAT_TIMEOUT_MS = 90_000;

export interface RequestFrame<O extends Op = Op> {
  id: number;
  op: O;
  data: RequestData<O>;
}

export interface ReplyFrame<D = unknown> {
  /** The request's id; `null` only when a frame could not be read well enough to find its id. */
  id: number | null;
  code: number;
  desc: string;
  data?: D;
}

export interface PushFrame<P extends PushName = PushName> {
  push: P;
  data: PushData<P>;
}

/** The login request. `resume: true` asks to continue an instance after a reconnect. */
export interface LoginRequest {
  sdkAppID: number;
  userID: string;
  userSig: string;
  platform: Platform;
  /** Chosen by the SDK once per login and reused by every reconnect of that login. */
  instanceID: string;
  /** True when the SDK reconnects an instance that was logged in; never counts as a new login. */
  resume?: boolean;
  protocolVersion?: number;
}

export interface LoginReply {
  userID: string;
  instanceID: string;
  /** True when the server continued an existing instance rather than starting a new one. */
  resumed: boolean;
  /** Server clock in milliseconds since the epoch, for `getServerTime`. */
  serverTime: number;
  /** When the ticket expires, in seconds since the epoch. */
  userSigExpireAt: number;
  heartbeatIntervalMs: number;
  heartbeatTimeoutMs: number;
}

export interface ServerTimeReply {
  /** Server clock in milliseconds since the epoch. */
  serverTime: number;
}

/** Request op → request data and reply data. */
export interface Ops {
  login: { request: LoginRequest; reply: LoginReply };
  logout: { request: Record<string, never>; reply: Record<string, never> };
  /** Heartbeat; any frame also counts as life, but an idle client sends this. */
  ping: { request: Record<string, never>; reply: ServerTimeReply };
  time: { request: Record<string, never>; reply: ServerTimeReply };
}
export type Op = keyof Ops;
export type RequestData<O extends Op> = Ops[O]['request'];
export type ReplyData<O extends Op> = Ops[O]['reply'];

/** Ops a connection may send before it has logged in. */
export const PRE_LOGIN_OPS: readonly Op[] = Object.freeze(['login', 'ping', 'time']);

export interface KickedPush {
  reason: KickReason;
  /** The platform whose login displaced this instance, for policy kicks. */
  byPlatform?: Platform;
}

/** Push name → push data. After `kicked` and `userSigExpired` the server closes the socket. */
export interface Pushes {
  kicked: KickedPush;
  userSigExpired: Record<string, never>;
}
export type PushName = keyof Pushes;
export type PushData<P extends PushName> = Pushes[P];

/** Any frame the server sends. */
export type ServerFrame = ReplyFrame | PushFrame;

export function isPushFrame(frame: ServerFrame): frame is PushFrame {
  return typeof (frame as PushFrame).push === 'string';
}
