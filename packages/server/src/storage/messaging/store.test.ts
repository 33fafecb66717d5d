import { ElemType } from '@parley/protocol';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openTestStorage, TEST_DIALECTS, type TestStorage } from '../testing.js';
import type { NewC2CMessage } from './types.js';

describe.each(TEST_DIALECTS)('MessagingStore (%s)', (dialect) => {
  let db: TestStorage;
  let sdkAppID: number;
  let n = 0;
  // Recent times: messages older than the app's retention (7 days by default) are out of sight.
  const start = Date.now() - 60_000;
  beforeEach(async () => {
    db = await openTestStorage(dialect);
    sdkAppID = (await db.storage.apps.create({})).sdkAppID;
  });
  afterEach(async () => {
    await db.dispose();
  });

  const message = (sender: string, receiver: string, patch: Partial<NewC2CMessage> = {}): NewC2CMessage => ({
    sdkAppID,
    msgID: `m${++n}`,
    sender,
    receiver,
    random: n,
    time: start + n,
    elemList: [{ elemType: ElemType.TEXT, text: `text ${n}` }],
    cloudCustomData: '',
    excludedFromUnreadCount: false,
    excludedFromLastMessage: false,
    ...patch,
  });

  it("numbers each party's timeline without gaps, also under concurrent sends", async () => {
    const sends = Array.from({ length: 20 }, (_, i) =>
      db.storage.messaging.storeC2C(message(i % 2 ? 'a' : 'b', i % 2 ? 'b' : 'a')),
    );
    await Promise.all(sends);
    const page = await db.storage.messaging.sync(sdkAppID, 'a', 0, 100);
    expect(page.events.map((e) => e.seq)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(page).toMatchObject({ headSeq: 20, untilSeq: 20, complete: true });
  });

  it('stores a msgID once per sender and refuses it to another sender', async () => {
    const first = await db.storage.messaging.storeC2C(message('a', 'b', { msgID: 'same' }));
    const again = await db.storage.messaging.storeC2C(message('a', 'b', { msgID: 'same' }));
    const other = await db.storage.messaging.storeC2C(message('c', 'b', { msgID: 'same' }));
    expect(first.kind).toBe('stored');
    expect(again).toMatchObject({ kind: 'duplicate', message: { msgID: 'same', seq: 1 } });
    expect(other.kind).toBe('taken');
    expect((await db.storage.messaging.sync(sdkAppID, 'b', 0, 10)).events).toHaveLength(1);
  });

  it('stores a batch in one transaction as one after the other, resends within it included', async () => {
    await db.storage.messaging.storeC2C(message('a', 'b'));
    const results = await db.storage.messaging.storeC2CMany([
      message('b', 'a', { msgID: 'x' }),
      message('a', 'c', { countReceiverUnread: true }),
      message('b', 'a', { msgID: 'x' }),
      message('c', 'a', { msgID: 'x' }),
      message('d', 'b', { skipSenderTimeline: true, countReceiverUnread: true }),
    ]);
    expect(results.map((r) => r.kind)).toEqual(['stored', 'stored', 'duplicate', 'taken', 'stored']);
    expect(results[0]).toMatchObject({ message: { msgID: 'x', seq: 2 } });
    // The first message of the conversation of a and c: seqs are per conversation log.
    expect(results[1]).toMatchObject({ message: { seq: 1 }, receiverUnread: 1 });
    expect(results[2]).toMatchObject({ message: { msgID: 'x', seq: 2 } });
    expect(results[4]).toMatchObject({ message: { seq: 0 }, receiverUnread: 2 });
    const a = await db.storage.messaging.sync(sdkAppID, 'a', 0, 10);
    expect(a.events.map((e) => e.seq)).toEqual([1, 2, 3]);
    const b = await db.storage.messaging.sync(sdkAppID, 'b', 0, 10);
    expect(b.events.map((e) => e.seq)).toEqual([1, 2, 3]);
    expect(await db.storage.messaging.conversation(sdkAppID, 'a', 'b')).toMatchObject({
      unreadCount: 1,
      version: 2,
      lastMessage: { msgID: 'x', seq: 2 },
    });
  });

  it('pages the sync past deleted entries and starts a fresh client at the acknowledged seq', async () => {
    for (let i = 0; i < 5; i++) await db.storage.messaging.storeC2C(message('a', 'b'));
    const history = await db.storage.messaging.history(sdkAppID, 'b', 'a', { count: 10 });
    const ids = history.messages.map((m) => m.msgID);
    // The messages of b's feed events 2 and 3 are deleted for b: those events are left out of the
    // pages (holes); event 6 is the deletion.
    await db.storage.messaging.deleteForUser(sdkAppID, 'b', ids.slice(2, 4), 2_000);
    const first = await db.storage.messaging.sync(sdkAppID, 'b', 0, 2);
    expect(first.events.map((e) => e.seq)).toEqual([1]);
    expect(first).toMatchObject({ complete: false, untilSeq: 2 });
    const rest = await db.storage.messaging.sync(sdkAppID, 'b', first.untilSeq, 10);
    expect(rest.events.map((e) => [e.seq, e.kind])).toEqual([
      [4, 'message'],
      [5, 'message'],
      [6, 'messagesDeleted'],
    ]);
    expect(rest).toMatchObject({ complete: true, untilSeq: 6, headSeq: 6 });
    // The sync's afterSeq acknowledged 2; a fresh client starts there.
    expect((await db.storage.messaging.sync(sdkAppID, 'b', undefined, 10)).afterSeq).toBe(2);
    await db.storage.messaging.ack(sdkAppID, 'b', 6);
    await db.storage.messaging.ack(sdkAppID, 'b', 2);
    await db.storage.messaging.ack(sdkAppID, 'b', 99);
    expect((await db.storage.messaging.sync(sdkAppID, 'b', undefined, 10)).afterSeq).toBe(6);
  });

  it('keeps unread counts, read markers and receipts per user', async () => {
    await db.storage.messaging.storeC2C(message('a', 'b'));
    await db.storage.messaging.storeC2C(message('a', 'b', { excludedFromUnreadCount: true }));
    expect(await db.storage.messaging.totalUnread(sdkAppID, 'b')).toBe(1);
    expect(await db.storage.messaging.totalUnread(sdkAppID, 'a')).toBe(0);
    const deliveries = await db.storage.messaging.markRead(sdkAppID, 'b', 'a', 5_000);
    expect(deliveries.map((d) => [d.userID, d.batch.events[0]?.kind])).toEqual([
      ['a', 'peerRead'],
      ['b', 'conversationChanged'],
    ]);
    expect(await db.storage.messaging.conversation(sdkAppID, 'b', 'a')).toMatchObject({
      unreadCount: 0,
      readTime: 5_000,
    });
    const own = await db.storage.messaging.history(sdkAppID, 'a', 'b', { count: 10 });
    expect(own.messages.every((m) => m.isPeerRead)).toBe(true);
    // Nothing new to read: no second receipt.
    expect(await db.storage.messaging.markRead(sdkAppID, 'b', 'a', 6_000)).toEqual([]);
  });

  it('orders the list pinned first, then by activity, and deletes a conversation with its history', async () => {
    for (const peer of ['p1', 'p2', 'p3']) await db.storage.messaging.storeC2C(message('me', peer));
    await db.storage.messaging.pin(sdkAppID, 'me', 'p1', true, 3_000);
    const list = await db.storage.messaging.conversations(sdkAppID, 'me', 0, 10);
    expect(list.conversations.map((c) => c.peerID)).toEqual(['p1', 'p3', 'p2']);
    expect(list.total).toBe(3);
    expect(await db.storage.messaging.deleteConversation(sdkAppID, 'me', 'p3', 4_000)).toBeDefined();
    expect(await db.storage.messaging.deleteConversation(sdkAppID, 'me', 'p3', 4_000)).toBeUndefined();
    expect((await db.storage.messaging.history(sdkAppID, 'me', 'p3', { count: 10 })).messages).toEqual([]);
    // The peer keeps the conversation and its history.
    expect((await db.storage.messaging.history(sdkAppID, 'p3', 'me', { count: 10 })).messages).toHaveLength(
      1,
    );
  });

  it('hides messages older than the app retention or past their own lifetime, and purges them', async () => {
    const day = 86_400_000;
    await db.storage.apps.update(sdkAppID, { messageRetentionDays: 1 });
    await db.storage.messaging.storeC2C(message('a', 'b', { msgID: 'old', time: Date.now() - 2 * day }));
    await db.storage.messaging.storeC2C(message('a', 'b', { msgID: 'gone', expireAt: Date.now() - 1 }));
    await db.storage.messaging.storeC2C(message('a', 'b', { msgID: 'kept', expireAt: Date.now() + day }));
    await db.storage.messaging.storeC2C(message('a', 'b', { msgID: 'new', excludedFromLastMessage: true }));
    const history = await db.storage.messaging.history(sdkAppID, 'b', 'a', { count: 10 });
    expect(history.messages.map((m) => m.msgID)).toEqual(['new', 'kept']);
    const sync = await db.storage.messaging.sync(sdkAppID, 'b', 0, 10);
    expect(sync.events.map((e) => (e.kind === 'message' ? e.message.msgID : e.kind))).toEqual([
      'kept',
      'new',
    ]);
    expect(await db.storage.messaging.conversation(sdkAppID, 'b', 'a')).toMatchObject({
      lastMessage: { msgID: 'kept' },
    });
    // What other features keep per message (here, read receipts) goes with an expired message.
    await db.storage.receipts.addReads(sdkAppID, 'b', ['old', 'kept'], Date.now());
    expect(await db.storage.messaging.purgeExpired(sdkAppID, Date.now() - day)).toBe(2);
    expect(await db.storage.messaging.get(sdkAppID, 'old')).toBeUndefined();
    expect(await db.storage.messaging.get(sdkAppID, 'kept')).toBeDefined();
    const tallies = await db.storage.receipts.tallies(sdkAppID, ['old', 'kept']);
    expect([...tallies.keys()]).toEqual(['kept']);
  });

  it('clears the history of a conversation the user does not have without creating one', async () => {
    const cleared = await db.storage.messaging.clearHistory(sdkAppID, 'a', 'nobody', Date.now());
    expect(cleared.batch.events).toMatchObject([{ kind: 'historyCleared', peerID: 'nobody' }]);
    expect(await db.storage.messaging.conversation(sdkAppID, 'a', 'nobody')).toBeUndefined();
    expect((await db.storage.messaging.conversations(sdkAppID, 'a', 0, 10)).total).toBe(0);
  });
});
