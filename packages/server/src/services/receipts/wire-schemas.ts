/** Request schemas of the read-receipt ops (docs/read-receipts.md). */
import { MAX_RECEIPT_MEMBER_PAGE, MAX_RECEIPT_MESSAGES, type ReceiptOps } from '@parley/protocol';
import { z } from 'zod';

const msgID = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'expected 1 to 64 characters of A-Z a-z 0-9 _ -');
const msgIDs = z.array(msgID).min(1).max(MAX_RECEIPT_MESSAGES);

export const receiptRequestSchemas = {
  sendMessageReadReceipts: z.strictObject({ msgIDs }),
  getMessageReadReceipts: z.strictObject({ msgIDs }),
  getGroupMessageReadMemberList: z.strictObject({
    msgID,
    filter: z.union([z.literal(0), z.literal(1)]),
    nextSeq: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
    count: z.number().int().min(1).max(MAX_RECEIPT_MEMBER_PAGE),
  }),
} satisfies Record<keyof ReceiptOps, z.ZodType>;
