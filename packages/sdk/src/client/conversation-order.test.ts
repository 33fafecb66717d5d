import { describe, expect, it } from 'vitest';
import type { V2TimConversation } from '../types.js';
import { mergeConversations, sortGroups } from './conversation-order.js';

const c2c = (id: string, seconds: number, isPinned = false): V2TimConversation => ({
  conversationID: `c2c_${id}`,
  type: 1,
  unreadCount: 0,
  isPinned,
  lastMessage: { timestamp: seconds } as V2TimConversation['lastMessage'],
});
const group = (id: string, ms: number, isPinned = false): V2TimConversation => ({
  conversationID: `group_${id}`,
  type: 2,
  unreadCount: 0,
  isPinned,
  orderKey: ms,
});

describe('the merged conversation list', () => {
  it('puts pinned first, then interleaves by most recent activity', () => {
    const list = mergeConversations(
      [c2c('pinned', 1, true), c2c('new', 30), c2c('old', 10)],
      sortGroups([group('mid', 20_000), group('newest', 40_000)]),
    );
    expect(list.map((c) => c.conversationID)).toEqual([
      'c2c_pinned',
      'group_newest',
      'c2c_new',
      'group_mid',
      'c2c_old',
    ]);
  });

  it('keeps the one-to-one order as given', () => {
    const given = [c2c('a', 5), c2c('b', 9)];
    expect(mergeConversations(given, []).map((c) => c.conversationID)).toEqual(['c2c_a', 'c2c_b']);
  });
});
