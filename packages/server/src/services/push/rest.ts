/**
 * `all_member_push/im_push` for app backends (im-features §5.4), in the form this server supports:
 * a push to up to 500 named users (`To_Account`), not a broadcast by attribute or tag. The text
 * comes from `OfflinePushInfo` (`Title`, `Desc`, `Ext`) or the text elements of `MsgBody`;
 * `PushFlag: 1` means no push. The answer carries the `TaskId`; pushes go out in the background.
 */
import { randomBytes } from 'node:crypto';
import { ErrorCode, isValidUserID } from '@parley/protocol';
import { z } from 'zod';
import { defineEndpoint, type RestEndpoint } from '../../rest/endpoint.js';
import { fail, ok } from '../../rest/envelope.js';
import type { OfflinePush } from './planner.js';
import { fromRestPushInfo, restOfflinePushInfoSchema } from './rest-info.js';

/** Users per `im_push` call. */
export const MAX_PUSH_USERS = 500;

export function createPushEndpoints(push: OfflinePush): [string, RestEndpoint][] {
  const imPush = defineEndpoint({
    ratePerSecond: 100,
    body: z.object({
      From_Account: z.string().optional(),
      To_Account: z.array(z.string().refine(isValidUserID)).min(1).max(MAX_PUSH_USERS),
      MsgRandom: z.number().int().nonnegative().optional(),
      MsgBody: z
        .array(
          z.object({ MsgType: z.string(), MsgContent: z.object({ Text: z.string().optional() }).loose() }),
        )
        .max(20)
        .optional(),
      OfflinePushInfo: restOfflinePushInfoSchema.optional(),
    }),
    async handle(ctx, body) {
      const info = body.OfflinePushInfo;
      const text =
        info?.Desc ||
        (body.MsgBody ?? [])
          .flatMap((elem) =>
            elem.MsgType === 'TIMTextElem' && elem.MsgContent.Text ? [elem.MsgContent.Text] : [],
          )
          .join(' ');
      if (text === '')
        return fail(ErrorCode.ERR_INVALID_PARAMS, 'OfflinePushInfo.Desc or a TIMTextElem: nothing to push');
      const taskID = randomBytes(12).toString('hex');
      const wire = fromRestPushInfo(info);
      if (wire?.disablePush) return ok({ TaskId: taskID });
      await push.toUsers(
        ctx.app.sdkAppID,
        taskID,
        [...new Set(body.To_Account)],
        { title: info?.Title ?? '', body: text },
        wire,
      );
      return ok({ TaskId: taskID });
    },
  });
  return [['all_member_push/im_push', imPush]];
}
