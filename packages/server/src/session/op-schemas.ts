/**
 * Schemas of the session ops' request data. Unknown members are refused (strict objects) so a
 * misspelt field is an error, not silently ignored. Features keep theirs beside their ops.
 */
import { MAX_USER_ID_BYTES, type Op, PLATFORMS, PROTOCOL_VERSION } from '@parley/protocol';
import { z } from 'zod';

const empty = z.strictObject({});

/** Chosen by the client; a safe alphabet keeps it usable as a key everywhere (Redis, logs, URLs). */
const instanceIDSchema = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9_-]+$/);

/** Request data of the session layer's own ops (login, logout, clock, devices, push token). */
export const sessionRequestSchemas = {
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
} satisfies Partial<Record<Op, z.ZodType>>;
