/**
 * The statements of the send path, written once per dialect and never built per message. SQLite
 * runs one prepared single-row statement per row on the better-sqlite3 handle (in-process, a row
 * costs microseconds); PostgreSQL gets one statement per table for the whole batch, its rows passed
 * as arrays and spread by `unnest`, so a batch costs a handful of round trips whatever its size.
 * Rows are sorted by key before they are written, so that concurrent batches lock log, feed and
 * member rows in the same order. Every method runs inside the caller's transaction: the `db` it
 * gets (PostgreSQL), or the transaction that holds the SQLite connection.
 */
import { CompiledQuery, type Kysely } from 'kysely';
import type { StorageSchema } from '../schema.js';
import type { ConversationMemberRow, LogMessageRow } from './rows.js';

type Db = Kysely<StorageSchema>;

/** How much one conversation's log grows in a batch. */
export interface LogGrowth {
  sdkAppID: number;
  convID: string;
  /** Messages appended. */
  count: number;
  /** 1-based position among them of the newest that may be a last message; 0 when none. */
  lastOffset: number;
  /** How many of them count as unread for slot 0 and slot 1. */
  unread0: number;
  unread1: number;
}

/** A log's head after it grew. */
export interface LogHead {
  headSeq: number;
  lastSeq: number;
  count0: number;
  count1: number;
}

export interface FeedGrowth {
  sdkAppID: number;
  userID: string;
  count: number;
}

export interface FeedEventRow {
  sdk_app_id: number;
  user_id: string;
  seq: number;
  kind: string;
  peer_id: string;
  msg_id: string | null;
  payload: string | null;
  created_at: number;
}

/** A message arrived in a member's conversation: its row is created or shown, and moves. */
export interface MemberArrival {
  sdkAppID: number;
  userID: string;
  convID: string;
  peerID: string;
  slot: number;
  /** The member's feed seq of the change. */
  version: number;
  /** The new order key (the feed seq of the newest message that may be a last message); 0 keeps it. */
  orderKey: number;
}

export interface HiddenRow {
  sdk_app_id: number;
  user_id: string;
  conv_id: string;
  seq: number;
}

/** The writes of a send batch, in one dialect's statements. Call inside a transaction. */
export interface SendStatements {
  findMessages(db: Db, sdkAppID: number, msgIDs: readonly string[]): Promise<LogMessageRow[]>;
  /** Keys: `logKey(sdkAppID, convID)`. */
  growLogs(db: Db, growth: readonly LogGrowth[]): Promise<Map<string, LogHead>>;
  /** Heads after growing; keys: `feedKey(sdkAppID, userID)`. */
  growFeeds(db: Db, growth: readonly FeedGrowth[]): Promise<Map<string, number>>;
  insertMessages(db: Db, rows: readonly LogMessageRow[]): Promise<void>;
  insertEvents(db: Db, rows: readonly FeedEventRow[]): Promise<void>;
  /** Member rows as written; keys: `memberKey(sdkAppID, userID, convID)`. */
  arrive(db: Db, arrivals: readonly MemberArrival[]): Promise<Map<string, ConversationMemberRow>>;
  hide(db: Db, rows: readonly HiddenRow[]): Promise<void>;
}

export const logKey = (sdkAppID: number, convID: string): string => `${sdkAppID}\n${convID}`;
export const feedKey = (sdkAppID: number, userID: string): string => `${sdkAppID}\n${userID}`;
export const memberKey = (sdkAppID: number, userID: string, convID: string): string =>
  `${sdkAppID}\n${userID}\n${convID}`;

const MESSAGE_COLUMNS = [
  'sdk_app_id',
  'conv_id',
  'seq',
  'msg_id',
  'sender_id',
  'receiver_id',
  'random',
  'time',
  'body',
  'cloud_custom_data',
  'excluded_unread',
  'excluded_last',
  'revoked',
  'revoker',
  'revoke_reason',
  'version',
  'modifier',
  'expire_at',
  'support_extension',
] as const;

