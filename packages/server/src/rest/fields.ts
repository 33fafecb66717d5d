/**
 * Field schemas shared by the REST endpoints, with messages that read well after the field name in
 * ErrorInfo (`UserID: must be 1 to 32 bytes of printable ASCII`).
 */
import { ErrorCode, isValidUserID } from '@parley/protocol';
import { z } from 'zod';
import { withCode } from './body.js';

/** Longest Nick or FaceUrl `account_import` takes (login.md §3.3: over 500 bytes → 40601). */
export const MAX_PROFILE_VALUE_BYTES = 500;

const requiredOr = (expected: string) => (issue: { input: unknown }) =>
  issue.input === undefined ? 'is required' : `must be ${expected}`;

/** Any string; the message says "is required" when the field is absent. */
export const text = z.string({ error: requiredOr('a string') });

/** A UserID (login.md §3.1: 1 to 32 bytes of printable ASCII). */
export const userID = text.refine(isValidUserID, { message: 'must be 1 to 32 bytes of printable ASCII' });

/** A profile value such as Nick or FaceUrl: a string of at most 500 UTF-8 bytes, else 40601. */
export const profileValue = text.refine(
  (value) => Buffer.byteLength(value, 'utf8') <= MAX_PROFILE_VALUE_BYTES,
  {
    message: `must be at most ${MAX_PROFILE_VALUE_BYTES} bytes`,
    ...withCode(ErrorCode.ERR_PROFILE_VALUE_TOO_LONG),
  },
);

/** A 0/1 switch such as `IsNeedDetail`. */
export const flag = z.literal([0, 1], { error: 'must be 0 or 1' });

/**
 * An array of `min`–`max` items. The count is checked before the items so that an oversized batch
 * is refused without looking at every item, with `countCode`; the items then with the item schema.
 */
export function batch<T extends z.ZodType>(item: T, bounds: { min: number; max: number; countCode: number }) {
  return z
    .array(z.unknown(), { error: requiredOr('an array') })
    .superRefine((items, ctx) => {
      if (items.length < bounds.min || items.length > bounds.max) {
        ctx.addIssue({
          code: 'custom',
          message: `must have ${bounds.min} to ${bounds.max} items, not ${items.length}`,
          ...withCode(bounds.countCode),
        });
      }
    })
    .pipe(z.array(item));
}

/** An object of the given fields; the message says "is required" when it is absent. */
export function record<S extends z.ZodRawShape>(shape: S) {
  return z.object(shape, { error: requiredOr('an object') });
}
