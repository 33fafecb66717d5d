/**
 * A group's life and who is in it by their own doing: create, join (free or by application),
 * quit, dismiss, and ownership transfer (im-features §3.1, §3.4).
 */
import { randomBytes } from 'node:crypto';
import {
  type CreateGroupRequest,
  ErrorCode,
  GroupAddOpt,
  GroupApplicationType,
  GroupInfoChangeType,
  GroupMemberResult,
  GroupMemberRole,
  type GroupOps,
  GroupTipsType,
  SERVER_GROUP_ID_PREFIX,
} from '@parley/protocol';
import type { GroupRecord, MemberRecord } from '../../storage/groups/index.js';
import { admit } from './admit.js';
import { GroupCallback, memberAccounts } from './callbacks.js';
import { type GroupActor, type GroupCore, requireRank } from './core.js';
import { answer, GroupError, ok, type Reply } from './result.js';
import { TYPE_RULES } from './rules.js';
import { checkProfile, isValidCustomGroupID } from './validation.js';

type R<O extends keyof GroupOps> = Promise<Reply<GroupOps[O]['reply']>>;
const { MEMBER, ADMIN, OWNER } = GroupMemberRole;

export class GroupLifecycle {
  constructor(private readonly core: GroupCore) {}

  /** Creates a group; `createTime` (ms) is REST `import_group`'s, kept instead of now. */
  create(
    actor: GroupActor,
    request: CreateGroupRequest,
    options: { createTime?: number } = {},
  ): R<'createGroup'> {
    return answer(async (): R<'createGroup'> => {
      const { sdkAppID } = actor;
      const rules = TYPE_RULES[request.groupType];
      const now = this.core.now();
      checkProfile(request);
      if (request.isSupportTopic && request.groupType !== 'Community')
        throw new GroupError(ErrorCode.ERR_SVR_GROUP_INVALID_PARAMETERS, 'isSupportTopic: Community only');
      const memberList = request.memberList ?? [];
      if (memberList.length > 0 && !rules.initialMembers)
        throw new GroupError(
          ErrorCode.ERR_SVR_GROUP_INVALID_PARAMETERS,
          'memberList: not for this group type',
        );
      for (const m of memberList) {
        const role = m.role ?? MEMBER;
        if (role === OWNER || (role === ADMIN && !rules.hasAdmins))
          throw new GroupError(
            ErrorCode.ERR_SVR_GROUP_INVALID_PARAMETERS,
            `memberList: role ${role} not allowed`,
          );
      }
      if (request.groupID !== undefined && !isValidCustomGroupID(request.groupID, request.isSupportTopic))
        throw new GroupError(ErrorCode.ERR_SVR_GROUP_INVALID_GROUPID, request.groupID);
      const app = await this.core.app(sdkAppID);
      const hooks = await this.core.hooks(actor);
      const createGroupNum = hooks.enabled
        ? await this.core.deps.storage.groups.joinedCount(sdkAppID, actor.userID)
        : 0;
      const creation = {
        Operator_Account: actor.userID,
        Owner_Account: actor.userID,
        Type: request.groupType,
        Name: request.groupName,
        CreateGroupNum: createGroupNum,
        MemberList: memberAccounts(memberList.map((m) => m.userID)),
      };
      await hooks.before(GroupCallback.BEFORE_CREATE, creation);
      const groupID =
        request.groupID ??
        `${SERVER_GROUP_ID_PREFIX}${request.isSupportTopic ? '_' : ''}${randomBytes(8).toString('hex')}`;
      const group: GroupRecord = {
        sdkAppID,
        groupID,
        type: request.groupType,
        parentGroupID: null,
        name: request.groupName,
        faceURL: request.faceUrl ?? '',
        introduction: request.introduction ?? '',
        notification: request.notification ?? '',
        ownerID: actor.userID,
        addOpt: request.addOpt ?? rules.defaultAddOpt,
        approveOpt: request.approveOpt ?? rules.defaultApproveOpt,
        allMuted: request.isAllMuted ?? false,
        customInfo: request.customInfo ?? {},
        createTime: options.createTime ?? now,
        lastInfoTime: now,
        memberCount: 1,
        maxMemberCount: 0,
        isSupportTopic: request.isSupportTopic ?? false,
        memberVersion: 1,
      };
      group.maxMemberCount = this.core.memberLimit(app, group);
      const created = await this.core.deps.storage.transaction(async (tx) => {
        if (rules.listed && (await tx.groups.joinedCount(sdkAppID, actor.userID)) >= app.maxJoinedGroups)
          throw new GroupError(ErrorCode.ERR_SVR_GROUP_JOINED_GROUP_LIMIT);
        if (!(await tx.groups.create(group, [{ userID: actor.userID, role: OWNER, joinTime: now }])))
          throw new GroupError(ErrorCode.ERR_SVR_GROUP_GROUPID_IN_USED, groupID);
        const others = memberList.filter((m) => m.userID !== actor.userID);
        const admission = await admit(
          { tx, group, self: undefined, rank: OWNER },
          app,
          others.map((m) => m.userID),
          now,
          hooks,
        );
        for (const m of others) {
          if (m.role === ADMIN && admission.admitted.includes(m.userID))
            await tx.groups.updateMember(sdkAppID, groupID, m.userID, { role: ADMIN });
        }
        const selfListed = memberList.some((m) => m.userID === actor.userID);
        await hooks.after(
          GroupCallback.AFTER_CREATE,
          {
            GroupId: groupID,
            ...creation,
            MemberList: memberAccounts([actor.userID, ...admission.admitted]),
            UserDefinedDataList: Object.entries(group.customInfo).map(([Key, Value]) => ({ Key, Value })),
          },
          tx,
        );
        return {
          admitted: admission.admitted,
          results: selfListed
            ? [{ memberID: actor.userID, result: GroupMemberResult.INVALID }, ...admission.results]
            : admission.results,
        };
      });
      const { events } = this.core;
      events.emit(sdkAppID, groupID, [actor.userID], { type: 'GroupCreated' }, actor.instanceID);
      await this.core.deps.logs.membersJoined(sdkAppID, groupID, [actor.userID, ...created.admitted], now);
      if (created.admitted.length > 0) {
        events.emit(sdkAppID, groupID, [actor.userID, ...created.admitted], {
          type: 'MemberInvited',
          opUser: actor.userID,
          userIDs: created.admitted,
        });
        await events.tips(sdkAppID, tips(group, GroupTipsType.INVITE, actor.userID, created.admitted), now);
      }
      return ok({ groupID, memberResults: created.results });
    });
  }

