import { MessagePriority } from '@parley/protocol';
import { describe, expect, it } from 'vitest';
import { RoomRateLimiter } from './room-rate.js';

/** How many of `count` messages of one priority, sent at the same instant, the room admits. */
function admitted(limiter: RoomRateLimiter, count: number, priority?: MessagePriority, groupID = 'live') {
  let n = 0;
  for (let i = 0; i < count; i++) if (limiter.admit(1400000001, groupID, priority)) n += 1;
  return n;
}

describe('an AVChatRoom rate of 40 messages a second', () => {
  it('admits one second of Normal messages at once, then none until the bucket refills', () => {
    let now = 0;
    const limiter = new RoomRateLimiter(40, () => now);
    expect(admitted(limiter, 100)).toBe(40);
    now += 500;
    expect(admitted(limiter, 100, MessagePriority.NORMAL)).toBe(20);
  });

  it('keeps half of the bucket from Low messages and lets High overdraw by one more second', () => {
    let now = 0;
    const limiter = new RoomRateLimiter(40, () => now);
    expect(admitted(limiter, 100, MessagePriority.LOW)).toBe(20);
    expect(admitted(limiter, 100, MessagePriority.NORMAL)).toBe(20);
    expect(admitted(limiter, 100, MessagePriority.LOW)).toBe(0);
    expect(admitted(limiter, 100, MessagePriority.HIGH)).toBe(40);
    // In debt: a second later Normal still finds nothing, High finds the second's refill.
    now += 1000;
    expect(admitted(limiter, 1, MessagePriority.NORMAL)).toBe(0);
    expect(admitted(limiter, 100, MessagePriority.HIGH)).toBe(40);
  });

  it('counts each room on its own', () => {
    const limiter = new RoomRateLimiter(40, () => 0);
    expect(admitted(limiter, 50, undefined, 'a')).toBe(40);
    expect(admitted(limiter, 50, undefined, 'b')).toBe(40);
  });
});
