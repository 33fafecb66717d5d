/**
 * The relationship REST endpoints of an app backend (im-features.md §8.2, `sns`). They act as the
 * user named by `From_Account` through the same friend service as the SDK, so the rules, the
 * events to that user's (and the peers') devices and the `Sns.*` callbacks are the same; only
 * `ForceAddFlags` and `friend_import` skip verification, as the admin's privilege.
 */
import {
  ErrorCode,
  FRIEND_LIMITS,
  type FriendOperationResult,
  FriendRelation,
  FriendType,
} from '@parley/protocol';
import { z } from 'zod';
import { defineEndpoint, type RestContext, type RestEndpoint } from '../../rest/endpoint.js';
import { fail, ok, type RestResult } from '../../rest/envelope.js';
import { batch, record, text, userID } from '../../rest/fields.js';
import type { FriendActor } from './core.js';
import type { Reply } from './result.js';
import type { FriendService } from './service.js';

/** Friends per `friend_get` page. */
export const FRIEND_PAGE = 100;
/** Blocked users per `black_list_get` page, at most. */
export const BLACKLIST_PAGE = 1000;

const batchCode = { countCode: ErrorCode.ERR_INVALID_BATCH_COUNT };
const ids = batch(userID, { min: 1, max: FRIEND_LIMITS.idsPerCall, ...batchCode });
const codes = { invalidParams: ErrorCode.ERR_SVR_FRIENDSHIP_INVALID_PARAMETERS };
const tagValue = record({ Tag: text, Value: z.union([z.string(), z.array(z.string()), z.number()]) });

const actorOf = (ctx: RestContext, userID: string): FriendActor => ({
  sdkAppID: ctx.app.sdkAppID,
  userID,
  admin: ctx.admin,
  origin: { clientIP: '', platform: 'RESTAPI' },
});

const resultItems = (results: readonly FriendOperationResult[]) => ({
  ResultItem: results.map((r) => ({
    To_Account: r.userID,
    ResultCode: r.resultCode,
    ResultInfo: r.resultInfo,
  })),
  Fail_Account: results.filter((r) => r.resultCode !== 0).map((r) => r.userID),
});

/** A service reply as a REST result: its data through `fields`, a failure as the envelope's. */
function restOf<D>(reply: Reply<D>, fields: (data: D) => Record<string, unknown>): RestResult {
  return reply.code === 0 ? ok(fields(reply.data as D)) : fail(reply.code, reply.desc);
}

const RELATION_NAMES = {
  [FriendRelation.NONE]: 'CheckResult_Type_NoRelation',
  [FriendRelation.IN_MY_LIST]: 'CheckResult_Type_AWithB',
  [FriendRelation.IN_OTHER_LIST]: 'CheckResult_Type_BWithA',
  [FriendRelation.BOTH_WAY]: 'CheckResult_Type_BothWay',
} as const;
const BLACK_RELATION_NAMES = {
  [FriendRelation.NONE]: 'BlackCheckResult_Type_NO',
  [FriendRelation.IN_MY_LIST]: 'BlackCheckResult_Type_AWithB',
  [FriendRelation.IN_OTHER_LIST]: 'BlackCheckResult_Type_BWithA',
  [FriendRelation.BOTH_WAY]: 'BlackCheckResult_Type_BothWay',
} as const;

/** The SNS fields of a friend, as `friend_get` and `friend_get_list` list them. */
function snsItems(f: {
  friendRemark: string;
  friendAddTime: number;
  friendGroups: string[];
  friendCustomInfo: Record<string, string>;
  addSource?: string;
}): { Tag: string; Value: unknown }[] {
  return [
    { Tag: 'Tag_SNS_IM_Remark', Value: f.friendRemark },
    { Tag: 'Tag_SNS_IM_Group', Value: f.friendGroups },
    { Tag: 'Tag_SNS_IM_AddTime', Value: f.friendAddTime },
    ...Object.entries(f.friendCustomInfo).map(([k, v]) => ({ Tag: `Tag_SNS_Custom_${k}`, Value: v })),
  ];
}

