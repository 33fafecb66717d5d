/**
 * The REST endpoints of one-to-one messages (im-features.md §8): `openim/sendmsg`,
 * `openim/batchsendmsg`, `openim/admin_getroammsg` and `openim/admin_msgwithdraw`, with the
 * original's field names. They run through the REST plugin's envelope (admin ticket, rate limit,
 * body checks) and act through the same message service as the SDK.
 *
 * `MsgKey` is Parley's msgID, an opaque string to REST clients. A REST send's msgID is derived from
 * From_Account, To_Account, MsgRandom and MsgSeq, so a retried call is stored once.
 */
import { createHash } from 'node:crypto';
import { ErrorCode, type WireMessage } from '@parley/protocol';
import { z } from 'zod';
import { defineEndpoint, type RestEndpoint } from '../../rest/endpoint.js';
import { fail, ok, type RestResult } from '../../rest/envelope.js';
import { batch, text, userID } from '../../rest/fields.js';
import { fromRestPushInfo, restOfflinePushInfoSchema } from '../push/rest-info.js';
import { fromRestBody, restMsgBodySchema, toRestBody } from './body.js';
import type { MessagingService, Reply, SendOptions } from './service.js';

/** Recipients per `batchsendmsg` call. */
export const MAX_BATCH_RECIPIENTS = 500;
/** Messages per `admin_getroammsg` page. */
export const MAX_ROAM_PAGE = 100;
/** Bit of `MsgFlagBits` set on a recalled message (a Parley choice; see docs/messages.md). */
export const MSG_FLAG_RECALLED = 2;

const uint32 = z.number().int().min(0).max(0xffffffff);
const control = z.array(z.string()).optional();

/** Fields common to both send calls; unknown fields are accepted and ignored. */
const sendFields = {
  SyncOtherMachine: z.literal([1, 2]).optional(),
  /** Seconds the message is kept (at most 7 days); 0 sends it to online instances only. */
  MsgLifeTime: z.number().int().min(0).max(604_800).optional(),
  From_Account: userID.optional(),
  MsgSeq: uint32.optional(),
  MsgRandom: uint32,
  MsgBody: restMsgBodySchema,
  CloudCustomData: z.string().optional(),
  SendMsgControl: control,
  ForbidCallbackControl: control,
  OfflinePushInfo: restOfflinePushInfoSchema.optional(),
  /** 1: the message takes key-value extensions (docs/message-extras.md). */
  SupportMessageExtension: z.literal([0, 1]).optional(),
};

const sendMsgBody = z.object({ ...sendFields, To_Account: userID });
const batchSendMsgBody = z.object({
  ...sendFields,
  To_Account: batch(userID, {
    min: 1,
    max: MAX_BATCH_RECIPIENTS,
    countCode: ErrorCode.ERR_INVALID_BATCH_COUNT,
  }),
});
const roamBody = z.object({
  Operator_Account: userID,
  Peer_Account: userID,
  MaxCnt: z.number().int().min(1).max(MAX_ROAM_PAGE),
  MinTime: z.number().int().min(0),
  MaxTime: z.number().int().min(0),
  LastMsgKey: text.optional(),
});
const withdrawBody = z.object({ From_Account: userID, To_Account: userID, MsgKey: text.min(1) });

type SendFields = z.output<typeof sendMsgBody>;

