/**
 * Request schemas of the profile and receive-option ops (docs/protocol.md "Users"), and the rules a
 * profile change must keep whoever makes it (SDK or REST): sizes in bytes and declared custom keys.
 */
import {
  ErrorCode,
  isValidUserID,
  PROFILE_LIMITS,
  type ProfileOps,
  ReceiveMessageOpt,
} from '@parley/protocol';
import { z } from 'zod';
import type { ProfileChange } from '../../storage/profiles/types.js';

const userID = z.string().refine(isValidUserID, 'expected a UserID of 1 to 32 bytes of printable ASCII');
const uint32 = z.number().int().min(0).max(0xffff_ffff);
/** A coarse bound; the 500-byte rule has its own code (40601). */
const text = z.string().max(16 * 1024);
const opt = z.union(Object.values(ReceiveMessageOpt).map((value) => z.literal(value)));
const userList = (max: number) => z.array(userID).min(1).max(max);

const userInfoChange = z
  .object({
    nickName: text,
    faceUrl: text,
    selfSignature: text,
    gender: z.union([z.literal(0), z.literal(1), z.literal(2)]),
    birthday: uint32,
    level: uint32,
    role: uint32,
    allowType: z.union([z.literal(0), z.literal(1), z.literal(2)]),
    customInfo: z.record(z.string().max(64), text),
  })
  .partial()
  .strict();

export const profileRequestSchemas = {
  getUsersInfo: z.object({ userIDList: userList(PROFILE_LIMITS.usersPerGet) }),
  setSelfInfo: z.object({ userFullInfo: userInfoChange }),
  searchUsers: z.object({
    keywordList: z.array(z.string().min(1).max(64)).min(1).max(PROFILE_LIMITS.searchKeywords),
    keywordListMatchType: z.union([z.literal(0), z.literal(1)]).optional(),
    userGender: z.union([z.literal(0), z.literal(1), z.literal(2)]).optional(),
    userMinBirthday: uint32.optional(),
    userMaxBirthday: uint32.optional(),
    searchCount: z.number().int().min(1).max(PROFILE_LIMITS.searchCount).optional(),
    searchCursor: z.string().max(64).optional(),
  }),
  subscribeUserInfo: z.object({ userIDList: userList(PROFILE_LIMITS.subscriptions) }),
  unsubscribeUserInfo: z.object({ userIDList: z.array(userID).max(PROFILE_LIMITS.subscriptions).optional() }),
  setC2CReceiveMessageOpt: z.object({ userIDList: userList(PROFILE_LIMITS.receiveOptUsers), opt }),
  getC2CReceiveMessageOpt: z.object({ userIDList: userList(PROFILE_LIMITS.receiveOptUsers) }),
  setGroupReceiveMessageOpt: z.object({
    groupID: z
      .string()
      .regex(/^[\x21-\x7e]{1,48}$/, 'expected a GroupID of 1 to 48 printable ASCII characters'),
    opt,
  }),
  setAllReceiveMessageOpt: z.union([
    z.object({
      // Quiet hours only silence: the original allows 0 and 2 here (im-features §1.18).
      opt: z.union([z.literal(0), z.literal(2)]),
      startHour: z.number().int().min(0).max(23),
      startMinute: z.number().int().min(0).max(59),
      startSecond: z.number().int().min(0).max(59),
      duration: uint32,
    }),
    z.object({
      opt: z.union([z.literal(0), z.literal(2)]),
      startTimeStamp: uint32,
      duration: uint32,
    }),
  ]),
  getAllReceiveMessageOpt: z.object({}),
} satisfies Record<keyof ProfileOps, z.ZodType>;

const bytes = (value: string) => Buffer.byteLength(value, 'utf8');

export type ChangeCheck = { ok: true } | { ok: false; code: number; desc: string };

/**
 * Checks a change against the rules of §4.1: strings and custom values of at most 500 bytes
 * (40601), custom keys the app declared (40009).
 */
export function checkProfileChange(change: ProfileChange, declaredKeys: readonly string[]): ChangeCheck {
  for (const [name, value] of [
    ['nickName', change.nick],
    ['faceUrl', change.faceUrl],
    ['selfSignature', change.selfSignature],
  ] as const) {
    if (value !== undefined && bytes(value) > PROFILE_LIMITS.text)
      return { ok: false, code: ErrorCode.ERR_PROFILE_VALUE_TOO_LONG, desc: `${name}: more than 500 bytes` };
  }
  for (const [key, value] of Object.entries(change.customInfo ?? {})) {
    if (!declaredKeys.includes(key))
      return {
        ok: false,
        code: ErrorCode.ERR_PROFILE_UNKNOWN_TAG,
        desc: `customInfo.${key}: not a custom profile key of this app (parley app set --profile-key)`,
      };
    if (bytes(value) > PROFILE_LIMITS.text)
      return {
        ok: false,
        code: ErrorCode.ERR_PROFILE_VALUE_TOO_LONG,
        desc: `customInfo.${key}: more than 500 bytes`,
      };
  }
  return { ok: true };
}
