/**
 * Per-message read receipts of `V2TIMMessageManager` (docs/read-receipts.md), kept apart so that the
 * manager stays a line per call. Messages are given as `V2TimMessage`s (Flutter's `messageList`) or
 * their IDs; all must be of one conversation.
 */
import { ErrorCode, MAX_RECEIPT_MEMBER_PAGE, MAX_RECEIPT_MESSAGES } from '@parley/protocol';
import type { Messaging } from '../client/messaging.js';
import { toV2TimReceipt } from '../client/receipt-convert.js';
import { fail, ok } from '../client/results.js';
import type { V2TimGroupMessageReadMemberList, V2TimMessage, V2TimMessageReceipt } from '../message-types.js';
import type { V2TimCallback, V2TimValueCallback } from '../types.js';
import { markGroupRead } from './group-message-calls.js';

/** A message as the calls accept it: the message object, or just its ID. */
export type ReceiptMessageRef = Pick<V2TimMessage, 'msgID'> | string;

function idsOf(list: unknown): string[] | undefined {
  if (!Array.isArray(list) || list.length === 0 || list.length > MAX_RECEIPT_MESSAGES) return undefined;
  const ids = list.map((item: unknown) =>
    typeof item === 'string' ? item : (item as { msgID?: unknown } | null)?.msgID,
  );
  return ids.every((id): id is string => typeof id === 'string' && id !== '') ? ids : undefined;
}

const BAD_LIST = `messageList must list 1 to ${MAX_RECEIPT_MESSAGES} messages of one conversation`;

/** Reports messages of one conversation read; the unread count is not changed. */
export async function sendMessageReadReceipts(
  messaging: Messaging,
  params: { messageList: ReceiptMessageRef[] } | undefined,
): Promise<V2TimCallback> {
  const msgIDs = idsOf(params?.messageList);
  if (!msgIDs) return fail(ErrorCode.ERR_INVALID_PARAMETERS, BAD_LIST);
  const reply = await messaging.request('sendMessageReadReceipts', { msgIDs });
  return reply.code === 0 ? ok() : fail(reply.code, reply.desc);
}

/** The current counts of messages of one conversation. */
export async function getMessageReadReceipts(
  messaging: Messaging,
  params: { messageList: ReceiptMessageRef[] } | undefined,
): Promise<V2TimValueCallback<V2TimMessageReceipt[]>> {
  const msgIDs = idsOf(params?.messageList);
  if (!msgIDs) return fail(ErrorCode.ERR_INVALID_PARAMETERS, BAD_LIST);
  const reply = await messaging.request('getMessageReadReceipts', { msgIDs });
  if (reply.code !== 0 || !reply.data) return fail(reply.code, reply.desc);
  return ok(reply.data.receipts.map(toV2TimReceipt));
}

/** A page of a group message's readers (`filter` 0) or non-readers (1). */
export async function getGroupMessageReadMemberList(
  messaging: Messaging,
  params: { message: ReceiptMessageRef; filter: number; nextSeq?: number; count?: number } | undefined,
): Promise<V2TimValueCallback<V2TimGroupMessageReadMemberList>> {
  const [msgID] = idsOf(params ? [params.message] : undefined) ?? [];
  if (msgID === undefined || !params)
    return fail(ErrorCode.ERR_INVALID_PARAMETERS, 'message must be a group message');
  const { filter, nextSeq = 0, count = MAX_RECEIPT_MEMBER_PAGE } = params;
  if (filter !== 0 && filter !== 1)
    return fail(ErrorCode.ERR_INVALID_PARAMETERS, 'filter must be 0 (read) or 1 (unread)');
  if (!Number.isInteger(nextSeq) || nextSeq < 0)
    return fail(ErrorCode.ERR_INVALID_PARAMETERS, 'nextSeq must be 0 or a nextSeq returned before');
  if (!Number.isInteger(count) || count < 1 || count > MAX_RECEIPT_MEMBER_PAGE)
    return fail(ErrorCode.ERR_INVALID_PARAMETERS, `count must be 1 to ${MAX_RECEIPT_MEMBER_PAGE}`);
  const reply = await messaging.request('getGroupMessageReadMemberList', { msgID, filter, nextSeq, count });
  if (reply.code !== 0 || !reply.data) return fail(reply.code, reply.desc);
  return ok({
    nextSeq: reply.data.nextSeq,
    isFinished: reply.data.isFinished,
    memberInfoList: reply.data.members.map((m) => ({ userID: m.userID, nameCard: m.nameCard })),
  });
}

/**
 * Marks every conversation with unread messages read, one-to-one and group, on every device (the
 * conversations this SDK knows after its login sync). The first failure is returned; the rest are
 * still tried.
 */
export async function markAllMessageAsRead(messaging: Messaging): Promise<V2TimCallback> {
  let failure: V2TimCallback | undefined;
  for (const conversation of messaging.conversations.list()) {
    if (conversation.unreadCount === 0 || !conversation.userID) continue;
    const reply = await messaging.request('markRead', { peerID: conversation.userID });
    if (reply.code !== 0) failure ??= fail(reply.code, reply.desc);
    else if (reply.data?.conversation) messaging.applyConversations([reply.data.conversation]);
  }
  for (const conversation of messaging.groups.list()) {
    if (conversation.unreadCount === 0 || !conversation.groupID) continue;
    const result = await markGroupRead(messaging, conversation.groupID);
    if (result.code !== 0) failure ??= result;
  }
  return failure ?? ok();
}
