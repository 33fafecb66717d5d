/**
 * The group REST endpoints of an app backend (im-features.md §8.2, `group_open_http_svc`): groups'
 * life and profiles here, members in rest-members.ts. They act through the same group service as
 * the SDK, as the app admin with owner rights in any group (§3.2), so the rules, the events to
 * clients, the tips in history and the `Group.*` callbacks are the same.
 */
import { ErrorCode, GroupMemberRole } from '@parley/protocol';
import { z } from 'zod';
import type { Bus } from '../../bus/bus.js';
import { defineEndpoint, type RestEndpoint } from '../../rest/endpoint.js';
import { fail, ok } from '../../rest/envelope.js';
import { batch, record, text, userID } from '../../rest/fields.js';
import { createAttributeEndpoints } from './rest-attributes.js';
import {
  adminActor,
  groupID,
  groupType,
  joinOption,
  keyValues,
  onOff,
  restGroup,
  restReply,
  toGroupType,
} from './rest-fields.js';
import { createMemberEndpoints, MAX_MEMBERS_PER_CALL } from './rest-members.js';
import type { GroupService } from './service.js';

/** Initial members per `create_group` call. */
export const MAX_CREATE_MEMBERS = 100;
/** Group IDs per `get_appid_group_list` page, and the page when `Limit` is absent. */
export const MAX_APP_GROUP_PAGE = 10_000;
/** Groups per `get_group_info` call. */
export const MAX_GROUP_INFO_IDS = 50;

const batchCode = { countCode: ErrorCode.ERR_INVALID_BATCH_COUNT };
const profileFields = {
  Name: text.optional(),
  Introduction: text.optional(),
  Notification: text.optional(),
  FaceUrl: text.optional(),
  ApplyJoinOption: joinOption.optional(),
  InviteJoinOption: joinOption.optional(),
  AppDefinedData: keyValues.optional(),
};

const createBody = z.object({
  ...profileFields,
  Owner_Account: userID.optional(),
  Type: groupType,
  GroupId: text.optional(),
  Name: text,
  MaxMemberCount: z.number().int().min(0).optional(),
  SupportTopic: z.literal([0, 1]).optional(),
  MemberList: batch(record({ Member_Account: userID, Role: z.enum(['Admin', 'Member']).optional() }), {
    min: 0,
    max: MAX_CREATE_MEMBERS,
    ...batchCode,
  }).optional(),
});

type CreateBody = Omit<z.output<typeof createBody>, 'MemberList'> & {
  MemberList?: z.output<typeof createBody>['MemberList'];
};

const modifyBody = z.object({
  ...profileFields,
  GroupId: groupID,
  ShutUpAllMember: onOff.optional(),
});

