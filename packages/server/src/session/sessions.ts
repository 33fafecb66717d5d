/**
 * The logged-in instances held by this node: login and logout on a connection, kicks arriving
 * through the bus, ticket-expiry timers, and the bus bookkeeping when a connection ends.
 */
import {
  CloseCode,
  describeError,
  ErrorCode,
  KickReason,
  type LoginReply,
  type LoginRequest,
  type OnlineDevice,
  type ReplyFrame,
  type SetOfflinePushConfigRequest,
} from '@parley/protocol';
import type { Logger } from 'pino';
import { type InstanceAddress, type InstanceEvent, instanceKey } from '../bus/bus.js';
import type { GatewayConfig } from '../config.js';
import type { Caller, InstanceChange, InstanceWatch } from '../services/registry.js';
import {
  type RecordStateChangeOptions,
  recordStateChange,
  type StateChangeKind,
} from '../webhooks/state-change.js';
import { stateChangeForKick } from '../webhooks/state-change-reasons.js';
import type { ClientLink, SessionIdentity } from './client-link.js';
import { decideLogin, type LoginContext } from './login.js';
import type { SessionMetrics } from './metrics.js';

/** setTimeout's ceiling; longer ticket lifetimes re-arm the timer. */
const MAX_TIMER_MS = 2 ** 31 - 1;
/** How often the login throttle forgets counters whose window and lock have passed (memory only). */
const THROTTLE_SWEEP_MS = 5_000;

export interface SessionServiceDeps extends LoginContext {
  config: GatewayConfig;
  logger: Logger;
  metrics: SessionMetrics;
  stateChange: RecordStateChangeOptions;
}

type Reply<D> = Omit<ReplyFrame<D>, 'id'>;

export class SessionService implements InstanceWatch {
  /** instanceKey → the connection that holds it on this node. */
  readonly #local = new Map<string, ClientLink>();
  readonly #expiryTimers = new Map<ClientLink, NodeJS.Timeout>();
  readonly #loginsInFlight = new Set<ClientLink>();
  /**
   * Instance keys with a login in flight on this node → one slot per such login, where a kick that
   * arrived for the instance meanwhile is kept. On a cluster bus, another node may displace the
   * instance between its claim and its registration here; the kick must not be lost, or the client
   * would stay logged in without being registered. One slot per login, not per key: two logins of
   * the same instance can overlap (a retry on a new socket), and the one that ends first must not
   * clear the kick the other is waiting for.
   */
  readonly #pendingKicks = new Map<string, Set<PendingLogin>>();
  readonly #throttleSweep: NodeJS.Timeout;
  readonly #instanceListeners: ((change: InstanceChange) => void)[] = [];

