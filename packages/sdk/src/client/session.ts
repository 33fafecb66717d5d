/**
 * One initialized SDK's login: `login`, `logout`, automatic reconnect and resume, kicks and ticket
 * expiry (login.md §4.3–4.7). It owns the live connection and moves the state machine; it never calls
 * a listener itself (notify.ts derives those from the transitions).
 *
 * Races are handled with a generation counter: every step that ends or replaces the current attempt
 * (logout, kick, unInitSDK, a new login, a connection loss) bumps it, and every async step re-checks
 * it after each `await`, closing whatever it opened if it has become stale. Events of connections
 * that are no longer the live one are ignored.
 */

import {
  CloseCode,
  ErrorCode,
  type Op,
  PROTOCOL_VERSION,
  type ReplyData,
  type RequestData,
} from '@parley/protocol';
import {
  type V2TimCallback,
  type V2TimLoginResult,
  V2TimLoginStatus,
  V2TimNetState,
  type V2TimValueCallback,
} from '../types.js';
import type { SessionConfig } from './config.js';
import { Connection, type ConnectionClose } from './connection.js';
import { closeEnding, type Ending, pushEnding, resumeEnding } from './endings.js';
import type { IncomingPush } from './frames.js';
import { Heartbeat } from './heartbeat.js';
import { newInstanceID } from './instance-id.js';
import type { Log } from './log.js';
import { type AttemptOutcome, attemptLogin } from './login-attempt.js';
import { Reconnect } from './reconnect.js';
import { fail, ok } from './results.js';
import { ServerClock } from './server-clock.js';
import type { StateMachine, TransitionReason } from './state.js';
import { isExpired, peekTicket } from './ticket.js';

/** Longest wait for the reply to `logout` before the socket is closed anyway. */
export const LOGOUT_WAIT_MS = 3_000;

/** What a login (and every resume of it) presents to the server. */
interface Credentials {
  userID: string;
  userSig: string;
  instanceID: string;
  /** Ticket expiry in Unix seconds, when known (login reply, else read from the ticket). */
  expireAt: number | undefined;
}

/** A `login` call not yet answered. The first `settle` wins; later ones are ignored. */
interface PendingLogin {
  userID: string;
  userSig: string;
  promise: Promise<V2TimValueCallback<V2TimLoginResult>>;
  settled: boolean;
  settle(result: V2TimCallback): void;
}

const {
  V2TIM_STATUS_LOGINED: LOGINED,
  V2TIM_STATUS_LOGINING: LOGINING,
  V2TIM_STATUS_LOGOUT: LOGOUT,
} = V2TimLoginStatus;

export class Session {
  readonly clock: ServerClock;
  /** Receives the live connection's pushes other than kicks and expiry (messages, conversations). */
  onAppPush: (push: IncomingPush) => void = () => {};
  private generation = 0;
  /** The logged-in connection. */
  private live: Connection | undefined;
  /** The connection of a login or resume attempt in progress. */
  private attempt: Connection | undefined;
  private credentials: Credentials | undefined;
  private pendingLogin: PendingLogin | undefined;
  private pendingLogout: Promise<V2TimCallback> | undefined;
  private addressIndex = 0;
  private readonly reconnect: Reconnect;
  private readonly heartbeat: Heartbeat;

  constructor(
    private readonly config: SessionConfig,
    private readonly state: StateMachine,
    private readonly log: Log,
  ) {
    this.clock = new ServerClock(config.now);
    this.reconnect = new Reconnect({
      minDelayMs: config.minReconnectDelayMs,
      maxDelayMs: config.maxReconnectDelayMs,
    });
    this.heartbeat = new Heartbeat(config.now, (serverTime, sentAt) =>
      this.clock.observe(serverTime, sentAt),
    );
  }

  /** The logged-in UserID, `''` unless LOGINED. */
  get loginUser(): string {
    return this.state.login === LOGINED ? (this.credentials?.userID ?? '') : '';
  }

