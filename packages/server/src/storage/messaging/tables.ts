/**
 * Tables of messaging (migration 0005, docs/messages.md "Storage"), snake_case as stored. Booleans
 * are integers 0/1 and times are milliseconds, so the same rows work on SQLite and PostgreSQL.
 *
 * Read diffusion: a message is stored once, in the log of its conversation, with that log's next
 * `seq`. Each participant has a small member row (read position, cleared-up-to, pin, draft) and
 * each user a change feed (`timeline_events`, numbered by `user_timelines`) that sync reads.
 */

/** One conversation's log head: its newest seq and the running counts that make unread arithmetic. */
export interface ConversationLogsTable {
  sdk_app_id: number;
  /** `conversationKey()`: `c2c\t<lo>\t<hi>` for a pair of users. */
  conv_id: string;
  head_seq: number;
  /** The seq of the newest message that may be a conversation's last message; 0 when none. */
  last_seq: number;
  /**
   * How many messages so far count as unread for each side (slot 0 and slot 1 of the member rows):
   * a member's unread is its count minus the count it had read, minus what left since.
   */
  count_0: number;
  count_1: number;
}

/** One stored message in its conversation's log. */
export interface LogMessagesTable {
  sdk_app_id: number;
  conv_id: string;
  seq: number;
  /** Chosen by the sending client; unique per app (the idempotency key of a send). */
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
  /** Who made the latest edit; `null` before the first. */
  modifier: string | null;
  /** REST `MsgLifeTime`: the message leaves history and sync at this time (ms); 0 = the app's retention only. */
  expire_at: number;
  /** 1 when sent with `supportMessageExtension` (migration 0020). */
  support_extension: number;
}

/** What one participant has of a conversation. */
export interface ConversationMembersTable {
  sdk_app_id: number;
  user_id: string;
  conv_id: string;
  /** The other party of a one-to-one conversation. */
  peer_id: string;
  /** Which of the log's counts is this member's (0 or 1). */
  slot: number;
  /** Read up to this log seq, when the log's count for this member was `read_count`. */
  read_seq: number;
  read_count: number;
  /** Unread messages that left after the read position (recalled or deleted for me) since the last read. */
  unread_adjust: number;
  read_time: number;
  /** The peer read up to this seq, at this time: drives `isPeerRead`. */
  peer_read_seq: number;
  peer_read_time: number;
  /** History up to this seq is cleared for this member. */
  cleared_seq: number;
  is_pinned: number;
  draft_text: string;
  draft_time: number;
  /** Activation order: the member's feed seq of the last message, pin or draft. */
  order_key: number;
  /** The member's feed seq of the last change to this conversation's snapshot. */
  version: number;
  /** Deleted from the member's list until the next message arrives. */
  hidden: number;
}

/** A message deleted for one member only. */
export interface HiddenMessagesTable {
  sdk_app_id: number;
  user_id: string;
  conv_id: string;
  seq: number;
}

/**
 * One event of a user's change feed: `seq` is the user's, allocated from `user_timelines` in the
 * same transaction. A `message` event names the message by `msg_id`; `payload` is JSON for the kinds
 * that carry more.
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

/** A user's newest feed seq, and how far the user's clients have acknowledged it. */
export interface UserTimelinesTable {
  sdk_app_id: number;
  user_id: string;
  head_seq: number;
  acked_seq: number;
}

/** A member's place in a group's log (migration 0009): written at join and when that member acts. */
export interface GroupCursorsTable {
  sdk_app_id: number;
  user_id: string;
  group_id: string;
  /** Read up to this seq, when the log's count (`count_0`) was `read_count`. */
  read_seq: number;
  read_count: number;
  unread_adjust: number;
  /** History up to here is not the member's: before joining (types without history), or cleared. */
  cleared_seq: number;
  join_time: number;
  is_pinned: number;
  draft_text: string;
  draft_time: number;
  /** ms of the member's own activity in the conversation (join, pin, draft). */
  activity_time: number;
  /** Activity stamp (µs) of the last change of this member's snapshot. */
  version: number;
  /** Deleted from the member's list until the next message arrives. */
  hidden: number;
}

/** A recall or edit in a group, numbered per group: members catch up on it after being offline. */
export interface GroupChangesTable {
  sdk_app_id: number;
  group_id: string;
  change_seq: number;
  kind: string;
  msg_id: string;
  seq: number;
  operator: string;
  reason: string;
  created_at: number;
}

/** A mention of one member (or, with `user_id` `''`, of everyone) by the message at `seq`. */
export interface GroupMentionsTable {
  sdk_app_id: number;
  group_id: string;
  user_id: string;
  seq: number;
}

/** A member who may see the targeted message at `seq` (its receivers and its sender). */
export interface GroupMessageTargetsTable {
  sdk_app_id: number;
  group_id: string;
  seq: number;
  user_id: string;
}

export interface MessagingTables {
  group_cursors: GroupCursorsTable;
  group_changes: GroupChangesTable;
  group_mentions: GroupMentionsTable;
  group_message_targets: GroupMessageTargetsTable;
  conversation_logs: ConversationLogsTable;
  log_messages: LogMessagesTable;
  conversation_members: ConversationMembersTable;
  hidden_messages: HiddenMessagesTable;
  timeline_events: TimelineEventsTable;
  user_timelines: UserTimelinesTable;
}