const GROW_LOG_UPDATE = `on conflict (sdk_app_id, conv_id) do update set
  head_seq = conversation_logs.head_seq + excluded.head_seq,
  count_0 = conversation_logs.count_0 + excluded.count_0,
  count_1 = conversation_logs.count_1 + excluded.count_1,
  last_seq = case when excluded.last_seq > 0 then conversation_logs.head_seq + excluded.last_seq
    else conversation_logs.last_seq end
  returning sdk_app_id, conv_id, head_seq, last_seq, count_0, count_1`;

const GROW_FEED_UPDATE = `on conflict (sdk_app_id, user_id) do update set
  head_seq = user_timelines.head_seq + excluded.head_seq
  returning sdk_app_id, user_id, head_seq`;

const ARRIVE_UPDATE = `on conflict (sdk_app_id, user_id, conv_id) do update set
  hidden = 0,
  version = excluded.version,
  order_key = case when excluded.order_key > 0 then excluded.order_key else conversation_members.order_key end
  returning *`;

const EVENT_COLUMNS = 'sdk_app_id, user_id, seq, kind, peer_id, msg_id, payload, created_at';

const byLog = (a: LogGrowth, b: LogGrowth) =>
  compare(logKey(a.sdkAppID, a.convID), logKey(b.sdkAppID, b.convID));
const byFeed = (a: FeedGrowth, b: FeedGrowth) =>
  compare(feedKey(a.sdkAppID, a.userID), feedKey(b.sdkAppID, b.userID));
const byMember = (a: MemberArrival, b: MemberArrival) =>
  compare(memberKey(a.sdkAppID, a.userID, a.convID), memberKey(b.sdkAppID, b.userID, b.convID));

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Runs a statement through Kysely on the transaction's connection (PostgreSQL). */
async function rows<R>(db: Db, text: string, parameters: readonly unknown[]): Promise<R[]> {
  return (await db.executeQuery<R>(CompiledQuery.raw(text, [...parameters]))).rows as R[];
}

function headOf(row: { head_seq: number; last_seq: number; count_0: number; count_1: number }): LogHead {
  return {
    headSeq: Number(row.head_seq),
    lastSeq: Number(row.last_seq),
    count0: Number(row.count_0),
    count1: Number(row.count_1),
  };
}

type LogHeadRow = {
  sdk_app_id: number;
  conv_id: string;
  head_seq: number;
  last_seq: number;
  count_0: number;
  count_1: number;
};

/**
 * SQLite: one prepared statement per row, run on the better-sqlite3 handle itself. The caller holds
 * the connection in a Kysely transaction, so the statements join it; going around Kysely saves its
 * promise chain per statement, which cost more than the statements themselves.
 */