  /**
   * Logs in (validation is the caller's). A login already running answers 7501, or shares its result
   * when called with the same UserID and ticket; the same user while LOGINED succeeds at once with
   * `repeatLogin`; another user while LOGINED logs the current one out first (account switch).
   */
  /**
   * Sends a request on the logged-in connection; 9508 while there is none (logged out, or between
   * reconnect attempts). Feature managers check the login status before calling this.
   */
  /** The HTTP origin of the server this session uses: file uploads go there, file URLs are relative to it. */
  httpOrigin(): string {
    const { addresses } = this.config;
    const url = addresses[this.addressIndex % addresses.length] ?? '';
    return url.replace(/^ws/, 'http').replace(/^(https?:\/\/[^/]+).*$/, '$1');
  }

  request<O extends Op>(op: O, data: RequestData<O>): Promise<V2TimValueCallback<ReplyData<O>>> {
    const live = this.live;
    if (!live) return Promise.resolve(fail(ErrorCode.ERR_SDK_NET_DISCONNECT));
    return live.request(op, data, this.config.requestTimeoutMs);
  }

  login(userID: string, userSig: string): Promise<V2TimValueCallback<V2TimLoginResult>> {
    const running = this.pendingLogin;
    if (running) {
      if (running.userID === userID && running.userSig === userSig) return running.promise;
      return Promise.resolve(fail(ErrorCode.ERR_SDK_ACCOUNT_LOGIN_IN_PROCESS));
    }
    if (!this.pendingLogout && this.state.login === LOGINED && this.credentials?.userID === userID) {
      return Promise.resolve(ok({ repeatLogin: true }));
    }
    let resolve: (result: V2TimCallback) => void = () => {};
    const entry: PendingLogin = {
      userID,
      userSig,
      promise: new Promise((r) => {
        resolve = r;
      }),
      settled: false,
      settle: (result) => {
        if (entry.settled) return;
        entry.settled = true;
        if (this.pendingLogin === entry) this.pendingLogin = undefined;
        resolve(result);
      },
    };
    this.pendingLogin = entry;
    void this.runLogin(entry);
    return entry.promise;
  }

  /**
   * Logs out: 7502 while a logout runs; a login still running is abandoned (it answers 6023); when
   * not logged in, succeeds without doing anything.
   */
  async logout(): Promise<V2TimCallback> {
    if (this.pendingLogout) return fail(ErrorCode.ERR_SDK_ACCOUNT_LOGOUT_IN_PROCESS);
    if (this.pendingLogin) {
      this.abortLogin(ErrorCode.ERR_LOGGED_OUT_BEFORE_LOGIN_FINISHED, { kind: 'logout' });
      return ok();
    }
    if (this.state.login !== LOGINED) return ok();
    const run = this.runLogout();
    this.pendingLogout = run;
    try {
      return await run;
    } finally {
      if (this.pendingLogout === run) this.pendingLogout = undefined;
    }
  }

  /** Ends everything for unInitSDK: a running login answers 7009, a live instance is logged out. */
  async shutdown(): Promise<void> {
    if (this.pendingLogin) this.abortLogin(ErrorCode.ERR_SDK_COMM_INTERRUPT, { kind: 'unInit' });
    if (this.pendingLogout) await this.pendingLogout;
    const { live, attempt } = this.detach();
    attempt?.close();
    if (live) await this.sayGoodbye(live);
    this.credentials = undefined;
    this.state.set({ login: LOGOUT, net: V2TimNetState.DISCONNECTED }, { kind: 'unInit' });
  }

  private async runLogin(entry: PendingLogin): Promise<void> {
    try {
      if (this.pendingLogout) await this.pendingLogout;
      if (entry.settled) return;
      if (this.state.login === LOGINED) {
        // Account switch (login.md §4.6): the current user is logged out before the new one logs in.
        this.state.set({ login: LOGINING }, { kind: 'switchAccount' });
        const { live, attempt } = this.detach();
        attempt?.close();
        this.credentials = undefined;
        if (live) await this.sayGoodbye(live);
        if (entry.settled) return;
      }
      entry.settle(await this.firstLogin(entry));
    } catch (error) {
      // Only a bug gets here; the app still gets an answer.
      this.log.error(`login failed unexpectedly: ${String(error)}`);
      if (!entry.settled) this.abortLogin(ErrorCode.ERR_SDK_COMM_INTERRUPT, { kind: 'logout' });
    }
  }

