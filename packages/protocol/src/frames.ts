/**
 * Wire protocol v1: JSON text frames over one WebSocket (docs/protocol.md).
 *
 * - The client sends requests `{id, op, data}`; `id` is a positive integer unique on the connection.
 * - The server answers each with a reply `{id, code, desc, data?}`; `code === 0` is success.
 * - The server sends pushes `{push, data}` at any time.
 */

import type { FriendOps, FriendPushes } from './friends.js';
import type { GroupMessageOps, GroupMessagePushes } from './group-messages.js';
import type { GroupOps, GroupPushes } from './groups.js';
import type { KickReason, Platform } from './identity.js';
import type { MediaOps } from './media.js';
import type { MessageExtrasOps, MessageExtrasPushes } from './message-extras.js';
import type { MessagingOps, MessagingPushes } from './messages.js';
import type { ProfileOps, ProfilePushes } from './profiles.js';
import type { PushOps } from './push.js';
import type { ReceiptOps, ReceiptPushes } from './receipts.js';
import type { SignalingOps, SignalingPushes } from './signaling.js';
import type { StatusOps, StatusPushes } from './status.js';
import type { TopicOps } from './topics.js';

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

/** Any request, discriminated by `op` so that a switch on it narrows `data`. */
export type AnyRequestFrame = { [O in Op]: RequestFrame<O> }[Op];

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

/** Any push, discriminated by `push` so that a switch on it narrows `data`. */
export type AnyPushFrame = { [P in PushName]: PushFrame<P> }[PushName];

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

/** One logged-in instance of the user, as `getOnlineDevices` lists it. */
export interface OnlineDevice {
  instanceID: string;
  platform: Platform;
  /** When that instance logged in, ms since the epoch. */
  loginAt: number;
  /** False while its connection is gone but it may still resume. */
  connected: boolean;
  /** True for the instance that asked. */
  isCurrent: boolean;
}

export interface SetOfflinePushConfigRequest {
  /** The push certificate / business ID the app registered for this platform. */
  businessID: number;
  /** The device's push token; an empty string removes the registration. */
  token: string;
}

/** Request op → request data and reply data: messaging in messages.ts, group messages in group-messages.ts, groups in groups.ts. */
export interface Ops
  extends MessagingOps,
    GroupMessageOps,
    GroupOps,
    TopicOps,
    StatusOps,
    FriendOps,
    ProfileOps,
    MediaOps,
    PushOps,
    MessageExtrasOps,
    ReceiptOps,
    SignalingOps {
  login: { request: LoginRequest; reply: LoginReply };
  logout: { request: Record<string, never>; reply: Record<string, never> };
  /** Heartbeat; any frame also counts as life, but an idle client sends this. */
  ping: { request: Record<string, never>; reply: ServerTimeReply };
  time: { request: Record<string, never>; reply: ServerTimeReply };
  /** The user's own logged-in instances (devices), this one included. */
  getOnlineDevices: { request: Record<string, never>; reply: { devices: OnlineDevice[] } };
  /** Signs out one of the user's other instances; it gets `kicked` and cannot resume. */
  kickDevice: { request: { instanceID: string }; reply: Record<string, never> };
  /** Stores this instance's push token: while disconnected it stays reachable (PushOnline) for 7 days. */
  setOfflinePushConfig: { request: SetOfflinePushConfigRequest; reply: Record<string, never> };
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
export interface Pushes
  extends MessagingPushes,
    GroupMessagePushes,
    GroupPushes,
    StatusPushes,
    FriendPushes,
    ProfilePushes,
    MessageExtrasPushes,
    ReceiptPushes,
    SignalingPushes {
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
