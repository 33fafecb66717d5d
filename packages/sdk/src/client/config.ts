/**
 * Reading `initSDK` options into the session's configuration. A wrong value is answered with 6017
 * and a `desc` naming the option (style.md: API errors resolve, they do not throw).
 */
import { isPlatform, type Platform } from '@parley/protocol';
import { resolveWebSocket, type WebSocketConstructor } from '../transport.js';
import { type InitSDKOptions, V2TimLogLevel, type V2TimSDKListener } from '../types.js';
import { DEFAULT_RECONNECT_MAX_DELAY_MS, DEFAULT_RECONNECT_MIN_DELAY_MS } from './reconnect.js';

/** Defaults of the timing options. */
export const DEFAULT_REQUEST_TIMEOUT_MS = 10_000;
export const DEFAULT_CONNECT_TIMEOUT_MS = 10_000;

export interface SessionConfig {
  sdkAppID: number;
  /** WebSocket URLs, tried in turn. */
  addresses: readonly string[];
  platform: Platform;
  loglevel: number;
  listener: V2TimSDKListener | undefined;
  minReconnectDelayMs: number;
  maxReconnectDelayMs: number;
  requestTimeoutMs: number;
  connectTimeoutMs: number;
  WebSocket: WebSocketConstructor;
  now: () => number;
}

export type ConfigResult = { ok: true; config: SessionConfig } | { ok: false; desc: string };

const ADDRESS = /^(wss?|https?):\/\/[^\s/?#]+[^\s]*$/i;

/** `ws://` and `wss://` as given; `http://`/`https://` (what `parley serve` prints) become ws/wss. */
export function toWebSocketURL(address: string): string | undefined {
  if (!ADDRESS.test(address)) return undefined;
  return address.replace(/^[a-z]+:/i, (scheme) => scheme.toLowerCase().replace('http', 'ws'));
}

export function readInitOptions(options: InitSDKOptions): ConfigResult {
  const problems: string[] = [];
  const number = (value: unknown, name: string, fallback: number, min: number): number => {
    if (value === undefined) return fallback;
    if (typeof value === 'number' && Number.isFinite(value) && value >= min) return value;
    problems.push(`${name} must be a number >= ${min}`);
    return fallback;
  };

  const { sdkAppID, serverAddr, platform = 'web', loglevel = V2TimLogLevel.V2TIM_LOG_WARN } = options;
  const { listener, WebSocket: injected, now = Date.now, reconnect = {} } = options;
  if (typeof sdkAppID !== 'number' || !Number.isSafeInteger(sdkAppID) || sdkAppID < 1) {
    problems.push('sdkAppID must be a positive integer');
  }
  const list: readonly unknown[] = Array.isArray(serverAddr) ? serverAddr : [serverAddr];
  const addresses: string[] = [];
  for (const address of list) {
    const url = typeof address === 'string' ? toWebSocketURL(address) : undefined;
    if (url) addresses.push(url);
    else problems.push(`serverAddr must be ws:// or wss:// URLs, got ${JSON.stringify(address)}`);
  }
  if (list.length === 0) problems.push('serverAddr must list at least one address');
  if (!isPlatform(platform)) problems.push(`unknown platform ${JSON.stringify(platform)}`);
  if (typeof loglevel !== 'number') problems.push('loglevel must be a V2TimLogLevel number');
  if (listener !== undefined && (typeof listener !== 'object' || listener === null)) {
    problems.push('listener must be an object of callbacks');
  }
  if (injected !== undefined && typeof injected !== 'function') {
    problems.push('WebSocket must be a WebSocket constructor');
  }
  if (typeof now !== 'function') problems.push('now must be a function returning milliseconds');
  const minReconnectDelayMs = number(
    reconnect.minDelayMs,
    'reconnect.minDelayMs',
    DEFAULT_RECONNECT_MIN_DELAY_MS,
    0,
  );
  const maxReconnectDelayMs = number(
    reconnect.maxDelayMs,
    'reconnect.maxDelayMs',
    DEFAULT_RECONNECT_MAX_DELAY_MS,
    0,
  );
  const requestTimeoutMs = number(
    options.requestTimeoutMs,
    'requestTimeoutMs',
    DEFAULT_REQUEST_TIMEOUT_MS,
    1,
  );
  const connectTimeoutMs = number(
    options.connectTimeoutMs,
    'connectTimeoutMs',
    DEFAULT_CONNECT_TIMEOUT_MS,
    1,
  );
  const WebSocket = resolveWebSocket(typeof injected === 'function' ? injected : undefined);
  if (!WebSocket) {
    problems.push(
      'no WebSocket implementation: pass initSDK({ WebSocket }), or on Node < 22 import @parley/sdk under the node condition (uses ws)',
    );
  }
  if (problems.length > 0 || !WebSocket) return { ok: false, desc: problems.join('; ') };
  return {
    ok: true,
    config: {
      sdkAppID,
      addresses,
      platform,
      loglevel,
      listener,
      minReconnectDelayMs,
      maxReconnectDelayMs: Math.max(minReconnectDelayMs, maxReconnectDelayMs),
      requestTimeoutMs,
      connectTimeoutMs,
      WebSocket,
      now,
    },
  };
}
