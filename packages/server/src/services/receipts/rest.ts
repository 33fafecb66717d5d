/**
 * The read-receipt endpoints (im-features.md §1.14, §8.2): `group_open_http_svc/get_group_msg_receipt`
 * (counts by seq), `group_open_http_svc/get_group_msg_receipt_detail` (readers or non-readers, paged
 * with a cursor) and `openim/admin_set_msg_read` (a one-to-one conversation marked read for a user).
 */
import { ErrorCode, ReceiptMemberFilter } from '@parley/protocol';
import { z } from 'zod';
import { defineEndpoint, type RestEndpoint } from '../../rest/endpoint.js';
import { fail, ok } from '../../rest/envelope.js';
import { batch, record, text, userID } from '../../rest/fields.js';
import type { ConversationService } from '../conversations/service.js';
import type { ReceiptService } from './service.js';

/** Seqs per `get_group_msg_receipt` call. */
export const MAX_RECEIPT_SEQS = 100;
/** Members per `get_group_msg_receipt_detail` page. */
export const MAX_RECEIPT_DETAIL_PAGE = 200;

const groupID = text.min(1, { message: 'must not be empty' });
const seq = z.number().int().min(1);

/** REST answers 70402 where the wire answers 6017. */
function restCode(code: number): number {
  return code === ErrorCode.ERR_INVALID_PARAMETERS ? ErrorCode.ERR_INVALID_PARAMS : code;
}

export function createReceiptEndpoints(
  receipts: ReceiptService,
  conversations: ConversationService | undefined,
): ReadonlyMap<string, RestEndpoint> {
  const counts = defineEndpoint({
    body: z.object({
      GroupId: groupID,
      MsgSeqList: batch(record({ MsgSeq: seq }), {
        min: 1,
        max: MAX_RECEIPT_SEQS,
        countCode: ErrorCode.ERR_INVALID_BATCH_COUNT,
      }),
    }),
    async handle(ctx, body) {
      const reply = await receipts.groupReceiptsBySeq(
        ctx.app.sdkAppID,
        body.GroupId,
        body.MsgSeqList.map((item) => item.MsgSeq),
      );
      if (reply.code !== 0 || !reply.data) return fail(restCode(reply.code), reply.desc);
      return ok({
        GroupMsgReceiptList: reply.data.results.map(({ seq: msgSeq, code, receipt }) => ({
          Code: restCode(code),
          MsgSeq: msgSeq,
          ReadNum: receipt?.readCount ?? 0,
          UnreadNum: receipt?.unreadCount ?? 0,
        })),
      });
    },
  });

  const detail = defineEndpoint({
    body: z.object({
      GroupId: groupID,
      MsgSeq: seq,
      /** 0 readers, 1 non-readers. */
      Filter: z.union([z.literal(0), z.literal(1)]).optional(),
      Count: z.number().int().min(1).max(MAX_RECEIPT_DETAIL_PAGE).optional(),
      /** The previous page's `Cursor`; `''` or absent for the first page. */
      Cursor: z
        .string()
        .regex(/^\d{0,15}$/)
        .optional(),
    }),
    async handle(ctx, body) {
      const { sdkAppID } = ctx.app;
      const found = await receipts.groupMessageAt(sdkAppID, body.GroupId, body.MsgSeq);
      if (!found) return fail(ErrorCode.ERR_INVALID_PARAMS, `MsgSeq: no message ${body.MsgSeq} in the group`);
      const filter = body.Filter ?? ReceiptMemberFilter.READ;
      const reply = await receipts.members(
        { sdkAppID, asAdmin: true },
        {
          msgID: found.msgID,
          filter,
          nextSeq: body.Cursor ? Number(body.Cursor) : 0,
          count: body.Count ?? MAX_RECEIPT_DETAIL_PAGE,
        },
      );
      if (reply.code !== 0 || !reply.data) return fail(restCode(reply.code), reply.desc);
      const list = reply.data.members.map((m) => ({ Member_Account: m.userID }));
      return ok({
        GroupId: body.GroupId,
        MsgSeq: body.MsgSeq,
        Filter: filter,
        ...(filter === ReceiptMemberFilter.READ ? { ReadList: list } : { UnreadList: list }),
        Cursor: reply.data.isFinished ? '' : String(reply.data.nextSeq),
        IsFinished: reply.data.isFinished ? 1 : 0,
      });
    },
  });

  const endpoints = new Map<string, RestEndpoint>([
    ['group_open_http_svc/get_group_msg_receipt', counts],
    ['group_open_http_svc/get_group_msg_receipt_detail', detail],
  ]);
  if (conversations) {
    endpoints.set(
      'openim/admin_set_msg_read',
      defineEndpoint({
        body: z.object({ Report_Account: userID, Peer_Account: userID }),
        async handle(ctx, body) {
          if (body.Report_Account === body.Peer_Account)
            return fail(ErrorCode.ERR_INVALID_PARAMS, 'Peer_Account: must be another user');
          const reply = await conversations.markRead(
            { sdkAppID: ctx.app.sdkAppID, userID: body.Report_Account },
            body.Peer_Account,
          );
          return reply.code === 0 ? ok() : fail(restCode(reply.code), reply.desc);
        },
      }),
    );
  }
  return endpoints;
}
