/** Request schemas of offline push: `offlinePushInfo` on a send, and the background signals. */
import { MAX_PUSH_DESC, MAX_PUSH_EXT, MAX_PUSH_TITLE } from '@parley/protocol';
import { z } from 'zod';

/** Longest `vendorParams` as JSON. */
const MAX_VENDOR_PARAMS_CHARS = 2_000;
const short = z.string().max(200);

export const offlinePushInfoSchema = z.strictObject({
  title: z.string().max(MAX_PUSH_TITLE).optional(),
  desc: z.string().max(MAX_PUSH_DESC).optional(),
  ext: z.string().max(MAX_PUSH_EXT).optional(),
  disablePush: z.boolean().optional(),
  iOSSound: short.optional(),
  ignoreIOSBadge: z.boolean().optional(),
  androidSound: short.optional(),
  androidFCMChannelID: short.optional(),
  vendorParams: z
    .record(z.string(), z.unknown())
    .refine((v) => JSON.stringify(v).length <= MAX_VENDOR_PARAMS_CHARS, {
      message: `at most ${MAX_VENDOR_PARAMS_CHARS} characters as JSON`,
    })
    .optional(),
});

export const pushRequestSchemas = {
  doBackground: z.strictObject({ unreadCount: z.number().int().nonnegative().max(1_000_000_000).optional() }),
  doForeground: z.strictObject({}),
};
