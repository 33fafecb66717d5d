/** The messaging store over the tables of migration 0005 (see types.ts for the contract). */
import type { SyncEvent, SyncEventKind, WireConversation, WireMessage } from '@parley/protocol';
import type { Kysely, SelectQueryBuilder } from 'kysely';
import type { StorageSchema } from '../schema.js';
import { type AppendReads, appendC2C } from './append.js';
import { replaceBodyElems } from './body.js';
import { c2cConversationKey, c2cSlot } from './keys.js';
import {
  type ConversationLogRow,
  type ConversationMemberRow,
  emptyMember,
  type LogMessageRow,
  recordFromRow,
  viewConversation,
  viewMessage,
} from './rows.js';
import { isUnreadFor, unreadCount } from './rules.js';
import type { FeedEventRow, SendStatements } from './statements.js';
import type { MessagingStore, UserDelivery } from './types.js';

type Db = Kysely<StorageSchema>;

/** Rows per `IN (…)` list: well under every dialect's bound-parameter limit. */
const IN_LIST_CHUNK = 500;
const DAY_MS = 86_400_000;
/** How long an app's retention setting is cached: `parley app set` reaches a running server within 5 s. */
const RETENTION_CACHE_MS = 5_000;

export interface MessagingStoreOptions {
  /** The dialect's send-path statements. */
  statements: SendStatements;
  /**
   * The database serialises writers itself (SQLite): read-modify-write needs no row locks. Otherwise
   * (PostgreSQL) member rows are read `FOR UPDATE` before they are changed from what was read.
   */
  singleWriter: boolean;
  /** An app's history retention in days, `undefined` for no limit. */
  retentionDays?: (db: Db, sdkAppID: number) => Promise<number | undefined>;
  now?: () => number;
}

/** A feed event to append: what the kind needs beyond the peer travels in `payload`. */
interface NewEvent {
  kind: SyncEventKind;
  peerID: string;
  msgID?: string;
  payload?: Readonly<Record<string, unknown>>;
}

/** Tables of other features keyed by (app, message): read receipts, reactions, extensions, pins. */
const MESSAGE_DEPENDENT_TABLES = [
  'message_reads',
  'message_reactions',
  'message_extensions',
  'message_extra_heads',
  'group_pinned_messages',
] as const;