export function createGroupEndpoints(
  service: GroupService,
  bus: Pick<Bus, 'instancesOf'>,
): ReadonlyMap<string, RestEndpoint> {
  const { lifecycle, profiles } = service;

  const create = (sdkAppID: number, admin: string, body: CreateBody, createTime?: number) => {
    // Without Owner_Account the calling admin owns the group (and is its first member).
    const owner = body.Owner_Account ?? admin;
    return lifecycle.create(
      adminActor(sdkAppID, owner),
      {
        groupType: toGroupType(body.Type),
        groupName: body.Name,
        ...(body.GroupId === undefined ? {} : { groupID: body.GroupId }),
        ...(body.Introduction === undefined ? {} : { introduction: body.Introduction }),
        ...(body.Notification === undefined ? {} : { notification: body.Notification }),
        ...(body.FaceUrl === undefined ? {} : { faceUrl: body.FaceUrl }),
        ...(body.ApplyJoinOption === undefined ? {} : { addOpt: body.ApplyJoinOption }),
        ...(body.InviteJoinOption === undefined ? {} : { approveOpt: body.InviteJoinOption }),
        ...(body.AppDefinedData === undefined ? {} : { customInfo: body.AppDefinedData }),
        ...(body.SupportTopic === 1 ? { isSupportTopic: true } : {}),
        memberList: (body.MemberList ?? []).map((m) => ({
          userID: m.Member_Account,
          role: m.Role === 'Admin' ? GroupMemberRole.ADMIN : GroupMemberRole.MEMBER,
        })),
      },
      createTime === undefined ? {} : { createTime },
    );
  };

  const createGroup = defineEndpoint({
    body: createBody,
    async handle(ctx, body) {
      const reply = await create(ctx.app.sdkAppID, ctx.admin, body);
      return restReply(reply, (data) => ({ GroupId: data.groupID }));
    },
  });

  const importGroup = defineEndpoint({
    body: createBody.omit({ MemberList: true }).extend({ CreateTime: z.number().int().min(0).optional() }),
    async handle(ctx, body) {
      const createTime = body.CreateTime === undefined ? undefined : body.CreateTime * 1000;
      const reply = await create(ctx.app.sdkAppID, ctx.admin, body, createTime);
      return restReply(reply, (data) => ({ GroupId: data.groupID }));
    },
  });

  const getGroupInfo = defineEndpoint({
    body: z.object({
      GroupIdList: batch(groupID, { min: 1, max: MAX_GROUP_INFO_IDS, ...batchCode }),
    }),
    async handle(ctx, body) {
      const reply = await profiles.info(adminActor(ctx.app.sdkAppID, ctx.admin), body.GroupIdList);
      return restReply(reply, (data) => ({
        GroupInfo: data.results.map((r) =>
          r.groupInfo === undefined
            ? { GroupId: r.groupID, ErrorCode: r.resultCode, ErrorInfo: r.resultMessage }
            : { ...restGroup(r.groupInfo), ErrorCode: 0, ErrorInfo: '' },
        ),
      }));
    },
  });

  const modifyGroup = defineEndpoint({
    body: modifyBody,
    async handle(ctx, body) {
      const reply = await profiles.set(adminActor(ctx.app.sdkAppID, ctx.admin), {
        groupID: body.GroupId,
        ...(body.Name === undefined ? {} : { groupName: body.Name }),
        ...(body.Introduction === undefined ? {} : { introduction: body.Introduction }),
        ...(body.Notification === undefined ? {} : { notification: body.Notification }),
        ...(body.FaceUrl === undefined ? {} : { faceUrl: body.FaceUrl }),
        ...(body.ApplyJoinOption === undefined ? {} : { addOpt: body.ApplyJoinOption }),
        ...(body.InviteJoinOption === undefined ? {} : { approveOpt: body.InviteJoinOption }),
        ...(body.AppDefinedData === undefined ? {} : { customInfo: body.AppDefinedData }),
        ...(body.ShutUpAllMember === undefined ? {} : { isAllMuted: body.ShutUpAllMember }),
      });
      return restReply(reply);
    },
  });

  const destroyGroup = defineEndpoint({
    body: z.object({ GroupId: groupID }),
    async handle(ctx, body) {
      return restReply(await lifecycle.dismiss(adminActor(ctx.app.sdkAppID, ctx.admin), body.GroupId));
    },
  });

  const changeOwner = defineEndpoint({
    body: z.object({ GroupId: groupID, NewOwner_Account: userID }),
    async handle(ctx, body) {
      const actor = adminActor(ctx.app.sdkAppID, ctx.admin);
      return restReply(await lifecycle.transferOwner(actor, body.GroupId, body.NewOwner_Account));
    },
  });

  const joinedGroups = defineEndpoint({
    body: z.object({
      Member_Account: userID,
      Limit: z.number().int().min(1).optional(),
      Offset: z.number().int().min(0).optional(),
      GroupType: groupType.optional(),
    }),
    async handle(ctx, body) {
      const reply = await profiles.joinedList({ ...adminActor(ctx.app.sdkAppID, body.Member_Account) });
      if (reply.code !== 0 || reply.data === undefined) return restReply(reply);
      const type = body.GroupType === undefined ? undefined : toGroupType(body.GroupType);
      const all = reply.data.groupList.filter((g) => type === undefined || g.groupType === type);
      const offset = body.Offset ?? 0;
      const page = all.slice(offset, body.Limit === undefined ? undefined : offset + body.Limit);
      return ok({ TotalCount: all.length, GroupIdList: page.map(restGroup) });
    },
  });

  const onlineMembers = defineEndpoint({
    body: z.object({ GroupId: groupID }),
    async handle(ctx, body) {
      const { sdkAppID } = ctx.app;
      const group = await ctx.storage.groups.get(sdkAppID, body.GroupId);
      if (group === undefined) return fail(ErrorCode.ERR_SVR_GROUP_NOT_FOUND, body.GroupId);
      const members = await ctx.storage.groups.members(sdkAppID, body.GroupId);
      const online = await Promise.all(
        members.map(async (m) => (await bus.instancesOf(sdkAppID, m.userID)).some((p) => p.connected)),
      );
      return ok({ OnlineMemberNum: online.filter(Boolean).length });
    },
  });

  const systemNotification = defineEndpoint({
    body: z.object({
      GroupId: groupID,
      Content: text,
      ToMembers_Account: batch(userID, { min: 0, max: MAX_MEMBERS_PER_CALL, ...batchCode }).optional(),
    }),
    async handle(ctx, body) {
      const { sdkAppID } = ctx.app;
      const group = await ctx.storage.groups.get(sdkAppID, body.GroupId);
      if (group === undefined) return fail(ErrorCode.ERR_SVR_GROUP_NOT_FOUND, body.GroupId);
      const to = body.ToMembers_Account ?? [];
      // To the listed members (who are members), or to every member when the list is empty.
      const members =
        to.length > 0
          ? await ctx.storage.groups.membersByID(sdkAppID, body.GroupId, to)
          : await ctx.storage.groups.members(sdkAppID, body.GroupId);
      service.events.emit(
        sdkAppID,
        body.GroupId,
        members.map((m) => m.userID),
        { type: 'ReceiveRESTCustomData', data: body.Content },
      );
      return ok();
    },
  });

  const appGroups = defineEndpoint({
    body: z.object({
      Limit: z.number().int().min(1).max(MAX_APP_GROUP_PAGE).optional(),
      Next: z.number().int().min(0).optional(),
      GroupType: groupType.optional(),
    }),
    async handle(ctx, body) {
      const offset = body.Next ?? 0;
      const limit = body.Limit ?? MAX_APP_GROUP_PAGE;
      const page = await ctx.storage.groups.listIDs(ctx.app.sdkAppID, {
        offset,
        limit,
        ...(body.GroupType === undefined ? {} : { type: toGroupType(body.GroupType) }),
      });
      const next = offset + page.groupIDs.length;
      return ok({
        TotalCount: page.total,
        GroupIdList: page.groupIDs.map((id) => ({ GroupId: id })),
        // The offset of the next page: 0 once the last page is answered.
        Next: next < page.total ? next : 0,
      });
    },
  });

  const endpoints: [string, RestEndpoint][] = [
    ['get_appid_group_list', appGroups],
    ['create_group', createGroup],
    ['import_group', importGroup],
    ['get_group_info', getGroupInfo],
    ['modify_group_base_info', modifyGroup],
    ['destroy_group', destroyGroup],
    ['change_group_owner', changeOwner],
    ['get_joined_group_list', joinedGroups],
    ['get_online_member_num', onlineMembers],
    ['send_group_system_notification', systemNotification],
  ];
  return new Map([
    ...endpoints.map(([command, endpoint]) => [`group_open_http_svc/${command}`, endpoint] as const),
    ...createMemberEndpoints(service),
    ...createAttributeEndpoints(service),
  ]);
}
