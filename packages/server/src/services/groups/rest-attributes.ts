/**
 * Custom group attributes and counters over REST (im-features.md §8.2): `set_group_attr` (replace
 * all), `modify_group_attr` (merge), `clear_group_attr`, `group_open_attr_http_svc/get_group_attr`,
 * `get_group_counter` and `update_group_counter`, as the app admin through the same service as the
 * SDK (the same limits, and members hear every change). Lists are `[{key, value}]` as the original's.
 */
import { ErrorCode } from '@parley/protocol';
import { z } from 'zod';
import { defineEndpoint, type RestEndpoint } from '../../rest/endpoint.js';
import { ok } from '../../rest/envelope.js';
import { batch, text } from '../../rest/fields.js';
import { adminActor, groupID, restReply } from './rest-fields.js';
import type { GroupService } from './service.js';

/** Attributes or counters per call; the service's own limits (§3.7–3.8) then apply. */
export const MAX_ATTR_ITEMS = 100;

const batchCode = { countCode: ErrorCode.ERR_INVALID_BATCH_COUNT };
const attrs = batch(z.object({ key: text, value: text }), {
  min: 1,
  max: MAX_ATTR_ITEMS,
  ...batchCode,
}).transform((list) => Object.fromEntries(list.map((a) => [a.key, a.value])));
const counterValue = z.number().int().refine(Number.isSafeInteger, { message: 'must be a safe integer' });
const counters = batch(z.object({ key: text, value: counterValue }), {
  min: 1,
  max: MAX_ATTR_ITEMS,
  ...batchCode,
});
const pairs = <V>(map: Readonly<Record<string, V>>) =>
  Object.entries(map).map(([key, value]) => ({ key, value }));

export function createAttributeEndpoints(service: GroupService): [string, RestEndpoint][] {
  const { attributes } = service;
  const write = (mode: 'init' | 'set') =>
    defineEndpoint({
      body: z.object({ GroupId: groupID, GroupAttr: attrs }),
      async handle(ctx, body) {
        const actor = adminActor(ctx.app.sdkAppID, ctx.admin);
        return restReply(await attributes.write(actor, body.GroupId, { mode, attributes: body.GroupAttr }));
      },
    });

  const clear = defineEndpoint({
    body: z.object({ GroupId: groupID }),
    async handle(ctx, body) {
      const actor = adminActor(ctx.app.sdkAppID, ctx.admin);
      return restReply(await attributes.write(actor, body.GroupId, { mode: 'delete', keys: undefined }));
    },
  });

  const read = defineEndpoint({
    body: z.object({ GroupId: groupID }),
    async handle(ctx, body) {
      const reply = await attributes.read(adminActor(ctx.app.sdkAppID, ctx.admin), body.GroupId, undefined);
      return restReply(reply, (data) => ({ GroupAttrAry: pairs(data.attributes) }));
    },
  });

  const readCounters = defineEndpoint({
    body: z.object({ GroupId: groupID, GroupCounterKeys: z.array(text).max(MAX_ATTR_ITEMS).optional() }),
    async handle(ctx, body) {
      const actor = adminActor(ctx.app.sdkAppID, ctx.admin);
      const keys =
        body.GroupCounterKeys === undefined || body.GroupCounterKeys.length === 0
          ? undefined
          : body.GroupCounterKeys;
      const reply = await attributes.readCounters(actor, body.GroupId, keys);
      return restReply(reply, (data) => ({ GroupCounter: pairs(data.counters) }));
    },
  });

  const updateCounters = defineEndpoint({
    body: z.object({
      GroupId: groupID,
      GroupCounter: counters,
      Mode: z.enum(['Set', 'Increase', 'Decrease']).optional(),
    }),
    async handle(ctx, body) {
      const actor = adminActor(ctx.app.sdkAppID, ctx.admin);
      const mode = body.Mode ?? 'Set';
      if (mode === 'Set') {
        const all = Object.fromEntries(body.GroupCounter.map((c) => [c.key, c.value]));
        const reply = await attributes.writeCounters(actor, body.GroupId, { mode: 'set', counters: all });
        return restReply(reply, (data) => ({ GroupCounter: pairs(data.counters) }));
      }
      let latest: Record<string, number> = {};
      for (const c of body.GroupCounter) {
        const delta = mode === 'Increase' ? c.value : -c.value;
        const reply = await attributes.writeCounters(actor, body.GroupId, { mode: 'add', key: c.key, delta });
        if (reply.code !== 0 || reply.data === undefined) return restReply(reply);
        latest = { ...latest, ...reply.data.counters };
      }
      return ok({ GroupCounter: pairs(latest) });
    },
  });

  return [
    ['group_open_http_svc/set_group_attr', write('init')],
    ['group_open_http_svc/modify_group_attr', write('set')],
    ['group_open_http_svc/clear_group_attr', clear],
    ['group_open_attr_http_svc/get_group_attr', read],
    ['group_open_http_svc/get_group_counter', readCounters],
    ['group_open_http_svc/update_group_counter', updateCounters],
  ];
}
