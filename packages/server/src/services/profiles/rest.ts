/**
 * The `profile` REST endpoints (im-features §8.2): `portrait_set` changes one user's profile as the
 * app admin (the same rules, pushes and callback as `setSelfInfo`), `portrait_get` reads up to 100.
 */
import { describeError, ErrorCode, isValidUserID, PROFILE_LIMITS } from '@parley/protocol';
import { z } from 'zod';
import { defineEndpoint, type RestEndpoint } from '../../rest/endpoint.js';
import { fail, ok } from '../../rest/envelope.js';
import { changeFromItems, itemsOf } from './rest-fields.js';
import type { ProfileService } from './service.js';

const userID = z.string().refine(isValidUserID);
const tag = z.string().min(1).max(64);

export function createProfileEndpoints(service: ProfileService): [string, RestEndpoint][] {
  const portraitSet = defineEndpoint({
    body: z.object({
      From_Account: userID,
      ProfileItem: z
        .array(z.object({ Tag: tag, Value: z.unknown() }))
        .min(1)
        .max(50),
    }),
    async handle(ctx, body) {
      const read = changeFromItems(body.ProfileItem.map((item) => ({ Tag: item.Tag, Value: item.Value })));
      if (!read.ok) {
        return read.why === 'unknown'
          ? fail(
              ErrorCode.ERR_PROFILE_UNKNOWN_TAG,
              `${describeError(ErrorCode.ERR_PROFILE_UNKNOWN_TAG)}: ${read.tag}`,
            )
          : fail(ErrorCode.ERR_INVALID_PARAMS, `ProfileItem ${read.tag}: invalid value`);
      }
      const reply = await service.change(
        { sdkAppID: ctx.app.sdkAppID, userID: ctx.admin, origin: { clientIP: '', platform: 'RESTAPI' } },
        body.From_Account,
        read.change,
      );
      return reply.code === 0 ? ok() : fail(reply.code, reply.desc);
    },
  });

  const portraitGet = defineEndpoint({
    body: z.object({
      To_Account: z.array(z.string()).min(1).max(PROFILE_LIMITS.usersPerGet),
      TagList: z.array(tag).max(50).optional(),
    }),
    async handle(ctx, body) {
      const valid = body.To_Account.filter(isValidUserID);
      const found = new Map(
        (await ctx.storage.profiles.get(ctx.app.sdkAppID, valid)).map((profile) => [profile.userID, profile]),
      );
      const items = body.To_Account.map((id) => {
        const profile = found.get(id);
        return profile
          ? {
              To_Account: id,
              ProfileItem: itemsOf(profile, body.TagList ?? []),
              ResultCode: 0,
              ResultInfo: '',
            }
          : {
              To_Account: id,
              ProfileItem: [],
              ResultCode: ErrorCode.ERR_ACCOUNT_NOT_FOUND,
              ResultInfo: describeError(ErrorCode.ERR_ACCOUNT_NOT_FOUND),
            };
      });
      const failed = items.filter((item) => item.ResultCode !== 0).map((item) => item.To_Account);
      return ok({ UserProfileItem: items, ...(failed.length > 0 ? { Fail_Account: failed } : {}) });
    },
  });

  return [
    ['profile/portrait_set', portraitSet],
    ['profile/portrait_get', portraitGet],
  ];
}
