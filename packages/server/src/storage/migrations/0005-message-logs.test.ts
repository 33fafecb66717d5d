import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ElemType } from '@parley/protocol';
import { Kysely } from 'kysely';
import { describe, expect, it } from 'vitest';
import { openStorage } from '../database.js';
import { createDialect } from '../dialects/index.js';
import { dropPostgresSchema, newTestSchema, TEST_DIALECTS, TEST_PG_URL, withSchema } from '../testing.js';
import type { DatabaseConfig } from '../types.js';
import { migrateTo } from './index.js';

/** A database of the given dialect left at migration 0004, and how to throw it away. */
async function databaseAt0004(
  dialect: string,
): Promise<{ config: DatabaseConfig; dispose(): Promise<void> }> {
  let config: DatabaseConfig;
  let dispose: () => Promise<void>;
  if (dialect === 'postgres') {
    const schema = newTestSchema();
    config = { kind: 'postgres', url: withSchema(TEST_PG_URL, schema) };
    dispose = () => dropPostgresSchema(TEST_PG_URL, schema);
  } else {
    const dir = await mkdtemp(join(tmpdir(), 'parley-migrate-'));
    config = { kind: 'sqlite', path: join(dir, 'old.db') };
    dispose = () => rm(dir, { recursive: true, force: true });
  }
  const { dialect: kyselyDialect, schema, capabilities, stopHelpers } = createDialect(config);
  const db = new Kysely<unknown>({ dialect: kyselyDialect });
  try {
    await migrateTo(db, '0004-messages', capabilities, schema === undefined ? {} : { schema });
    await seedOldModel(db as Kysely<OldTables>);
  } finally {
    await stopHelpers?.();
    await db.destroy();
  }
  return { config, dispose };
}

interface OldTables {
  c2c_messages: Record<string, unknown>;
  timeline_events: Record<string, unknown>;
  user_timelines: Record<string, unknown>;
  c2c_conversations: Record<string, unknown>;
}

const APP = 1400000001;
const text = (t: string) => JSON.stringify([{ elemType: ElemType.TEXT, text: t }]);

/**
 * alice → bob m1 (t 1000), bob → alice m2 (t 2000), alice → bob m3 (t 3000, excluded from unread).
 * bob deleted m1 for himself, read up to t 1500, pinned the conversation and left a draft; alice
 * has m2 unread.
 */
async function seedOldModel(db: Kysely<OldTables>): Promise<void> {
  const message = (msgID: string, sender: string, receiver: string, time: number, excludedUnread = 0) => ({
    sdk_app_id: APP,
    msg_id: msgID,
    sender_id: sender,
    receiver_id: receiver,
    random: 7,
    time,
    body: text(msgID),
    cloud_custom_data: '',
    excluded_unread: excludedUnread,
    excluded_last: 0,
    revoked: 0,
    revoker: null,
    revoke_reason: null,
    version: 0,
  });
  await db
    .insertInto('c2c_messages')
    .values([
      message('m1', 'alice', 'bob', 1000),
      message('m2', 'bob', 'alice', 2000),
      message('m3', 'alice', 'bob', 3000, 1),
    ])
    .execute();
  const event = (user: string, seq: number, peer: string, msgID: string) => ({
    sdk_app_id: APP,
    user_id: user,
    seq,
    kind: 'message',
    peer_id: peer,
    msg_id: msgID,
    payload: null,
    created_at: 1000 * seq,
  });
  await db
    .insertInto('timeline_events')
    .values([
      event('alice', 1, 'bob', 'm1'),
      event('alice', 2, 'bob', 'm2'),
      event('alice', 3, 'bob', 'm3'),
      event('bob', 2, 'alice', 'm2'),
      event('bob', 3, 'alice', 'm3'),
      {
        ...event('bob', 4, 'alice', 'm1'),
        kind: 'messagesDeleted',
        msg_id: null,
        payload: '{"msgIDs":["m1"]}',
      },
    ])
    .execute();
  await db
    .insertInto('user_timelines')
    .values([
      { sdk_app_id: APP, user_id: 'alice', head_seq: 3, acked_seq: 0 },
      { sdk_app_id: APP, user_id: 'bob', head_seq: 4, acked_seq: 0 },
    ])
    .execute();
  const conversation = (user: string, peer: string, patch: Record<string, unknown>) => ({
    sdk_app_id: APP,
    user_id: user,
    peer_id: peer,
    unread_count: 0,
    last_msg_id: 'm3',
    last_msg_seq: 3,
    is_pinned: 0,
    draft_text: '',
    draft_time: 0,
    order_key: 3,
    read_time: 0,
    peer_read_time: 0,
    version: 3,
    ...patch,
  });
  await db
    .insertInto('c2c_conversations')
    .values([
      conversation('alice', 'bob', { unread_count: 1, peer_read_time: 1500 }),
      conversation('bob', 'alice', {
        read_time: 1500,
        is_pinned: 1,
        draft_text: 'hi',
        draft_time: 1600,
        version: 4,
      }),
    ])
    .execute();
}

describe.each(TEST_DIALECTS)('migration 0005 (%s)', (dialect) => {
  it('keeps every message, unread count, read marker and deletion of an upgraded database', async () => {
    const old = await databaseAt0004(dialect);
    const storage = await openStorage(old.config);
    try {
      const { messaging } = storage;
      expect(await messaging.conversation(APP, 'alice', 'bob')).toMatchObject({
        unreadCount: 1,
        lastMessage: { msgID: 'm3', seq: 3 },
        peerReadTime: 1500,
      });
      expect(await messaging.conversation(APP, 'bob', 'alice')).toMatchObject({
        unreadCount: 0,
        isPinned: true,
        draftText: 'hi',
        readTime: 1500,
      });
      const alice = await messaging.history(APP, 'alice', 'bob', { count: 10 });
      expect(alice.messages.map((m) => [m.msgID, m.seq, m.isPeerRead])).toEqual([
        ['m3', 3, false],
        ['m2', 2, false],
        ['m1', 1, true],
      ]);
      // m1 stays deleted for bob only.
      const bob = await messaging.history(APP, 'bob', 'alice', { count: 10 });
      expect(bob.messages.map((m) => m.msgID)).toEqual(['m3', 'm2']);
      // Feeds resume where they were: the next event of alice is her seq 4.
      const [next] = await messaging.storeC2CMany([
        {
          sdkAppID: APP,
          msgID: 'm4',
          sender: 'bob',
          receiver: 'alice',
          random: 1,
          time: 4000,
          elemList: [{ elemType: ElemType.TEXT, text: 'm4' }],
          cloudCustomData: '',
          excludedFromUnreadCount: false,
          excludedFromLastMessage: false,
        },
      ]);
      expect(next?.kind === 'stored' && next.deliveries.find((d) => d.userID === 'alice')).toMatchObject({
        batch: { events: [{ seq: 4, message: { seq: 4 } }], conversations: [{ unreadCount: 2 }] },
      });
      expect(await messaging.totalUnread(APP, 'alice')).toBe(2);
    } finally {
      await storage.close();
      await old.dispose();
    }
  });
});
