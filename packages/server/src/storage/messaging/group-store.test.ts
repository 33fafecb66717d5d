import { ElemType } from '@parley/protocol';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openTestStorage, TEST_DIALECTS, type TestStorage } from '../testing.js';
import { groupUnread } from './group-rules.js';
import type { NewGroupMessage } from './group-types.js';

describe.each(TEST_DIALECTS)('GroupLogStore (%s)', (dialect) => {
  let db: TestStorage;
  let sdkAppID: number;
  let n = 0;
  beforeEach(async () => {
    db = await openTestStorage(dialect);
    sdkAppID = (await db.storage.apps.create({})).sdkAppID;
  });
  afterEach(async () => {
    await db.dispose();
  });

  const message = (sender: string, patch: Partial<NewGroupMessage> = {}): NewGroupMessage => ({
    sdkAppID,
    groupID: 'g1',
    msgID: `gm${++n}`,
    sender,
    random: n,
    time: Date.now(),
    elemList: [{ elemType: ElemType.TEXT, text: `text ${n}` }],
    cloudCustomData: '',
    excludedFromUnreadCount: false,
    excludedFromLastMessage: false,
    groupAtUserList: [],
    countsUnread: true,
    ...patch,
  });
  const join = (userIDs: string[], historyBeforeJoin = false) =>
    db.storage.groupLogs.join(sdkAppID, 'g1', userIDs, { now: Date.now(), stamp: ++n, historyBeforeJoin });
  const unreadOf = async (userID: string) => {
    const cursor = await db.storage.groupLogs.cursor(sdkAppID, userID, 'g1');
    const heads = await db.storage.groupLogs.heads(sdkAppID, 'g1');
    return cursor ? groupUnread(cursor, heads.count, true) : undefined;
  };

  it('numbers concurrent sends 1..n, once each, and writes no row for the other members', async () => {
    await join(['a', 'b', 'c']);
    const results = await Promise.all(
      Array.from({ length: 20 }, () => db.storage.groupLogs.append(message('a'), ++n)),
    );
    const seqs = results.map((r) => (r.kind === 'stored' ? r.message.seq : 0)).sort((x, y) => x - y);
    expect(seqs).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(await unreadOf('a')).toBe(0);
    expect(await unreadOf('b')).toBe(20);
    const bob = await db.storage.groupLogs.cursor(sdkAppID, 'b', 'g1');
    expect(Number(bob?.version)).toBeLessThan(n);
  });

  it('answers a resend from the store and refuses the msgID to another sender', async () => {
    await join(['a', 'b']);
    expect((await db.storage.groupLogs.append(message('a', { msgID: 'same' }), ++n)).kind).toBe('stored');
    expect(await db.storage.groupLogs.append(message('a', { msgID: 'same' }), ++n)).toMatchObject({
      kind: 'duplicate',
      message: { seq: 1, groupID: 'g1' },
    });
    expect((await db.storage.groupLogs.append(message('b', { msgID: 'same' }), ++n)).kind).toBe('taken');
  });

  it('starts a joining member at the head, and numbers recalls and edits in the change stream', async () => {
    await join(['a']);
    await db.storage.groupLogs.append(message('a'), ++n);
    await join(['b']);
    const later = await db.storage.groupLogs.append(message('a'), ++n);
    expect(await unreadOf('b')).toBe(1);
    const bob = await db.storage.groupLogs.cursor(sdkAppID, 'b', 'g1');
    const history = await db.storage.groupLogs.history(sdkAppID, bob!, { count: 10 });
    expect(history.messages.map((m) => m.seq)).toEqual([2]);
    const msgID = later.kind === 'stored' ? later.message.msgID : '';
    await db.storage.groupLogs.revoke(sdkAppID, msgID, 'a', 'oops', Date.now());
    const changes = await db.storage.groupLogs.changes(sdkAppID, 'g1', 0, 10);
    expect(changes.changes).toMatchObject([{ changeSeq: 1, kind: 'revoked', msgID, seq: 2, operator: 'a' }]);
    expect((await db.storage.groupLogs.heads(sdkAppID, 'g1')).changeSeq).toBe(1);
  });
});
