/** Request schemas of the reaction, extension and pin ops: shapes and coarse bounds; the services check the rest. */
import { MESSAGE_EXTRAS_LIMITS as LIMITS, type MessageExtrasOps } from '@parley/protocol';
import { z } from 'zod';
import { groupID } from '../messages/wire-schemas.js';

const msgID = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'expected 1 to 64 characters of A-Z a-z 0-9 _ -');
const seq = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);
const reactionID = z
  .string()
  .min(1)
  .refine((id) => Buffer.byteLength(id, 'utf8') <= LIMITS.reactionIDBytes, {
    message: `expected 1 to ${LIMITS.reactionIDBytes} bytes`,
  });
/** Coarse: the exact byte limits have their own message from the service. */
const key = z.string().max(LIMITS.extensionKeyBytes * 4);
const value = z.string().max(LIMITS.extensionValueBytes * 4);

export const messageExtrasRequestSchemas = {
  addMessageReaction: z.strictObject({ msgID, reactionID }),
  removeMessageReaction: z.strictObject({ msgID, reactionID }),
  getMessageReactions: z.strictObject({
    msgIDs: z.array(msgID).min(1).max(LIMITS.reactionMessages),
    maxUserCountPerReaction: z.number().int().min(0).max(LIMITS.partialUsers),
  }),
  getAllUserListOfMessageReaction: z.strictObject({
    msgID,
    reactionID,
    nextSeq: seq,
    count: z.number().int().min(1).max(LIMITS.reactionUserPage),
  }),
  setMessageExtensions: z.strictObject({
    msgID,
    extensions: z
      .array(z.strictObject({ key, value, seq: seq.optional() }))
      .min(1)
      .max(LIMITS.extensionsPerCall),
  }),
  getMessageExtensions: z.strictObject({ msgID }),
  deleteMessageExtensions: z.strictObject({
    msgID,
    keys: z
      .array(z.strictObject({ key, seq: seq.optional() }))
      .max(LIMITS.extensionsPerCall)
      .optional(),
  }),
  pinGroupMessage: z.strictObject({ groupID, msgID, isPinned: z.boolean() }),
  getPinnedGroupMessageList: z.strictObject({ groupID }),
} satisfies Record<keyof MessageExtrasOps, z.ZodType>;