  /** The first login of an instance: each address once (at least twice in all), then give up. */
  private async firstLogin(entry: PendingLogin): Promise<V2TimCallback> {
    const generation = ++this.generation;
    const peek = peekTicket(entry.userSig);
    const credentials: Credentials = {
      userID: entry.userID,
      userSig: entry.userSig,
      instanceID: newInstanceID(),
      expireAt: peek?.expireAt,
    };
    this.reconnect.reset();
    this.state.set({ login: LOGINING, net: V2TimNetState.CONNECTING }, { kind: 'login' });
    const count = this.config.addresses.length;
    const attempts = Math.max(2, count);
    let failure: { code: number; desc: string } = fail(ErrorCode.ERR_SDK_NET_DISCONNECT);
    for (let i = 0; i < attempts; i++) {
      if (i > 0 && i % count === 0) {
        // Every address failed once: wait before the next round.
        const waited = await this.reconnect.wait();
        if (!waited || generation !== this.generation) return fail(ErrorCode.ERR_SDK_COMM_INTERRUPT);
      }
      const outcome = await this.connectAndLogin(generation, credentials, false);
      if (outcome.kind === 'stale') return fail(ErrorCode.ERR_SDK_COMM_INTERRUPT);
      if (outcome.kind === 'loggedIn') return ok();
      if (outcome.kind === 'refused') {
        this.state.set(
          { login: LOGOUT, net: V2TimNetState.DISCONNECTED },
          { kind: 'loginFailed', code: outcome.code, desc: outcome.desc },
        );
        return fail(outcome.code, outcome.desc);
      }
      failure = outcome;
    }
    this.state.set(
      { login: LOGOUT, net: V2TimNetState.DISCONNECTED },
      { kind: 'connectFailed', code: failure.code, desc: failure.desc },
    );
    return fail(failure.code, failure.desc);
  }

  /**
   * Resumes the instance after a transient close: waits the backoff, checks the cached ticket, and
   * logs in again with `resume: true` and the same instanceID, until it succeeds or must stop.
   */
  private async resumeLoop(generation: number): Promise<void> {
    while (generation === this.generation) {
      if (!(await this.reconnect.wait()) || generation !== this.generation) return;
      const credentials = this.credentials;
      if (!credentials) return;
      if (credentials.expireAt !== undefined && isExpired(credentials.expireAt, this.clock.now())) {
        this.endInstance({ kind: 'userSigExpired' });
        return;
      }
      this.state.set({ net: V2TimNetState.CONNECTING }, { kind: 'reconnecting' });
      const outcome = await this.connectAndLogin(generation, credentials, true);
      if (outcome.kind === 'stale' || outcome.kind === 'loggedIn') return;
      if (outcome.kind === 'refused') {
        const ending = resumeEnding(outcome.code);
        if (ending) {
          this.endInstance(ending);
          return;
        }
      }
      // The server may be starting, or the network still down: report and keep trying.
      this.log.info(`reconnect failed (${outcome.code} ${outcome.desc}); retrying`);
      this.state.set(
        { net: V2TimNetState.DISCONNECTED },
        { kind: 'connectFailed', code: outcome.code, desc: outcome.desc },
      );
    }
  }

  /** Opens a connection to the current address and sends `login`; on success makes it the live one. */
  private async connectAndLogin(
    generation: number,
    credentials: Credentials,
    resume: boolean,
  ): Promise<AttemptOutcome> {
    const { addresses, WebSocket, connectTimeoutMs, requestTimeoutMs, sdkAppID, platform } = this.config;
    const url = addresses[this.addressIndex % addresses.length] ?? '';
    const connection = new Connection({ url, WebSocket, connectTimeoutMs, log: this.log });
    this.attempt = connection;
    const outcome = await attemptLogin(
      connection,
      {
        sdkAppID,
        userID: credentials.userID,
        userSig: credentials.userSig,
        platform,
        instanceID: credentials.instanceID,
        ...(resume ? { resume: true } : {}),
        protocolVersion: PROTOCOL_VERSION,
      },
      {
        timeoutMs: requestTimeoutMs,
        isStale: () => generation !== this.generation,
        localNow: () => this.clock.local(),
      },
    );
    if (this.attempt === connection) this.attempt = undefined;
    if (outcome.kind === 'network') this.addressIndex++; // the next attempt tries the next address
    if (outcome.kind !== 'loggedIn') return outcome;
    const { grant } = outcome;
    if (grant.serverTime !== undefined) this.clock.observe(grant.serverTime, grant.sentAt);
    this.credentials = { ...credentials, expireAt: grant.userSigExpireAt ?? credentials.expireAt };
    this.goLive(connection, grant.heartbeatIntervalMs);
    this.reconnect.reset();
    this.state.set(
      { login: LOGINED, net: V2TimNetState.CONNECTED },
      resume ? { kind: 'resumed' } : { kind: 'loginSucceeded' },
    );
    return outcome;
  }

