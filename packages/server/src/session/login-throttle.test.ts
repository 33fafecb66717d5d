import { describe, expect, it } from 'vitest';
import { LoginThrottle } from './login-throttle.js';

function throttle() {
  let now = 1_000_000;
  const t = new LoginThrottle({ limit: 3, windowMs: 60_000, lockMs: 60_000, now: () => now });
  return { t, advance: (ms: number) => (now += ms) };
}

describe('LoginThrottle', () => {
  it('locks a user and address after the limit of failures within the window', () => {
    const { t } = throttle();
    t.recordFailure(1, 'alice', '10.0.0.1');
    t.recordFailure(1, 'alice', '10.0.0.1');
    expect(t.isLocked(1, 'alice', '10.0.0.1')).toBe(false);
    t.recordFailure(1, 'alice', '10.0.0.1');
    expect(t.isLocked(1, 'alice', '10.0.0.1')).toBe(true);
  });

  it('never locks the same user out from another address', () => {
    const { t } = throttle();
    for (let i = 0; i < 10; i++) t.recordFailure(1, 'alice', 'attacker');
    expect(t.isLocked(1, 'alice', 'attacker')).toBe(true);
    expect(t.isLocked(1, 'alice', 'home')).toBe(false);
    expect(t.isLocked(2, 'alice', 'attacker')).toBe(false);
  });

  it('unlocks after the lock time and forgets failures after the window', () => {
    const { t, advance } = throttle();
    for (let i = 0; i < 3; i++) t.recordFailure(1, 'bob', 'a');
    advance(59_999);
    expect(t.isLocked(1, 'bob', 'a')).toBe(true);
    advance(1);
    expect(t.isLocked(1, 'bob', 'a')).toBe(false);
    t.recordFailure(1, 'bob', 'a');
    t.recordFailure(1, 'bob', 'a');
    advance(60_000);
    t.recordFailure(1, 'bob', 'a');
    expect(t.isLocked(1, 'bob', 'a')).toBe(false);
  });

  it('resets on a success and sweeps stale counters', () => {
    const { t, advance } = throttle();
    t.recordFailure(1, 'carol', 'a');
    t.recordFailure(1, 'carol', 'a');
    t.recordSuccess(1, 'carol', 'a');
    t.recordFailure(1, 'carol', 'a');
    expect(t.isLocked(1, 'carol', 'a')).toBe(false);
    t.recordFailure(1, 'dave', 'b');
    advance(120_000);
    t.sweep();
    expect(t.size).toBe(0);
  });
});

describe('LoginThrottle memory', () => {
  it('never holds more than maxEntries pairs, however many UserIDs fail', () => {
    let now = 0;
    const t = new LoginThrottle({
      limit: 3,
      windowMs: 60_000,
      lockMs: 60_000,
      maxEntries: 100,
      now: () => now,
    });
    for (let i = 0; i < 10_000; i++) {
      t.recordFailure(1, `user${i}`, '10.0.0.1');
      now += 1;
    }
    expect(t.size).toBeLessThanOrEqual(100);
    // The newest pairs are the ones kept.
    for (let i = 0; i < 2; i++) t.recordFailure(1, 'user9999', '10.0.0.1');
    expect(t.isLocked(1, 'user9999', '10.0.0.1')).toBe(true);
  });

  it('makes room by sweeping expired counters before dropping live ones', () => {
    let now = 0;
    const t = new LoginThrottle({ limit: 2, windowMs: 1_000, lockMs: 1_000, maxEntries: 3, now: () => now });
    t.recordFailure(1, 'locked', 'a');
    t.recordFailure(1, 'locked', 'a');
    now = 500;
    t.recordFailure(1, 'stale1', 'a');
    now = 2_000;
    t.recordFailure(1, 'locked', 'a');
    t.recordFailure(1, 'locked', 'a');
    t.recordFailure(1, 'fresh', 'a');
    t.recordFailure(1, 'fresh2', 'a');
    expect(t.isLocked(1, 'locked', 'a')).toBe(true);
    expect(t.size).toBe(3);
  });
});
