/** Rows of the messaging tables turned into the wire shapes of `@parley/protocol`. */
import type { MessageElem, WireConversation, WireMessage } from '@parley/protocol';
import type { Selectable } from 'kysely';
import { bodyNeedsReceipt, decodeBody } from './body.js';
import { unreadCount } from './rules.js';
import type { ConversationLogsTable, ConversationMembersTable, LogMessagesTable } from './tables.js';
import type { C2CMessageRecord } from './types.js';

export type LogMessageRow = Selectable<LogMessagesTable>;
export type ConversationMemberRow = Selectable<ConversationMembersTable>;
export type ConversationLogRow = Selectable<ConversationLogsTable>;

export function recordFromRow(row: LogMessageRow): C2CMessageRecord {
  return {
    sdkAppID: Number(row.sdk_app_id),
    msgID: row.msg_id,
    sender: row.sender_id,
    receiver: row.receiver_id,
    random: Number(row.random),
    time: Number(row.time),
    elemList: decodeBody(row.body).elemList,
    cloudCustomData: row.cloud_custom_data,
    excludedFromUnreadCount: Number(row.excluded_unread) === 1,
    excludedFromLastMessage: Number(row.excluded_last) === 1,
    revoked: Number(row.revoked) === 1,
    revoker: row.revoker,
    revokeReason: row.revoke_reason,
    version: Number(row.version),
    seq: Number(row.seq),
    convID: row.conv_id,
    ...(Number(row.support_extension) === 1 ? { supportMessageExtension: true } : {}),
    ...(bodyNeedsReceipt(row.body) ? { needReadReceipt: true } : {}),
  };
}

/**
 * The message as `viewer` sees it. `seq` is the message's place in its conversation's log, the same
 * for both parties; the sender sees `isPeerRead` once the peer's read position passed it.
 */
export function viewMessage(
  row: LogMessageRow,
  viewer: string,
  peerReadSeq: number,
  /** The row's elements when the caller has them already (a message just stored). */
  elemList: MessageElem[] = decodeBody(row.body).elemList,
): WireMessage {
  const seq = Number(row.seq);
  const revoked = Number(row.revoked) === 1;
  const message: WireMessage = {
    msgID: row.msg_id,
    sender: row.sender_id,
    receiver: row.receiver_id,
    seq,
    random: Number(row.random),
    time: Number(row.time),
    elemList,
    cloudCustomData: row.cloud_custom_data,
    excludedFromUnreadCount: Number(row.excluded_unread) === 1,
    excludedFromLastMessage: Number(row.excluded_last) === 1,
    onlineUserOnly: false,
    revoked,
    version: Number(row.version),
    isPeerRead: row.sender_id === viewer && seq <= peerReadSeq,
  };
  if (revoked) {
    message.revoker = row.revoker ?? row.sender_id;
    message.revokeReason = row.revoke_reason ?? '';
  }
  if (row.modifier !== null) message.modifier = row.modifier;
  if (Number(row.support_extension) === 1) message.supportMessageExtension = true;
  if (bodyNeedsReceipt(row.body)) message.needReadReceipt = true;
  return message;
}

/** A member's conversation as it shows in the list, with the last message it can see. */
export function viewConversation(
  member: ConversationMemberRow,
  log: Pick<ConversationLogRow, 'count_0' | 'count_1'> | undefined,
  lastMessage: LogMessageRow | undefined,
): WireConversation {
  const conversation: WireConversation = {
    peerID: member.peer_id,
    unreadCount: unreadCount(member, log),
    isPinned: Number(member.is_pinned) === 1,
    draftText: member.draft_text,
    draftTime: Number(member.draft_time),
    orderKey: Number(member.order_key),
    readTime: Number(member.read_time),
    peerReadTime: Number(member.peer_read_time),
    version: Number(member.version),
  };
  if (lastMessage) {
    conversation.lastMessage = viewMessage(lastMessage, member.user_id, Number(member.peer_read_seq));
  }
  return conversation;
}

/** A member row before anything happened in the conversation. */
export function emptyMember(
  sdkAppID: number,
  userID: string,
  convID: string,
  peerID: string,
  slot: number,
): ConversationMemberRow {
  return {
    sdk_app_id: sdkAppID,
    user_id: userID,
    conv_id: convID,
    peer_id: peerID,
    slot,
    read_seq: 0,
    read_count: 0,
    unread_adjust: 0,
    read_time: 0,
    peer_read_seq: 0,
    peer_read_time: 0,
    cleared_seq: 0,
    is_pinned: 0,
    draft_text: '',
    draft_time: 0,
    order_key: 0,
    version: 0,
    hidden: 0,
  };
}
