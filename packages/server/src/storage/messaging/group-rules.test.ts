import { AT_ALL_TAG, GroupAtType } from '@parley/protocol';
import { describe, expect, it } from 'vitest';
import {
  ActivityStamp,
  atInfoFor,
  groupUnread,
  mentionUsers,
  readCountAfterOwnMessage,
} from './group-rules.js';

describe('group unread arithmetic', () => {
  it.each([
    { count: 10, read: 4, adjust: 0, counts: true, unread: 6 },
    { count: 10, read: 4, adjust: 2, counts: true, unread: 4 },
    { count: 10, read: 10, adjust: 0, counts: true, unread: 0 },
    { count: 3, read: 4, adjust: 1, counts: true, unread: 0 },
    { count: 10, read: 4, adjust: 0, counts: false, unread: 0 },
  ])('a log count of $count read at $read less $adjust gives $unread (counts: $counts)', (c) => {
    expect(groupUnread({ read_count: c.read, unread_adjust: c.adjust }, c.count, c.counts)).toBe(c.unread);
  });

  it("keeps the sender's unread unchanged by its own counted message", () => {
    const before = groupUnread({ read_count: 2, unread_adjust: 0 }, 5, true);
    const after = groupUnread({ read_count: readCountAfterOwnMessage(2, true), unread_adjust: 0 }, 6, true);
    expect(after).toBe(before);
    expect(readCountAfterOwnMessage(2, false)).toBe(2);
  });

  it('lowers the unread by the recalled unread messages, never below zero', () => {
    expect(groupUnread({ read_count: 4, unread_adjust: 0 }, 10, true, 2)).toBe(4);
    expect(groupUnread({ read_count: 4, unread_adjust: 0 }, 5, true, 3)).toBe(0);
    expect(groupUnread({ read_count: 4, unread_adjust: 0 }, 10, false, 2)).toBe(0);
  });
});

describe('activity stamps', () => {
  it('grow strictly even within one millisecond and when the clock steps back', () => {
    let now = 1000;
    const stamp = new ActivityStamp(() => now);
    const a = stamp.next();
    const b = stamp.next();
    now = 999;
    const c = stamp.next();
    now = 2000;
    const d = stamp.next();
    expect([a, b, c, d]).toEqual([1_000_000, 1_000_001, 1_000_002, 2_000_000]);
  });
});

describe('mentions', () => {
  it('turns @all into the everyone row and leaves out the sender', () => {
    expect(mentionUsers([AT_ALL_TAG, 'bob', 'alice', 'bob'], 'alice')).toEqual(['', 'bob']);
  });

  it('lists unread mentions of me and of everyone, oldest first, with their kind', () => {
    const rows = [
      { user_id: 'bob', seq: 3 },
      { user_id: '', seq: 5 },
      { user_id: 'bob', seq: 7 },
      { user_id: '', seq: 7 },
      { user_id: 'carol', seq: 8 },
    ];
    expect(atInfoFor(rows, 'bob', 3)).toEqual([
      { seq: 5, atType: GroupAtType.AT_ALL },
      { seq: 7, atType: GroupAtType.AT_ALL_AT_ME },
    ]);
    expect(atInfoFor(rows, 'bob', 7)).toEqual([]);
  });
});
