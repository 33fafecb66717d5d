import { describe, expect, it } from 'vitest';
import { V2TimLoginStatus, V2TimNetState } from '../types.js';
import { StateMachine, type Transition } from './state.js';

const {
  V2TIM_STATUS_LOGINED: LOGINED,
  V2TIM_STATUS_LOGINING: LOGINING,
  V2TIM_STATUS_LOGOUT: LOGOUT,
} = V2TimLoginStatus;

describe('StateMachine', () => {
  it('starts logged out and disconnected', () => {
    expect(new StateMachine().get()).toEqual({ login: LOGOUT, net: V2TimNetState.DISCONNECTED });
  });

  it('announces only real changes, with from, to and reason', () => {
    const machine = new StateMachine();
    const seen: Transition[] = [];
    machine.observe((t) => seen.push(t));
    machine.set({ login: LOGOUT }, { kind: 'logout' });
    machine.set({ login: LOGINING, net: V2TimNetState.CONNECTING }, { kind: 'login' });
    machine.set({ net: V2TimNetState.CONNECTING }, { kind: 'reconnecting' });
    expect(seen).toEqual([
      {
        from: { login: LOGOUT, net: V2TimNetState.DISCONNECTED },
        to: { login: LOGINING, net: V2TimNetState.CONNECTING },
        reason: { kind: 'login' },
      },
    ]);
  });

  it('announces a change made by an observer after the current one reached every observer', () => {
    const machine = new StateMachine();
    const order: string[] = [];
    machine.observe((t) => {
      order.push(`a:${t.to.login}`);
      if (t.to.login === LOGOUT) machine.set({ login: LOGINING }, { kind: 'login' });
    });
    machine.observe((t) => order.push(`b:${t.to.login}`));
    machine.set({ login: LOGINED }, { kind: 'loginSucceeded' });
    machine.set({ login: LOGOUT }, { kind: 'logout' });
    expect(order).toEqual(['a:1', 'b:1', 'a:3', 'b:3', 'a:2', 'b:2']);
    expect(machine.login).toBe(LOGINING);
  });
});
