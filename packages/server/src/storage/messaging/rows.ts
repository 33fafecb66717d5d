/** Rows of the messaging tables turned into the wire shapes of `@parley/protocol`. */
import type { MessageElem, WireConversation, WireMessage } from '@parley/protocol';
import type { Selectable } from 'kysely';
import type { C2CConversationsTable, C2CMessagesTable } from './tables.js';
import type { C2CMessageRecord } from './types.js';

export type MessageRow = Selectable<C2CMessagesTable>;
export type ConversationRow = Selectable<C2CConversationsTable>;

export function recordFromRow(row: MessageRow): C2CMessageRecord {
  return {
    sdkAppID: Number(row.sdk_app_id),
    msgID: row.msg_id,
    sender: row.sender_id,
    receiver: row.receiver_id,
    random: Number(row.random),
    time: Number(row.time),
    // Written by this store from validated input only.
    elemList: JSON.parse(row.body) as MessageElem[],
    cloudCustomData: row.cloud_custom_data,
    excludedFromUnreadCount: Number(row.excluded_unread) === 1,
    excludedFromLastMessage: Number(row.excluded_last) === 1,
    revoked: Number(row.revoked) === 1,
    revoker: row.revoker,
    revokeReason: row.revoke_reason,
    version: Number(row.version),
  };
}

/**
 * The message as `viewer` sees it: `seq` is the viewer's timeline seq, and the sender sees
 * `isPeerRead` from the time the peer last read the conversation.
 */
export function viewMessage(row: MessageRow, viewer: string, seq: number, peerReadTime: number): WireMessage {
  const record = recordFromRow(row);
  const message: WireMessage = {
    msgID: record.msgID,
    sender: record.sender,
    receiver: record.receiver,
    seq,
    random: record.random,
    time: record.time,
    elemList: record.elemList,
    cloudCustomData: record.cloudCustomData,
    excludedFromUnreadCount: record.excludedFromUnreadCount,
    excludedFromLastMessage: record.excludedFromLastMessage,
    onlineUserOnly: false,
    revoked: record.revoked,
    version: record.version,
    isPeerRead: record.sender === viewer && peerReadTime > 0 && record.time <= peerReadTime,
  };
  if (record.revoked) {
    message.revoker = record.revoker ?? record.sender;
    message.revokeReason = record.revokeReason ?? '';
  }
  return message;
}

export function viewConversation(
  row: ConversationRow,
  lastMessage: MessageRow | undefined,
): WireConversation {
  const peerReadTime = Number(row.peer_read_time);
  const conversation: WireConversation = {
    peerID: row.peer_id,
    unreadCount: Number(row.unread_count),
    isPinned: Number(row.is_pinned) === 1,
    draftText: row.draft_text,
    draftTime: Number(row.draft_time),
    orderKey: Number(row.order_key),
    readTime: Number(row.read_time),
    peerReadTime,
    version: Number(row.version),
  };
  if (lastMessage) {
    conversation.lastMessage = viewMessage(lastMessage, row.user_id, Number(row.last_msg_seq), peerReadTime);
  }
  return conversation;
}
