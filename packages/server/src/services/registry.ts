/**
 * What a feature (a folder under services/) plugs into: the wire ops it answers, the REST endpoints
 * it serves, and the shared pieces it may use. Each feature exposes one `register…(ctx)` function;
 * services/index.ts calls them all, and server.ts (the composition root) builds the context.
 *
 * Everything here is narrow on purpose: a feature sees who calls (`Caller`), never a connection or
 * a socket, so services never import transport/ and a test can call a handler with a plain object.
 */
import type { KickReason, Op, Platform, ReplyData, RequestData } from '@parley/protocol';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import type { z } from 'zod';
import type { Bus, InstanceAddress } from '../bus/bus.js';
import type { MessagesConfig } from '../config.js';
import type { RestEndpoint } from '../rest/endpoint.js';
import type { AppDirectory } from '../storage/app-directory.js';
import type { Storage } from '../storage/types.js';
import type { PushPolicy } from './push/worker.js';

/** The logged-in instance that sent a request: the only user an op may act as. */
export interface Caller extends InstanceAddress {
  readonly platform: Platform;
  /** The client's IP address, for callbacks and logs. */
  readonly clientIP: string;
}

/** What an op answers: a reply frame without its request id (the transport adds it). */
export interface OpReply<D> {
  code: number;
  desc: string;
  data?: D;
}

/** Handles one op for a logged-in caller; the request data is already validated (frame schemas). */
export type OpHandler<O extends Op> = (
  caller: Caller,
  data: RequestData<O>,
) => Promise<OpReply<ReplyData<O>>>;

/** Where features add their wire ops; an op registered twice is a bug and throws. */
export interface OpRegistry {
  /** Adds an op; `schema` checks its request data before the handler ever sees it. */
  add<O extends Op>(op: O, schema: z.ZodType, handler: OpHandler<O>): void;
}

/** Where features add their REST endpoints, by `<service>/<command>` (contracts §5 names). */
export interface RestRegistry {
  add(resource: string, endpoint: RestEndpoint): void;
}

/** Kicks a user's instances on every node; the session layer provides it (REST kick, account delete). */
export interface UserKicker {
  kickUser(
    sdkAppID: number,
    userID: string,
    options: { reason: KickReason; instanceID?: string },
  ): Promise<number>;
}

/**
 * One of a user's instances came up (login, resume) or went down (logout, lost connection, kick,
 * expiry) on this node; the bus already shows the change when listeners hear of it.
 */
export interface InstanceChange extends InstanceAddress {
  readonly kind: 'up' | 'down';
  /** For `up`: the instance resumed its session (a reconnect) rather than logging in afresh. */
  readonly resumed?: boolean;
}

/** Where a feature hears of instance changes made on this node (the status feature's trigger). */
export interface InstanceWatch {
  onInstanceChange(listener: (change: InstanceChange) => void): void;
}

/** What every feature's `register` receives. */
export interface FeatureContext {
  readonly storage: Storage;
  /** Presence and delivery to instances on any node. */
  readonly bus: Bus;
  /** App records, cached a couple of seconds. */
  readonly apps: AppDirectory;
  readonly sessions: UserKicker & InstanceWatch;
  readonly config: {
    readonly messages: MessagesConfig;
    /** Where uploads are kept (`--media`, absent = `<dataDir>/media`) and the data folder for staging. */
    readonly media?: { readonly location?: string; readonly dataDir: string };
    readonly push?: Partial<PushPolicy>;
  };
  /** The server's Prometheus registry, for a feature's own series. */
  readonly registry: Registry;
  readonly logger: Logger;
  now(): number;
  readonly ops: OpRegistry;
  readonly rest: RestRegistry;
  /** Runs `cleanup` when the server stops (timers a feature started, for instance). */
  onClose(cleanup: () => void | Promise<void>): void;
}