export function createMessagingStore(db: Db, options: MessagingStoreOptions): MessagingStore {
  const { statements, singleWriter } = options;
  const now = options.now ?? Date.now;
  const retentionCache = new Map<number, { days: number | undefined; until: number }>();
  // On a `storage.transaction` handle the work joins that transaction; Kysely cannot nest them.
  const atomic = <T>(fn: (trx: Db) => Promise<T>): Promise<T> =>
    db.isTransaction ? fn(db) : db.transaction().execute(fn);

  /** The oldest message time an app still shows (ms); 0 when it keeps everything. */
  const visibleSince = async (trx: Db, sdkAppID: number): Promise<number> => {
    if (!options.retentionDays) return 0;
    const t = now();
    let cached = retentionCache.get(sdkAppID);
    if (!cached || cached.until <= t) {
      cached = { days: await options.retentionDays(trx, sdkAppID), until: t + RETENTION_CACHE_MS };
      retentionCache.set(sdkAppID, cached);
      if (retentionCache.size > 10_000) retentionCache.clear();
    }
    return cached.days === undefined ? 0 : t - cached.days * DAY_MS;
  };

  /** Messages still within retention and their own lifetime. */
  const live = <O>(
    query: SelectQueryBuilder<StorageSchema, 'log_messages', O>,
    since: number,
  ): SelectQueryBuilder<StorageSchema, 'log_messages', O> =>
    query
      .where('log_messages.time', '>=', since)
      .where((eb) => eb.or([eb('log_messages.expire_at', '=', 0), eb('log_messages.expire_at', '>', now())]));

  const isLive = (row: LogMessageRow, since: number): boolean =>
    Number(row.time) >= since && (Number(row.expire_at) === 0 || Number(row.expire_at) > now());

  const findRow = (trx: Db, sdkAppID: number, msgID: string): Promise<LogMessageRow | undefined> =>
    trx
      .selectFrom('log_messages')
      .selectAll()
      .where('sdk_app_id', '=', sdkAppID)
      .where('msg_id', '=', msgID)
      .executeTakeFirst();

  const readMember = async (
    trx: Db,
    sdkAppID: number,
    userID: string,
    convID: string,
    forUpdate = false,
  ): Promise<ConversationMemberRow | undefined> => {
    let query = trx
      .selectFrom('conversation_members')
      .selectAll()
      .where('sdk_app_id', '=', sdkAppID)
      .where('user_id', '=', userID)
      .where('conv_id', '=', convID);
    if (forUpdate && !singleWriter) query = query.forUpdate();
    return query.executeTakeFirst();
  };

  const readLog = (trx: Db, sdkAppID: number, convID: string): Promise<ConversationLogRow | undefined> =>
    trx
      .selectFrom('conversation_logs')
      .selectAll()
      .where('sdk_app_id', '=', sdkAppID)
      .where('conv_id', '=', convID)
      .executeTakeFirst();

  const isHidden = async (trx: Db, sdkAppID: number, userID: string, convID: string, seq: number) =>
    (await trx
      .selectFrom('hidden_messages')
      .select('seq')
      .where('sdk_app_id', '=', sdkAppID)
      .where('user_id', '=', userID)
      .where('conv_id', '=', convID)
      .where('seq', '=', seq)
      .executeTakeFirst()) !== undefined;

  /** Of `seqs` in one conversation, those the user deleted for themselves. */
  const hiddenSeqs = async (
    trx: Db,
    sdkAppID: number,
    userID: string,
    convID: string,
    seqs: readonly number[],
  ): Promise<Set<number>> => {
    const found = new Set<number>();
    for (let start = 0; start < seqs.length; start += IN_LIST_CHUNK) {
      const rows = await trx
        .selectFrom('hidden_messages')
        .select('seq')
        .where('sdk_app_id', '=', sdkAppID)
        .where('user_id', '=', userID)
        .where('conv_id', '=', convID)
        .where('seq', 'in', seqs.slice(start, start + IN_LIST_CHUNK))
        .execute();
      for (const row of rows) found.add(Number(row.seq));
    }
    return found;
  };

  /** Whether the member can see the message: after its cleared position, not deleted for it, live. */
  const canSee = async (
    trx: Db,
    member: ConversationMemberRow | undefined,
    row: LogMessageRow,
    since: number,
  ) =>
    Number(row.seq) > Number(member?.cleared_seq ?? 0) &&
    isLive(row, since) &&
    !(await isHidden(trx, Number(row.sdk_app_id), member?.user_id ?? '', row.conv_id, Number(row.seq)));

  /** The newest message the member can see that may be a last message. */
  const lastVisible = async (trx: Db, member: ConversationMemberRow): Promise<LogMessageRow | undefined> => {
    const sdkAppID = Number(member.sdk_app_id);
    const since = await visibleSince(trx, sdkAppID);
    return live(
      trx
        .selectFrom('log_messages')
        .selectAll()
        .where('log_messages.sdk_app_id', '=', sdkAppID)
        .where('log_messages.conv_id', '=', member.conv_id)
        .where('log_messages.seq', '>', Number(member.cleared_seq))
        .where('log_messages.excluded_last', '=', 0)
        .where(({ not, exists, selectFrom }) =>
          not(
            exists(
              selectFrom('hidden_messages as h')
                .select('h.seq')
                .where('h.sdk_app_id', '=', sdkAppID)
                .where('h.user_id', '=', member.user_id)
                .where('h.conv_id', '=', member.conv_id)
                .whereRef('h.seq', '=', 'log_messages.seq'),
            ),
          ),
        ),
      since,
    )
      .orderBy('log_messages.seq', 'desc')
      .limit(1)
      .executeTakeFirst();
  };

  /** Snapshots of members' conversations, with the last message each can see. */
  const snapshots = async (
    trx: Db,
    members: readonly ConversationMemberRow[],
  ): Promise<WireConversation[]> => {
    const out: WireConversation[] = [];
    for (const member of members) {
      const sdkAppID = Number(member.sdk_app_id);
      const log = await readLog(trx, sdkAppID, member.conv_id);
      let last: LogMessageRow | undefined;
      const lastSeq = Number(log?.last_seq ?? 0);
      if (lastSeq > Number(member.cleared_seq)) {
        const candidate = await trx
          .selectFrom('log_messages')
          .selectAll()
          .where('sdk_app_id', '=', sdkAppID)
          .where('conv_id', '=', member.conv_id)
          .where('seq', '=', lastSeq)
          .executeTakeFirst();
        last =
          candidate && (await canSee(trx, member, candidate, await visibleSince(trx, sdkAppID)))
            ? candidate
            : await lastVisible(trx, member);
      }
      out.push(viewConversation(member, log, last));
    }
    return out;
  };

  const totalUnread = async (trx: Db, sdkAppID: number, userID: string): Promise<number> => {
    const rows = await trx
      .selectFrom('conversation_members as m')
      .innerJoin('conversation_logs as l', (join) =>
        join.onRef('l.sdk_app_id', '=', 'm.sdk_app_id').onRef('l.conv_id', '=', 'm.conv_id'),
      )
      .select(['m.slot', 'm.read_count', 'm.unread_adjust', 'l.count_0', 'l.count_1'])
      .where('m.sdk_app_id', '=', sdkAppID)
      .where('m.user_id', '=', userID)
      .where('m.hidden', '=', 0)
      .execute();
    return rows.reduce((sum, row) => sum + unreadCount(row, row), 0);
  };

  /** The sender's view of its stored message, as a resend is answered. */
  const resentView = async (trx: Db, row: LogMessageRow): Promise<WireMessage> => {
    const sdkAppID = Number(row.sdk_app_id);
    const member = await readMember(trx, sdkAppID, row.sender_id, row.conv_id);
    const seen = await canSee(trx, member, row, 0);
    const view = viewMessage(row, row.sender_id, Number(member?.peer_read_seq ?? 0));
    // Not in the sender's history (REST SyncOtherMachine 2, or deleted since): without a seq.
    return seen && member ? view : { ...view, seq: 0 };
  };

  const reads: AppendReads = { lastVisible, resentView, totalUnread };

  /** Appends one event to the user's feed and returns its seq. */
  const appendEvent = async (trx: Db, sdkAppID: number, userID: string, event: NewEvent, at: number) => {
    const heads = await statements.growFeeds(trx, [{ sdkAppID, userID, count: 1 }]);
    const seq = heads.values().next().value ?? 0;
    const row: FeedEventRow = {
      sdk_app_id: sdkAppID,
      user_id: userID,
      seq,
      kind: event.kind,
      peer_id: event.peerID,
      msg_id: event.msgID ?? null,
      payload: event.payload === undefined ? null : JSON.stringify(event.payload),
      created_at: at,
    };
    await statements.insertEvents(trx, [row]);
    return row;
  };

  /**
   * Records a change of a member's conversation: a feed event, the member row's new fields (with
   * `version`, and `order_key` when `activate`), and the delivery with the snapshot as written.
   */
  const recordChange = async (
    trx: Db,
    member: ConversationMemberRow,
    event: NewEvent,
    at: number,
    fields: Partial<ConversationMemberRow>,
    activate = false,
  ): Promise<UserDelivery> => {
    const sdkAppID = Number(member.sdk_app_id);
    const row = await appendEvent(trx, sdkAppID, member.user_id, event, at);
    const next: ConversationMemberRow = {
      ...member,
      ...fields,
      version: row.seq,
      ...(activate ? { order_key: row.seq } : {}),
    };
    const { sdk_app_id: _a, user_id: _u, conv_id: _c, ...set } = next;
    await trx
      .updateTable('conversation_members')
      .set(set)
      .where('sdk_app_id', '=', sdkAppID)
      .where('user_id', '=', member.user_id)
      .where('conv_id', '=', member.conv_id)
      .execute();
    return { userID: member.user_id, batch: await buildBatch(trx, sdkAppID, member.user_id, [row], [next]) };
  };

  /** A member row, created (empty) when the user has none for this peer yet. */
  const ensureMember = async (trx: Db, sdkAppID: number, userID: string, peerID: string) => {
    const convID = c2cConversationKey(userID, peerID);
    const existing = await readMember(trx, sdkAppID, userID, convID, true);
    if (existing) return existing;
    await trx
      .insertInto('conversation_members')
      .values(emptyMember(sdkAppID, userID, convID, peerID, c2cSlot(userID, peerID)))
      .onConflict((c) => c.columns(['sdk_app_id', 'user_id', 'conv_id']).doNothing())
      .execute();
    const created = await readMember(trx, sdkAppID, userID, convID, true);
    if (!created) throw new Error(`member row of ${userID} with ${peerID} not created`);
    return created;
  };

  /**
   * Feed events as the user sees them now, with the current snapshots of the conversations they
   * touch (`members` saves reading rows just written). Messages the user cannot see (deleted for
   * them, cleared, expired) are left out.
   */
  const buildBatch = async (
    trx: Db,
    sdkAppID: number,
    userID: string,
    rows: readonly FeedEventRow[],
    members: readonly ConversationMemberRow[] = [],
  ): Promise<{ events: SyncEvent[]; conversations: WireConversation[] }> => {
    const since = await visibleSince(trx, sdkAppID);
    const msgIDs = [
      ...new Set(rows.flatMap((r) => (r.msg_id === null || r.kind === 'revoked' ? [] : [r.msg_id]))),
    ];
    const messages = new Map<string, LogMessageRow>();
    for (let start = 0; start < msgIDs.length; start += IN_LIST_CHUNK) {
      const found = await trx
        .selectFrom('log_messages')
        .selectAll()
        .where('sdk_app_id', '=', sdkAppID)
        .where('msg_id', 'in', msgIDs.slice(start, start + IN_LIST_CHUNK))
        .execute();
      for (const m of found) messages.set(m.msg_id, m);
    }
    const peers = [...new Set(rows.map((r) => r.peer_id))];
    const memberRows = new Map(members.map((m) => [m.peer_id, m]));
    for (const peerID of peers) {
      if (memberRows.has(peerID)) continue;
      const member = await readMember(trx, sdkAppID, userID, c2cConversationKey(userID, peerID));
      if (member) memberRows.set(peerID, member);
    }
    const hidden = new Map<string, Set<number>>();
    for (const member of memberRows.values()) {
      const seqs = [...messages.values()]
        .filter((m) => m.conv_id === member.conv_id)
        .map((m) => Number(m.seq));
      hidden.set(member.conv_id, await hiddenSeqs(trx, sdkAppID, userID, member.conv_id, seqs));
    }
    const visible = (message: LogMessageRow | undefined): message is LogMessageRow => {
      if (!message) return false;
      const member = memberRows.get(message.sender_id === userID ? message.receiver_id : message.sender_id);
      return (
        member !== undefined &&
        Number(message.seq) > Number(member.cleared_seq) &&
        isLive(message, since) &&
        !hidden.get(message.conv_id)?.has(Number(message.seq))
      );
    };
    const events: SyncEvent[] = [];
    for (const row of rows) {
      const seq = Number(row.seq);
      const peerID = row.peer_id;
      const payload = row.payload === null ? {} : (JSON.parse(row.payload) as Record<string, unknown>);
      const message = row.msg_id === null ? undefined : messages.get(row.msg_id);
      const peerReadSeq = Number(memberRows.get(peerID)?.peer_read_seq ?? 0);
      switch (row.kind as SyncEventKind) {
        case 'message':
        case 'modified':
          if (visible(message)) {
            events.push({
              seq,
              kind: row.kind as 'message',
              message: viewMessage(message, userID, peerReadSeq),
            });
          }
          break;
        case 'revoked':
          events.push({
            seq,
            kind: 'revoked',
            peerID,
            msgID: row.msg_id ?? '',
            operator: String(payload.operator ?? ''),
            reason: String(payload.reason ?? ''),
          });
          break;
        case 'peerRead':
          events.push({ seq, kind: 'peerRead', peerID, readTime: Number(payload.readTime ?? 0) });
          break;
        case 'messagesDeleted':
          events.push({
            seq,
            kind: 'messagesDeleted',
            peerID,
            msgIDs: Array.isArray(payload.msgIDs) ? payload.msgIDs.map(String) : [],
          });
          break;
        case 'conversationChanged':
        case 'conversationDeleted':
        case 'historyCleared':
          events.push({ seq, kind: row.kind as 'conversationChanged', peerID });
          break;
      }
    }
    const shown = [...memberRows.values()].filter((m) => Number(m.hidden) === 0);
    return { events, conversations: await snapshots(trx, shown) };
  };

  /** The parties that still have the message (not deleted for them, not cleared), with their rows. */
  const holders = async (trx: Db, row: LogMessageRow): Promise<ConversationMemberRow[]> => {
    const sdkAppID = Number(row.sdk_app_id);
    const found: ConversationMemberRow[] = [];
    // A fixed order of users, so that two transactions never lock two member rows in opposite orders.
    for (const userID of [row.sender_id, row.receiver_id].sort()) {
      const member = await readMember(trx, sdkAppID, userID, row.conv_id, true);
      if (member && (await canSee(trx, member, row, 0))) found.push(member);
    }
    return found;
  };

  /** A change that also moves the conversation up (pin, draft), creating or showing it as needed. */
  const activate = (
    sdkAppID: number,
    userID: string,
    peerID: string,
    at: number,
    fields: Partial<ConversationMemberRow>,
  ): Promise<UserDelivery> =>
    atomic(async (trx) => {
      const member = await ensureMember(trx, sdkAppID, userID, peerID);
      const event: NewEvent = { kind: 'conversationChanged', peerID };
      return recordChange(trx, member, event, at, { ...fields, hidden: 0 }, true);
    });

  return {
    concurrentBatches: singleWriter ? 1 : 4,

    async storeC2C(message) {
      const [result] = await atomic((trx) => appendC2C(trx, statements, reads, [message]));
      if (!result) throw new Error(`no result for message ${message.msgID}`);
      return result;
    },

    storeC2CMany(messages) {
      return atomic((trx) => appendC2C(trx, statements, reads, messages));
    },

    async get(sdkAppID, msgID) {
      const row = await findRow(db, sdkAppID, msgID);
      return row && recordFromRow(row);
    },

    async view(sdkAppID, msgID, viewer) {
      const row = await findRow(db, sdkAppID, msgID);
      if (!row || (row.sender_id !== viewer && row.receiver_id !== viewer)) return undefined;
      const member = await readMember(db, sdkAppID, viewer, row.conv_id);
      if (!member || !(await canSee(db, member, row, await visibleSince(db, sdkAppID)))) return undefined;
      return viewMessage(row, viewer, Number(member.peer_read_seq));
    },

    async sync(sdkAppID, userID, afterSeq, limit) {
      const position = await db
        .selectFrom('user_timelines')
        .select(['head_seq', 'acked_seq'])
        .where('sdk_app_id', '=', sdkAppID)
        .where('user_id', '=', userID)
        .executeTakeFirst();
      const head = Number(position?.head_seq ?? 0);
      const acked = Number(position?.acked_seq ?? 0);
      const after = afterSeq ?? acked;
      // Bounded by the head read first: every seq up to a committed head is committed (they are
      // written in one transaction), so a client that moves to `headSeq` never skips an event.
      const rows = await db
        .selectFrom('timeline_events')
        .selectAll()
        .where('sdk_app_id', '=', sdkAppID)
        .where('user_id', '=', userID)
        .where('seq', '>', after)
        .where('seq', '<=', head)
        .orderBy('seq')
        .limit(limit + 1)
        .execute();
      const complete = rows.length <= limit;
      const page = rows.slice(0, limit);
      const batch = await buildBatch(db, sdkAppID, userID, page);
      if (afterSeq !== undefined && afterSeq > acked) await this.ack(sdkAppID, userID, afterSeq);
      const last = page.at(-1);
      const untilSeq = complete ? Math.max(head, after) : last === undefined ? after : Number(last.seq);
      return { afterSeq: after, headSeq: head, untilSeq, complete, ...batch };
    },

    async ack(sdkAppID, userID, seq) {
      await db
        .updateTable('user_timelines')
        .set({ acked_seq: seq })
        .where('sdk_app_id', '=', sdkAppID)
        .where('user_id', '=', userID)
        .where('acked_seq', '<', seq)
        .where('head_seq', '>=', seq)
        .execute();
    },

    async history(sdkAppID, userID, peerID, query) {
      const convID = c2cConversationKey(userID, peerID);
      const member = await readMember(db, sdkAppID, userID, convID);
      const since = Math.max(await visibleSince(db, sdkAppID), query.minTime ?? 0);
      let select = live(
        db
          .selectFrom('log_messages')
          .selectAll()
          .where('log_messages.sdk_app_id', '=', sdkAppID)
          .where('log_messages.conv_id', '=', convID)
          .where('log_messages.seq', '>', Number(member?.cleared_seq ?? 0))
          .where(({ not, exists, selectFrom }) =>
            not(
              exists(
                selectFrom('hidden_messages as h')
                  .select('h.seq')
                  .where('h.sdk_app_id', '=', sdkAppID)
                  .where('h.user_id', '=', userID)
                  .where('h.conv_id', '=', convID)
                  .whereRef('h.seq', '=', 'log_messages.seq'),
              ),
            ),
          ),
        since,
      );
      if (query.anchorSeq !== undefined)
        select = select.where('log_messages.seq', query.newer ? '>' : '<', query.anchorSeq);
      if (query.maxTime !== undefined) select = select.where('log_messages.time', '<=', query.maxTime);
      const rows = await select
        .orderBy('log_messages.seq', query.newer ? 'asc' : 'desc')
        .limit(query.count + 1)
        .execute();
      const peerReadSeq = Number(member?.peer_read_seq ?? 0);
      const messages = rows.slice(0, query.count).map((row) => viewMessage(row, userID, peerReadSeq));
      return { messages, complete: rows.length <= query.count };
    },

    revoke(sdkAppID, msgID, operator, reason, at) {
      return atomic(async (trx) => {
        const row = await findRow(trx, sdkAppID, msgID);
        if (!row) return undefined;
        if (Number(row.revoked) === 1) return [];
        const parties = await holders(trx, row);
        await trx
          .updateTable('log_messages')
          .set({ revoked: 1, revoker: operator, revoke_reason: reason })
          .where('sdk_app_id', '=', sdkAppID)
          .where('msg_id', '=', msgID)
          .execute();
        const deliveries: UserDelivery[] = [];
        for (const member of parties) {
          // A recalled message no longer waits to be read; it stays in place as a placeholder.
          const unread = isUnreadFor(row, member, false) ? 1 : 0;
          deliveries.push(
            await recordChange(
              trx,
              member,
              { kind: 'revoked', peerID: member.peer_id, msgID, payload: { operator, reason } },
              at,
              { unread_adjust: Number(member.unread_adjust) + unread },
            ),
          );
        }
        return deliveries;
      });
    },

    modify(sdkAppID, msgID, change, viewer) {
      return atomic(async (trx) => {
        const row = await findRow(trx, sdkAppID, msgID);
        const parties = row ? await holders(trx, row) : [];
        const own = parties.find((p) => p.user_id === viewer);
        if (!row || !own) return { kind: 'notFound' as const };
        if (Number(row.version) !== change.expectedVersion) {
          return { kind: 'conflict' as const, message: viewMessage(row, viewer, Number(own.peer_read_seq)) };
        }
        await trx
          .updateTable('log_messages')
          .set({
            version: Number(row.version) + 1,
            modifier: viewer,
            ...(change.elemList === undefined ? {} : { body: replaceBodyElems(row.body, change.elemList) }),
            ...(change.cloudCustomData === undefined ? {} : { cloud_custom_data: change.cloudCustomData }),
          })
          .where('sdk_app_id', '=', sdkAppID)
          .where('msg_id', '=', msgID)
          .execute();
        const deliveries: UserDelivery[] = [];
        for (const member of parties) {
          const event: NewEvent = { kind: 'modified', peerID: member.peer_id, msgID };
          deliveries.push(await recordChange(trx, member, event, now(), {}));
        }
        const mine = deliveries.find((d) => d.userID === viewer)?.batch.events[0];
        if (mine?.kind !== 'modified') throw new Error(`edit of ${msgID} has no event for ${viewer}`);
        return { kind: 'modified' as const, message: mine.message, deliveries };
      });
    },

    deleteForUser(sdkAppID, userID, msgIDs, at) {
      return atomic(async (trx) => {
        const unique = [...new Set(msgIDs)];
        const rows: LogMessageRow[] = [];
        for (let start = 0; start < unique.length; start += IN_LIST_CHUNK) {
          rows.push(
            ...(await trx
              .selectFrom('log_messages')
              .selectAll()
              .where('sdk_app_id', '=', sdkAppID)
              .where('msg_id', 'in', unique.slice(start, start + IN_LIST_CHUNK))
              .execute()),
          );
        }
        const mine = rows.filter((r) => r.sender_id === userID || r.receiver_id === userID);
        const convs = new Set(mine.map((r) => r.conv_id));
        if (convs.size > 1) return { kind: 'mixed' as const };
        const [convID] = convs;
        const member =
          convID === undefined ? undefined : await readMember(trx, sdkAppID, userID, convID, true);
        const seen = new Map<string, LogMessageRow>();
        for (const row of mine) if (member && (await canSee(trx, member, row, 0))) seen.set(row.msg_id, row);
        const missing = unique.find((id) => !seen.has(id));
        if (missing !== undefined || !member || convID === undefined) {
          return { kind: 'notFound' as const, msgID: missing ?? unique[0] ?? '' };
        }
        const gone = [...seen.values()];
        await statements.hide(
          trx,
          gone.map((r) => ({ sdk_app_id: sdkAppID, user_id: userID, conv_id: convID, seq: Number(r.seq) })),
        );
        const unread = gone.filter((r) => isUnreadFor(r, member, false)).length;
        const event: NewEvent = {
          kind: 'messagesDeleted',
          peerID: member.peer_id,
          payload: { msgIDs: unique },
        };
        return {
          kind: 'deleted' as const,
          delivery: await recordChange(trx, member, event, at, {
            unread_adjust: Number(member.unread_adjust) + unread,
          }),
        };
      });
    },

    clearHistory(sdkAppID, userID, peerID, at) {
      return atomic(async (trx) => {
        const convID = c2cConversationKey(userID, peerID);
        const existing = await readMember(trx, sdkAppID, userID, convID, true);
        const log = await readLog(trx, sdkAppID, convID);
        if (!existing && !log) {
          // Nothing to clear, and no conversation to make: the user's devices only hear of it.
          const row = await appendEvent(trx, sdkAppID, userID, { kind: 'historyCleared', peerID }, at);
          return { userID, batch: await buildBatch(trx, sdkAppID, userID, [row]) };
        }
        // Messages exist (also ones this user never had a row for): clear up to the log's head.
        const member = existing ?? (await ensureMember(trx, sdkAppID, userID, peerID));
        return recordChange(trx, member, { kind: 'historyCleared', peerID }, at, {
          ...readToHead(member, log),
          cleared_seq: Number(log?.head_seq ?? 0),
          // A conversation the user had not got (deleted before) does not appear by being cleared.
          ...(existing ? {} : { hidden: 1 }),
        });
      });
    },

    markRead(sdkAppID, userID, peerID, at) {
      return atomic(async (trx) => {
        const convID = c2cConversationKey(userID, peerID);
        const [first, second] = [userID, peerID].sort();
        // Both rows locked in a fixed order: markRead of the two parties at once cannot deadlock.
        const rows = new Map<string, ConversationMemberRow | undefined>();
        for (const id of [first, second])
          if (id !== undefined) rows.set(id, await readMember(trx, sdkAppID, id, convID, true));
        const member = rows.get(userID);
        if (!member || Number(member.hidden) === 1) return [];
        const log = await readLog(trx, sdkAppID, convID);
        const head = Number(log?.head_seq ?? 0);
        // A read marker moves only when something is unread or the peer's newest message is after it.
        const newer =
          head > Number(member.read_seq) &&
          (await trx
            .selectFrom('log_messages')
            .select('seq')
            .where('sdk_app_id', '=', sdkAppID)
            .where('conv_id', '=', convID)
            .where('seq', '>', Number(member.read_seq))
            .where('sender_id', '=', peerID)
            .limit(1)
            .executeTakeFirst()) !== undefined;
        if (unreadCount(member, log) === 0 && !newer) return [];
        const deliveries: UserDelivery[] = [];
        for (const id of [first, second]) {
          if (id === userID) {
            deliveries.push(
              await recordChange(trx, member, { kind: 'conversationChanged', peerID }, at, {
                ...readToHead(member, log),
                read_time: Math.max(Number(member.read_time), at),
              }),
            );
          } else {
            const peer = rows.get(peerID) ?? (await ensureMember(trx, sdkAppID, peerID, userID));
            deliveries.push(
              await recordChange(
                trx,
                peer,
                { kind: 'peerRead', peerID: userID, payload: { readTime: at } },
                at,
                {
                  peer_read_seq: Math.max(Number(peer.peer_read_seq), head),
                  peer_read_time: Math.max(Number(peer.peer_read_time), at),
                },
              ),
            );
          }
        }
        return deliveries;
      });
    },

    async conversations(sdkAppID, userID, offset, count) {
      const members = await db
        .selectFrom('conversation_members')
        .selectAll()
        .where('sdk_app_id', '=', sdkAppID)
        .where('user_id', '=', userID)
        .where('hidden', '=', 0)
        .orderBy('is_pinned', 'desc')
        .orderBy('order_key', 'desc')
        .orderBy('peer_id')
        .limit(count)
        .offset(offset)
        .execute();
      const total = await db
        .selectFrom('conversation_members')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('sdk_app_id', '=', sdkAppID)
        .where('user_id', '=', userID)
        .where('hidden', '=', 0)
        .executeTakeFirstOrThrow();
      return { conversations: await snapshots(db, members), total: Number(total.n) };
    },

    async conversation(sdkAppID, userID, peerID) {
      const member = await readMember(db, sdkAppID, userID, c2cConversationKey(userID, peerID));
      if (!member || Number(member.hidden) === 1) return undefined;
      return (await snapshots(db, [member]))[0];
    },

    deleteConversation(sdkAppID, userID, peerID, at) {
      return atomic(async (trx) => {
        const member = await readMember(trx, sdkAppID, userID, c2cConversationKey(userID, peerID), true);
        if (!member || Number(member.hidden) === 1) return undefined;
        const log = await readLog(trx, sdkAppID, member.conv_id);
        return recordChange(trx, member, { kind: 'conversationDeleted', peerID }, at, {
          ...readToHead(member, log),
          cleared_seq: Number(log?.head_seq ?? 0),
          hidden: 1,
          is_pinned: 0,
          draft_text: '',
          draft_time: 0,
        });
      });
    },

    pin(sdkAppID, userID, peerID, isPinned, at) {
      return activate(sdkAppID, userID, peerID, at, { is_pinned: isPinned ? 1 : 0 });
    },

    setDraft(sdkAppID, userID, peerID, text, at) {
      return activate(sdkAppID, userID, peerID, at, { draft_text: text, draft_time: text === '' ? 0 : at });
    },

    totalUnread(sdkAppID, userID) {
      return totalUnread(db, sdkAppID, userID);
    },

    async purgeExpired(sdkAppID, before) {
      const at = now();
      const expired = db
        .selectFrom('log_messages')
        .select('msg_id')
        .where('sdk_app_id', '=', sdkAppID)
        .where((eb) =>
          eb.or([eb('time', '<', before), eb.and([eb('expire_at', '>', 0), eb('expire_at', '<=', at)])]),
        );
      // What other features keep per message goes with it, as a foreign key's cascade would.
      for (const table of MESSAGE_DEPENDENT_TABLES)
        await db
          .deleteFrom(table)
          .where('sdk_app_id', '=', sdkAppID)
          .where('msg_id', 'in', expired)
          .execute();
      const result = await db
        .deleteFrom('log_messages')
        .where('sdk_app_id', '=', sdkAppID)
        .where((eb) =>
          eb.or([eb('time', '<', before), eb.and([eb('expire_at', '>', 0), eb('expire_at', '<=', at)])]),
        )
        .executeTakeFirst();
      await db
        .deleteFrom('timeline_events')
        .where('sdk_app_id', '=', sdkAppID)
        .where('created_at', '<', before)
        .execute();
      return Number(result.numDeletedRows);
    },
  };
}

/** The member's read position moved to the log's head: nothing unread. */
function readToHead(
  member: ConversationMemberRow,
  log: ConversationLogRow | undefined,
): Partial<ConversationMemberRow> {
  const count = Number(Number(member.slot) === 0 ? (log?.count_0 ?? 0) : (log?.count_1 ?? 0));
  return {
    read_seq: Math.max(Number(member.read_seq), Number(log?.head_seq ?? 0)),
    read_count: count,
    unread_adjust: 0,
  };
}
