/**
 * The group message endpoints of `group_open_http_svc` (im-features.md §8.2): `send_group_msg`,
 * `group_msg_recall`, `group_msg_get_simple` and `import_group_msg`, through the same group message
 * service as the SDK. A REST send's msgID is derived from the group, the sender and `Random`, so a
 * retried call is stored once, as `openim/sendmsg`.
 */
import { createHash } from 'node:crypto';
import { ErrorCode, MessagePriority, type WireMessage } from '@parley/protocol';
import { z } from 'zod';
import { defineEndpoint, type RestEndpoint } from '../../rest/endpoint.js';
import { fail, ok, type RestResult } from '../../rest/envelope.js';
import { batch, flag, record, text, userID } from '../../rest/fields.js';
import type { GroupCursorRow } from '../../storage/messaging/index.js';
import type { Storage } from '../../storage/types.js';
import type { GroupDirectory } from '../group-contract.js';
import { fromRestPushInfo, restOfflinePushInfoSchema } from '../push/rest-info.js';
import { fromRestBody, restMsgBodySchema, toRestBody } from './body.js';
import type { GroupMessagingService } from './group-service.js';
import { hasMediaElems } from './media-elems.js';
import type { Reply } from './service.js';

/** Messages per `group_msg_get_simple` page. */
export const MAX_SIMPLE_PAGE = 20;
/** Seqs per `group_msg_recall` call. */
export const MAX_RECALL_SEQS = 100;
/** Messages per `import_group_msg` call. */
export const MAX_IMPORT_MSGS = 20;

const uint32 = z.number().int().min(0).max(0xffffffff);
const batchCode = { countCode: ErrorCode.ERR_INVALID_BATCH_COUNT };
const groupID = text.min(1, { message: 'must not be empty' });

const sendBody = z.object({
  GroupId: groupID,
  From_Account: userID.optional(),
  Random: uint32,
  /** The original's names; an AVChatRoom drops Low first, then Normal, above its rate. */
  MsgPriority: z.enum(['High', 'Normal', 'Low', 'Lowest']).optional(),
  MsgBody: restMsgBodySchema,
  OnlineOnlyFlag: flag.optional(),
  CloudCustomData: text.optional(),
  SendMsgControl: z.array(text).optional(),
  ForbidCallbackControl: z.array(text).optional(),
  OfflinePushInfo: restOfflinePushInfoSchema.optional(),
  /** 1: the message takes key-value extensions (docs/message-extras.md). */
  SupportMessageExtension: flag.optional(),
});

/** REST `MsgPriority` names; `Lowest` (an older name) is Low. */
const REST_PRIORITIES = {
  High: MessagePriority.HIGH,
  Normal: MessagePriority.NORMAL,
  Low: MessagePriority.LOW,
  Lowest: MessagePriority.LOW,
} as const;

/** A reader of any member-independent window of a group's log (the app admin sees all of it). */
function adminCursor(sdkAppID: number, groupID: string): GroupCursorRow {
  return {
    sdk_app_id: sdkAppID,
    user_id: '',
    group_id: groupID,
    read_seq: 0,
    read_count: 0,
    unread_adjust: 0,
    cleared_seq: 0,
    join_time: 0,
    is_pinned: 0,
    draft_text: '',
    draft_time: 0,
    activity_time: 0,
    version: 0,
    hidden: 0,
  };
}

/** Up to `count` messages at seqs ≤ `fromSeq`, newest first. */
async function window(storage: Storage, sdkAppID: number, groupID: string, fromSeq: number, count: number) {
  return storage.groupLogs.history(sdkAppID, adminCursor(sdkAppID, groupID), {
    count,
    anchorSeq: fromSeq + 1,
  });
}

