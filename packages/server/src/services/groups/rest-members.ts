/**
 * The member endpoints of `group_open_http_svc` (im-features.md §8.2): add, delete, page, modify,
 * roles and mutes, through the group service as the app admin.
 */
import { ErrorCode, GroupMemberRole } from '@parley/protocol';
import { z } from 'zod';
import { defineEndpoint, type RestEndpoint } from '../../rest/endpoint.js';
import { fail, ok } from '../../rest/envelope.js';
import { batch, flag, record, text, userID } from '../../rest/fields.js';
import { adminActor, groupID, keyValues, restMember, restReply, roleName } from './rest-fields.js';
import type { GroupService } from './service.js';

/** `MsgFlag` of `modify_group_member_info` as a receive option (`V2TimReceiveMessageOpt`). */
const MSG_FLAG_OPTS = { AcceptAndNotify: 0, Discard: 1, AcceptNotNotify: 2 } as const;

/** Members per `add_group_member`, `delete_group_member`, `get_role_in_group` and `forbid_send_msg` call. */
export const MAX_MEMBERS_PER_CALL = 500;
/** Members per `get_group_member_info` page when `Limit` is absent, and at most. */
export const MAX_MEMBER_PAGE = 6000;
/** Members per `import_group_member` call. */
export const MAX_IMPORT_MEMBERS = 300;

const batchCode = { countCode: ErrorCode.ERR_INVALID_BATCH_COUNT };
const accounts = batch(userID, { min: 1, max: MAX_MEMBERS_PER_CALL, ...batchCode });
/** Mute times up to the original's 0xFFFFFFFF seconds; 0 lifts a mute. */
const muteSeconds = z.number().int().min(0).max(0xffffffff);

