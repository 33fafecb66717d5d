/**
 * The group message callbacks (im-features.md §9.2): `Group.CallbackBeforeSendMsg` in the send path,
 * within the before-send time budget, which may refuse (10016), drop (sender sees success) or rewrite
 * the body as the C2C one does; `Group.CallbackAfterSendMsg` through the webhook outbox once the
 * message is stored (or delivered, when not stored).
 */
import { ErrorCode, type GroupType, type SendMessageRequest, type WireMessage } from '@parley/protocol';
import { z } from 'zod';
import type { NewOutboxEvent, OutboxStore } from '../../storage/types.js';
import { askCallback } from '../../webhooks/ask-callback.js';
import { fromRestBody, isBodyTooLarge, restMsgBodySchema, toRestBody } from './body.js';
import type { BeforeSendVerdict, CallbackOrigin } from './callbacks.js';

export const GROUP_BEFORE_SEND_COMMAND = 'Group.CallbackBeforeSendMsg';
export const GROUP_AFTER_SEND_COMMAND = 'Group.CallbackAfterSendMsg';

/** The before-send settings of the app's callbacks (`--callback-timeout`, fail-open). */
export interface GroupSendCallbackSettings {
  timeoutMs: number;
  failOpen: boolean;
  denyPrivateTargets?: boolean;
}

/** Who sends: `From_Account` (the sender shown) and `Operator_Account` (who asked). */
export interface GroupSendParty {
  type: GroupType;
  operator: string;
  origin: CallbackOrigin;
}

const replySchema = z.object({
  ErrorCode: z.number().int(),
  ErrorInfo: z.string().optional(),
  MsgBody: restMsgBodySchema.optional(),
  CloudCustomData: z.string().optional(),
});

function groupCallbackBody(command: string, message: WireMessage, party: GroupSendParty, now: number) {
  return {
    CallbackCommand: command,
    GroupId: message.groupID ?? '',
    Type: party.type,
    From_Account: message.sender,
    Operator_Account: party.operator,
    Random: message.random,
    OnlineOnlyFlag: message.onlineUserOnly ? 1 : 0,
    MsgBody: toRestBody(message.elemList),
    CloudCustomData: message.cloudCustomData,
    EventTime: now,
  };
}

/** Asks the app whether (and as what) to send `message` to its group. */
export async function askGroupBeforeSend(
  url: string,
  sdkAppID: number,
  message: WireMessage,
  party: GroupSendParty,
  options: GroupSendCallbackSettings & { now: number; maxBodyBytes?: number },
): Promise<BeforeSendVerdict> {
  const unchanged: BeforeSendVerdict = {
    kind: 'allow',
    elemList: message.elemList,
    cloudCustomData: message.cloudCustomData,
  };
  const outcome = await askCallback(
    {
      url,
      sdkAppID,
      command: GROUP_BEFORE_SEND_COMMAND,
      query: { ClientIP: party.origin.clientIP, OptPlatform: party.origin.platform },
      body: groupCallbackBody(GROUP_BEFORE_SEND_COMMAND, message, party, options.now),
    },
    { timeoutMs: options.timeoutMs, ...(options.denyPrivateTargets ? { denyPrivateTargets: true } : {}) },
  );
  const failed = (why: string): BeforeSendVerdict =>
    options.failOpen
      ? unchanged
      : {
          kind: 'refuse',
          code: ErrorCode.ERR_INTERNAL_TIMEOUT,
          desc: `the before-send callback failed: ${why}`,
        };
  if (outcome.kind === 'failed') return failed(outcome.why);
  const reply = replySchema.safeParse(outcome.reply);
  if (!reply.success) return failed('reply has no valid ErrorCode');
  const { ErrorCode: code, ErrorInfo: info, MsgBody: body, CloudCustomData: custom } = reply.data;
  if (code === 2) return { kind: 'drop' };
  if (code !== 0)
    return {
      kind: 'refuse',
      code: ErrorCode.ERR_SVR_GROUP_REJECT_FROM_THIRDPARTY,
      desc: info || 'refused by the before-send callback',
    };
  const elemList = body === undefined ? message.elemList : fromRestBody(body);
  const cloudCustomData = custom ?? message.cloudCustomData;
  // A rewrite must obey the sender's limit; one that does not is ignored, not delivered.
  if (isBodyTooLarge(elemList, cloudCustomData, options.maxBodyBytes)) return unchanged;
  return { kind: 'allow', elemList, cloudCustomData };
}

/** The after-send callback of a group message as an outbox event. */
export function groupAfterSendEvent(
  sdkAppID: number,
  message: WireMessage,
  party: GroupSendParty,
  now: number,
): NewOutboxEvent {
  return {
    sdkAppID,
    command: GROUP_AFTER_SEND_COMMAND,
    query: { ClientIP: party.origin.clientIP, OptPlatform: party.origin.platform },
    body: {
      ...groupCallbackBody(GROUP_AFTER_SEND_COMMAND, message, party, now),
      MsgSeq: message.seq,
      MsgTime: Math.floor(message.time / 1000),
      MsgId: message.msgID,
    },
  };
}

/** The callbacks of one group send: asked before, reported after; no-ops when off or forbidden. */
export interface GroupSendHooks {
  before(message: WireMessage): Promise<BeforeSendVerdict>;
  after(message: WireMessage): Promise<void>;
}

/** The hooks of a send to a group of `party.type` in an app with `callbackUrl` (`null`: off). */
export function groupSendHooks(
  sdkAppID: number,
  callbackUrl: string | null,
  party: GroupSendParty,
  context: {
    settings: GroupSendCallbackSettings | undefined;
    skipBeforeSend?: boolean;
    skipAfterSend?: boolean;
    maxBodyBytes?: number;
    outbox: Pick<OutboxStore, 'enqueue'>;
    now: () => number;
  },
): GroupSendHooks {
  const { settings } = context;
  return {
    async before(message) {
      if (callbackUrl === null || settings === undefined || context.skipBeforeSend)
        return { kind: 'allow', elemList: message.elemList, cloudCustomData: message.cloudCustomData };
      return askGroupBeforeSend(callbackUrl, sdkAppID, message, party, {
        ...settings,
        now: context.now(),
        ...(context.maxBodyBytes === undefined ? {} : { maxBodyBytes: context.maxBodyBytes }),
      });
    },
    async after(message) {
      if (callbackUrl === null || settings === undefined || context.skipAfterSend) return;
      await context.outbox.enqueue(groupAfterSendEvent(sdkAppID, message, party, context.now()));
    },
  };
}

/** A group message as it is before it is stored: no seq yet. */
export function unsentGroupMessage(
  request: SendMessageRequest & { groupID: string },
  sender: string,
  time: number,
): WireMessage {
  return {
    msgID: request.msgID,
    sender,
    receiver: '',
    groupID: request.groupID,
    seq: 0,
    random: request.random,
    time,
    elemList: request.elemList,
    cloudCustomData: request.cloudCustomData ?? '',
    excludedFromUnreadCount: request.excludedFromUnreadCount === true,
    excludedFromLastMessage: request.excludedFromLastMessage === true,
    onlineUserOnly: request.onlineUserOnly === true,
    revoked: false,
    version: 0,
    isPeerRead: false,
  };
}