  private goLive(connection: Connection, heartbeatIntervalMs: number): void {
    this.live = connection;
    connection.onPush = (push) => this.onPush(connection, push);
    connection.onClose = (close) => this.onClose(connection, close);
    this.heartbeat.start(connection, heartbeatIntervalMs);
    if (!connection.isOpen) {
      // Closed before the handlers were installed: report it as a loss once the state says LOGINED.
      void Promise.resolve().then(() =>
        this.onClose(connection, { code: 1006, reason: 'closed during login', local: false }),
      );
    }
  }

  private onPush(connection: Connection, push: IncomingPush): void {
    if (connection !== this.live || this.state.login !== LOGINED) return;
    const ending = pushEnding(push);
    if (ending) this.endInstance(ending);
    else this.onAppPush(push);
  }

  private onClose(connection: Connection, close: ConnectionClose): void {
    if (connection !== this.live) return;
    this.live = undefined;
    this.heartbeat.stop();
    if (this.state.login !== LOGINED) return;
    const ending = closeEnding(close.code);
    if (ending) {
      this.endInstance(ending);
      return;
    }
    this.log.info(`connection lost (${close.code} ${close.reason}); reconnecting`);
    const generation = ++this.generation;
    this.state.set(
      { net: V2TimNetState.CONNECTING },
      { kind: 'connectionLost', code: close.code, desc: close.reason },
    );
    void this.resumeLoop(generation);
  }

  /** The instance is over (kick, ticket expiry): no reconnect; LOGOUT is announced last. */
  private endInstance(reason: Ending): void {
    const { live, attempt } = this.detach();
    live?.close();
    attempt?.close();
    this.credentials = undefined;
    this.state.set({ login: LOGOUT, net: V2TimNetState.DISCONNECTED }, reason);
  }

  /** Answers the running login with `code` and drops whatever it had opened. */
  private abortLogin(code: number, reason: TransitionReason): void {
    this.pendingLogin?.settle(fail(code));
    const { live, attempt } = this.detach();
    // The server may already have logged the attempt in: tell it, without making anyone wait.
    for (const connection of [live, attempt]) if (connection) void this.sayGoodbye(connection);
    this.credentials = undefined;
    this.state.set({ login: LOGOUT, net: V2TimNetState.DISCONNECTED }, reason);
  }

  private async runLogout(): Promise<V2TimCallback> {
    const { live, attempt } = this.detach();
    attempt?.close();
    if (live) await this.sayGoodbye(live);
    this.credentials = undefined;
    this.state.set({ login: LOGOUT, net: V2TimNetState.DISCONNECTED }, { kind: 'logout' });
    return ok();
  }

  /** Makes every running step stale and hands back the connections for the caller to close. */
  private detach(): { live: Connection | undefined; attempt: Connection | undefined } {
    this.generation++;
    this.reconnect.cancel();
    this.heartbeat.stop();
    const { live, attempt } = this;
    this.live = undefined;
    this.attempt = undefined;
    return { live, attempt };
  }

  /** Sends `logout` and closes once answered (or after LOGOUT_WAIT_MS). */
  private async sayGoodbye(connection: Connection): Promise<void> {
    if (connection.isOpen) {
      await connection.request('logout', {}, Math.min(this.config.requestTimeoutMs, LOGOUT_WAIT_MS));
    }
    connection.close(CloseCode.NORMAL, 'logout');
  }
}
