/**
 * Web-style events (`im.on(name, handler)`), named as the web SDK's `TencentCloudChat.EVENT.*`
 * (login.md §5.2). They are the same transitions as the V2TIM listener callbacks, for apps written
 * against the web SDK.
 */
import type { V2TimKickedOutType, V2TimNetState, V2TimUserStatus } from './types.js';

/** Event names, as the web SDK's `EVENT` constants. */
export const V2TimSDKEvent = Object.freeze({
  /** Logged in; calls that need a login now work. */
  SDK_READY: 'sdkStateReady',
  /** No longer logged in (logout, kick, ticket expiry, account switch). */
  SDK_NOT_READY: 'sdkStateNotReady',
  /** Kicked offline or ticket expired; `data.type` says which. */
  KICKED_OUT: 'kickedOut',
  /** The connection state changed; `data.state` is the new one. */
  NET_STATE_CHANGE: 'netStateChange',
  /** A failure no call can report: a connection or reconnection attempt failed. */
  ERROR: 'error',
  /** Statuses changed (the same as `onUserStatusChanged`); `data.statusList` lists them. */
  USER_STATUS_UPDATED: 'userStatusUpdated',
});

/** Event name → the `data` its handlers receive. */
export interface V2TimSDKEventMap {
  sdkStateReady: Record<string, never>;
  sdkStateNotReady: Record<string, never>;
  kickedOut: { type: V2TimKickedOutType };
  netStateChange: { state: V2TimNetState };
  error: { code: number; message: string };
  userStatusUpdated: { statusList: V2TimUserStatus[] };
}

export type V2TimSDKEventName = keyof V2TimSDKEventMap;

/** What a handler receives: the event's name and its data, as on the web SDK. */
export interface V2TimSDKEventObject<K extends V2TimSDKEventName> {
  name: K;
  data: V2TimSDKEventMap[K];
}

export type V2TimSDKEventHandler<K extends V2TimSDKEventName> = (event: V2TimSDKEventObject<K>) => void;

type AnyHandler = (event: V2TimSDKEventObject<V2TimSDKEventName>) => void;

/** Handlers per event name. A throwing handler is reported to `onError` and the others still run. */
export class EventHub {
  /** Where a throwing handler is reported; the V2TIMManager points it at its log. */
  onError: (error: unknown, name: string) => void = () => {};
  private readonly handlers = new Map<V2TimSDKEventName, Set<AnyHandler>>();

  on<K extends V2TimSDKEventName>(name: K, handler: V2TimSDKEventHandler<K>): void {
    let set = this.handlers.get(name);
    if (!set) {
      set = new Set();
      this.handlers.set(name, set);
    }
    set.add(handler as AnyHandler);
  }

  off<K extends V2TimSDKEventName>(name: K, handler?: V2TimSDKEventHandler<K>): void {
    if (handler) this.handlers.get(name)?.delete(handler as AnyHandler);
    else this.handlers.delete(name);
  }

  emit<K extends V2TimSDKEventName>(name: K, data: V2TimSDKEventMap[K]): void {
    const set = this.handlers.get(name);
    if (!set) return;
    const event = { name, data } as V2TimSDKEventObject<V2TimSDKEventName>;
    for (const handler of [...set]) {
      try {
        handler(event);
      } catch (error) {
        this.onError(error, name);
      }
    }
  }
}
