/** Tables of reactions, extensions and pinned group messages (migration 0020, docs/message-extras.md). */
import type { Generated } from 'kysely';

/** One row per message (or, keyed `pins\t<groupID>`, per group's pins) that was written to: the lock of its writes. */
export interface MessageExtraHeadsTable {
  sdk_app_id: number;
  msg_id: string;
  /** The seq of the newest extension write. */
  extension_seq: number;
  /** Writes so far (any kind): bumping it is what takes the row's lock. */
  writes: number;
}

export interface MessageExtensionsTable {
  sdk_app_id: number;
  msg_id: string;
  ext_key: string;
  ext_value: string;
  /** The extension seq of the write that set this value. */
  seq: number;
}

export interface MessageReactionsTable {
  /** Orders the users of a reaction: the page cursor of `getAllUserListOfMessageReaction`. */
  id: Generated<number>;
  sdk_app_id: number;
  msg_id: string;
  reaction_id: string;
  user_id: string;
  created_at: number;
}

export interface GroupPinnedMessagesTable {
  sdk_app_id: number;
  group_id: string;
  msg_id: string;
  pinner: string;
  pin_time: number;
}

export interface MessageExtrasTables {
  message_extra_heads: MessageExtraHeadsTable;
  message_extensions: MessageExtensionsTable;
  message_reactions: MessageReactionsTable;
  group_pinned_messages: GroupPinnedMessagesTable;
}