  join(actor: GroupActor, groupID: string, message: string): R<'joinGroup'> {
    return answer(async (): R<'joinGroup'> => {
      const app = await this.core.app(actor.sdkAppID);
      const hooks = await this.core.hooks(actor);
      if (hooks.enabled && !actor.isAppAdmin) {
        const { group } = await this.core.read(actor, groupID);
        await hooks.before(GroupCallback.BEFORE_APPLY_JOIN, {
          GroupId: groupID,
          Type: group.type,
          Requestor_Account: actor.userID,
        });
      }
      const now = this.core.now();
      const outcome = await this.core.locked(actor, groupID, async (locked) => {
        const { tx, group, self } = locked;
        const rules = TYPE_RULES[group.type];
        if (self !== undefined) {
          if (rules.stored) throw new GroupError(ErrorCode.ERR_SVR_GROUP_ALLREADY_MEMBER);
          // An AVChatRoom membership lasts one login (§3.1): joining again after a login renews it.
          await tx.groups.updateMember(actor.sdkAppID, groupID, actor.userID, { joinTime: now });
          return { pending: false as const, group, members: [] };
        }
        if (group.addOpt === GroupAddOpt.FORBID)
          throw new GroupError(ErrorCode.ERR_SVR_GROUP_PERMISSION_DENY, 'the group takes no join requests');
        if (group.addOpt === GroupAddOpt.AUTH && !actor.isAppAdmin) {
          await tx.groups.putApplication(actor.sdkAppID, {
            groupID,
            fromUser: actor.userID,
            toUser: '',
            type: GroupApplicationType.JOIN_APPROVED_BY_ADMIN,
            requestMsg: message,
            addTime: now,
            handleStatus: 0,
            handleResult: 0,
            handledMsg: '',
            handledBy: '',
          });
          const approvers = (
            await tx.groups.membersPage(actor.sdkAppID, groupID, {
              roles: [ADMIN, OWNER],
              offset: 0,
              limit: 1000,
            })
          ).map((m) => m.userID);
          return { pending: true as const, group, approvers };
        }
        const { admitted, results } = await admit(locked, app, [actor.userID], now, hooks);
        if (admitted.length === 0) throw new GroupError(admissionError(results[0]?.result));
        await hooks.after(
          GroupCallback.AFTER_NEW_MEMBER_JOIN,
          {
            GroupId: groupID,
            Type: group.type,
            JoinType: 'Apply',
            Operator_Account: actor.userID,
            NewMemberList: memberAccounts(admitted),
          },
          tx,
        );
        // Read only when the members are told (an AVChatRoom's join is one row, not O(members)).
        const members = rules.notifiesMembership ? await memberIDs(locked.tx, group) : [];
        return { pending: false as const, group, members };
      });
      const { events } = this.core;
      if (outcome.pending) {
        events.emit(actor.sdkAppID, groupID, outcome.approvers, {
          type: 'ReceiveJoinApplication',
          userID: actor.userID,
          message,
        });
        return ok({ status: 'WaitAdminApproval' as const });
      }
      await this.core.deps.logs.membersJoined(actor.sdkAppID, groupID, [actor.userID], now);
      if (TYPE_RULES[outcome.group.type].notifiesMembership)
        events.emit(actor.sdkAppID, groupID, outcome.members, {
          type: 'MemberEnter',
          userIDs: [actor.userID],
        });
      await events.tips(
        actor.sdkAppID,
        tips(outcome.group, GroupTipsType.JOIN, actor.userID, [actor.userID]),
        now,
      );
      return ok({ status: 'JoinedSuccess' as const });
    });
  }