export function createMemberEndpoints(service: GroupService): [string, RestEndpoint][] {
  const { members } = service;

  const addMembers = defineEndpoint({
    body: z.object({
      GroupId: groupID,
      // The original's "add without a tips message"; Parley records the tip and notifies anyway.
      Silence: flag.optional(),
      MemberList: batch(record({ Member_Account: userID }), {
        min: 1,
        max: MAX_MEMBERS_PER_CALL,
        ...batchCode,
      }),
    }),
    async handle(ctx, body) {
      const reply = await members.invite(adminActor(ctx.app.sdkAppID, ctx.admin), {
        groupID: body.GroupId,
        userList: body.MemberList.map((m) => m.Member_Account),
      });
      return restReply(reply, (data) => ({
        MemberList: data.results.map((r) => ({ Member_Account: r.memberID, Result: r.result })),
      }));
    },
  });

  const deleteMembers = defineEndpoint({
    body: z.object({
      GroupId: groupID,
      Silence: flag.optional(),
      Reason: text.optional(),
      MemberToDel_Account: accounts,
    }),
    async handle(ctx, body) {
      const reply = await members.kick(adminActor(ctx.app.sdkAppID, ctx.admin), {
        groupID: body.GroupId,
        memberList: body.MemberToDel_Account,
        ...(body.Reason === undefined ? {} : { reason: body.Reason }),
      });
      return restReply(reply);
    },
  });

  const memberInfo = defineEndpoint({
    body: z.object({
      GroupId: groupID,
      Limit: z.number().int().min(1).max(MAX_MEMBER_PAGE).optional(),
      Offset: z.number().int().min(0).optional(),
    }),
    async handle(ctx, body) {
      const group = await ctx.storage.groups.get(ctx.app.sdkAppID, body.GroupId);
      if (group === undefined) return fail(ErrorCode.ERR_SVR_GROUP_NOT_FOUND, body.GroupId);
      const offset = body.Offset ?? 0;
      const reply = await members.list(adminActor(ctx.app.sdkAppID, ctx.admin), {
        groupID: body.GroupId,
        nextSeq: String(offset),
        count: body.Limit ?? MAX_MEMBER_PAGE,
      });
      return restReply(reply, (data) => ({
        MemberNum: group.memberCount,
        MemberList: data.memberInfoList.map(restMember),
        Next: Number(data.nextSeq),
      }));
    },
  });

  const modifyMember = defineEndpoint({
    body: z.object({
      GroupId: groupID,
      Member_Account: userID,
      Role: z.enum(['Admin', 'Member']).optional(),
      NameCard: text.optional(),
      AppMemberDefinedData: keyValues.optional(),
      ShutUpTime: muteSeconds.optional(),
      /** The member's receive option (docs/users.md): the original's three flags. */
      MsgFlag: z.enum(['AcceptAndNotify', 'Discard', 'AcceptNotNotify']).optional(),
    }),
    async handle(ctx, body) {
      const actor = adminActor(ctx.app.sdkAppID, ctx.admin);
      const target = { groupID: body.GroupId, userID: body.Member_Account };
      if (body.Role !== undefined) {
        const role = body.Role === 'Admin' ? GroupMemberRole.ADMIN : GroupMemberRole.MEMBER;
        const reply = await members.setRole(actor, { ...target, role });
        if (reply.code !== 0) return restReply(reply);
      }
      if (body.NameCard !== undefined || body.AppMemberDefinedData !== undefined) {
        const reply = await members.setInfo(actor, {
          ...target,
          ...(body.NameCard === undefined ? {} : { nameCard: body.NameCard }),
          ...(body.AppMemberDefinedData === undefined ? {} : { customInfo: body.AppMemberDefinedData }),
        });
        if (reply.code !== 0) return restReply(reply);
      }
      if (body.ShutUpTime !== undefined) {
        const reply = await members.mute(actor, { ...target, seconds: body.ShutUpTime });
        if (reply.code !== 0) return restReply(reply);
      }
      if (body.MsgFlag !== undefined) {
        const opt = MSG_FLAG_OPTS[body.MsgFlag];
        const member = await ctx.storage.profiles.setGroupReceiveOpt(
          ctx.app.sdkAppID,
          body.GroupId,
          body.Member_Account,
          opt,
        );
        if (!member)
          return fail(ErrorCode.ERR_SVR_GROUP_PERMISSION_DENY, `${body.Member_Account} is not a member`);
      }
      return ok();
    },
  });

  const roles = defineEndpoint({
    body: z.object({ GroupId: groupID, User_Account: accounts }),
    async handle(ctx, body) {
      const { sdkAppID } = ctx.app;
      const group = await ctx.storage.groups.get(sdkAppID, body.GroupId);
      if (group === undefined) return fail(ErrorCode.ERR_SVR_GROUP_NOT_FOUND, body.GroupId);
      const found = new Map(
        (await ctx.storage.groups.membersByID(sdkAppID, body.GroupId, body.User_Account)).map((m) => [
          m.userID,
          m.role,
        ]),
      );
      return ok({
        UserIdList: body.User_Account.map((id) => {
          const role = found.get(id);
          return { Member_Account: id, Role: role === undefined ? 'NotMember' : roleName(role) };
        }),
      });
    },
  });

  const forbid = defineEndpoint({
    body: z.object({ GroupId: groupID, Members_Account: accounts, MuteTime: muteSeconds }),
    async handle(ctx, body) {
      const actor = adminActor(ctx.app.sdkAppID, ctx.admin);
      for (const id of new Set(body.Members_Account)) {
        const reply = await members.mute(actor, {
          groupID: body.GroupId,
          userID: id,
          seconds: body.MuteTime,
        });
        if (reply.code !== 0) return restReply(reply);
      }
      return ok();
    },
  });

  const muted = defineEndpoint({
    body: z.object({ GroupId: groupID }),
    async handle(ctx, body) {
      const { sdkAppID } = ctx.app;
      const group = await ctx.storage.groups.get(sdkAppID, body.GroupId);
      if (group === undefined) return fail(ErrorCode.ERR_SVR_GROUP_NOT_FOUND, body.GroupId);
      const now = ctx.now();
      const list = (await ctx.storage.groups.members(sdkAppID, body.GroupId))
        .filter((m) => m.muteUntil > now)
        .map((m) => ({ Member_Account: m.userID, ShuttedUntil: Math.floor(m.muteUntil / 1000) }));
      return ok({ GroupId: body.GroupId, ShuttedUinList: list });
    },
  });

  const importMembers = defineEndpoint({
    body: z.object({
      GroupId: groupID,
      MemberList: batch(
        record({
          Member_Account: userID,
          Role: z.enum(['Admin', 'Member']).optional(),
          JoinTime: z.number().int().min(0).optional(),
          UnreadMsgNum: z.number().int().min(0).optional(),
        }),
        { min: 1, max: MAX_IMPORT_MEMBERS, ...batchCode },
      ),
    }),
    async handle(ctx, body) {
      const { sdkAppID } = ctx.app;
      const now = ctx.now();
      const reply = await service.imports.members(
        adminActor(sdkAppID, ctx.admin),
        body.GroupId,
        body.MemberList.map((m) => ({
          userID: m.Member_Account,
          role: m.Role === 'Admin' ? GroupMemberRole.ADMIN : GroupMemberRole.MEMBER,
          joinTime: m.JoinTime === undefined ? now : m.JoinTime * 1000,
        })),
      );
      if (reply.code !== 0 || reply.data === undefined) return restReply(reply);
      const added = new Set(reply.data.added);
      for (const m of body.MemberList) {
        if (m.UnreadMsgNum !== undefined && added.has(m.Member_Account))
          await ctx.storage.groupLogs.setUnread(
            sdkAppID,
            m.Member_Account,
            body.GroupId,
            m.UnreadMsgNum,
            now * 1000,
          );
      }
      return ok({
        MemberList: reply.data.results.map((r) => ({ Member_Account: r.memberID, Result: r.result })),
      });
    },
  });

  const endpoints: [string, RestEndpoint][] = [
    ['import_group_member', importMembers],
    ['add_group_member', addMembers],
    ['delete_group_member', deleteMembers],
    ['get_group_member_info', memberInfo],
    ['modify_group_member_info', modifyMember],
    ['get_role_in_group', roles],
    ['forbid_send_msg', forbid],
    ['get_group_muted_account', muted],
    ['get_group_shutted_uin', muted],
  ];
  return endpoints.map(([command, endpoint]) => [`group_open_http_svc/${command}`, endpoint]);
}