export function createGroupMessageEndpoints(
  groups: GroupMessagingService,
  directory: GroupDirectory,
): ReadonlyMap<string, RestEndpoint> {
  /** The group, when it keeps a log (not AVChatRoom); else the failure to answer. */
  const storedGroup = async (sdkAppID: number, id: string): Promise<RestResult | undefined> => {
    const group = await directory.group(sdkAppID, id);
    if (!group) return fail(ErrorCode.ERR_SVR_GROUP_NOT_FOUND, id);
    if (!group.stored)
      return fail(ErrorCode.ERR_SVR_GROUP_PERMISSION_DENY, 'an AVChatRoom keeps no messages');
    return undefined;
  };

  const send = defineEndpoint({
    body: sendBody,
    async handle(ctx, body) {
      const from = body.From_Account ?? ctx.admin;
      const controls = new Set(body.SendMsgControl ?? []);
      const forbid = new Set(body.ForbidCallbackControl ?? []);
      const pushInfo = fromRestPushInfo(body.OfflinePushInfo);
      const reply = await groups.send(
        { sdkAppID: ctx.app.sdkAppID, userID: from },
        {
          groupID: body.GroupId,
          msgID: restGroupMsgID(body.GroupId, from, body.Random),
          random: body.Random,
          elemList: fromRestBody(body.MsgBody),
          ...(body.CloudCustomData === undefined ? {} : { cloudCustomData: body.CloudCustomData }),
          ...(body.OnlineOnlyFlag === 1 ? { onlineUserOnly: true } : {}),
          ...(body.SupportMessageExtension === 1 ? { supportMessageExtension: true } : {}),
          ...(body.MsgPriority === undefined ? {} : { priority: REST_PRIORITIES[body.MsgPriority] }),
          ...(controls.has('NoUnread') ? { excludedFromUnreadCount: true } : {}),
          ...(controls.has('NoLastMsg') ? { excludedFromLastMessage: true } : {}),
          ...(pushInfo ? { offlinePushInfo: pushInfo } : {}),
        },
        {
          // Without From_Account the admin posts itself, member or not; with it, as that member.
          asAdmin: body.From_Account === undefined,
          operator: ctx.admin,
          origin: { clientIP: '', platform: 'RESTAPI' },
          ...(forbid.has('ForbidBeforeSendMsgCallback') ? { skipBeforeSend: true } : {}),
          ...(forbid.has('ForbidAfterSendMsgCallback') ? { skipAfterSend: true } : {}),
        },
      );
      if (reply.code !== 0 || !reply.data) return restFailure(reply);
      const { message } = reply.data;
      return ok({ MsgTime: Math.floor(message.time / 1000), MsgSeq: message.seq, MsgID: message.msgID });
    },
  });

  const recall = defineEndpoint({
    body: z.object({
      GroupId: groupID,
      MsgSeqList: batch(record({ MsgSeq: z.number().int().min(1) }), {
        min: 1,
        max: MAX_RECALL_SEQS,
        ...batchCode,
      }),
      Reason: text.optional(),
    }),
    async handle(ctx, body) {
      const { sdkAppID } = ctx.app;
      const refused = await storedGroup(sdkAppID, body.GroupId);
      if (refused) return refused;
      const results: { MsgSeq: number; RetCode: number }[] = [];
      for (const { MsgSeq: seq } of body.MsgSeqList) {
        const [found] = (await window(ctx.storage, sdkAppID, body.GroupId, seq, 1)).messages;
        const record =
          found?.seq === seq ? await ctx.storage.groupLogs.get(sdkAppID, found.msgID) : undefined;
        if (!record) {
          results.push({ MsgSeq: seq, RetCode: ErrorCode.ERR_INVALID_PARAMS });
          continue;
        }
        const reply = await groups.revoke({ sdkAppID, userID: ctx.admin }, record, body.Reason ?? '', true);
        results.push({ MsgSeq: seq, RetCode: restCode(reply.code) });
      }
      return ok({ RecallRetList: results });
    },
  });

  const getSimple = defineEndpoint({
    body: z.object({
      GroupId: groupID,
      ReqMsgSeq: z.number().int().min(1).optional(),
      ReqMsgNumber: z.number().int().min(1).max(MAX_SIMPLE_PAGE),
    }),
    async handle(ctx, body) {
      const { sdkAppID } = ctx.app;
      const refused = await storedGroup(sdkAppID, body.GroupId);
      if (refused) return refused;
      const top = body.ReqMsgSeq ?? (await ctx.storage.groupLogs.heads(sdkAppID, body.GroupId)).headSeq;
      const page = await window(ctx.storage, sdkAppID, body.GroupId, top, body.ReqMsgNumber);
      const bySeq = new Map(page.messages.map((m) => [m.seq, m]));
      const bottom = Math.max(1, top - body.ReqMsgNumber + 1);
      const list = [];
      // Every slot of the window answers: a recalled, expired or deleted one as a place-holder.
      for (let seq = top; seq >= bottom; seq--) list.push(simpleMessage(seq, bySeq.get(seq)));
      return ok({ GroupId: body.GroupId, IsFinished: bottom <= 1 ? 1 : 0, RspMsgList: list });
    },
  });

  const importMsgs = defineEndpoint({
    body: z.object({
      GroupId: groupID,
      RecentContactFlag: flag.optional(),
      MsgList: batch(
        record({
          From_Account: userID,
          SendTime: uint32,
          Random: uint32.optional(),
          MsgBody: restMsgBodySchema,
        }),
        { min: 1, max: MAX_IMPORT_MSGS, ...batchCode },
      ),
    }),
    async handle(ctx, body) {
      const { sdkAppID } = ctx.app;
      const refused = await storedGroup(sdkAppID, body.GroupId);
      if (refused) return refused;
      // Imported history is stored as given: its files cannot be checked against uploads.
      if (body.MsgList.some((m) => hasMediaElems(fromRestBody(m.MsgBody))))
        return fail(
          ErrorCode.ERR_INVALID_PARAMS,
          'MsgBody: image, sound, video and file elements cannot be imported',
        );
      // Stored in SendTime order, so the log's seqs follow the messages' times; nobody is notified.
      const ordered = body.MsgList.map((m, index) => ({ m, index })).sort(
        (a, b) => a.m.SendTime - b.m.SendTime || a.index - b.index,
      );
      const results: { MsgSeq: number; MsgTime: number; Result: number }[] = [];
      for (const { m } of ordered) {
        const random = m.Random ?? 0;
        const result = await ctx.storage.groupLogs.append(
          {
            sdkAppID,
            groupID: body.GroupId,
            msgID: `import-${digest(`${body.GroupId}\u0000${m.From_Account}\u0000${m.SendTime}\u0000${random}`)}`,
            sender: m.From_Account,
            random,
            time: m.SendTime * 1000,
            elemList: fromRestBody(m.MsgBody),
            cloudCustomData: '',
            excludedFromUnreadCount: true,
            excludedFromLastMessage: body.RecentContactFlag !== 1,
            groupAtUserList: [],
            countsUnread: false,
          },
          ctx.now() * 1000,
        );
        const message = result.kind === 'taken' ? undefined : result.message;
        results.push({
          MsgSeq: message?.seq ?? 0,
          MsgTime: m.SendTime,
          Result: message ? 0 : ErrorCode.ERR_INVALID_PARAMS,
        });
      }
      return ok({ ImportMsgResult: results });
    },
  });

  return new Map([
    ['group_open_http_svc/send_group_msg', send],
    ['group_open_http_svc/group_msg_recall', recall],
    ['group_open_http_svc/group_msg_get_simple', getSimple],
    ['group_open_http_svc/import_group_msg', importMsgs],
  ]);
}

function simpleMessage(seq: number, message: WireMessage | undefined) {
  if (message === undefined || message.revoked)
    return { MsgSeq: seq, IsPlaceMsg: 1, MsgFlagBits: message?.revoked ? 1 : 0, MsgBody: [] };
  return {
    From_Account: message.sender,
    IsPlaceMsg: 0,
    IsSystemMsg: message.sender === '' ? 1 : 0,
    MsgSeq: seq,
    MsgRandom: message.random,
    MsgTimeStamp: Math.floor(message.time / 1000),
    MsgBody: toRestBody(message.elemList),
    CloudCustomData: message.cloudCustomData,
  };
}

const digest = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 40);

/** The msgID of a REST group send: the same call repeated gives the same ID, so it is stored once. */
export function restGroupMsgID(groupID: string, from: string, random: number): string {
  return `rest-${digest(`${groupID}\u0000${from}\u0000${random}`)}`;
}

function restCode(code: number): number {
  return code === ErrorCode.ERR_INVALID_PARAMETERS ? ErrorCode.ERR_INVALID_PARAMS : code;
}

function restFailure(reply: Reply<unknown>): RestResult {
  return fail(restCode(reply.code), reply.desc);
}
