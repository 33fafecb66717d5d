/**
 * Request schemas of the messaging and conversation ops (docs/protocol.md "Messages"), registered
 * with each op. Shapes and coarse bounds only: the 12 KB body rule has its own code (80002) and
 * is checked by the message service.
 */
import {
  ElemType,
  isValidUserID,
  MAX_AT_USERS,
  MAX_CONVERSATION_PAGE,
  MAX_DELETE_MESSAGES,
  MAX_HISTORY_PAGE,
  MAX_MERGER_ABSTRACT_CHARS,
  MAX_MERGER_ABSTRACTS,
  MAX_SYNC_PAGE,
  MAX_TARGETED_RECEIVERS,
  MessagePriority,
  type MessagingOps,
} from '@parley/protocol';
import { z } from 'zod';
import { offlinePushInfoSchema } from '../push/schemas.js';

/**
 * A coarse bound on each string of a message; past it the frame is malformed (6017). Deliberately
 * above 12 KB, so that a body just over the limit gets its own code (80002) from the service.
 */
const MAX_FIELD_CHARS = 64 * 1024;
/** Elements per message: V2TIM appends a few behind the first; a long list is a mistake. */
const MAX_ELEMENTS = 20;
const MAX_DRAFT_CHARS = 12 * 1024;
const MAX_REASON_CHARS = 256;

const userID = z.string().refine(isValidUserID, 'expected a UserID of 1 to 32 bytes of printable ASCII');
/** Client-chosen: a safe alphabet keeps it usable as a key and in URLs (REST `MsgKey`). */
const msgID = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'expected 1 to 64 characters of A-Z a-z 0-9 _ -');
/** Printable ASCII without spaces: a group's key in storage can never contain a tab. */
export const groupID = z
  .string()
  .regex(/^[\x21-\x7e]{1,48}$/, 'expected a GroupID of 1 to 48 printable ASCII characters');
const seq = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);
const text = z.string().max(MAX_FIELD_CHARS);
/** An upload's uuid, as the file service names it. */
const uploadID = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'expected the uuid of an upload');
/** Duration of a sound or video in seconds. */
const mediaSeconds = z.number().int().min(0).max(86_400);

const elem = z.discriminatedUnion('elemType', [
  z.strictObject({ elemType: z.literal(ElemType.TEXT), text }),
  z.strictObject({
    elemType: z.literal(ElemType.CUSTOM),
    data: text,
    desc: text.optional(),
    extension: text.optional(),
  }),
  // Media elements name an upload by uuid; every other field of theirs is the server's to fill
  // (docs/media.md), so what a client copies from a received message is accepted and replaced.
  z.looseObject({ elemType: z.literal(ElemType.IMAGE), uuid: uploadID }),
  z.looseObject({ elemType: z.literal(ElemType.SOUND), uuid: uploadID, duration: mediaSeconds }),
  z.looseObject({
    elemType: z.literal(ElemType.VIDEO),
    uuid: uploadID,
    duration: mediaSeconds,
    videoType: z.string().max(16).optional(),
    snapshotUUID: uploadID.optional(),
  }),
  z.looseObject({ elemType: z.literal(ElemType.FILE), uuid: uploadID, fileName: z.string().min(1).max(255) }),
  z.strictObject({
    elemType: z.literal(ElemType.LOCATION),
    desc: text,
    longitude: z.number().min(-180).max(180),
    latitude: z.number().min(-90).max(90),
  }),
  z.strictObject({ elemType: z.literal(ElemType.FACE), index: z.number().int(), data: text }),
  z.looseObject({
    elemType: z.literal(ElemType.MERGER),
    uuid: uploadID,
    title: z.string().max(MAX_MERGER_ABSTRACT_CHARS),
    abstractList: z.array(z.string().max(MAX_MERGER_ABSTRACT_CHARS)).max(MAX_MERGER_ABSTRACTS),
    compatibleText: text,
    layersOverLimit: z.boolean(),
  }),
]);

export { seq as seqSchema };
export const elemListSchema = z.array(elem).min(1).max(MAX_ELEMENTS);

export const messageRequestSchemas = {
  sendMessage: z
    .strictObject({
      msgID,
      receiver: userID.optional(),
      groupID: groupID.optional(),
      groupAtUserList: z.array(z.string().max(64)).max(MAX_AT_USERS).optional(),
      targetedReceivers: z.array(userID).min(1).max(MAX_TARGETED_RECEIVERS).optional(),
      random: z.number().int().nonnegative().max(0xffffffff),
      elemList: elemListSchema,
      cloudCustomData: text.optional(),
      onlineUserOnly: z.boolean().optional(),
      excludedFromUnreadCount: z.boolean().optional(),
      excludedFromLastMessage: z.boolean().optional(),
      priority: z.enum(MessagePriority).optional(),
      offlinePushInfo: offlinePushInfoSchema.optional(),
      supportMessageExtension: z.boolean().optional(),
      needReadReceipt: z.boolean().optional(),
    })
    .refine((m) => (m.receiver === undefined) !== (m.groupID === undefined), {
      message: 'expected exactly one of receiver and groupID',
    })
    .refine((m) => m.groupAtUserList === undefined || m.groupID !== undefined, {
      message: 'groupAtUserList: only for group messages',
    })
    .refine((m) => m.targetedReceivers === undefined || m.groupID !== undefined, {
      message: 'targetedReceivers: only for group messages',
    })
    .refine((m) => m.targetedReceivers === undefined || (m.groupAtUserList ?? []).length === 0, {
      message: 'targetedReceivers: a targeted message mentions no one',
    }),
  syncEvents: z.strictObject({
    afterSeq: seq.optional(),
    limit: z.number().int().min(1).max(MAX_SYNC_PAGE).optional(),
  }),
  ackEvents: z.strictObject({ seq }),
  getHistory: z.strictObject({
    peerID: userID,
    count: z.number().int().min(1).max(MAX_HISTORY_PAGE),
    anchorSeq: seq.optional(),
    newer: z.boolean().optional(),
  }),
  markRead: z.strictObject({ peerID: userID }),
  revokeMessage: z.strictObject({ msgID, reason: z.string().max(MAX_REASON_CHARS).optional() }),
  modifyMessage: z.strictObject({
    msgID,
    version: seq,
    elemList: elemListSchema.optional(),
    cloudCustomData: text.optional(),
  }),
  deleteMessages: z.strictObject({ msgIDs: z.array(msgID).min(1).max(MAX_DELETE_MESSAGES) }),
  clearHistory: z.strictObject({ peerID: userID }),
  getConversations: z.strictObject({
    nextSeq: z.string().regex(/^\d{1,15}$/, 'expected a non-negative integer as a string'),
    count: z.number().int().min(1).max(MAX_CONVERSATION_PAGE),
  }),
  deleteConversation: z.strictObject({ peerID: userID }),
  pinConversation: z.strictObject({ peerID: userID, isPinned: z.boolean() }),
  setConversationDraft: z.strictObject({ peerID: userID, draftText: z.string().max(MAX_DRAFT_CHARS) }),
} satisfies Record<keyof MessagingOps, z.ZodType>;
