import { describe, expect, it } from 'vitest';
import {
  applyReceipts,
  type ChatMessage,
  canRecall,
  emptyConversation,
  markPeerRead,
  markRevoked,
  mergeMessages,
  preview,
  showsTime,
  targetOf,
} from './model.js';

const message = (msgID: string, timestamp: number, extra: Partial<ChatMessage> = {}): ChatMessage => ({
  msgID,
  conversationID: 'c2c_bob',
  peer: 'bob',
  sender: 'alice',
  isSelf: true,
  text: msgID,
  timestamp,
  seq: 0,
  status: 'sent',
  isPeerRead: false,
  ...extra,
});

describe('mergeMessages', () => {
  it('keeps one copy per msgID, oldest first, whatever order pages and pushes arrive in', () => {
    const live = [message('c', 30), message('b', 20)];
    const page = [message('a', 10), message('b', 20)];
    expect(mergeMessages(live, page).map((m) => m.msgID)).toEqual(['a', 'b', 'c']);
  });

  it('orders messages of the same second by seq', () => {
    const merged = mergeMessages([message('y', 5, { seq: 2 })], [message('x', 5, { seq: 1 })]);
    expect(merged.map((m) => m.msgID)).toEqual(['x', 'y']);
  });

  it('never undoes a recall or a read mark with an older copy from history', () => {
    const known = [message('a', 10, { status: 'revoked', isPeerRead: true })];
    const [merged] = mergeMessages(known, [message('a', 10)]);
    expect(merged).toMatchObject({ status: 'revoked', isPeerRead: true });
  });
});

describe('markPeerRead', () => {
  it('marks own sent messages up to the read time, and nothing after it or received', () => {
    const marked = markPeerRead(
      [message('a', 10), message('b', 20), message('c', 30), message('d', 15, { isSelf: false })],
      20,
    );
    expect(marked.map((m) => m.isPeerRead)).toEqual([true, true, false, false]);
  });
});

describe('recall', () => {
  it('is offered for own sent messages within two minutes', () => {
    expect(canRecall(message('a', 1000), 1120)).toBe(true);
    expect(canRecall(message('a', 1000), 1121)).toBe(false);
    expect(canRecall(message('a', 1000, { isSelf: false }), 1001)).toBe(false);
    expect(canRecall(message('a', 1000, { status: 'sending' }), 1001)).toBe(false);
  });

  it('turns the message into a recall notice in the thread and the conversation list', () => {
    const [recalled] = markRevoked([message('a', 10)], 'a');
    expect(recalled?.status).toBe('revoked');
    expect(preview(recalled)).toBe('You recalled a message');
    expect(preview(message('b', 1, { isSelf: false, text: 'hi' }))).toBe('hi');
    expect(preview(undefined)).toBe('No messages yet');
  });
});

describe('showsTime', () => {
  it('shows the time once under a run of one sender within a minute', () => {
    const first = message('a', 100);
    expect(showsTime(first, message('b', 159))).toBe(false);
    expect(showsTime(first, message('b', 160))).toBe(true);
    expect(showsTime(first, message('b', 120, { sender: 'bob' }))).toBe(true);
    expect(showsTime(first, undefined)).toBe(true);
  });
});

describe('group conversations', () => {
  it('tells a user from a group by the conversation ID', () => {
    expect(targetOf('c2c_bob')).toEqual({ userID: 'bob' });
    expect(targetOf('group_@TGS#1')).toEqual({ groupID: '@TGS#1' });
    // A UserID may contain "group_": only the prefix counts.
    expect(targetOf('c2c_group_x')).toEqual({ userID: 'group_x' });
    expect(emptyConversation('group_g1')).toEqual({
      conversationID: 'group_g1',
      groupID: 'g1',
      showName: 'g1',
      unreadCount: 0,
    });
  });

  it('previews others’ group messages with the sender, and tips as they are', () => {
    const group = { conversationID: 'group_g1', peer: '', isSelf: false, text: 'hi' };
    expect(preview(message('a', 1, { ...group, sender: 'carol', nickName: 'Carol' }))).toBe('Carol: hi');
    expect(preview(message('a', 1, { ...group, sender: 'carol' }))).toBe('carol: hi');
    expect(preview(message('a', 1, { ...group, sender: '', tip: true, text: 'bob joined' }))).toBe(
      'bob joined',
    );
    expect(preview(message('a', 1, { ...group, isSelf: true }))).toBe('You: hi');
  });

  it('applies read counts to own messages, never lowering them', () => {
    const thread = [message('a', 1), message('b', 2), message('c', 3, { isSelf: false })];
    const once = applyReceipts(thread, [
      { msgID: 'a', readCount: 2, unreadCount: 1 },
      { msgID: 'c', readCount: 1, unreadCount: 0 },
    ]);
    expect(once.map((m) => m.readCount)).toEqual([2, undefined, undefined]);
    const stale = applyReceipts(once, [{ msgID: 'a', readCount: 1, unreadCount: 2 }]);
    expect(stale[0]).toMatchObject({ readCount: 2, unreadCount: 1 });
    const all = applyReceipts(once, [{ msgID: 'a', readCount: 3, unreadCount: 0 }]);
    expect(all[0]).toMatchObject({ readCount: 3, unreadCount: 0 });
  });

  it('keeps read counts when a copy without them (history, a send reply) is merged', () => {
    const known = [message('a', 1, { readCount: 2, unreadCount: 0 })];
    const [merged] = mergeMessages(known, [message('a', 1)]);
    expect(merged).toMatchObject({ readCount: 2, unreadCount: 0 });
    const [newer] = mergeMessages(known, [message('a', 1, { readCount: 3, unreadCount: 0 })]);
    expect(newer?.readCount).toBe(3);
  });
});
