/**
 * The group halves of `V2TIMMessageManager` calls (send, history, read), kept apart so that the
 * manager stays one screen of one-to-one logic plus a line per group case.
 */
import {
  ErrorCode,
  isValidUserID,
  MAX_AT_USERS,
  MAX_HISTORY_PAGE,
  MAX_TARGETED_RECEIVERS,
} from '@parley/protocol';
import { clone } from '../client/clone.js';
import { elementsOf, groupCacheKey, toV2TimMessage } from '../client/message-convert.js';
import type { Messaging } from '../client/messaging.js';
import { wirePushInfo } from '../client/push-info.js';
import { fail, ok } from '../client/results.js';
import { type V2TimMessage, V2TimMessageStatus } from '../message-types.js';
import type { V2TimCallback, V2TimSendMessageParams, V2TimValueCallback } from '../types.js';

/** A GroupID as the server accepts it: 1 to 48 printable ASCII characters without spaces. */
export function isValidGroupID(groupID: unknown): groupID is string {
  return typeof groupID === 'string' && /^[\x21-\x7e]{1,48}$/.test(groupID);
}

/** Sends a created message to a group; the same resend and failure rules as one-to-one. */
export async function sendGroupMessage(
  messaging: Messaging,
  created: V2TimMessage,
  params: V2TimSendMessageParams,
): Promise<V2TimValueCallback<V2TimMessage>> {
  const { groupID } = params;
  if (!isValidGroupID(groupID)) return fail(ErrorCode.ERR_INVALID_PARAMETERS, 'groupID must be a GroupID');
  const cloudCustomData = params.cloudCustomData ?? created.cloudCustomData;
  if (typeof cloudCustomData !== 'string')
    return fail(ErrorCode.ERR_INVALID_PARAMETERS, 'cloudCustomData must be a string');
  const { priority } = params;
  if (priority !== undefined && !(Number.isInteger(priority) && priority >= 0 && priority <= 3))
    return fail(ErrorCode.ERR_INVALID_PARAMETERS, 'priority must be a MessagePriority (0 to 3)');
  const onlineUserOnly = params.onlineUserOnly === true;
  const at = created.groupAtUserList ?? [];
  const targets = created.targetedReceivers ?? [];
  Object.assign(created, {
    sender: messaging.user,
    groupID,
    status: V2TimMessageStatus.V2TIM_MSG_STATUS_SENDING,
    cloudCustomData,
    localCustomData: params.localCustomData ?? created.localCustomData,
    // A targeted message never counts as unread (§1.17).
    isExcludedFromUnreadCount: params.isExcludedFromUnreadCount === true || targets.length > 0,
    isExcludedFromLastMessage: params.isExcludedFromLastMessage === true,
    isOnlineUserOnly: onlineUserOnly,
  });
  created.userID = undefined;
  messaging.sendingHere(created.msgID);
  const pushInfo = wirePushInfo(params.offlinePushInfo);
  const reply = await messaging.request('sendMessage', {
    msgID: created.msgID,
    groupID,
    random: created.random,
    elemList: elementsOf(created),
    ...(at.length > 0 ? { groupAtUserList: at } : {}),
    ...(targets.length > 0 ? { targetedReceivers: targets } : {}),
    ...(cloudCustomData === '' ? {} : { cloudCustomData }),
    ...(onlineUserOnly ? { onlineUserOnly } : {}),
    ...(params.isExcludedFromUnreadCount ? { excludedFromUnreadCount: true } : {}),
    ...(params.isExcludedFromLastMessage ? { excludedFromLastMessage: true } : {}),
    ...(priority ? { priority } : {}),
    ...(pushInfo ? { offlinePushInfo: pushInfo } : {}),
    ...(params.supportMessageExtension && !onlineUserOnly ? { supportMessageExtension: true } : {}),
    ...(params.needReadReceipt && !onlineUserOnly ? { needReadReceipt: true } : {}),
  });
  if (reply.code !== 0 || !reply.data) {
    created.status = V2TimMessageStatus.V2TIM_MSG_STATUS_SEND_FAIL;
    return fail(reply.code, reply.desc);
  }
  const wire = reply.data.message;
  const sent = toV2TimMessage(wire, messaging.user, 0, created.localCustomData);
  Object.assign(created, { status: sent.status, seq: sent.seq, timestamp: sent.timestamp });
  if (wire.seq > 0) messaging.messages.put(groupCacheKey(groupID), sent, wire.time);
  return ok(sent);
}

