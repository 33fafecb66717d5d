import { describe, expect, it } from 'vitest';
import { emptyMember } from './rows.js';
import { isUnreadFor, unreadCount } from './rules.js';

const member = (patch: Partial<ReturnType<typeof emptyMember>> = {}) => ({
  ...emptyMember(1, 'me', 'c2c\tme\tpeer', 'peer', 0),
  ...patch,
});

describe('unread arithmetic', () => {
  it.each([
    ['nothing in the log', {}, { count_0: 0, count_1: 0 }, 0],
    ['three messages for me, none read', {}, { count_0: 3, count_1: 5 }, 3],
    ['the other slot counts for the peer only', { slot: 1 }, { count_0: 3, count_1: 5 }, 5],
    ['read when two had arrived', { read_count: 2 }, { count_0: 3, count_1: 0 }, 1],
    ['one unread message recalled since', { read_count: 2, unread_adjust: 1 }, { count_0: 4, count_1: 0 }, 1],
    ['never below zero', { read_count: 2, unread_adjust: 5 }, { count_0: 3, count_1: 0 }, 0],
  ])('%s', (_name, patch, log, unread) => {
    expect(unreadCount(member(patch), log)).toBe(unread);
  });

  it('counts nothing without a log', () => {
    expect(unreadCount(member(), undefined)).toBe(0);
  });

  const message = (patch: { sender_id?: string; excluded_unread?: number; seq?: number } = {}) => ({
    sender_id: 'peer',
    excluded_unread: 0,
    seq: 5,
    ...patch,
  });
  it.each([
    ["the peer's message after my read position", message(), {}, false, true],
    ['my own message', message({ sender_id: 'me' }), {}, false, false],
    ['a message excluded from unread', message({ excluded_unread: 1 }), {}, false, false],
    ['a message I read', message(), { read_seq: 5 }, false, false],
    ['a message I cleared', message(), { cleared_seq: 6 }, false, false],
    ['a message I deleted', message(), {}, true, false],
  ])('%s is unread: %s', (_name, m, patch, hidden, expected) => {
    expect(isUnreadFor(m, member(patch), hidden)).toBe(expected);
  });
});
