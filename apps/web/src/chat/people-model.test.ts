import { describe, expect, it } from 'vitest';
import type { ChatConversation, ChatMessage } from './model.js';
import {
  addFriendText,
  chunks,
  conversationLook,
  initialOf,
  lookOf,
  peersToWatch,
  safeImageUrl,
  senderLook,
  sendProblem,
  startsRun,
  watchPlan,
} from './people-model.js';

const conversation = (userID: string, timestamp?: number, extra: Partial<ChatConversation> = {}) =>
  ({
    conversationID: `c2c_${userID}`,
    userID,
    showName: userID,
    unreadCount: 0,
    ...(timestamp === undefined
      ? {}
      : {
          lastMessage: {
            msgID: `m-${userID}`,
            conversationID: `c2c_${userID}`,
            peer: userID,
            sender: userID,
            isSelf: false,
            text: 'hi',
            timestamp,
            seq: 0,
            status: 'sent',
            isPeerRead: false,
          },
        }),
    ...extra,
  }) satisfies ChatConversation;

let made = 0;
const message = (sender: string, extra: Partial<ChatMessage> = {}): ChatMessage => ({
  msgID: `${sender}-${++made}`,
  conversationID: `c2c_${sender}`,
  peer: sender,
  sender,
  isSelf: false,
  text: 'x',
  timestamp: 1,
  seq: 0,
  status: 'sent',
  isPeerRead: false,
  ...extra,
});

describe('names and avatars', () => {
  it('prefers the live profile, then what the message or conversation carried, then the UserID', () => {
    const live = { userID: 'bob', nickName: 'Bobby', faceUrl: 'https://example.com/b.png' };
    expect(lookOf('bob', live, { nickName: 'Old' })).toEqual({
      userID: 'bob',
      name: 'Bobby',
      faceUrl: 'https://example.com/b.png',
    });
    expect(lookOf('bob', undefined, { nickName: 'Old', faceUrl: '' })).toEqual({
      userID: 'bob',
      name: 'Old',
    });
    expect(lookOf('bob', undefined)).toEqual({ userID: 'bob', name: 'bob' });
    // A live profile without a nickname falls back to the carried one, and then to the UserID.
    expect(lookOf('bob', { userID: 'bob', nickName: '', faceUrl: '' }).name).toBe('bob');
  });

  it('names a conversation by its showName unless that is only the UserID', () => {
    expect(conversationLook(conversation('bob', 1, { showName: 'Bobby' }), undefined).name).toBe('Bobby');
    expect(conversationLook(conversation('bob'), { userID: 'bob', nickName: 'New', faceUrl: '' }).name).toBe(
      'New',
    );
    expect(conversationLook(conversation('bob'), undefined)).toEqual({ userID: 'bob', name: 'bob' });
  });

  it('names a message by its sender', () => {
    expect(senderLook(message('carol', { nickName: 'Caro' }), undefined).name).toBe('Caro');
    expect(senderLook(message('carol'), undefined).name).toBe('carol');
  });

  it('draws only http(s) pictures, and the first letter otherwise', () => {
    expect(safeImageUrl('https://example.com/a.png')).toBe('https://example.com/a.png');
    expect(safeImageUrl('http://example.com/a.png')).toBe('http://example.com/a.png');
    expect(safeImageUrl('javascript:alert(1)')).toBeUndefined();
    expect(safeImageUrl('file:///etc/passwd')).toBeUndefined();
    expect(safeImageUrl('not a url')).toBeUndefined();
    expect(safeImageUrl('')).toBeUndefined();
    expect(initialOf('Émile')).toBe('É');
    expect(initialOf('😀 smile')).toBe('😀');
    expect(initialOf('  ')).toBe('?');
  });

  it('shows the sender at the start of each run', () => {
    const first = message('bob');
    expect(startsRun(first, undefined)).toBe(true);
    expect(startsRun(message('bob'), first)).toBe(false);
    expect(startsRun(message('bob'), message('alice', { isSelf: true }))).toBe(true);
    expect(startsRun(message('bob'), message('bob', { status: 'revoked' }))).toBe(true);
  });
});

describe('watching peers', () => {
  it('watches the open conversation and the most recent ones, up to the limit', () => {
    const list = [conversation('old', 10), conversation('new', 30), conversation('mid', 20)];
    expect(peersToWatch(list, undefined, 2)).toEqual(['new', 'mid']);
    expect(peersToWatch(list, 'old', 2)).toEqual(['old', 'new']);
    expect(peersToWatch(list, 'new', 5)).toEqual(['new', 'mid', 'old']);
    expect(peersToWatch([], undefined)).toEqual([]);
    // Groups have no one peer to watch.
    const group = { ...conversation('x', 50), userID: undefined, groupID: 'g1', conversationID: 'group_g1' };
    expect(peersToWatch([group, ...list], undefined, 5)).toEqual(['new', 'mid', 'old']);
  });

  it('keeps at most 200 by default, as the server does', () => {
    const many = Array.from({ length: 250 }, (_, n) => conversation(`u${n}`, n));
    const watched = peersToWatch(many, undefined);
    expect(watched).toHaveLength(200);
    expect(watched[0]).toBe('u249');
    expect(watched).not.toContain('u49');
  });

  it('subscribes the new peers and unsubscribes the ones no longer shown', () => {
    expect(watchPlan(['a', 'b', 'c'], new Set(['b', 'd']))).toEqual({
      subscribe: ['a', 'c'],
      unsubscribe: ['d'],
    });
    expect(watchPlan(['a'], new Set(['a']))).toEqual({ subscribe: [], unsubscribe: [] });
  });

  it('splits long lists for calls with a bound', () => {
    expect(chunks([1, 2, 3, 4, 5], 2)).toEqual([[1, 2], [3, 4], [5]]);
    expect(chunks([], 100)).toEqual([]);
  });
});

describe('what the user is told', () => {
  it('says plainly when the peer blocked the sender', () => {
    expect(sendProblem(20007, 'the receiver has blocked the sender', 'Bobby')).toBe(
      'Not sent: Bobby has blocked you, so they do not get your messages.',
    );
    expect(sendProblem(80001, 'text rejected', 'Bobby')).toBe('Not sent: text rejected (80001)');
    expect(sendProblem(20009, 'not friends', 'Bobby')).toContain('only friends can message each other');
    expect(sendProblem(20010, 'not friends', 'Bobby')).toContain('Bobby has not accepted you');
  });

  it('tells an added friend from a sent request and a refusal', () => {
    expect(addFriendText('bob', 0, '')).toBe('bob is now your friend.');
    expect(addFriendText('bob', 30539, '')).toContain('Request sent');
    expect(addFriendText('bob', 30516, 'they accept no requests')).toBe(
      'Could not add bob: they accept no requests (30516)',
    );
  });
});
