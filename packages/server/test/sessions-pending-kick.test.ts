import { EventEmitter } from 'node:events';
import { ErrorCode, KickReason, type LoginRequest } from '@parley/protocol';
import { genUserSig } from '@parley/usersig';
import { pino } from 'pino';
import { Registry } from 'prom-client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { WebSocket } from 'ws';
import type { ClaimResult, KickDecision, LoginClaim } from '../src/bus/bus.js';
import { InProcessBus } from '../src/bus/in-process.js';
import { DEFAULT_GATEWAY_CONFIG } from '../src/config.js';
import { LoginThrottle } from '../src/session/login-throttle.js';
import { LoginWrites } from '../src/session/login-writes.js';
import { createSessionMetrics } from '../src/session/metrics.js';
import { SessionService } from '../src/session/sessions.js';
import { AppDirectory } from '../src/storage/app-directory.js';
import { openTestStorage, type TestStorage } from '../src/storage/testing.js';
import { Connection, DEFAULT_CONNECTION_LIMITS } from '../src/transport/connection.js';

/** Just enough of a `ws` socket for a Connection: it records what is sent and how it closed. */
class FakeSocket extends EventEmitter {
  readonly OPEN = 1;
  readyState = 1;
  bufferedAmount = 0;
  readonly sent: string[] = [];
  closeCode: number | undefined;
  send(text: string, then?: () => void): void {
    this.sent.push(text);
    then?.();
  }
  close(code: number, reason: string): void {
    if (this.readyState !== 1) return;
    this.readyState = 3;
    this.closeCode = code;
    setImmediate(() => this.emit('close', code, Buffer.from(reason)));
  }
  terminate(): void {
    this.close(1006, '');
  }
}

/** An in-process bus whose login claims wait until the test lets each one through. */
class GatedBus extends InProcessBus {
  readonly #gates: (() => void)[] = [];
  #arrived: (() => void)[] = [];

  /** Resolves once `count` claims are waiting at the gate. */
  waitForClaims(count: number): Promise<void> {
    return new Promise((resolve) => {
      const check = () => (this.#gates.length >= count ? resolve() : this.#arrived.push(check));
      check();
    });
  }

  /** Lets the i-th waiting claim through. */
  open(index: number): void {
    this.#gates[index]?.();
  }

  override async claimLogin(claim: LoginClaim, decide: KickDecision): Promise<ClaimResult> {
    await new Promise<void>((resolve) => {
      this.#gates.push(resolve);
      const arrived = this.#arrived;
      this.#arrived = [];
      for (const check of arrived) check();
    });
    return super.claimLogin(claim, decide);
  }
}

describe('SessionService: a kick that arrives while logins of the instance are in flight', () => {
  let db: TestStorage;
  beforeEach(async () => {
    db = await openTestStorage('sqlite');
  });
  afterEach(async () => {
    await db.dispose();
  });

  it('is applied to the login that registers, even when another login of the instance ended first', async () => {
    const app = await db.storage.apps.create({});
    const bus = new GatedBus({
      nodeID: 'n1',
      offlineGraceMs: 60_000,
      displacedMemoryMs: 60_000,
      now: Date.now,
    });
    const sessions = new SessionService({
      storage: db.storage,
      loginWrites: new LoginWrites(db.storage),
      bus,
      apps: new AppDirectory(db.storage.apps),
      throttle: new LoginThrottle({ limit: 5, windowMs: 60_000, lockMs: 60_000 }),
      maxUserSigLifetimeSeconds: DEFAULT_GATEWAY_CONFIG.maxUserSigLifetimeSeconds,
      now: Date.now,
      config: DEFAULT_GATEWAY_CONFIG,
      logger: pino({ level: 'silent' }),
      metrics: createSessionMetrics(new Registry()),
      stateChange: {},
    });
    const request: LoginRequest = {
      sdkAppID: app.sdkAppID,
      userID: 'alice',
      userSig: genUserSig({ sdkAppID: app.sdkAppID, key: app.secretKey, userID: 'alice', expire: 600 }),
      platform: 'web',
      instanceID: 'instance-1',
    };
    const socketA = new FakeSocket();
    const socketB = new FakeSocket();
    const a = new Connection(socketA as unknown as WebSocket, '127.0.0.1', DEFAULT_CONNECTION_LIMITS);
    const b = new Connection(socketB as unknown as WebSocket, '127.0.0.1', DEFAULT_CONNECTION_LIMITS);

    // Two logins of the same instance (a retry on a new socket) wait at their claims.
    const loginA = sessions.login(a, request);
    const loginB = sessions.login(b, request);
    await bus.waitForClaims(2);
    // Another node displaces the instance meanwhile.
    await bus.send(
      { sdkAppID: app.sdkAppID, userID: 'alice', instanceID: 'instance-1' },
      { type: 'kick', reason: KickReason.REST_API },
    );
    // B's client gives up first: its login ends without registering.
    const bGone = new Promise<void>((resolve) => b.onClose(() => resolve()));
    b.close(1000, 'gave up');
    await bGone;
    bus.open(1);
    expect((await loginB).code).toBe(ErrorCode.ERR_SDK_NET_DISCONNECT);
    // A registers: the kick must still reach it.
    bus.open(0);
    expect((await loginA).code).toBe(0);
    await new Promise<void>((resolve) => (a.isOpen ? a.onClose(() => resolve()) : resolve()));
    expect(socketA.sent.some((text) => text.includes('"kicked"'))).toBe(true);
    sessions.close();
    await bus.close();
  });
});
