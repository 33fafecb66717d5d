import { describe, expect, it } from 'vitest';
import { emptyConversation } from './conversations.js';
import type { ConversationRow } from './rows.js';
import * as rules from './rules.js';

const base = (patch: Partial<ConversationRow> = {}): ConversationRow => ({
  ...emptyConversation(1, 'me', 'peer'),
  ...patch,
});
const message = (patch: Partial<rules.MessageFacts> = {}): rules.MessageFacts => ({
  msgID: 'm',
  sender: 'peer',
  time: 1_000,
  excludedFromUnreadCount: false,
  excludedFromLastMessage: false,
  ...patch,
});

describe('conversation rules', () => {
  it.each([
    ['an incoming message', message(), 1, 'm', 7],
    ["the owner's own message", message({ sender: 'me' }), 0, 'm', 7],
    ['a message excluded from unread', message({ excludedFromUnreadCount: true }), 0, 'm', 7],
    ['a message excluded from the last message', message({ excludedFromLastMessage: true }), 1, null, 3],
  ])('%s: unread %i, last message %s, order key %i', (_name, facts, unread, last, orderKey) => {
    const next = rules.messageArrived(base({ order_key: 3 }), facts, 7);
    expect(next).toMatchObject({ unread_count: unread, last_msg_id: last, order_key: orderKey, version: 7 });
  });

  it.each([
    ['incoming, after the read marker, counted', message({ time: 2_000 }), 1, true],
    ['incoming, before the read marker', message({ time: 500 }), 1, false],
    ['own', message({ sender: 'me', time: 2_000 }), 1, false],
    ['excluded from unread', message({ time: 2_000, excludedFromUnreadCount: true }), 1, false],
    ['nothing unread', message({ time: 2_000 }), 0, false],
  ])('a message %s is unread: %s', (_name, facts, unread, expected) => {
    expect(rules.isUnread(base({ read_time: 1_000, unread_count: unread }), facts)).toBe(expected);
  });

  it('reading clears unread and never moves the read marker back', () => {
    expect(rules.readUpTo(base({ unread_count: 4, read_time: 5_000 }), 3_000, 9)).toMatchObject({
      unread_count: 0,
      read_time: 5_000,
      version: 9,
    });
    expect(rules.peerReadUpTo(base({ peer_read_time: 5_000 }), 6_000, 9).peer_read_time).toBe(6_000);
  });

  it('removing messages lowers unread (not below 0) and can replace or drop the last message', () => {
    const row = base({ unread_count: 2, last_msg_id: 'x', last_msg_seq: 4 });
    expect(rules.messagesGone(row, 3, undefined, 8)).toMatchObject({ unread_count: 0, last_msg_id: 'x' });
    expect(rules.messagesGone(row, 1, { msgID: 'y', seq: 2 }, 8)).toMatchObject({
      unread_count: 1,
      last_msg_id: 'y',
      last_msg_seq: 2,
    });
    expect(rules.messagesGone(row, 0, null, 8)).toMatchObject({ last_msg_id: null, last_msg_seq: 0 });
  });

  it('clearing keeps the place in the list; pin and draft move it up', () => {
    const row = base({ unread_count: 2, last_msg_id: 'x', order_key: 5 });
    expect(rules.historyCleared(row, 9)).toMatchObject({ unread_count: 0, last_msg_id: null, order_key: 5 });
    expect(rules.pinned(row, true, 9)).toMatchObject({ is_pinned: 1, order_key: 9 });
    expect(rules.drafted(row, 'hi', 1_234, 9)).toMatchObject({
      draft_text: 'hi',
      draft_time: 1_234,
      order_key: 9,
    });
    expect(rules.drafted(row, '', 1_234, 9)).toMatchObject({ draft_text: '', draft_time: 0 });
  });
});
