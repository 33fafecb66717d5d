import { describe, expect, it } from 'vitest';
import {
  groupReadText,
  MAX_INITIAL_MEMBERS,
  namesText,
  parseMembers,
  RECEIPTS_PER_CALL,
  receiptsToAsk,
  receiptsToSend,
  tipText,
} from './group-model.js';
import type { ChatMessage } from './model.js';

const message = (msgID: string, extra: Partial<ChatMessage> = {}): ChatMessage => ({
  msgID,
  conversationID: 'group_g1',
  peer: '',
  sender: 'bob',
  isSelf: false,
  text: msgID,
  timestamp: 1,
  seq: 1,
  status: 'sent',
  isPeerRead: false,
  needReadReceipt: true,
  ...extra,
});

describe('group tips', () => {
  it('says who joined, was added, left or was removed', () => {
    expect(tipText({ type: 1, opMember: 'carol', memberList: ['carol'] })).toBe('carol joined the group');
    expect(tipText({ type: 2, opMember: 'alice', memberList: ['bob', 'carol', 'dan'] })).toBe(
      'alice added bob, carol and dan',
    );
    expect(tipText({ type: 3, opMember: 'bob', memberList: ['bob'] })).toBe('bob left the group');
    expect(tipText({ type: 4, opMember: '', memberList: ['bob'] })).toBe('The admin removed bob');
  });

  it('names renames and new owners, and uses the names it is given', () => {
    const nameOf = (id: string) => (id === 'alice' ? 'Alice' : id);
    expect(
      tipText(
        { type: 7, opMember: 'alice', memberList: [], groupChangeInfoList: [{ type: 1, value: 'Crew' }] },
        nameOf,
      ),
    ).toBe('Alice renamed the group to "Crew"');
    expect(
      tipText({
        type: 7,
        opMember: 'alice',
        memberList: [],
        groupChangeInfoList: [{ type: 5, value: 'bob' }],
      }),
    ).toBe("bob is now the group's owner");
    expect(tipText({ type: 7, opMember: 'alice', memberList: [], groupChangeInfoList: [] })).toBe(
      "alice changed the group's profile",
    );
    expect(tipText({ type: 99, opMember: 'alice', memberList: [] })).toBe('alice changed the group');
  });

  it('joins names as a sentence', () => {
    expect(namesText([])).toBe('someone');
    expect(namesText(['a'])).toBe('a');
    expect(namesText(['a', 'b'])).toBe('a and b');
  });
});

describe('read marks of own group messages', () => {
  const own = (extra: Partial<ChatMessage>) => message('m', { isSelf: true, sender: 'alice', ...extra });

  it('says nothing until someone reads, then "Read by N", then "Read by all"', () => {
    expect(groupReadText(own({}))).toBeUndefined();
    expect(groupReadText(own({ readCount: 0, unreadCount: 2 }))).toBeUndefined();
    expect(groupReadText(own({ readCount: 1, unreadCount: 1 }))).toBe('Read by 1');
    expect(groupReadText(own({ readCount: 2, unreadCount: 0 }))).toBe('Read by all');
  });

  it('only for own, sent messages that asked for receipts', () => {
    expect(groupReadText(message('m', { readCount: 1, unreadCount: 0 }))).toBeUndefined();
    expect(groupReadText(own({ needReadReceipt: false, readCount: 1 }))).toBeUndefined();
    expect(groupReadText(own({ status: 'revoked', readCount: 1 }))).toBeUndefined();
  });
});

describe('which receipts to send and ask for', () => {
  it('reports others’ messages that asked for it, once each', () => {
    const thread = [
      message('a'),
      message('b', { isSelf: true, sender: 'alice' }),
      message('c', { needReadReceipt: false }),
      message('d', { status: 'revoked' }),
      message('e', { tip: true, needReadReceipt: false }),
      message('f'),
    ];
    expect(receiptsToSend(thread, new Set())).toEqual([['a', 'f']]);
    expect(receiptsToSend(thread, new Set(['a']))).toEqual([['f']]);
    expect(receiptsToSend(thread, new Set(['a', 'f']))).toEqual([]);
  });

  it('splits into calls of at most 30 messages', () => {
    const many = Array.from({ length: RECEIPTS_PER_CALL + 5 }, (_, i) => message(`m${i}`));
    const batches = receiptsToSend(many, new Set());
    expect(batches.map((batch) => batch.length)).toEqual([RECEIPTS_PER_CALL, 5]);
  });

  it('asks the counts of own messages with receipts only', () => {
    const thread = [
      message('a'),
      message('b', { isSelf: true }),
      message('c', { isSelf: true, needReadReceipt: false }),
    ];
    expect(receiptsToAsk(thread)).toEqual([['b']]);
  });
});

describe('the members box', () => {
  it('reads comma or space separated UserIDs, each once, without the creator', () => {
    expect(parseMembers(' bob, carol ,bob alice,,dan ', 'alice')).toEqual({
      members: ['bob', 'carol', 'dan'],
    });
    expect(parseMembers('', 'alice')).toEqual({ members: [] });
  });

  it('refuses more members than a group may be created with', () => {
    const many = Array.from({ length: MAX_INITIAL_MEMBERS + 1 }, (_, i) => `u${i}`).join(',');
    expect(parseMembers(many, 'alice')).toHaveProperty('problem');
  });
});
