/**
 * Making SDK clients for tests: an independent plugin per client, fast reconnect timings, a recorded
 * listener, and cleanup of everything a test started.
 */
import { WebSocket } from 'ws';
import { createImSDKPlugin, type ImSDK, type InitSDKOptions, type V2TimSDKListener } from '../src/index.js';
import { Signal } from './signal.js';

export const SDK_APP_ID = 1400000001;

/** Backoff used by test clients. */
export const TEST_RECONNECT = { minDelayMs: 20, maxDelayMs: 80 };

/**
 * Backoff of clients in tests that prove a reconnect does NOT happen: any reconnect is due at once,
 * so `reconnectsSettled` can tell it would have happened, without waiting for a backoff to pass.
 */
export const IMMEDIATE_RECONNECT = { minDelayMs: 0, maxDelayMs: 0 };

/** Records the SDK listener callbacks in order. */
export class ListenerLog {
  /** Callback names in the order they fired. */
  readonly calls: string[] = [];
  /** `onConnectFailed` arguments in order. */
  readonly failures: { code: number; desc: string }[] = [];
  readonly changed = new Signal();
  readonly listener: V2TimSDKListener = {
    onConnecting: () => this.add('onConnecting'),
    onConnectSuccess: () => this.add('onConnectSuccess'),
    onConnectFailed: (code, desc) => {
      this.failures.push({ code, desc });
      this.add('onConnectFailed');
    },
    onKickedOffline: () => this.add('onKickedOffline'),
    onUserSigExpired: () => this.add('onUserSigExpired'),
  };

  count(name: string): number {
    return this.calls.filter((call) => call === name).length;
  }

  /** Waits until `name` has fired `n` times in all. */
  waitFor(name: string, n = 1, timeoutMs = 5_000): Promise<void> {
    return this.changed.until(
      () => this.count(name) >= n,
      `${name} x${n} (got ${this.calls.join(', ')})`,
      timeoutMs,
    );
  }

  private add(name: string): void {
    this.calls.push(name);
    this.changed.notify();
  }
}

export interface TestClient {
  im: ImSDK;
  log: ListenerLog;
  /** How many WebSockets the SDK has opened so far (each connect or reconnect attempt opens one). */
  socketsOpened(): number;
}

const started: ImSDK[] = [];

/** An initialized client with a recorded listener and test timings. */
export async function startClient(
  serverAddr: string | string[],
  extra: Partial<InitSDKOptions> = {},
): Promise<TestClient> {
  const im = createImSDKPlugin();
  const log = new ListenerLog();
  let opened = 0;
  // The SDK's WebSocket, counting: a reconnect attempt shows as a new socket at once, before any
  // network round trip.
  class CountingWebSocket extends WebSocket {
    constructor(...args: ConstructorParameters<typeof WebSocket>) {
      super(...args);
      opened += 1;
    }
  }
  const result = await im.v2TIMManager.initSDK({
    sdkAppID: SDK_APP_ID,
    serverAddr,
    loglevel: 0,
    listener: log.listener,
    reconnect: TEST_RECONNECT,
    requestTimeoutMs: 2_000,
    connectTimeoutMs: 2_000,
    WebSocket: CountingWebSocket,
    ...extra,
  });
  if (result.code !== 0) throw new Error(`initSDK failed: ${result.code} ${result.desc}`);
  started.push(im);
  return { im, log, socketsOpened: () => opened };
}

/** unInitSDK on every client started by the test. */
export async function stopClients(): Promise<void> {
  await Promise.all(started.splice(0).map((im) => im.v2TIMManager.unInitSDK()));
}

/**
 * Proving that a reconnect does NOT happen, without sleeping: for a client with
 * `IMMEDIATE_RECONNECT`, a reconnect is a zero-delay timer, and its attempt opens a socket in the
 * same turn. Timers of equal delay run in the order they were set, so once timers set after it
 * have run (a few turns, for the SDK's own promise hops), a reconnect that was due has opened its
 * socket: compare `socketsOpened()` before and after.
 */
export async function reconnectsSettled(turns = 5): Promise<void> {
  for (let i = 0; i < turns; i++) await new Promise((resolve) => setTimeout(resolve, 0));
}
