/**
 * Message extensions over REST (im-features.md §1.19, §8.2), as the app's admin:
 * `openim_msg_ext_http_svc/set_key_values` and `get_key_values` name a one-to-one message by
 * From_Account, To_Account and MsgKey; `group_set_key_values` and `group_get_key_values` a group
 * message by GroupId and MsgSeq. `OperateType` 1 sets, 2 deletes the keys listed, 3 deletes all;
 * at most 20 keys per call. An item's `Seq` makes its write conditional, as the SDK's always are;
 * without one the admin's write wins. Reads return up to 200 keys by Seq from `StartSeq`.
 */
import { ErrorCode, MESSAGE_EXTRAS_LIMITS as LIMITS, type WireExtension } from '@parley/protocol';
import { z } from 'zod';
import { defineEndpoint, type RestEndpoint } from '../../rest/endpoint.js';
import { fail, ok, type RestResult } from '../../rest/envelope.js';
import { batch, text, userID } from '../../rest/fields.js';
import type { Storage } from '../../storage/types.js';
import type { Reply } from '../replies.js';
import type { MessageAccess } from './access.js';
import type { Extensions } from './extensions.js';

/** Keys per `get_key_values` page. */
export const REST_EXTENSION_PAGE = 200;

const item = z.object({ Key: text, Value: text.optional(), Seq: z.number().int().nonnegative().optional() });
const writeFields = {
  OperateType: z.literal([1, 2, 3], { error: 'must be 1 (set), 2 (delete) or 3 (clear)' }),
  ExtensionList: batch(item, {
    min: 0,
    max: LIMITS.extensionsPerCall,
    countCode: ErrorCode.ERR_INVALID_BATCH_COUNT,
  }).optional(),
};
const c2cMessage = { From_Account: userID, To_Account: userID, MsgKey: text.min(1) };
const groupMessage = { GroupId: text.min(1), MsgSeq: z.number().int().min(1) };
const startSeq = { StartSeq: z.number().int().nonnegative().optional() };

const restList = (list: readonly WireExtension[]) =>
  list.map((e) => ({ Key: e.key, Value: e.value, Seq: e.seq }));