/** Checks the mention list of `createTextAtMessage`. */
export function checkAtUserList(atUserList: unknown): string[] | V2TimCallback {
  if (
    !Array.isArray(atUserList) ||
    atUserList.length > MAX_AT_USERS ||
    atUserList.some((u) => typeof u !== 'string')
  )
    return fail(ErrorCode.ERR_INVALID_PARAMETERS, `atUserList must be at most ${MAX_AT_USERS} UserIDs`);
  return [...(atUserList as string[])];
}

/** The receivers of a targeted group message: 1 to 50 UserIDs, each once. */
export function checkTargetedReceivers(receiverList: unknown): string[] | V2TimCallback {
  if (
    !Array.isArray(receiverList) ||
    receiverList.length < 1 ||
    receiverList.length > MAX_TARGETED_RECEIVERS ||
    receiverList.some((u) => !isValidUserID(u))
  )
    return fail(
      ErrorCode.ERR_INVALID_PARAMETERS,
      `receiverList must list 1 to ${MAX_TARGETED_RECEIVERS} UserIDs`,
    );
  return [...new Set(receiverList as string[])];
}

/** A page of a group's history from the server; older pages newest first, newer oldest first. */
export async function groupHistory(
  messaging: Messaging,
  params: { groupID?: unknown; count?: unknown; lastMsgID?: unknown; lastMsgSeq?: unknown; newer: boolean },
): Promise<V2TimValueCallback<V2TimMessage[]>> {
  const { groupID, count } = params;
  if (!isValidGroupID(groupID)) return fail(ErrorCode.ERR_INVALID_PARAMETERS, 'groupID must be a GroupID');
  if (typeof count !== 'number' || !Number.isInteger(count) || count < 1 || count > MAX_HISTORY_PAGE)
    return fail(ErrorCode.ERR_INVALID_PARAMETERS, `count must be an integer from 1 to ${MAX_HISTORY_PAGE}`);
  let anchorSeq: number | undefined;
  if (params.lastMsgID !== undefined) {
    const anchor =
      typeof params.lastMsgID === 'string' ? messaging.messages.find(params.lastMsgID) : undefined;
    if (!anchor)
      return fail(ErrorCode.ERR_INVALID_PARAMETERS, 'lastMsgID must be a message this SDK has seen');
    anchorSeq = anchor.seq;
  } else if (params.lastMsgSeq !== undefined) {
    if (
      typeof params.lastMsgSeq !== 'number' ||
      !Number.isSafeInteger(params.lastMsgSeq) ||
      params.lastMsgSeq < 0
    )
      return fail(ErrorCode.ERR_INVALID_PARAMETERS, 'lastMsgSeq must be a seq');
    anchorSeq = params.lastMsgSeq;
  }
  const reply = await messaging.request('getGroupHistory', {
    groupID,
    count,
    ...(anchorSeq !== undefined && anchorSeq > 0 ? { anchorSeq } : {}),
    ...(params.newer ? { newer: true } : {}),
  });
  if (reply.code !== 0 || !reply.data) return fail(reply.code, reply.desc);
  const readSeq = messaging.groups.readSeq(groupID);
  return ok(
    reply.data.messages.map((wire) => {
      const local = messaging.messages.find(wire.msgID)?.localCustomData ?? '';
      const message = toV2TimMessage(wire, messaging.user, 0, local);
      message.isRead = message.isSelf || wire.seq <= readSeq;
      messaging.messages.put(groupCacheKey(groupID), message, wire.time);
      return clone(message);
    }),
  );
}

/** Marks the group read up to its newest message, on every device of the user. */
export async function markGroupRead(messaging: Messaging, groupID: unknown): Promise<V2TimCallback> {
  if (!isValidGroupID(groupID)) return fail(ErrorCode.ERR_INVALID_PARAMETERS, 'groupID must be a GroupID');
  const reply = await messaging.request('markGroupRead', { groupID });
  if (reply.code !== 0) return fail(reply.code, reply.desc);
  if (reply.data?.conversation) messaging.groups.onSnapshot(groupID, reply.data.conversation, false);
  return ok();
}

/** Empties my history of a group, on every device (the conversation stays). */
export async function clearGroupHistory(messaging: Messaging, groupID: unknown): Promise<V2TimCallback> {
  if (!isValidGroupID(groupID)) return fail(ErrorCode.ERR_INVALID_PARAMETERS, 'groupID must be a GroupID');
  const reply = await messaging.request('clearGroupHistory', { groupID });
  if (reply.code !== 0) return fail(reply.code, reply.desc);
  messaging.messages.clearConversation(groupCacheKey(groupID));
  return ok();
}