/** The endpoints by `<service>/<command>`, for the REST plugin's table. */
export function createMessageEndpoints(messaging: MessagingService): ReadonlyMap<string, RestEndpoint> {
  const sendOne = async (
    sdkAppID: number,
    admin: string,
    body: Omit<SendFields, 'To_Account'>,
    to: string,
  ): Promise<Reply<{ message: WireMessage }>> => {
    const from = body.From_Account ?? admin;
    const controls = new Set(body.SendMsgControl ?? []);
    const forbid = new Set(body.ForbidCallbackControl ?? []);
    const options: SendOptions = {
      origin: { clientIP: '', platform: 'RESTAPI' },
      ...(body.SyncOtherMachine === 2 ? { skipSenderTimeline: true } : {}),
      ...(body.MsgLifeTime === undefined ? {} : { lifetimeSeconds: body.MsgLifeTime }),
      ...(forbid.has('ForbidBeforeSendMsgCallback') ? { skipBeforeSend: true } : {}),
      ...(forbid.has('ForbidAfterSendMsgCallback') ? { skipAfterSend: true } : {}),
    };
    const pushInfo = fromRestPushInfo(body.OfflinePushInfo);
    return messaging.send(
      { sdkAppID, userID: from },
      {
        msgID: restMsgID(from, to, body.MsgRandom, body.MsgSeq),
        receiver: to,
        random: body.MsgRandom,
        elemList: fromRestBody(body.MsgBody),
        ...(body.CloudCustomData === undefined ? {} : { cloudCustomData: body.CloudCustomData }),
        ...(body.SupportMessageExtension === 1 ? { supportMessageExtension: true } : {}),
        ...(controls.has('NoUnread') ? { excludedFromUnreadCount: true } : {}),
        ...(controls.has('NoLastMsg') ? { excludedFromLastMessage: true } : {}),
        ...(pushInfo ? { offlinePushInfo: pushInfo } : {}),
      },
      options,
    );
  };

  const sendmsg = defineEndpoint({
    body: sendMsgBody,
    async handle(ctx, body) {
      const reply = await sendOne(ctx.app.sdkAppID, ctx.admin, body, body.To_Account);
      if (reply.code !== 0 || !reply.data) return restFailure(reply);
      const { message } = reply.data;
      return ok({ MsgTime: Math.floor(message.time / 1000), MsgKey: message.msgID });
    },
  });

  const batchsendmsg = defineEndpoint({
    body: batchSendMsgBody,
    async handle(ctx, body) {
      const errors: { To_Account: string; ErrorCode: number }[] = [];
      const keys: { To_Account: string; MsgKey: string }[] = [];
      for (const to of new Set(body.To_Account)) {
        const reply = await sendOne(ctx.app.sdkAppID, ctx.admin, body, to);
        if (reply.code === 0 && reply.data) keys.push({ To_Account: to, MsgKey: reply.data.message.msgID });
        else errors.push({ To_Account: to, ErrorCode: restCode(reply.code) });
      }
      return ok({
        MsgKey: keys[0]?.MsgKey ?? '',
        MsgKeyList: keys,
        ...(errors.length > 0 ? { ErrorList: errors } : {}),
      });
    },
  });

  const getroammsg = defineEndpoint({
    body: roamBody,
    async handle(ctx, body) {
      const { sdkAppID } = ctx.app;
      let anchorSeq: number | undefined;
      if (body.LastMsgKey !== undefined && body.LastMsgKey !== '') {
        const anchor = await ctx.storage.messaging.view(sdkAppID, body.LastMsgKey, body.Operator_Account);
        if (!anchor) return fail(ErrorCode.ERR_INVALID_PARAMS, `LastMsgKey: no message ${body.LastMsgKey}`);
        anchorSeq = anchor.seq;
      }
      const page = await ctx.storage.messaging.history(sdkAppID, body.Operator_Account, body.Peer_Account, {
        count: body.MaxCnt,
        minTime: body.MinTime * 1000,
        maxTime: body.MaxTime * 1000 + 999,
        ...(anchorSeq === undefined ? {} : { anchorSeq }),
      });
      const last = page.messages.at(-1);
      return ok({
        Complete: page.complete ? 1 : 0,
        MsgCnt: page.messages.length,
        LastMsgTime: last ? Math.floor(last.time / 1000) : 0,
        LastMsgKey: last?.msgID ?? '',
        MsgList: page.messages.map((m) => ({
          From_Account: m.sender,
          To_Account: m.receiver,
          MsgSeq: m.seq,
          MsgRandom: m.random,
          MsgTimeStamp: Math.floor(m.time / 1000),
          MsgFlagBits: m.revoked ? MSG_FLAG_RECALLED : 0,
          IsPeerRead: m.isPeerRead ? 1 : 0,
          MsgKey: m.msgID,
          MsgBody: toRestBody(m.elemList),
          CloudCustomData: m.cloudCustomData,
        })),
      });
    },
  });

  const msgwithdraw = defineEndpoint({
    body: withdrawBody,
    async handle(ctx, body) {
      const { sdkAppID } = ctx.app;
      const record = await ctx.storage.messaging.get(sdkAppID, body.MsgKey);
      if (!record || record.sender !== body.From_Account || record.receiver !== body.To_Account) {
        return fail(
          ErrorCode.ERR_INVALID_PARAMS,
          `MsgKey: no message ${body.MsgKey} from ${body.From_Account} to ${body.To_Account}`,
        );
      }
      // The app admin may recall at any time; the window binds users only.
      const reply = await messaging.revoke({ sdkAppID, userID: body.From_Account }, body.MsgKey, '', true);
      return reply.code === 0 ? ok() : restFailure(reply);
    },
  });

  return new Map([
    ['openim/sendmsg', sendmsg],
    ['openim/batchsendmsg', batchsendmsg],
    ['openim/admin_getroammsg', getroammsg],
    ['openim/admin_msgwithdraw', msgwithdraw],
  ]);
}

/** The msgID of a REST send: the same call repeated gives the same ID, so it is stored once. */
export function restMsgID(from: string, to: string, random: number, seq: number | undefined): string {
  const digest = createHash('sha256')
    .update(`${from}\u0000${to}\u0000${random}\u0000${seq ?? ''}`)
    .digest('hex');
  return `rest-${digest.slice(0, 40)}`;
}

/** The SDK's invalid-parameter code becomes the REST one; every other code is the same. */
function restCode(code: number): number {
  return code === ErrorCode.ERR_INVALID_PARAMETERS ? ErrorCode.ERR_INVALID_PARAMS : code;
}

function restFailure(reply: Reply<unknown>): RestResult {
  return fail(restCode(reply.code), reply.desc);
}
