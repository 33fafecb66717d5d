import { describe, expect, it } from 'vitest';
import {
  type ChatMessage,
  canRecall,
  markPeerRead,
  markRevoked,
  mergeMessages,
  preview,
  showsTime,
} from './model.js';

const message = (msgID: string, timestamp: number, extra: Partial<ChatMessage> = {}): ChatMessage => ({
  msgID,
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