  quit(actor: GroupActor, groupID: string): R<'quitGroup'> {
    return answer(async (): R<'quitGroup'> => {
      const now = this.core.now();
      const hooks = await this.core.hooks(actor);
      const done = await this.core.locked(actor, groupID, async ({ tx, group, self }) => {
        if (self === undefined) throw new GroupError(ErrorCode.ERR_SVR_GROUP_PERMISSION_DENY, 'not a member');
        await hooks.after(
          GroupCallback.AFTER_MEMBER_EXIT,
          {
            GroupId: groupID,
            Type: group.type,
            ExitType: 'Quit',
            Operator_Account: actor.userID,
            ExitMemberList: memberAccounts([actor.userID]),
          },
          tx,
        );
        let newOwner: MemberRecord | undefined;
        if (self.role === OWNER) {
          if (!TYPE_RULES[group.type].ownerMayQuit)
            throw new GroupError(ErrorCode.ERR_SVR_GROUP_SUPER_NOT_ALLOW_QUIT);
          // Ownership passes to the longest-standing member; the last one out ends the group.
          newOwner = (await tx.groups.membersPage(actor.sdkAppID, groupID, { offset: 0, limit: 2 })).find(
            (m) => m.userID !== actor.userID,
          );
          if (newOwner === undefined) {
            await tx.groups.delete(actor.sdkAppID, groupID);
            await hooks.after(
              GroupCallback.AFTER_GROUP_DESTROYED,
              destroyed(group, actor, [actor.userID]),
              tx,
            );
            return { group, remaining: [], dismissed: true, newOwner };
          }
          await tx.groups.updateMember(actor.sdkAppID, groupID, newOwner.userID, { role: OWNER });
          await tx.groups.update(actor.sdkAppID, groupID, { ownerID: newOwner.userID, lastInfoTime: now });
        }
        await tx.groups.removeMembers(actor.sdkAppID, groupID, [actor.userID]);
        group.memberCount -= 1;
        const rules = TYPE_RULES[group.type];
        const told = rules.notifiesMembership || newOwner !== undefined;
        return { group, remaining: told ? await memberIDs(tx, group) : [], dismissed: false, newOwner };
      });
      const { events } = this.core;
      const { sdkAppID, userID } = actor;
      events.emit(sdkAppID, groupID, [userID], { type: 'QuitFromGroup' }, actor.instanceID);
      if (done.dismissed) {
        await this.core.deps.logs.groupDismissed(sdkAppID, groupID, [userID], now);
        return ok({});
      }
      await this.core.deps.logs.membersLeft(sdkAppID, groupID, [userID], now);
      if (TYPE_RULES[done.group.type].notifiesMembership)
        events.emit(sdkAppID, groupID, done.remaining, { type: 'MemberLeave', userID });
      await events.tips(sdkAppID, tips(done.group, GroupTipsType.QUIT, userID, [userID]), now);
      if (done.newOwner !== undefined) {
        const changes = [{ type: GroupInfoChangeType.OWNER, value: done.newOwner.userID }];
        events.emit(sdkAppID, groupID, done.remaining, { type: 'GroupInfoChanged', changes });
        await events.tips(
          sdkAppID,
          { ...tips(done.group, GroupTipsType.GROUP_INFO_CHANGE, userID, []), groupChangeInfoList: changes },
          now,
        );
      }
      return ok({});
    });
  }