export function createExtensionEndpoints(
  storage: Storage,
  access: MessageAccess,
  extensions: Extensions,
): [string, RestEndpoint][] {
  /** The msgID of a one-to-one message between the two accounts, or the failure to answer. */
  const c2c = async (
    sdkAppID: number,
    body: { From_Account: string; To_Account: string; MsgKey: string },
  ) => {
    const found = await access.find(sdkAppID, body.MsgKey, '', true);
    const between =
      found.ok &&
      found.target.kind === 'c2c' &&
      [found.target.sender, found.target.receiver].sort().join('\t') ===
        [body.From_Account, body.To_Account].sort().join('\t');
    return between
      ? body.MsgKey
      : fail(ErrorCode.ERR_INVALID_PARAMS, `MsgKey: no message ${body.MsgKey} between these accounts`);
  };
  const group = async (sdkAppID: number, body: { GroupId: string; MsgSeq: number }) =>
    (await storage.messageExtras.groupMessageIDAt(sdkAppID, body.GroupId, body.MsgSeq)) ??
    fail(ErrorCode.ERR_INVALID_PARAMS, `MsgSeq: no message ${body.MsgSeq} in group ${body.GroupId}`);

  const write = async (
    sdkAppID: number,
    admin: string,
    msgID: string,
    body: { OperateType: 1 | 2 | 3; ExtensionList?: z.output<typeof item>[] | undefined },
  ): Promise<RestResult> => {
    const actor = { sdkAppID, userID: admin };
    const origin = { clientIP: '', platform: 'RESTAPI', asAdmin: true };
    const list = body.ExtensionList ?? [];
    let reply: Reply<{ extensions: WireExtension[]; deletedKeys?: string[] }>;
    if (body.OperateType === 1) {
      if (list.length === 0 || list.some((e) => e.Value === undefined))
        return fail(ErrorCode.ERR_INVALID_PARAMS, 'ExtensionList: 1 to 20 items, each with Key and Value');
      reply = await extensions.set(
        actor,
        msgID,
        list.map((e) => ({
          key: e.Key,
          value: e.Value ?? '',
          ...(e.Seq === undefined ? {} : { seq: e.Seq }),
        })),
        origin,
      );
    } else {
      if (body.OperateType === 2 && list.length === 0)
        return fail(ErrorCode.ERR_INVALID_PARAMS, 'ExtensionList: the keys to delete');
      const keys =
        body.OperateType === 3
          ? undefined
          : list.map((e) => ({ key: e.Key, ...(e.Seq === undefined ? {} : { seq: e.Seq }) }));
      reply = await extensions.delete(actor, msgID, keys, origin);
    }
    if (reply.code === ErrorCode.ERR_SVR_MSG_EXTENSION_CONFLICT)
      return {
        ok: false,
        code: reply.code,
        info: reply.desc,
        fields: { ExtensionList: restList(reply.data?.extensions ?? []) },
      };
    if (reply.code !== 0 || !reply.data)
      return fail(reply.code === 0 ? ErrorCode.ERR_INTERNAL : reply.code, reply.desc);
    return ok({ ExtensionList: restList(reply.data.extensions) });
  };

  const read = async (sdkAppID: number, admin: string, msgID: string, from: number): Promise<RestResult> => {
    const found = await extensions.usable({ sdkAppID, userID: admin }, msgID, true);
    if (!found.ok) return fail(found.reply.code, found.reply.desc);
    const page = await storage.messageExtras.extensions(sdkAppID, msgID, {
      startSeq: from,
      limit: REST_EXTENSION_PAGE + 1,
    });
    let list = page.slice(0, REST_EXTENSION_PAGE);
    const complete = page.length <= REST_EXTENSION_PAGE;
    // A page ends between two seqs, so the next one (from the seq after it) repeats and skips no key.
    const last = list.at(-1)?.seq;
    const split = !complete && page[REST_EXTENSION_PAGE]?.seq === last;
    if (split && list.some((e) => e.seq !== last)) list = list.filter((e) => e.seq !== last);
    return ok({
      ExtensionList: restList(list),
      Complete: complete ? 1 : 0,
      NextStartSeq: complete ? 0 : (page[list.length]?.seq ?? 0),
    });
  };

  const setC2C = defineEndpoint({
    body: z.object({ ...c2cMessage, ...writeFields }),
    async handle(ctx, body) {
      const msgID = await c2c(ctx.app.sdkAppID, body);
      return typeof msgID === 'string' ? write(ctx.app.sdkAppID, ctx.admin, msgID, body) : msgID;
    },
  });
  const getC2C = defineEndpoint({
    body: z.object({ ...c2cMessage, ...startSeq }),
    async handle(ctx, body) {
      const msgID = await c2c(ctx.app.sdkAppID, body);
      return typeof msgID === 'string' ? read(ctx.app.sdkAppID, ctx.admin, msgID, body.StartSeq ?? 0) : msgID;
    },
  });
  const setGroup = defineEndpoint({
    body: z.object({ ...groupMessage, ...writeFields }),
    async handle(ctx, body) {
      const msgID = await group(ctx.app.sdkAppID, body);
      return typeof msgID === 'string' ? write(ctx.app.sdkAppID, ctx.admin, msgID, body) : msgID;
    },
  });
  const getGroup = defineEndpoint({
    body: z.object({ ...groupMessage, ...startSeq }),
    async handle(ctx, body) {
      const msgID = await group(ctx.app.sdkAppID, body);
      return typeof msgID === 'string' ? read(ctx.app.sdkAppID, ctx.admin, msgID, body.StartSeq ?? 0) : msgID;
    },
  });

  return [
    ['openim_msg_ext_http_svc/set_key_values', setC2C],
    ['openim_msg_ext_http_svc/get_key_values', getC2C],
    ['openim_msg_ext_http_svc/group_set_key_values', setGroup],
    ['openim_msg_ext_http_svc/group_get_key_values', getGroup],
  ];
}
