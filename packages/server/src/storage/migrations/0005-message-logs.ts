import { type CreateTableBuilder, type Kysely, sql } from 'kysely';
import type { DialectCapabilities } from '../dialects/dialect.js';
import type { DialectMigration } from './dialect-migration.js';

/**
 * Read diffusion (docs/messages.md "Storage"): each message is stored once, in its conversation's
 * log, instead of once per user. Existing databases are carried over: every message keeps its
 * place in history, every unread count and read marker stays as it was, and the per-user feeds
 * (`timeline_events`) keep their seqs, so clients resume sync where they were.
 */
export const messageLogs: DialectMigration = {
  async up(db: Kysely<unknown>, capabilities: DialectCapabilities): Promise<void> {
    // The small, hot rows (a log head, a member's cursor, a hidden mark) are their key's b-tree.
    const clustered = <T extends string, C extends string>(table: CreateTableBuilder<T, C>) =>
      capabilities.clusteredTables ? table.modifyEnd(sql`without rowid`) : table;
    await clustered(db.schema.createTable('conversation_logs'))
      .addColumn('sdk_app_id', 'bigint', (col) => col.notNull())
      .addColumn('conv_id', 'text', (col) => col.notNull())
      .addColumn('head_seq', 'bigint', (col) => col.notNull().defaultTo(0))
      .addColumn('last_seq', 'bigint', (col) => col.notNull().defaultTo(0))
      .addColumn('count_0', 'bigint', (col) => col.notNull().defaultTo(0))
      .addColumn('count_1', 'bigint', (col) => col.notNull().defaultTo(0))
      .addPrimaryKeyConstraint('conversation_logs_pk', ['sdk_app_id', 'conv_id'])
      .execute();

    await db.schema
      .createTable('log_messages')
      .addColumn('sdk_app_id', 'bigint', (col) => col.notNull())
      .addColumn('conv_id', 'text', (col) => col.notNull())
      .addColumn('seq', 'bigint', (col) => col.notNull())
      .addColumn('msg_id', 'text', (col) => col.notNull())
      .addColumn('sender_id', 'text', (col) => col.notNull())
      .addColumn('receiver_id', 'text', (col) => col.notNull())
      .addColumn('random', 'bigint', (col) => col.notNull())
      .addColumn('time', 'bigint', (col) => col.notNull())
      .addColumn('body', 'text', (col) => col.notNull())
      .addColumn('cloud_custom_data', 'text', (col) => col.notNull().defaultTo(''))
      .addColumn('excluded_unread', 'integer', (col) => col.notNull().defaultTo(0))
      .addColumn('excluded_last', 'integer', (col) => col.notNull().defaultTo(0))
      .addColumn('revoked', 'integer', (col) => col.notNull().defaultTo(0))
      .addColumn('revoker', 'text')
      .addColumn('revoke_reason', 'text')
      .addColumn('version', 'integer', (col) => col.notNull().defaultTo(0))
      .addColumn('modifier', 'text')
      .addColumn('expire_at', 'bigint', (col) => col.notNull().defaultTo(0))
      .addPrimaryKeyConstraint('log_messages_pk', ['sdk_app_id', 'conv_id', 'seq'])
      .execute();
    // The msgID is the idempotency key of a send: a resend finds the stored row.
    await db.schema
      .createIndex('log_messages_msg_id')
      .on('log_messages')
      .columns(['sdk_app_id', 'msg_id'])
      .unique()
      .execute();
    // No index on time: the hourly retention sweep may scan, while every send would pay for one.

    await clustered(db.schema.createTable('conversation_members'))
      .addColumn('sdk_app_id', 'bigint', (col) => col.notNull())
      .addColumn('user_id', 'text', (col) => col.notNull())
      .addColumn('conv_id', 'text', (col) => col.notNull())
      .addColumn('peer_id', 'text', (col) => col.notNull())
      .addColumn('slot', 'integer', (col) => col.notNull())
      .addColumn('read_seq', 'bigint', (col) => col.notNull().defaultTo(0))
      .addColumn('read_count', 'bigint', (col) => col.notNull().defaultTo(0))
      .addColumn('unread_adjust', 'bigint', (col) => col.notNull().defaultTo(0))
      .addColumn('read_time', 'bigint', (col) => col.notNull().defaultTo(0))
      .addColumn('peer_read_seq', 'bigint', (col) => col.notNull().defaultTo(0))
      .addColumn('peer_read_time', 'bigint', (col) => col.notNull().defaultTo(0))
      .addColumn('cleared_seq', 'bigint', (col) => col.notNull().defaultTo(0))
      .addColumn('is_pinned', 'integer', (col) => col.notNull().defaultTo(0))
      .addColumn('draft_text', 'text', (col) => col.notNull().defaultTo(''))
      .addColumn('draft_time', 'bigint', (col) => col.notNull().defaultTo(0))
      .addColumn('order_key', 'bigint', (col) => col.notNull().defaultTo(0))
      .addColumn('version', 'bigint', (col) => col.notNull().defaultTo(0))
      .addColumn('hidden', 'integer', (col) => col.notNull().defaultTo(0))
      .addPrimaryKeyConstraint('conversation_members_pk', ['sdk_app_id', 'user_id', 'conv_id'])
      .execute();

    await clustered(db.schema.createTable('hidden_messages'))
      .addColumn('sdk_app_id', 'bigint', (col) => col.notNull())
      .addColumn('user_id', 'text', (col) => col.notNull())
      .addColumn('conv_id', 'text', (col) => col.notNull())
      .addColumn('seq', 'bigint', (col) => col.notNull())
      .addPrimaryKeyConstraint('hidden_messages_pk', ['sdk_app_id', 'user_id', 'conv_id', 'seq'])
      .execute();

    await carryOver(db);

    // The feed is read by (user, seq) only now: the per-message indexes only slowed its writes.
    await db.schema.dropIndex('timeline_events_history').execute();
    await db.schema.dropIndex('timeline_events_message').execute();
    if (capabilities.clusteredTables) await clusterFeeds(db);
    await db.schema.dropTable('c2c_conversations').execute();
    await db.schema.dropTable('c2c_messages').execute();
  },

  async down(): Promise<void> {
    throw new Error('0005-message-logs cannot be undone: the per-user copies it replaced are gone');
  },
};

