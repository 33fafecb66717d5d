/** Request schemas of the status ops (docs/protocol.md "User status"): shapes, counts and sizes. */
import { isValidUserID, STATUS_LIMITS, type StatusOps } from '@parley/protocol';
import { z } from 'zod';

const userID = z.string().refine(isValidUserID, 'expected a UserID of 1 to 32 bytes of printable ASCII');
const userIDList = z.array(userID).max(STATUS_LIMITS.userIDsPerCall);

export const statusRequestSchemas = {
  getUserStatus: z.strictObject({ userIDList: userIDList.min(1) }),
  setSelfStatus: z.strictObject({
    customStatus: z
      .string()
      .refine(
        (text) => Buffer.byteLength(text, 'utf8') <= STATUS_LIMITS.customStatus,
        `expected at most ${STATUS_LIMITS.customStatus} bytes of UTF-8`,
      ),
  }),
  subscribeUserStatus: z.strictObject({ userIDList: userIDList.min(1) }),
  unsubscribeUserStatus: z.strictObject({ userIDList: userIDList.optional() }),
} satisfies Record<keyof StatusOps, z.ZodType>;
