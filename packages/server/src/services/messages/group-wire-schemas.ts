/** Request schemas of the group message ops (docs/protocol.md "Group messages"). */
import { type GroupMessageOps, MAX_GROUP_CHANGES_PAGE, MAX_HISTORY_PAGE } from '@parley/protocol';
import { z } from 'zod';
import { groupID, seqSchema } from './wire-schemas.js';

const MAX_DRAFT_CHARS = 12 * 1024;

export const groupMessageRequestSchemas = {
  getGroupHistory: z.strictObject({
    groupID,
    count: z.number().int().min(1).max(MAX_HISTORY_PAGE),
    anchorSeq: seqSchema.optional(),
    newer: z.boolean().optional(),
  }),
  syncGroups: z.strictObject({}),
  getGroupChanges: z.strictObject({
    groupID,
    afterChangeSeq: seqSchema,
    limit: z.number().int().min(1).max(MAX_GROUP_CHANGES_PAGE).optional(),
  }),
  markGroupRead: z.strictObject({ groupID }),
  clearGroupHistory: z.strictObject({ groupID }),
  deleteGroupConversation: z.strictObject({ groupID }),
  pinGroupConversation: z.strictObject({ groupID, isPinned: z.boolean() }),
  setGroupConversationDraft: z.strictObject({ groupID, draftText: z.string().max(MAX_DRAFT_CHARS) }),
} satisfies Record<keyof GroupMessageOps, z.ZodType>;
