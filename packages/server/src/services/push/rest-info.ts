/**
 * REST `OfflinePushInfo` (im-features §5.3, the original's names) as the wire's `offlinePushInfo`:
 * read by `openim/sendmsg`, `batchsendmsg`, `send_group_msg` and `all_member_push/im_push`.
 */
import { MAX_PUSH_DESC, MAX_PUSH_EXT, MAX_PUSH_TITLE, type WireOfflinePushInfo } from '@parley/protocol';
import { z } from 'zod';

const short = z.string().max(200);

/** Unknown vendor fields are accepted and ignored, as the original's other knobs are. */
export const restOfflinePushInfoSchema = z
  .object({
    /** 0 push, 1 no push. */
    PushFlag: z.number().int().min(0).max(1).optional(),
    Title: z.string().max(MAX_PUSH_TITLE).optional(),
    Desc: z.string().max(MAX_PUSH_DESC).optional(),
    Ext: z.string().max(MAX_PUSH_EXT).optional(),
    ApnsInfo: z
      .object({ Sound: short.optional(), BadgeMode: z.number().int().min(0).max(1).optional() })
      .loose()
      .optional(),
    AndroidInfo: z.object({ Sound: short.optional(), GoogleChannelID: short.optional() }).loose().optional(),
  })
  .loose();

export type RestOfflinePushInfo = z.output<typeof restOfflinePushInfoSchema>;

/** The wire form, or undefined when nothing is set. `ApnsInfo.BadgeMode` 1 leaves the badge alone. */
export function fromRestPushInfo(info: RestOfflinePushInfo | undefined): WireOfflinePushInfo | undefined {
  if (info === undefined) return undefined;
  const wire: WireOfflinePushInfo = {
    ...(info.PushFlag === 1 ? { disablePush: true } : {}),
    ...(info.Title ? { title: info.Title } : {}),
    ...(info.Desc ? { desc: info.Desc } : {}),
    ...(info.Ext ? { ext: info.Ext } : {}),
    ...(info.ApnsInfo?.Sound ? { iOSSound: info.ApnsInfo.Sound } : {}),
    ...(info.ApnsInfo?.BadgeMode === 1 ? { ignoreIOSBadge: true } : {}),
    ...(info.AndroidInfo?.Sound ? { androidSound: info.AndroidInfo.Sound } : {}),
    ...(info.AndroidInfo?.GoogleChannelID ? { androidFCMChannelID: info.AndroidInfo.GoogleChannelID } : {}),
  };
  return Object.keys(wire).length === 0 ? undefined : wire;
}
