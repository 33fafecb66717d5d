/**
 * Tables of one-to-one messaging (migration 0004), snake_case as stored. Booleans are integers 0/1
 * and times are milliseconds, so the same rows work on SQLite and PostgreSQL; `bigint` columns may
 * come back as strings from PostgreSQL, which is why every reader wraps them in `Number`.
 */

/** One stored one-to-one message; the sender's and receiver's views differ only in their `seq`. */
export interface C2CMessagesTable {
  sdk_app_id: number;
  msg_id: string;
  sender_id: string;
  receiver_id: string;
  random: number;
  time: number;
  /** JSON of the element list. */
  body: string;
  cloud_custom_data: string;
  excluded_unread: number;
  excluded_last: number;
  revoked: number;
  revoker: string | null;
  revoke_reason: string | null;
  version: number;
}

/**
 * One event of a user's timeline: `seq` is the user's, allocated from `user_timelines` in the same
 * transaction. `payload` is JSON for the kinds that carry more than a peer and a message.
 */
export interface TimelineEventsTable {
  sdk_app_id: number;
  user_id: string;
  seq: number;
  kind: string;
  peer_id: string;
  msg_id: string | null;
  payload: string | null;
  created_at: number;
}

/** A user's newest seq, and how far the user's clients have acknowledged it. */
export interface UserTimelinesTable {
  sdk_app_id: number;
  user_id: string;
  head_seq: number;
  acked_seq: number;
}

/** A user's conversation with one peer. */
export interface C2CConversationsTable {
  sdk_app_id: number;
  user_id: string;
  peer_id: string;
  unread_count: number;
  last_msg_id: string | null;
  /** The owner's timeline seq of the last message, for its `seq` in the snapshot. */
  last_msg_seq: number;
  is_pinned: number;
  draft_text: string;
  draft_time: number;
  order_key: number;
  read_time: number;
  peer_read_time: number;
  version: number;
}

export interface MessagingTables {
  c2c_messages: C2CMessagesTable;
  timeline_events: TimelineEventsTable;
  user_timelines: UserTimelinesTable;
  c2c_conversations: C2CConversationsTable;
}