export function createSnsEndpoints(service: FriendService): ReadonlyMap<string, RestEndpoint> {
  const { friendship: f, lists } = service;
  const endpoints = new Map<string, RestEndpoint>();
  const add = (command: string, endpoint: RestEndpoint) => endpoints.set(`sns/${command}`, endpoint);

  add(
    'friend_add',
    defineEndpoint({
      codes,
      body: z.object({
        From_Account: userID,
        AddFriendItem: batch(
          record({
            To_Account: userID,
            Remark: text.optional(),
            GroupName: text.optional(),
            AddSource: text.optional(),
            AddWording: text.optional(),
          }),
          { min: 1, max: 100, ...batchCode },
        ),
        AddType: z.enum(['Add_Type_Single', 'Add_Type_Both']).optional(),
        ForceAddFlags: z.literal([0, 1]).optional(),
      }),
      async handle(ctx, body) {
        const actor = actorOf(ctx, body.From_Account);
        const results: FriendOperationResult[] = [];
        for (const item of body.AddFriendItem) {
          const reply = await f.add(
            actor,
            {
              userID: item.To_Account,
              addType: body.AddType === 'Add_Type_Single' ? FriendType.SINGLE : FriendType.BOTH,
              ...(item.Remark === undefined ? {} : { remark: item.Remark }),
              ...(item.GroupName === undefined ? {} : { friendGroup: item.GroupName }),
              ...(item.AddSource === undefined ? {} : { addSource: item.AddSource }),
              ...(item.AddWording === undefined ? {} : { addWording: item.AddWording }),
            },
            { force: body.ForceAddFlags === 1, clientCmd: 'friend_add' },
          );
          results.push(
            reply.data ?? { userID: item.To_Account, resultCode: reply.code, resultInfo: reply.desc },
          );
        }
        return ok(resultItems(results));
      },
    }),
  );

  add(
    'friend_import',
    defineEndpoint({
      codes,
      body: z.object({
        From_Account: userID,
        AddFriendItem: batch(
          record({
            To_Account: userID,
            Remark: text.optional(),
            GroupName: z.array(text).optional(),
            AddSource: text.optional(),
            AddWording: text.optional(),
            AddTime: z.number().int().min(0).optional(),
            CustomItem: z.array(record({ Tag: text, Value: text })).optional(),
          }),
          { min: 1, max: 100, ...batchCode },
        ),
      }),
      async handle(ctx, body) {
        const reply = await f.import(
          actorOf(ctx, body.From_Account),
          body.AddFriendItem.map((item) => ({
            userID: item.To_Account,
            friendRemark: item.Remark ?? '',
            friendAddTime: 0,
            friendGroups: item.GroupName ?? [],
            friendCustomInfo: Object.fromEntries((item.CustomItem ?? []).map((c) => [c.Tag, c.Value])),
            addSource: item.AddSource ?? '',
            addWording: item.AddWording ?? '',
            ...(item.AddTime === undefined ? {} : { addTimeMs: item.AddTime * 1000 }),
          })),
        );
        return restOf(reply, resultItems);
      },
    }),
  );

  add(
    'friend_update',
    defineEndpoint({
      codes,
      body: z.object({
        From_Account: userID,
        UpdateItem: batch(record({ To_Account: userID, SnsItem: z.array(tagValue).min(1) }), {
          min: 1,
          max: 100,
          ...batchCode,
        }),
      }),
      async handle(ctx, body) {
        const actor = actorOf(ctx, body.From_Account);
        const results: FriendOperationResult[] = [];
        for (const item of body.UpdateItem) {
          const change: {
            friendRemark?: string;
            friendGroups?: string[];
            friendCustomInfo?: Record<string, string>;
          } = {};
          let bad: string | undefined;
          for (const { Tag, Value } of item.SnsItem) {
            if (Tag === 'Tag_SNS_IM_Remark' && typeof Value === 'string') change.friendRemark = Value;
            else if (Tag === 'Tag_SNS_IM_Group' && Array.isArray(Value)) change.friendGroups = Value;
            else if (Tag.startsWith('Tag_SNS_Custom_') && typeof Value === 'string')
              change.friendCustomInfo = { ...change.friendCustomInfo, [Tag]: Value };
            else bad = Tag;
          }
          if (bad !== undefined) {
            results.push({
              userID: item.To_Account,
              resultCode: ErrorCode.ERR_SVR_FRIENDSHIP_INVALID_PARAMETERS,
              resultInfo: `unknown tag or wrong value type: ${bad}`,
            });
            continue;
          }
          const reply = await f.setInfo(actor, item.To_Account, change);
          results.push({
            userID: item.To_Account,
            resultCode: reply.code,
            resultInfo: reply.code === 0 ? '' : reply.desc,
          });
        }
        return ok(resultItems(results));
      },
    }),
  );

  const deleteType = z.enum(['Delete_Type_Single', 'Delete_Type_Both']).optional();
  add(
    'friend_delete',
    defineEndpoint({
      codes,
      body: z.object({ From_Account: userID, To_Account: ids, DeleteType: deleteType }),
      async handle(ctx, body) {
        const reply = await f.delete(
          actorOf(ctx, body.From_Account),
          body.To_Account,
          body.DeleteType === 'Delete_Type_Single' ? FriendType.SINGLE : FriendType.BOTH,
        );
        return restOf(reply, (d) => resultItems(d.results));
      },
    }),
  );

  add(
    'friend_delete_all',
    defineEndpoint({
      codes,
      body: z.object({ From_Account: userID, DeleteType: deleteType }),
      async handle(ctx, body) {
        const reply = await f.deleteAll(
          actorOf(ctx, body.From_Account),
          body.DeleteType === 'Delete_Type_Both',
        );
        return restOf(reply, () => ({}));
      },
    }),
  );

  add(
    'friend_check',
    defineEndpoint({
      codes,
      body: z.object({
        From_Account: userID,
        To_Account: ids,
        CheckType: z.enum(['CheckResult_Type_Single', 'CheckResult_Type_Both']),
      }),
      async handle(ctx, body) {
        const single = body.CheckType === 'CheckResult_Type_Single';
        const reply = await f.check(
          actorOf(ctx, body.From_Account),
          body.To_Account,
          single ? FriendType.SINGLE : FriendType.BOTH,
        );
        return restOf(reply, (d) => ({
          InfoItem: d.results.map((r) => ({
            To_Account: r.userID,
            Relation: RELATION_NAMES[r.resultType],
            ResultCode: 0,
            ResultInfo: '',
          })),
          Fail_Account: [],
        }));
      },
    }),
  );

  add(
    'friend_get',
    defineEndpoint({
      codes,
      body: z.object({
        From_Account: userID,
        StartIndex: z.number().int().min(0),
        StandardSequence: z.number().int().optional(),
        CustomSequence: z.number().int().optional(),
      }),
      async handle(ctx, body) {
        const reply = await f.list(actorOf(ctx, body.From_Account));
        return restOf(reply, (d) => {
          const page = d.friendList.slice(body.StartIndex, body.StartIndex + FRIEND_PAGE);
          const next = body.StartIndex + page.length;
          const complete = next >= d.friendList.length;
          return {
            UserDataItem: page.map((friend) => ({ To_Account: friend.userID, ValueItem: snsItems(friend) })),
            StandardSequence: 0,
            CustomSequence: 0,
            FriendNum: d.friendList.length,
            NextStartIndex: complete ? 0 : next,
            CompleteFlag: complete ? 1 : 0,
          };
        });
      },
    }),
  );

  add(
    'friend_get_list',
    defineEndpoint({
      codes,
      body: z.object({ From_Account: userID, To_Account: ids, TagList: z.array(text).optional() }),
      async handle(ctx, body) {
        const reply = await f.info(actorOf(ctx, body.From_Account), body.To_Account);
        const tags = body.TagList;
        return restOf(reply, (d) => ({
          InfoItem: d.results.map((r) => ({
            To_Account: r.userID,
            ...(r.friendInfo === undefined
              ? { ResultCode: ErrorCode.ERR_SVR_FRIENDSHIP_INVALID_PARAMETERS, ResultInfo: 'not a friend' }
              : {
                  SnsProfileItem: snsItems(r.friendInfo).filter(
                    (item) => tags === undefined || tags.includes(item.Tag),
                  ),
                  ResultCode: 0,
                  ResultInfo: '',
                }),
          })),
          Fail_Account: d.results.filter((r) => r.friendInfo === undefined).map((r) => r.userID),
        }));
      },
    }),
  );

  add(
    'black_list_add',
    defineEndpoint({
      codes,
      body: z.object({ From_Account: userID, To_Account: ids }),
      async handle(ctx, body) {
        return restOf(await lists.block(actorOf(ctx, body.From_Account), body.To_Account), (d) =>
          resultItems(d.results),
        );
      },
    }),
  );

  add(
    'black_list_delete',
    defineEndpoint({
      codes,
      body: z.object({ From_Account: userID, To_Account: ids }),
      async handle(ctx, body) {
        return restOf(await lists.unblock(actorOf(ctx, body.From_Account), body.To_Account), (d) =>
          resultItems(d.results),
        );
      },
    }),
  );

  add(
    'black_list_get',
    defineEndpoint({
      codes,
      body: z.object({
        From_Account: userID,
        StartIndex: z.number().int().min(0),
        MaxLimited: z.number().int().min(1),
        LastSequence: z.number().int().min(0).optional(),
      }),
      async handle(ctx, body) {
        const reply = await lists.blockList(actorOf(ctx, body.From_Account));
        return restOf(reply, (d) => {
          const size = Math.min(body.MaxLimited, BLACKLIST_PAGE);
          const page = d.blackList.slice(body.StartIndex, body.StartIndex + size);
          const next = body.StartIndex + page.length;
          return {
            BlackListItem: page.map((b) => ({ To_Account: b.userID, AddBlackTimeStamp: b.friendAddTime })),
            StartIndex: next >= d.blackList.length ? 0 : next,
            CurruentSequence: 0,
          };
        });
      },
    }),
  );

  add(
    'black_list_check',
    defineEndpoint({
      codes,
      body: z.object({
        From_Account: userID,
        To_Account: ids,
        CheckType: z.enum(['BlackCheckResult_Type_Single', 'BlackCheckResult_Type_Both']),
      }),
      async handle(ctx, body) {
        const { storage } = ctx;
        const sdkAppID = ctx.app.sdkAppID;
        const me = body.From_Account;
        const mine = await storage.friends.blockedAmong(sdkAppID, me, body.To_Account);
        const theirs =
          body.CheckType === 'BlackCheckResult_Type_Both'
            ? await storage.friends.blockersAmong(sdkAppID, me, body.To_Account)
            : new Set<string>();
        return ok({
          BlackListCheckItem: body.To_Account.map((id) => {
            const relation =
              mine.has(id) && theirs.has(id)
                ? FriendRelation.BOTH_WAY
                : mine.has(id)
                  ? FriendRelation.IN_MY_LIST
                  : theirs.has(id)
                    ? FriendRelation.IN_OTHER_LIST
                    : FriendRelation.NONE;
            return {
              To_Account: id,
              Relation: BLACK_RELATION_NAMES[relation],
              ResultCode: 0,
              ResultInfo: '',
            };
          }),
          Fail_Account: [],
        });
      },
    }),
  );

  add(
    'group_add',
    defineEndpoint({
      codes,
      body: z.object({
        From_Account: userID,
        GroupName: batch(text, { min: 1, max: FRIEND_LIMITS.friendGroups, ...batchCode }),
        To_Account: z.array(userID).max(FRIEND_LIMITS.idsPerCall).optional(),
      }),
      async handle(ctx, body) {
        const actor = actorOf(ctx, body.From_Account);
        const existing = new Set(((await lists.groups(actor)).data?.groups ?? []).map((g) => g.groupName));
        let results: FriendOperationResult[] = [];
        for (const name of body.GroupName) {
          const reply = existing.has(name)
            ? await lists.addToGroup(actor, name, body.To_Account ?? [])
            : await lists.createGroup(actor, name, body.To_Account ?? []);
          if (reply.code !== 0) return fail(reply.code, reply.desc);
          results = reply.data?.results ?? [];
        }
        return ok({ ...resultItems(results), CurrentSequence: 0 });
      },
    }),
  );

  add(
    'group_delete',
    defineEndpoint({
      codes,
      body: z.object({
        From_Account: userID,
        GroupName: batch(text, { min: 1, max: FRIEND_LIMITS.friendGroups, ...batchCode }),
      }),
      async handle(ctx, body) {
        return restOf(await lists.deleteGroups(actorOf(ctx, body.From_Account), body.GroupName), () => ({
          CurrentSequence: 0,
        }));
      },
    }),
  );
  add(
    'group_get',
    defineEndpoint({
      codes,
      body: z.object({
        From_Account: userID,
        /** `Need_Friend_Type_Yes` lists each group's friends; otherwise only their number. */
        NeedFriend: z.enum(['Need_Friend_Type_Yes', 'Need_Friend_Type_No']).optional(),
        /** Accepted for compatibility; groups carry no sequence here (`CurrentSequence` is 0). */
        LastSequence: z.number().int().min(0).optional(),
        GroupName: z.array(text).max(FRIEND_LIMITS.friendGroups).optional(),
      }),
      async handle(ctx, body) {
        const withFriends = body.NeedFriend === 'Need_Friend_Type_Yes';
        return restOf(await lists.groups(actorOf(ctx, body.From_Account), body.GroupName), (data) => ({
          ResultItem: data.groups.map((g) => ({
            GroupName: g.groupName,
            FriendNumber: g.userCount,
            ...(withFriends ? { To_Account: g.friendList } : {}),
          })),
          CurrentSequence: 0,
        }));
      },
    }),
  );
  return endpoints;
}
