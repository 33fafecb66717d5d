/**
 * Making SDK clients for tests: an independent plugin per client, fast reconnect timings, a recorded
 * listener, and cleanup of everything a test started.
 */
import { WebSocket } from 'ws';
import { createImSDKPlugin, type ImSDK, type InitSDKOptions, type V2TimSDKListener } from '../src/index.js';
import { Signal } from './signal.js';

export const SDK_APP_ID = 1400000001;

/** Backoff used by test clients; `quietPeriod` below waits several times its maximum. */
export const TEST_RECONNECT = { minDelayMs: 20, maxDelayMs: 80 };

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
}

const started: ImSDK[] = [];

/** An initialized client with a recorded listener and test timings. */
export async function startClient(
  serverAddr: string | string[],
  extra: Partial<InitSDKOptions> = {},
): Promise<TestClient> {
  const im = createImSDKPlugin();
  const log = new ListenerLog();
  const result = await im.v2TIMManager.initSDK({
    sdkAppID: SDK_APP_ID,
    serverAddr,
    loglevel: 0,
    listener: log.listener,
    reconnect: TEST_RECONNECT,
    requestTimeoutMs: 2_000,
    connectTimeoutMs: 2_000,
    WebSocket,
    ...extra,
  });
  if (result.code !== 0) throw new Error(`initSDK failed: ${result.code} ${result.desc}`);
  started.push(im);
  return { im, log };
}

/** unInitSDK on every client started by the test. */
export async function stopClients(): Promise<void> {
  await Promise.all(started.splice(0).map((im) => im.v2TIMManager.unInitSDK()));
}

/**
 * Proving that something does NOT happen (a reconnect, a second callback) needs a wait: this one is
 * several times the longest test backoff, so a reconnect that was going to happen would have.
 */
export function quietPeriod(ms = TEST_RECONNECT.maxDelayMs * 5): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
