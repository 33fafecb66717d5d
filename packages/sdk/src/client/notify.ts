/**
 * Turns state transitions into V2TIM listener callbacks and web events — the only place either is
 * fired. A throwing listener is logged and never breaks the SDK or the other listeners.
 */
import type { EventHub } from '../events.js';
import { V2TimLoginStatus, V2TimNetState, type V2TimSDKListener, type V2TimUserStatus } from '../types.js';
import type { Log } from './log.js';
import type { Transition } from './state.js';

export class Notifier {
  /** The SDK listeners (`addSDKListener`). */
  readonly listeners = new Set<V2TimSDKListener>();

  constructor(
    private readonly events: EventHub,
    private readonly log: () => Log,
  ) {}

  /** Derives the callbacks of one transition. */
  readonly onTransition = ({ from, to, reason }: Transition): void => {
    if (from.net !== to.net) {
      this.events.emit('netStateChange', { state: to.net });
      if (to.net === V2TimNetState.CONNECTING) this.call('onConnecting', (l) => l.onConnecting?.());
      if (to.net === V2TimNetState.CONNECTED) this.call('onConnectSuccess', (l) => l.onConnectSuccess?.());
      if (to.net === V2TimNetState.DISCONNECTED && reason.kind === 'connectFailed') {
        this.call('onConnectFailed', (l) => l.onConnectFailed?.(reason.code, reason.desc));
        this.events.emit('error', { code: reason.code, message: reason.desc });
      }
    }
    if (from.login !== to.login) {
      if (to.login === V2TimLoginStatus.V2TIM_STATUS_LOGINED) this.events.emit('sdkStateReady', {});
      if (from.login === V2TimLoginStatus.V2TIM_STATUS_LOGINED) this.events.emit('sdkStateNotReady', {});
      if (to.login === V2TimLoginStatus.V2TIM_STATUS_LOGOUT && reason.kind === 'kicked') {
        this.call('onKickedOffline', (l) => l.onKickedOffline?.());
        this.events.emit('kickedOut', { type: reason.kickReason });
      }
      if (to.login === V2TimLoginStatus.V2TIM_STATUS_LOGOUT && reason.kind === 'userSigExpired') {
        this.call('onUserSigExpired', (l) => l.onUserSigExpired?.());
        this.events.emit('kickedOut', { type: 'userSigExpired' });
      }
    }
  };

  /** `onUserStatusChanged` and the web event; each listener gets its own copy of the list. */
  userStatusChanged(statusList: readonly V2TimUserStatus[]): void {
    const copy = () => statusList.map((s) => ({ ...s, onlineDevices: [...s.onlineDevices] }));
    this.call('onUserStatusChanged', (l) => l.onUserStatusChanged?.(copy()));
    this.events.emit('userStatusUpdated', { statusList: copy() });
  }

  /** Calls every SDK listener; one that throws is logged. */
  call(name: string, invoke: (listener: V2TimSDKListener) => void): void {
    for (const listener of [...this.listeners]) {
      try {
        invoke(listener);
      } catch (error) {
        this.log().error(`listener ${name} threw: ${String(error)}`);
      }
    }
  }
}
