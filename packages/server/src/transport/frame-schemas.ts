/**
 * Schemas of the client's request data, one per op, compiled once at start. Unknown members are
 * refused (strict objects) so a misspelt field is an error, not silently ignored.
 */
import { MAX_USER_ID_BYTES, type Op, PLATFORMS, PROTOCOL_VERSION } from '@parley/protocol';
import { z } from 'zod';
import { messageRequestSchemas } from '../services/messages/wire-schemas.js';

const empty = z.strictObject({});

/** Chosen by the client; a safe alphabet keeps it usable as a key everywhere (Redis, logs, URLs). */
const instanceIDSchema = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9_-]+$/);

export const requestSchemas = {
  login: z.strictObject({
    sdkAppID: z.number().int().positive().max(0xffffffff),
    // The UserID rule (7003) is checked after the shape so it gets its own code.
    userID: z.string().max(MAX_USER_ID_BYTES * 4),
    userSig: z.string(),
    platform: z.enum(PLATFORMS),
    instanceID: instanceIDSchema,
    resume: z.boolean().optional(),
    protocolVersion: z.literal(PROTOCOL_VERSION).optional(),
  }),
  logout: empty,
  getOnlineDevices: empty,
  kickDevice: z.strictObject({ instanceID: instanceIDSchema }),
  setOfflinePushConfig: z.strictObject({
    businessID: z.number().int().nonnegative().max(0xffffffff),
    token: z.string().max(512),
  }),
  ping: empty,
  time: empty,
  ...messageRequestSchemas,
} satisfies Record<Op, z.ZodType>;

export const envelopeSchema = z.object({
  id: z.number().int().positive().max(Number.MAX_SAFE_INTEGER),
  op: z.string().max(64),
  data: z.unknown().optional(),
});

/** The first problem of a failed parse, with its path, for the reply's `desc`. */
export function describeIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'invalid';
  const path = issue.path.length > 0 ? issue.path.join('.') : '(frame)';
  return `${path}: ${issue.message}`;
}
