/**
 * The client's state: the V2TIM login status and the network state, changed only through `set`.
 * `set` emits `{from, to, reason}` only when something really changed, and the SDK listener
 * callbacks and web events are derived from these transitions alone (see `notify.ts`), so a callback
 * can neither be forgotten nor fire twice for one change.
 */
import type { KickReason } from '@parley/protocol';
import { V2TimLoginStatus, V2TimNetState } from '../types.js';

export interface ClientState {
  login: V2TimLoginStatus;
  net: V2TimNetState;
}

/** Why the state changed; decides which callbacks a transition fires. */
export type TransitionReason =
  | { kind: 'login' }
  | { kind: 'loginSucceeded' }
  | { kind: 'loginFailed'; code: number; desc: string }
  | { kind: 'connectFailed'; code: number; desc: string }
  | { kind: 'connectionLost'; code: number; desc: string }
  | { kind: 'reconnecting' }
  | { kind: 'resumed' }
  | { kind: 'kicked'; kickReason: KickReason }
  | { kind: 'userSigExpired' }
  | { kind: 'switchAccount' }
  | { kind: 'logout' }
  | { kind: 'unInit' };

export interface Transition {
  from: ClientState;
  to: ClientState;
  reason: TransitionReason;
}

export const INITIAL_STATE: ClientState = Object.freeze({
  login: V2TimLoginStatus.V2TIM_STATUS_LOGOUT,
  net: V2TimNetState.DISCONNECTED,
});

export class StateMachine {
  private current: ClientState = INITIAL_STATE;
  private readonly observers = new Set<(transition: Transition) => void>();
  private readonly queue: Transition[] = [];
  private emitting = false;

  get(): ClientState {
    return this.current;
  }

  get login(): V2TimLoginStatus {
    return this.current.login;
  }

  get net(): V2TimNetState {
    return this.current.net;
  }

  /**
   * Changes the state. Observers run in order of changes: a change made from inside an observer is
   * applied at once but announced after the current announcement has reached every observer.
   */
  set(change: Partial<ClientState>, reason: TransitionReason): void {
    const from = this.current;
    const to: ClientState = Object.freeze({ login: change.login ?? from.login, net: change.net ?? from.net });
    if (to.login === from.login && to.net === from.net) return;
    this.current = to;
    this.queue.push({ from, to, reason });
    if (this.emitting) return;
    this.emitting = true;
    try {
      for (let next = this.queue.shift(); next; next = this.queue.shift()) {
        for (const observer of [...this.observers]) observer(next);
      }
    } finally {
      this.emitting = false;
    }
  }

  /** Adds an observer of transitions; returns its removal. */
  observe(observer: (transition: Transition) => void): () => void {
    this.observers.add(observer);
    return () => this.observers.delete(observer);
  }
}
