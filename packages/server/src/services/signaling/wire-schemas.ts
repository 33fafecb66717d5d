/** Request schemas of the signaling ops (docs/signaling.md): shapes, sizes and counts. */
import { isValidUserID, SIGNALING_LIMITS, type SignalingOps } from '@parley/protocol';
import { z } from 'zod';
import { groupID } from '../messages/wire-schemas.js';
import { offlinePushInfoSchema } from '../push/schemas.js';

const userID = z.string().refine(isValidUserID, 'expected a UserID of 1 to 32 bytes of printable ASCII');
const data = z
  .string()
  .refine(
    (text) => Buffer.byteLength(text, 'utf8') <= SIGNALING_LIMITS.dataBytes,
    `expected at most ${SIGNALING_LIMITS.dataBytes} bytes of UTF-8`,
  );
const inviteID = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'expected an inviteID');
const action = z.strictObject({ inviteID, data });

export const signalingRequestSchemas = {
  signalingInvite: z
    .strictObject({
      invitee: userID.optional(),
      groupID: groupID.optional(),
      inviteeList: z.array(userID).min(1).max(SIGNALING_LIMITS.invitees).optional(),
      data,
      onlineUserOnly: z.boolean().optional(),
      offlinePushInfo: offlinePushInfoSchema.optional(),
      timeout: z.number().int().min(0).max(SIGNALING_LIMITS.timeoutSeconds).optional(),
    })
    .refine(
      (request) =>
        request.groupID === undefined
          ? request.invitee !== undefined && request.inviteeList === undefined
          : request.invitee === undefined && request.inviteeList !== undefined,
      'expected either invitee, or groupID with inviteeList',
    ),
  signalingCancel: action,
  signalingAccept: action,
  signalingReject: action,
  signalingModify: action,
  signalingSync: z.strictObject({}),
} satisfies Record<keyof SignalingOps, z.ZodType>;
