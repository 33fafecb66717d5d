/**
 * The one-to-one message callbacks (im-features.md §9): `C2C.CallbackBeforeSendMsg` runs in the send
 * path within a time budget and may refuse, drop or rewrite the message; `C2C.CallbackAfterSendMsg`
 * goes through the webhook outbox in the storing transaction, so it is posted (and retried) exactly
 * when the message exists.
 *
 * The before-send post is made here with `fetch`: it needs the app's reply body, which the shared
 * `postCallback` judges but does not return. The URL is built by the same `callbackUrl`.
 */
import { ErrorCode, type MessageElem, type WireMessage } from '@parley/protocol';
import { z } from 'zod';
import type { NewOutboxEvent } from '../../storage/types.js';
import { refusedCallbackTarget } from '../../webhooks/callback-target.js';
import { callbackUrl } from '../../webhooks/post-callback.js';
import { fromRestBody, isBodyTooLarge, restMsgBodySchema, toRestBody } from './body.js';

export const BEFORE_SEND_COMMAND = 'C2C.CallbackBeforeSendMsg';
export const AFTER_SEND_COMMAND = 'C2C.CallbackAfterSendMsg';

/** Longest reply read from a before-send callback: a rewritten 12 KB body fits with room to spare. */
const MAX_REPLY_BYTES = 256 * 1024;

/** What the sending side looks like to the callback's query (`ClientIP`, `OptPlatform`). */
export interface CallbackOrigin {
  clientIP: string;
  /** `OptPlatform`, e.g. `Web`, `Android`, `RESTAPI`. */
  platform: string;
}

export type BeforeSendVerdict =
  | { kind: 'allow'; elemList: MessageElem[]; cloudCustomData: string }
  | { kind: 'refuse'; code: number; desc: string }
  /** The app asked to discard the message while the sender sees success (`ErrorCode` 2). */
  | { kind: 'drop' };

const replySchema = z.object({
  ErrorCode: z.number().int(),
  ErrorInfo: z.string().optional(),
  MsgBody: restMsgBodySchema.optional(),
  CloudCustomData: z.string().optional(),
});

/** The body both callbacks share (the after-send one adds its result fields). */
export function callbackBody(command: string, message: WireMessage, now: number): Record<string, unknown> {
  return {
    CallbackCommand: command,
    From_Account: message.sender,
    To_Account: message.receiver,
    MsgSeq: message.seq,
    MsgRandom: message.random,
    MsgTime: Math.floor(message.time / 1000),
    MsgKey: message.msgID,
    OnlineOnlyFlag: message.onlineUserOnly ? 1 : 0,
    MsgBody: toRestBody(message.elemList),
    CloudCustomData: message.cloudCustomData,
    EventTime: now,
  };
}

/**
 * Asks the app whether (and as what) to send `message`. A failed or late post follows `failOpen`:
 * deliver unchanged, or refuse with 70169 (retryable). `maxBodyBytes` is the app's body limit
 * (12 KB when absent), which a rewritten body must obey as the sender's did.
 */
export async function askBeforeSend(
  url: string,
  sdkAppID: number,
  message: WireMessage,
  origin: CallbackOrigin,
  options: {
    timeoutMs: number;
    failOpen: boolean;
    now: number;
    maxBodyBytes?: number;
    /** `--callback-deny-private`: a URL that resolves to a private address is a failed post. */
    denyPrivateTargets?: boolean;
  },
): Promise<BeforeSendVerdict> {
  const unchanged: BeforeSendVerdict = {
    kind: 'allow',
    elemList: message.elemList,
    cloudCustomData: message.cloudCustomData,
  };
  const failed = (why: string): BeforeSendVerdict =>
    options.failOpen
      ? unchanged
      : {
          kind: 'refuse',
          code: ErrorCode.ERR_INTERNAL_TIMEOUT,
          desc: `the before-send callback failed: ${why}`,
        };
  let text: string;
  try {
    if (options.denyPrivateTargets) {
      const refused = await refusedCallbackTarget(new URL(url));
      if (refused !== undefined) return failed(refused);
    }
    const response = await fetch(
      callbackUrl({
        url,
        sdkAppID,
        command: BEFORE_SEND_COMMAND,
        query: { ClientIP: origin.clientIP, OptPlatform: origin.platform },
      }),
      {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(callbackBody(BEFORE_SEND_COMMAND, message, options.now)),
        redirect: 'manual',
        signal: AbortSignal.timeout(options.timeoutMs),
      },
    );
    if (response.status < 200 || response.status > 299) return failed(`HTTP ${response.status}`);
    text = await response.text();
  } catch (error) {
    return failed(error instanceof Error ? error.message : String(error));
  }
  if (text.length > MAX_REPLY_BYTES) return failed('reply too long');
  // An empty 2xx is an unambiguous "received, no objection", as for every other callback.
  if (text.trim() === '') return unchanged;
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return failed('reply is not JSON');
  }
  const reply = replySchema.safeParse(json);
  if (!reply.success) return failed('reply has no valid ErrorCode');
  const { ErrorCode: code, ErrorInfo: info, MsgBody: body, CloudCustomData: custom } = reply.data;
  if (code === 2) return { kind: 'drop' };
  if (code !== 0) {
    return {
      kind: 'refuse',
      code: ErrorCode.ERR_SVR_MSG_PUSH_DENY,
      desc: info || 'refused by the before-send callback',
    };
  }
  const elemList = body === undefined ? message.elemList : fromRestBody(body);
  const cloudCustomData = custom ?? message.cloudCustomData;
  // A rewrite must obey the same limit as the sender; one that does not is ignored, not delivered.
  if (isBodyTooLarge(elemList, cloudCustomData, options.maxBodyBytes)) return unchanged;
  return { kind: 'allow', elemList, cloudCustomData };
}

/** The after-send callback as an outbox event. `unreadMsgNum` is the receiver's total C2C unread. */
export function afterSendEvent(
  sdkAppID: number,
  message: WireMessage,
  origin: CallbackOrigin,
  unreadMsgNum: number,
  now: number,
): NewOutboxEvent {
  return {
    sdkAppID,
    command: AFTER_SEND_COMMAND,
    query: { ClientIP: origin.clientIP, OptPlatform: origin.platform },
    body: {
      ...callbackBody(AFTER_SEND_COMMAND, message, now),
      SendMsgResult: 0,
      ErrorInfo: '',
      UnreadMsgNum: unreadMsgNum,
    },
  };
}