  constructor(private readonly deps: SessionServiceDeps) {
    deps.bus.onEvent((target, event) => this.#onBusEvent(target, event));
    this.#throttleSweep = setInterval(() => deps.throttle.sweep(), THROTTLE_SWEEP_MS);
    this.#throttleSweep.unref();
  }

  onInstanceChange(listener: (change: InstanceChange) => void): void {
    this.#instanceListeners.push(listener);
  }

  /** Number of instances connected to this node. */
  get localInstances(): number {
    return this.#local.size;
  }

  async login(connection: ClientLink, request: LoginRequest): Promise<Reply<LoginReply>> {
    if (connection.identity) {
      return error(ErrorCode.ERR_INVALID_PARAMETERS, 'this connection is already logged in; log out first');
    }
    if (this.#loginsInFlight.has(connection)) return error(ErrorCode.ERR_SDK_ACCOUNT_LOGIN_IN_PROCESS);
    this.#loginsInFlight.add(connection);
    const pendingKey = instanceKey(request);
    const pending: PendingLogin = {};
    const slots = this.#pendingKicks.get(pendingKey) ?? new Set<PendingLogin>();
    slots.add(pending);
    this.#pendingKicks.set(pendingKey, slots);
    try {
      const outcome = await decideLogin(this.deps, request, connection.address);
      this.deps.metrics.logins.inc({ result: outcome.ok ? 'ok' : String(outcome.code) });
      if (!outcome.ok) return { code: outcome.code, desc: outcome.desc };

      const address: InstanceAddress = {
        sdkAppID: request.sdkAppID,
        userID: request.userID,
        instanceID: request.instanceID,
      };
      for (const victim of outcome.kicked) {
        await this.deps.bus.send(victim, {
          type: 'kick',
          reason: victim.kickReason,
          byPlatform: request.platform,
        });
      }
      if (!connection.isOpen) {
        // The client left while we decided; keep the instance resumable rather than half-registered.
        await this.deps.bus.markDisconnected(address);
        return error(ErrorCode.ERR_SDK_NET_DISCONNECT);
      }
      const key = instanceKey(address);
      const stale = this.#local.get(key);
      if (stale && stale !== connection) {
        // The same instance resumed on a new socket before we noticed the old one die.
        stale.released = true;
        stale.close(CloseCode.NORMAL, 'instance resumed on another connection');
      }
      connection.identity = {
        ...address,
        platform: request.platform,
        loginAt: outcome.loginAt,
        userSigExpireAt: outcome.reply.userSigExpireAt,
      };
      this.#local.set(key, connection);
      const earlyKick = pending.kick;
      // Applied after the reply is written, so the client sees its login succeed, then the kick.
      if (earlyKick) setImmediate(() => this.#onBusEvent(address, earlyKick));
      this.#armExpiry(connection, outcome.reply.userSigExpireAt);
      this.deps.metrics.instances.set(this.#local.size);
      this.#announce(address, 'up', outcome.reply.resumed);
      this.deps.logger.info(
        {
          sdkAppID: address.sdkAppID,
          userID: address.userID,
          instanceID: address.instanceID,
          platform: request.platform,
          resumed: outcome.reply.resumed,
          kicked: outcome.kicked.length,
        },
        outcome.reply.resumed ? 'instance resumed' : 'login',
      );
      return {
        code: ErrorCode.ERR_SUCC,
        desc: '',
        data: {
          ...outcome.reply,
          heartbeatIntervalMs: this.deps.config.heartbeatIntervalMs,
          heartbeatTimeoutMs: this.deps.config.heartbeatTimeoutMs,
        },
      };
    } finally {
      this.#loginsInFlight.delete(connection);
      slots.delete(pending);
      if (slots.size === 0 && this.#pendingKicks.get(pendingKey) === slots)
        this.#pendingKicks.delete(pendingKey);
    }
  }

  /** Ends the instance for good; the caller closes the connection after the reply is written. */
  async logout(connection: ClientLink): Promise<Reply<Record<string, never>>> {
    const identity = connection.identity;
    if (!identity) return error(ErrorCode.ERR_SDK_NOT_LOGGED_IN);
    this.#detach(connection);
    await this.deps.bus.release(identity);
    await this.#forgetPushToken(identity);
    this.#announce(identity, 'down');
    await this.#recordEnding(identity, connection.address, { action: 'Logout', reason: 'Unregister' });
    this.deps.logger.info({ sdkAppID: identity.sdkAppID, userID: identity.userID }, 'logout');
    return { code: ErrorCode.ERR_SUCC, desc: '', data: {} };
  }

  /**
   * Stores the push token of the connection's instance (an empty token removes it): a disconnected
   * instance on a push platform then stays `PushOnline` for 7 days.
   */
  async setOfflinePushConfig(
    identity: Caller,
    config: SetOfflinePushConfigRequest,
  ): Promise<Reply<Record<string, never>>> {
    const { pushRegistrations } = this.deps.storage;
    if (config.token === '') {
      await pushRegistrations.remove(identity.sdkAppID, identity.userID, identity.instanceID);
    } else {
      await pushRegistrations.upsert({
        sdkAppID: identity.sdkAppID,
        userID: identity.userID,
        instanceID: identity.instanceID,
        platform: identity.platform,
        businessID: config.businessID,
        token: config.token,
      });
    }
    return { code: ErrorCode.ERR_SUCC, desc: '', data: {} };
  }

  /** The user's own instances, for `getOnlineDevices`. */
  async onlineDevices(identity: Caller): Promise<Reply<{ devices: OnlineDevice[] }>> {
    const instances = await this.deps.bus.instancesOf(identity.sdkAppID, identity.userID);
    const devices = instances
      .map((p) => ({
        instanceID: p.instanceID,
        platform: p.platform,
        loginAt: p.loginAt,
        connected: p.connected,
        isCurrent: p.instanceID === identity.instanceID,
      }))
      .sort((a, b) => a.loginAt - b.loginAt);
    return { code: ErrorCode.ERR_SUCC, desc: '', data: { devices } };
  }

  /** Signs out another instance of the same user (never the asking one: that is `logout`). */
  async kickDevice(identity: Caller, instanceID: string): Promise<Reply<Record<string, never>>> {
    if (instanceID === identity.instanceID) {
      return error(ErrorCode.ERR_INVALID_PARAMETERS, 'this is the current instance; call logout instead');
    }
    const kicked = await this.kickUser(identity.sdkAppID, identity.userID, {
      reason: KickReason.DEVICE_SIGN_OUT,
      instanceID,
    });
    if (kicked === 0) return error(ErrorCode.ERR_INVALID_PARAMETERS, `no online device ${instanceID}`);
    return { code: ErrorCode.ERR_SUCC, desc: '', data: {} };
  }

  /**
   * Kicks a user's instances (all, or one) on every node: each gets a `kicked` notice and cannot
   * resume. Resolves how many instances were registered.
   */
  async kickUser(
    sdkAppID: number,
    userID: string,
    options: { reason: KickReason; instanceID?: string },
  ): Promise<number> {
    const instances = await this.deps.bus.instancesOf(sdkAppID, userID);
    const targets = instances.filter(
      (p) => options.instanceID === undefined || p.instanceID === options.instanceID,
    );
    let kicked = 0;
    for (const target of targets) {
      if (await this.deps.bus.displace(target)) kicked += 1;
      await this.deps.bus.send(target, { type: 'kick', reason: options.reason });
      await this.#forgetPushToken(target);
    }
    const first = targets[0];
    if (first) this.#announce(first, 'down');
    return kicked;
  }

  /** Called once per link from the transport's close funnel. */
  connectionClosed(connection: ClientLink): void {
    const identity = connection.identity;
    const ownsInstance = identity !== undefined && !connection.released;
    this.#detach(connection);
    if (!identity) return;
    if (ownsInstance) {
      this.deps.bus
        .markDisconnected(identity)
        .then(() => this.#announce(identity, 'down'))
        .catch((err: unknown) => {
          this.deps.logger.error({ err }, 'could not mark an instance disconnected');
        });
    }
    // Logouts report themselves; kicks by their reason; a connection that still owned its instance
    // was lost (the instance may resume, which cancels the Disconnect within its grace).
    const kind: StateChangeKind | undefined = connection.kickReason
      ? stateChangeForKick(connection.kickReason)
      : ownsInstance
        ? { action: 'Disconnect', reason: connection.timedOut ? 'TimeOut' : 'LinkClose' }
        : undefined;
    if (kind) {
      this.#recordEnding(identity, connection.address, kind).catch((err: unknown) => {
        this.deps.logger.error({ err }, 'could not record a state change');
      });
    }
  }

  close(): void {
    clearInterval(this.#throttleSweep);
    for (const timer of this.#expiryTimers.values()) clearTimeout(timer);
    this.#expiryTimers.clear();
  }

  async #recordEnding(identity: SessionIdentity, clientIP: string, kind: StateChangeKind): Promise<void> {
    // No callback URL, nothing to post: skip the outbox writes on this per-connection path.
    if (!(await this.deps.apps.get(identity.sdkAppID))?.callbackUrl) return;
    await recordStateChange(
      this.deps.storage,
      {
        sdkAppID: identity.sdkAppID,
        userID: identity.userID,
        instanceID: identity.instanceID,
        platform: identity.platform,
        clientIP,
        eventTime: this.deps.now(),
        ...kind,
      },
      this.deps.stateChange,
    );
  }

  /** Tells the listeners; one that throws must not break the session path that announced. */
  #announce(address: InstanceAddress, kind: InstanceChange['kind'], resumed?: boolean): void {
    const change: InstanceChange = {
      ...(resumed === undefined ? {} : { resumed }),
      sdkAppID: address.sdkAppID,
      userID: address.userID,
      instanceID: address.instanceID,
      kind,
    };
    for (const listener of this.#instanceListeners) {
      try {
        listener(change);
      } catch (err) {
        this.deps.logger.error({ err }, 'an instance-change listener failed');
      }
    }
  }

  /** A logged-out or kicked instance is unreachable: it must not stay `PushOnline`. */
  async #forgetPushToken(address: InstanceAddress): Promise<void> {
    await this.deps.storage.pushRegistrations.remove(address.sdkAppID, address.userID, address.instanceID);
  }

  #detach(connection: ClientLink): void {
    connection.released = true;
    const timer = this.#expiryTimers.get(connection);
    if (timer) clearTimeout(timer);
    this.#expiryTimers.delete(connection);
    if (connection.identity) {
      const key = instanceKey(connection.identity);
      if (this.#local.get(key) === connection) this.#local.delete(key);
    }
    this.deps.metrics.instances.set(this.#local.size);
  }

  #armExpiry(connection: ClientLink, userSigExpireAt: number): void {
    // The expiry second itself is still valid (login.md §2.6): the ticket dies one second later.
    const dueMs = (userSigExpireAt + 1) * 1000 - this.deps.now();
    const timer = setTimeout(
      () => {
        if (dueMs > MAX_TIMER_MS) this.#armExpiry(connection, userSigExpireAt);
        else this.#expire(connection);
      },
      Math.max(0, Math.min(dueMs, MAX_TIMER_MS)),
    );
    timer.unref();
    this.#expiryTimers.set(connection, timer);
  }

  #expire(connection: ClientLink): void {
    const identity = connection.identity;
    if (!identity || connection.released) return;
    this.#detach(connection);
    connection.kickReason = KickReason.USERSIG_EXPIRED;
    // Forget the instance before the client hears of it, so that whoever sees the close (the client,
    // a presence query on any node) no longer sees it online; on the Redis bus that is a round trip.
    Promise.all([this.deps.bus.release(identity), this.#forgetPushToken(identity)])
      .then(() => this.#announce(identity, 'down'))
      .catch((err: unknown) => {
        this.deps.logger.error({ err }, 'could not release an expired instance');
      })
      .finally(() => {
        connection.push('userSigExpired', {});
        connection.close(CloseCode.USERSIG_EXPIRED, 'ticket expired');
      });
  }

  #onBusEvent(target: InstanceAddress, event: InstanceEvent): void {
    const key = instanceKey(target);
    const connection = this.#local.get(key);
    if (!connection) {
      if (event.type === 'kick') {
        for (const pending of this.#pendingKicks.get(key) ?? []) pending.kick = event;
      }
      return;
    }
    switch (event.type) {
      case 'kick': {
        this.#detach(connection);
        connection.kickReason = event.reason;
        connection.push('kicked', {
          reason: event.reason,
          ...(event.byPlatform ? { byPlatform: event.byPlatform } : {}),
        });
        connection.close(CloseCode.KICKED, `kicked: ${event.reason}`);
        return;
      }
      case 'push':
        // Message and conversation events: the SDK de-duplicates and fills gaps by seq.
        if (!connection.released) connection.sendText(event.text);
        return;
    }
  }
}

/** A login in flight, and the kick that arrived for its instance before it registered. */
interface PendingLogin {
  kick?: Extract<InstanceEvent, { type: 'kick' }>;
}

function error(code: number, desc = describeError(code)): Reply<never> {
  return { code, desc };
}