/** The feed tables of 0004 rebuilt as their keys' b-trees (SQLite): each send writes both. */
async function clusterFeeds(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('user_timelines_clustered')
    .addColumn('sdk_app_id', 'bigint', (col) => col.notNull())
    .addColumn('user_id', 'text', (col) => col.notNull())
    .addColumn('head_seq', 'bigint', (col) => col.notNull().defaultTo(0))
    .addColumn('acked_seq', 'bigint', (col) => col.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('user_timelines_clustered_pk', ['sdk_app_id', 'user_id'])
    .modifyEnd(sql`without rowid`)
    .execute();
  await sql`insert into user_timelines_clustered select sdk_app_id, user_id, head_seq, acked_seq from user_timelines`.execute(
    db,
  );
  await db.schema.dropTable('user_timelines').execute();
  await db.schema.alterTable('user_timelines_clustered').renameTo('user_timelines').execute();

  await db.schema
    .createTable('timeline_events_clustered')
    .addColumn('sdk_app_id', 'bigint', (col) => col.notNull())
    .addColumn('user_id', 'text', (col) => col.notNull())
    .addColumn('seq', 'bigint', (col) => col.notNull())
    .addColumn('kind', 'text', (col) => col.notNull())
    .addColumn('peer_id', 'text', (col) => col.notNull())
    .addColumn('msg_id', 'text')
    .addColumn('payload', 'text')
    .addColumn('created_at', 'bigint', (col) => col.notNull())
    .addPrimaryKeyConstraint('timeline_events_clustered_pk', ['sdk_app_id', 'user_id', 'seq'])
    .modifyEnd(sql`without rowid`)
    .execute();
  await sql`insert into timeline_events_clustered
    select sdk_app_id, user_id, seq, kind, peer_id, msg_id, payload, created_at from timeline_events`.execute(
    db,
  );
  await db.schema.dropTable('timeline_events').execute();
  await db.schema.alterTable('timeline_events_clustered').renameTo('timeline_events').execute();
}

interface OldMessage {
  sdk_app_id: number;
  msg_id: string;
  sender_id: string;
  receiver_id: string;
  random: number;
  time: number;
  body: string;
  cloud_custom_data: string;
  excluded_unread: number;
  excluded_last: number;
  revoked: number;
  revoker: string | null;
  revoke_reason: string | null;
  version: number;
}

interface OldConversation {
  sdk_app_id: number;
  user_id: string;
  peer_id: string;
  unread_count: number;
  is_pinned: number;
  draft_text: string;
  draft_time: number;
  order_key: number;
  read_time: number;
  peer_read_time: number;
  version: number;
}

const CHUNK = 200;

/** The key and slot rules of messaging/keys.ts, repeated so this migration never changes with them. */
function pairKey(a: string, b: string): string {
  return a < b ? `c2c\t${a}\t${b}` : `c2c\t${b}\t${a}`;
}

async function insertChunks(db: Kysely<unknown>, table: string, rows: readonly object[]): Promise<void> {
  const anyDb = db as Kysely<Record<string, Record<string, unknown>>>;
  for (let start = 0; start < rows.length; start += CHUNK) {
    await anyDb
      .insertInto(table)
      .values(rows.slice(start, start + CHUNK) as Record<string, unknown>[])
      .execute();
  }
}

/**
 * Copies the per-user model into logs. Messages of a pair are numbered by time (then msgID), which
 * is the order both parties saw them in. A message missing from a party's old timeline was deleted
 * (or cleared) for that party: it becomes a hidden row. Each member's read count is set so that
 * its unread count comes out exactly as the old row had it.
 */
async function carryOver(db: Kysely<unknown>): Promise<void> {
  const typed = db as Kysely<{
    c2c_messages: OldMessage;
    c2c_conversations: OldConversation;
    timeline_events: { sdk_app_id: number; user_id: string; kind: string; msg_id: string | null };
  }>;
  const messages = await typed
    .selectFrom('c2c_messages')
    .selectAll()
    .orderBy('sdk_app_id')
    .orderBy('time')
    .orderBy('msg_id')
    .execute();
  if (
    messages.length === 0 &&
    (await typed.selectFrom('c2c_conversations').select('user_id').limit(1).execute()).length === 0
  ) {
    return;
  }
  const held = new Set(
    (
      await typed
        .selectFrom('timeline_events')
        .select(['sdk_app_id', 'user_id', 'msg_id'])
        .where('kind', '=', 'message')
        .execute()
    ).map((e) => `${Number(e.sdk_app_id)}\n${e.user_id}\n${e.msg_id}`),
  );

  interface Log {
    sdkAppID: number;
    convID: string;
    head: number;
    last: number;
    counts: [number, number];
    /** (seq, time) in order, to turn read times into read seqs. */
    times: number[];
  }
  const logs = new Map<string, Log>();
  const logRows: object[] = [];
  const hidden: object[] = [];
  for (const m of messages) {
    const sdkAppID = Number(m.sdk_app_id);
    const convID = pairKey(m.sender_id, m.receiver_id);
    const key = `${sdkAppID}\n${convID}`;
    let log = logs.get(key);
    if (!log) {
      log = { sdkAppID, convID, head: 0, last: 0, counts: [0, 0], times: [] };
      logs.set(key, log);
    }
    log.head += 1;
    const seq = log.head;
    log.times.push(Number(m.time));
    if (Number(m.excluded_last) === 0) log.last = seq;
    if (Number(m.excluded_unread) === 0) log.counts[m.receiver_id < m.sender_id ? 0 : 1] += 1;
    logRows.push({
      sdk_app_id: sdkAppID,
      conv_id: convID,
      seq,
      msg_id: m.msg_id,
      sender_id: m.sender_id,
      receiver_id: m.receiver_id,
      random: Number(m.random),
      time: Number(m.time),
      body: m.body,
      cloud_custom_data: m.cloud_custom_data,
      excluded_unread: Number(m.excluded_unread),
      excluded_last: Number(m.excluded_last),
      revoked: Number(m.revoked),
      revoker: m.revoker,
      revoke_reason: m.revoke_reason,
      version: Number(m.version),
      modifier: null,
      expire_at: 0,
    });
    for (const party of [m.sender_id, m.receiver_id]) {
      if (!held.has(`${sdkAppID}\n${party}\n${m.msg_id}`)) {
        hidden.push({ sdk_app_id: sdkAppID, user_id: party, conv_id: convID, seq });
      }
    }
  }
  await insertChunks(db, 'log_messages', logRows);
  await insertChunks(db, 'hidden_messages', hidden);
  await insertChunks(
    db,
    'conversation_logs',
    [...logs.values()].map((log) => ({
      sdk_app_id: log.sdkAppID,
      conv_id: log.convID,
      head_seq: log.head,
      last_seq: log.last,
      count_0: log.counts[0],
      count_1: log.counts[1],
    })),
  );

  /** The newest seq of the log at or before `time` (ms); 0 when none or never. */
  const seqAt = (log: Log | undefined, time: number): number => {
    if (!log || time <= 0) return 0;
    let seq = 0;
    for (const [i, t] of log.times.entries()) if (t <= time) seq = i + 1;
    return seq;
  };
  const conversations = await typed.selectFrom('c2c_conversations').selectAll().execute();
  await insertChunks(
    db,
    'conversation_members',
    conversations.map((c) => {
      const sdkAppID = Number(c.sdk_app_id);
      const convID = pairKey(c.user_id, c.peer_id);
      const log = logs.get(`${sdkAppID}\n${convID}`);
      const slot = c.user_id < c.peer_id ? 0 : 1;
      const count = log?.counts[slot] ?? 0;
      const readTime = Number(c.read_time);
      return {
        sdk_app_id: sdkAppID,
        user_id: c.user_id,
        conv_id: convID,
        peer_id: c.peer_id,
        slot,
        read_seq: seqAt(log, readTime),
        read_count: count - Number(c.unread_count),
        unread_adjust: 0,
        read_time: readTime,
        peer_read_seq: seqAt(log, Number(c.peer_read_time)),
        peer_read_time: Number(c.peer_read_time),
        cleared_seq: 0,
        is_pinned: Number(c.is_pinned),
        draft_text: c.draft_text,
        draft_time: Number(c.draft_time),
        order_key: Number(c.order_key),
        version: Number(c.version),
        hidden: 0,
      };
    }),
  );
}