export function createSqliteSendStatements(database: SqliteHandle): SendStatements {
  let prepared: ReturnType<typeof prepare> | undefined;
  // Prepared on first use: the tables exist only once the migrations have run.
  const prepare = () => ({
    find: database.prepare('select * from log_messages where sdk_app_id = ? and msg_id = ?'),
    growLog: database.prepare(
      `insert into conversation_logs (sdk_app_id, conv_id, head_seq, last_seq, count_0, count_1)
       values (?, ?, ?, ?, ?, ?) ${GROW_LOG_UPDATE}`,
    ),
    growFeed: database.prepare(
      `insert into user_timelines (sdk_app_id, user_id, head_seq, acked_seq) values (?, ?, ?, 0) ${GROW_FEED_UPDATE}`,
    ),
    insertMessage: database.prepare(
      `insert into log_messages (${MESSAGE_COLUMNS.join(', ')}) values (${MESSAGE_COLUMNS.map(() => '?').join(', ')})`,
    ),
    insertEvent: database.prepare(
      `insert into timeline_events (${EVENT_COLUMNS}) values (?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    arrive: database.prepare(
      `insert into conversation_members (sdk_app_id, user_id, conv_id, peer_id, slot, order_key, version)
       values (?, ?, ?, ?, ?, ?, ?) ${ARRIVE_UPDATE}`,
    ),
    hide: database.prepare(
      'insert into hidden_messages (sdk_app_id, user_id, conv_id, seq) values (?, ?, ?, ?) on conflict do nothing',
    ),
  });
  const statements = () => {
    prepared ??= prepare();
    return prepared;
  };
  return {
    async findMessages(_db, sdkAppID, msgIDs) {
      const { find } = statements();
      return msgIDs.flatMap((msgID) => find.all(sdkAppID, msgID) as LogMessageRow[]);
    },

    async growLogs(_db, growth) {
      const { growLog } = statements();
      const heads = new Map<string, LogHead>();
      for (const g of [...growth].sort(byLog)) {
        const row = growLog.get(
          g.sdkAppID,
          g.convID,
          g.count,
          g.lastOffset,
          g.unread0,
          g.unread1,
        ) as LogHeadRow;
        heads.set(logKey(g.sdkAppID, g.convID), headOf(row));
      }
      return heads;
    },

    async growFeeds(_db, growth) {
      const { growFeed } = statements();
      const heads = new Map<string, number>();
      for (const g of [...growth].sort(byFeed)) {
        const row = growFeed.get(g.sdkAppID, g.userID, g.count) as { head_seq: number };
        heads.set(feedKey(g.sdkAppID, g.userID), Number(row.head_seq));
      }
      return heads;
    },

    async insertMessages(_db, messages) {
      const { insertMessage } = statements();
      for (const row of messages) insertMessage.run(...MESSAGE_COLUMNS.map((column) => row[column]));
    },

    async insertEvents(_db, events) {
      const { insertEvent } = statements();
      for (const e of events) {
        insertEvent.run(e.sdk_app_id, e.user_id, e.seq, e.kind, e.peer_id, e.msg_id, e.payload, e.created_at);
      }
    },

    async arrive(_db, arrivals) {
      const { arrive } = statements();
      const members = new Map<string, ConversationMemberRow>();
      for (const a of [...arrivals].sort(byMember)) {
        const row = arrive.get(a.sdkAppID, a.userID, a.convID, a.peerID, a.slot, a.orderKey, a.version);
        members.set(memberKey(a.sdkAppID, a.userID, a.convID), row as ConversationMemberRow);
      }
      return members;
    },

    async hide(_db, hidden) {
      const { hide } = statements();
      for (const h of hidden) hide.run(h.sdk_app_id, h.user_id, h.conv_id, h.seq);
    },
  };
}

/** What the SQLite statements need of a better-sqlite3 database. */
export interface SqliteHandle {
  prepare(sql: string): {
    run(...parameters: unknown[]): unknown;
    get(...parameters: unknown[]): unknown;
    all(...parameters: unknown[]): unknown[];
  };
}

/** `unnest($1::t1[], $2::t2[], …)` over columns of the given PostgreSQL types. */
function unnest(types: readonly string[], first = 1): string {
  return `unnest(${types.map((type, i) => `$${first + i}::${type}[]`).join(', ')})`;
}

const MESSAGE_TYPES: Readonly<Record<(typeof MESSAGE_COLUMNS)[number], string>> = {
  sdk_app_id: 'bigint',
  conv_id: 'text',
  seq: 'bigint',
  msg_id: 'text',
  sender_id: 'text',
  receiver_id: 'text',
  random: 'bigint',
  time: 'bigint',
  body: 'text',
  cloud_custom_data: 'text',
  excluded_unread: 'int',
  excluded_last: 'int',
  revoked: 'int',
  revoker: 'text',
  revoke_reason: 'text',
  version: 'int',
  modifier: 'text',
  expire_at: 'bigint',
  support_extension: 'int',
};

/** PostgreSQL: one statement per table for the whole batch, rows as arrays. */
export const postgresSendStatements: SendStatements = {
  async findMessages(db, sdkAppID, msgIDs) {
    if (msgIDs.length === 0) return [];
    return rows<LogMessageRow>(
      db,
      'select * from log_messages where sdk_app_id = $1 and msg_id = any($2::text[])',
      [sdkAppID, msgIDs],
    );
  },

  async growLogs(db, growth) {
    const sorted = [...growth].sort(byLog);
    const found = await rows<LogHeadRow>(
      db,
      `insert into conversation_logs (sdk_app_id, conv_id, head_seq, last_seq, count_0, count_1)
       select * from ${unnest(['bigint', 'text', 'bigint', 'bigint', 'bigint', 'bigint'])} ${GROW_LOG_UPDATE}`,
      [
        sorted.map((g) => g.sdkAppID),
        sorted.map((g) => g.convID),
        sorted.map((g) => g.count),
        sorted.map((g) => g.lastOffset),
        sorted.map((g) => g.unread0),
        sorted.map((g) => g.unread1),
      ],
    );
    return new Map(found.map((row) => [logKey(Number(row.sdk_app_id), row.conv_id), headOf(row)]));
  },

  async growFeeds(db, growth) {
    const sorted = [...growth].sort(byFeed);
    const found = await rows<{ sdk_app_id: number; user_id: string; head_seq: number }>(
      db,
      `insert into user_timelines (sdk_app_id, user_id, head_seq, acked_seq)
       select s, u, h, 0 from ${unnest(['bigint', 'text', 'bigint'])} as t(s, u, h) ${GROW_FEED_UPDATE}`,
      [sorted.map((g) => g.sdkAppID), sorted.map((g) => g.userID), sorted.map((g) => g.count)],
    );
    return new Map(found.map((row) => [feedKey(Number(row.sdk_app_id), row.user_id), Number(row.head_seq)]));
  },

  async insertMessages(db, messages) {
    if (messages.length === 0) return;
    await rows(
      db,
      `insert into log_messages (${MESSAGE_COLUMNS.join(', ')})
       select * from ${unnest(MESSAGE_COLUMNS.map((column) => MESSAGE_TYPES[column]))}`,
      MESSAGE_COLUMNS.map((column) => messages.map((row) => row[column])),
    );
  },

  async insertEvents(db, events) {
    if (events.length === 0) return;
    await rows(
      db,
      `insert into timeline_events (${EVENT_COLUMNS})
       select * from ${unnest(['bigint', 'text', 'bigint', 'text', 'text', 'text', 'text', 'bigint'])}`,
      [
        events.map((e) => e.sdk_app_id),
        events.map((e) => e.user_id),
        events.map((e) => e.seq),
        events.map((e) => e.kind),
        events.map((e) => e.peer_id),
        events.map((e) => e.msg_id),
        events.map((e) => e.payload),
        events.map((e) => e.created_at),
      ],
    );
  },

  async arrive(db, arrivals) {
    const sorted = [...arrivals].sort(byMember);
    const found = await rows<ConversationMemberRow>(
      db,
      `insert into conversation_members (sdk_app_id, user_id, conv_id, peer_id, slot, order_key, version)
       select * from ${unnest(['bigint', 'text', 'text', 'text', 'int', 'bigint', 'bigint'])} ${ARRIVE_UPDATE}`,
      [
        sorted.map((a) => a.sdkAppID),
        sorted.map((a) => a.userID),
        sorted.map((a) => a.convID),
        sorted.map((a) => a.peerID),
        sorted.map((a) => a.slot),
        sorted.map((a) => a.orderKey),
        sorted.map((a) => a.version),
      ],
    );
    return new Map(found.map((row) => [memberKey(Number(row.sdk_app_id), row.user_id, row.conv_id), row]));
  },

  async hide(db, hidden) {
    if (hidden.length === 0) return;
    await rows(
      db,
      `insert into hidden_messages (sdk_app_id, user_id, conv_id, seq)
       select * from ${unnest(['bigint', 'text', 'text', 'bigint'])} on conflict do nothing`,
      [
        hidden.map((h) => h.sdk_app_id),
        hidden.map((h) => h.user_id),
        hidden.map((h) => h.conv_id),
        hidden.map((h) => h.seq),
      ],
    );
  },
};