  dismiss(actor: GroupActor, groupID: string): R<'dismissGroup'> {
    return answer(async (): R<'dismissGroup'> => {
      const now = this.core.now();
      const hooks = await this.core.hooks(actor);
      const members = await this.core.locked(actor, groupID, async ({ tx, group, rank }) => {
        requireRank(rank, OWNER, 'only the owner dismisses a group');
        if (!actor.isAppAdmin && !TYPE_RULES[group.type].ownerMayDismiss)
          throw new GroupError(
            ErrorCode.ERR_SVR_GROUP_PERMISSION_DENY,
            'a Work group is dismissed by the app admin only',
          );
        const members = await memberIDs(tx, group);
        await tx.groups.delete(actor.sdkAppID, groupID);
        await hooks.after(GroupCallback.AFTER_GROUP_DESTROYED, destroyed(group, actor, members), tx);
        return members;
      });
      this.core.directory.forget(actor.sdkAppID, groupID);
      this.core.events.emit(actor.sdkAppID, groupID, members, {
        type: 'GroupDismissed',
        opUser: actor.userID,
      });
      await this.core.deps.logs.groupDismissed(actor.sdkAppID, groupID, members, now);
      return ok({});
    });
  }

  transferOwner(actor: GroupActor, groupID: string, userID: string): R<'transferGroupOwner'> {
    return answer(async (): R<'transferGroupOwner'> => {
      const now = this.core.now();
      const done = await this.core.locked(actor, groupID, async ({ tx, group, rank }) => {
        requireRank(rank, OWNER, 'only the owner transfers ownership');
        if (!TYPE_RULES[group.type].transferable)
          throw new GroupError(
            ErrorCode.ERR_SVR_GROUP_PERMISSION_DENY,
            'ownership of this group type cannot move',
          );
        const target = await tx.groups.member(actor.sdkAppID, groupID, userID);
        if (target === undefined)
          throw new GroupError(ErrorCode.ERR_SVR_GROUP_INVALID_PARAMETERS, `${userID} is not a member`);
        if (target.role === OWNER) return { group, members: [] as string[], changed: false };
        await tx.groups.updateMember(actor.sdkAppID, groupID, group.ownerID, { role: MEMBER });
        await tx.groups.updateMember(actor.sdkAppID, groupID, userID, { role: OWNER });
        await tx.groups.update(actor.sdkAppID, groupID, { ownerID: userID, lastInfoTime: now });
        return { group, members: await memberIDs(tx, group), changed: true };
      });
      if (done.changed) {
        const changes = [{ type: GroupInfoChangeType.OWNER, value: userID }];
        this.core.events.emit(actor.sdkAppID, groupID, done.members, { type: 'GroupInfoChanged', changes });
        await this.core.events.tips(
          actor.sdkAppID,
          {
            ...tips(done.group, GroupTipsType.GROUP_INFO_CHANGE, actor.userID, []),
            groupChangeInfoList: changes,
          },
          now,
        );
      }
      return ok({});
    });
  }
}

export async function memberIDs(
  tx: { groups: { members: (a: number, g: string) => Promise<MemberRecord[]> } },
  group: GroupRecord,
): Promise<string[]> {
  return (await tx.groups.members(group.sdkAppID, group.groupID)).map((m) => m.userID);
}

/** A tips element of a group event; `memberCount` is the count after the change. */
export function tips(group: GroupRecord, type: GroupTipsType, opMember: string, memberList: string[]) {
  return {
    elemType: 9 as const,
    groupID: group.groupID,
    type,
    opMember,
    memberList,
    memberCount: group.memberCount,
  };
}

/** The fields of `Group.CallbackAfterGroupDestroyed`. */
function destroyed(group: GroupRecord, actor: GroupActor, members: readonly string[]) {
  return {
    GroupId: group.groupID,
    Type: group.type,
    Name: group.name,
    Owner_Account: group.ownerID,
    Operator_Account: actor.userID,
    MemberList: memberAccounts(members),
  };
}

function admissionError(result: GroupMemberResult | undefined): number {
  if (result === GroupMemberResult.OVERLIMIT) return ErrorCode.ERR_SVR_GROUP_JOINED_GROUP_LIMIT;
  if (result === GroupMemberResult.INVALID) return ErrorCode.ERR_SVR_GROUP_ALLREADY_MEMBER;
  return ErrorCode.ERR_SVR_GROUP_INVALID_PARAMETERS;
}
