/**
 * The WebSocket seam. The SDK speaks to one socket through the few members every WebSocket shares —
 * the browser's, React Native's and the `ws` package's — so the same code runs on all three. Node has
 * no global WebSocket before v22: `@parley/sdk` on Node (the `node` export condition) registers `ws`
 * as the default, and `initSDK({ WebSocket })` overrides it anywhere.
 */

// Handler parameters are declared through a method signature so that the DOM's, React Native's and
// ws's handler types (whose events carry more fields than we read) are all assignable to this seam.
type Handler<E> = { bivarianceHack(event: E): void }['bivarianceHack'];

/** The message event fields the SDK reads. Text frames carry a string. */
export interface WebSocketMessageEventLike {
  readonly data: unknown;
}

/** The close event fields the SDK reads. */
export interface WebSocketCloseEventLike {
  readonly code: number;
  readonly reason: string;
}

/** The members of a WebSocket instance the SDK uses. */
export interface WebSocketLike {
  /** 0 connecting, 1 open, 2 closing, 3 closed (the standard values). */
  readonly readyState: number;
  onopen: Handler<unknown> | null;
  onmessage: Handler<WebSocketMessageEventLike> | null;
  onclose: Handler<WebSocketCloseEventLike> | null;
  onerror: Handler<unknown> | null;
  send(data: string): void;
  close(code?: number, reason?: string): void;
}

/** A WebSocket constructor: `globalThis.WebSocket`, `ws`'s `WebSocket`, or a test double. */
export type WebSocketConstructor = new (url: string) => WebSocketLike;

/** The standard `readyState` of an open socket. */
export const WEBSOCKET_OPEN = 1;

let registeredDefault: WebSocketConstructor | undefined;

/**
 * Sets the WebSocket constructor used when `initSDK` is given none. The Node entry calls this with
 * `ws`; apps rarely need it (pass `initSDK({ WebSocket })` instead).
 */
export function setDefaultWebSocket(ctor: WebSocketConstructor | undefined): void {
  registeredDefault = ctor;
}

/** The constructor to use: the injected one, else the registered default, else the global one. */
export function resolveWebSocket(injected?: WebSocketConstructor): WebSocketConstructor | undefined {
  if (injected) return injected;
  if (registeredDefault) return registeredDefault;
  const global = (globalThis as { WebSocket?: WebSocketConstructor }).WebSocket;
  return typeof global === 'function' ? global : undefined;
}
