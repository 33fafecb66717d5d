/**
 * Members as others see and manage them (im-features §3.5): lists, profiles in the group, invite,
 * kick, roles and mute. Who may do what to whom follows the type rules and the ranks owner > admin >
 * member; the app admin ranks as owner.
 */
import {
  ErrorCode,
  GroupAddOpt,
  GroupApplicationType,
  GroupMemberFilter,
  type GroupMemberOperationResult,
  GroupMemberResult,
  GroupMemberRole,
  type GroupOps,
  GroupTipsType,
} from '@parley/protocol';
import type { MemberRecord } from '../../storage/groups/index.js';
import { admit } from './admit.js';
import { GroupCallback, memberAccounts } from './callbacks.js';
import { type GroupActor, type GroupCore, requireRank, toWireMember } from './core.js';
import { memberIDs, tips } from './lifecycle.js';
import { answer, GroupError, ok, type Reply } from './result.js';
import { TYPE_RULES } from './rules.js';
import { checkCustomInfo } from './validation.js';

type R<O extends keyof GroupOps> = Promise<Reply<GroupOps[O]['reply']>>;
type Req<O extends keyof GroupOps> = GroupOps[O]['request'];
const { MEMBER, ADMIN, OWNER } = GroupMemberRole;
const DEFAULT_PAGE = 100;
const FILTER_ROLES: Record<number, readonly GroupMemberRole[] | undefined> = {
  [GroupMemberFilter.ALL]: undefined,
  [GroupMemberFilter.OWNER]: [OWNER],
  [GroupMemberFilter.ADMIN]: [ADMIN],
  [GroupMemberFilter.COMMON]: [MEMBER],
};

export class GroupMembers {
  constructor(private readonly core: GroupCore) {}

  list(actor: GroupActor, request: Req<'getGroupMemberList'>): R<'getGroupMemberList'> {
    return answer(async (): R<'getGroupMemberList'> => {
      const { group, rank, self } = await this.core.read(actor, request.groupID);
      requireRank(rank, MEMBER, 'members only');
      await this.core.requireInRoom(actor, group, self);
      const offset = Number(request.nextSeq ?? '0');
      const limit = request.count ?? DEFAULT_PAGE;
      const roles = FILTER_ROLES[request.filter ?? GroupMemberFilter.ALL];
      const page = await this.core.deps.storage.groups.membersPage(actor.sdkAppID, group.groupID, {
        ...(roles === undefined ? {} : { roles }),
        offset,
        limit: limit + 1,
      });
      const more = page.length > limit;
      return ok({
        nextSeq: more ? String(offset + limit) : '0',
        memberInfoList: page.slice(0, limit).map(toWireMember),
      });
    });
  }

  info(actor: GroupActor, request: Req<'getGroupMembersInfo'>): R<'getGroupMembersInfo'> {
    return answer(async (): R<'getGroupMembersInfo'> => {
      const { rank } = await this.core.read(actor, request.groupID);
      requireRank(rank, MEMBER, 'members only');
      const members = await this.core.deps.storage.groups.membersByID(
        actor.sdkAppID,
        request.groupID,
        request.memberList,
      );
      return ok({ memberInfoList: members.map(toWireMember) });
    });
  }

  setInfo(actor: GroupActor, request: Req<'setGroupMemberInfo'>): R<'setGroupMemberInfo'> {
    return answer(async (): R<'setGroupMemberInfo'> => {
      checkCustomInfo(request.customInfo);
      await this.core.locked(actor, request.groupID, async ({ tx, group, rank }) => {
        const target = await this.#member(
          tx.groups.member(actor.sdkAppID, group.groupID, request.userID),
          request.userID,
        );
        if (request.userID !== actor.userID) this.#outrank(rank, target, TYPE_RULES[group.type].hasAdmins);
        await tx.groups.updateMember(actor.sdkAppID, group.groupID, request.userID, {
          ...(request.nameCard === undefined ? {} : { nameCard: request.nameCard }),
          ...(request.customInfo === undefined
            ? {}
            : { customInfo: { ...target.customInfo, ...request.customInfo } }),
        });
      });
      return ok({});
    });
  }

  invite(actor: GroupActor, request: Req<'inviteUserToGroup'>): R<'inviteUserToGroup'> {
    return answer(async (): R<'inviteUserToGroup'> => {
      const app = await this.core.app(actor.sdkAppID);
      const hooks = await this.core.hooks(actor);
      // The app may refuse some of the invitees (`RefusedMembers_Account`); they are not added.
      const refused = new Set<string>();
      if (hooks.enabled) {
        const { group } = await this.core.read(actor, request.groupID);
        const reply = await hooks.before(GroupCallback.BEFORE_INVITE_JOIN, {
          GroupId: group.groupID,
          Type: group.type,
          Operator_Account: actor.userID,
          DestinationMembers: memberAccounts([...new Set(request.userList)]),
        });
        const list = reply?.RefusedMembers_Account;
        if (Array.isArray(list)) for (const id of list) if (typeof id === 'string') refused.add(id);
      }
      const userList = request.userList.filter((id) => !refused.has(id));
      const refusedResults = [...refused]
        .filter((id) => request.userList.includes(id))
        .map((memberID): GroupMemberOperationResult => ({ memberID, result: GroupMemberResult.FAIL }));
      const now = this.core.now();
      const done = await this.core.locked(actor, request.groupID, async (locked) => {
        const { tx, group, rank } = locked;
        const rules = TYPE_RULES[group.type];
        requireRank(rank, MEMBER, 'members only');
        if (!rules.invitable)
          throw new GroupError(ErrorCode.ERR_SVR_GROUP_PERMISSION_DENY, 'no invitations to this group type');
        const free = rank >= ADMIN || rules.membersInviteFreely || group.approveOpt === GroupAddOpt.ANY;
        if (!free && group.approveOpt === GroupAddOpt.FORBID)
          throw new GroupError(
            ErrorCode.ERR_SVR_GROUP_PERMISSION_DENY,
            'members may not invite to this group',
          );
        if (!free) {
          // An ordinary member's invitation waits for an admin (groupApproveOpt AUTH).
          const existing = new Set(
            (await tx.groups.membersByID(actor.sdkAppID, group.groupID, userList)).map((m) => m.userID),
          );
          const results = [...refusedResults];
          const pending: string[] = [];
          for (const userID of new Set(userList)) {
            if (existing.has(userID)) {
              results.push({ memberID: userID, result: GroupMemberResult.INVALID });
              continue;
            }
            await tx.groups.putApplication(actor.sdkAppID, {
              groupID: group.groupID,
              fromUser: actor.userID,
              toUser: userID,
              type: GroupApplicationType.INVITE_APPROVED_BY_ADMIN,
              requestMsg: '',
              addTime: now,
              handleStatus: 0,
              handleResult: 0,
              handledMsg: '',
              handledBy: '',
            });
            pending.push(userID);
            results.push({ memberID: userID, result: GroupMemberResult.PENDING });
          }
          const approvers = await tx.groups.membersPage(actor.sdkAppID, group.groupID, {
            roles: [ADMIN, OWNER],
            offset: 0,
            limit: 1000,
          });
          return {
            group,
            results,
            admitted: [] as string[],
            pending,
            approvers: approvers.map((m) => m.userID),
            members: [] as string[],
          };
        }
        const { admitted, results } = await admit(locked, app, userList, now, hooks);
        if (admitted.length > 0)
          await hooks.after(
            GroupCallback.AFTER_NEW_MEMBER_JOIN,
            {
              GroupId: group.groupID,
              Type: group.type,
              JoinType: 'Invited',
              Operator_Account: actor.userID,
              NewMemberList: memberAccounts(admitted),
            },
            tx,
          );
        return {
          group,
          results: [...refusedResults, ...results],
          admitted,
          pending: [] as string[],
          approvers: [] as string[],
          members: await memberIDs(tx, group),
        };
      });
      const { events } = this.core;
      const { sdkAppID } = actor;
      for (const userID of done.pending)
        events.emit(sdkAppID, request.groupID, done.approvers, {
          type: 'ReceiveJoinApplication',
          userID,
          message: '',
        });
      if (done.admitted.length > 0) {
        await this.core.deps.logs.membersJoined(sdkAppID, request.groupID, done.admitted, now);
        events.emit(sdkAppID, request.groupID, done.members, {
          type: 'MemberInvited',
          opUser: actor.userID,
          userIDs: done.admitted,
        });
        await events.tips(sdkAppID, tips(done.group, GroupTipsType.INVITE, actor.userID, done.admitted), now);
      }
      return ok({ results: done.results });
    });
  }

  kick(actor: GroupActor, request: Req<'kickGroupMember'>): R<'kickGroupMember'> {
    return answer(async (): R<'kickGroupMember'> => {
      const now = this.core.now();
      const hooks = await this.core.hooks(actor);
      const done = await this.core.locked(actor, request.groupID, async ({ tx, group, rank }) => {
        const rules = TYPE_RULES[group.type];
        requireRank(rank, rules.adminsKick ? ADMIN : OWNER, 'not allowed to kick in this group');
        const targets = new Map(
          (await tx.groups.membersByID(actor.sdkAppID, group.groupID, request.memberList)).map((m) => [
            m.userID,
            m,
          ]),
        );
        const results = [];
        const kicked: string[] = [];
        for (const userID of new Set(request.memberList)) {
          const target = targets.get(userID);
          if (target === undefined || userID === actor.userID) {
            results.push({ memberID: userID, result: GroupMemberResult.INVALID });
            continue;
          }
          this.#outrank(rank, target, rules.hasAdmins);
          kicked.push(userID);
          results.push({ memberID: userID, result: GroupMemberResult.SUCC });
        }
        const members = await memberIDs(tx, group);
        await tx.groups.removeMembers(actor.sdkAppID, group.groupID, kicked);
        group.memberCount -= kicked.length;
        if (kicked.length > 0)
          await hooks.after(
            GroupCallback.AFTER_MEMBER_EXIT,
            {
              GroupId: group.groupID,
              Type: group.type,
              ExitType: 'Kicked',
              Operator_Account: actor.userID,
              ExitMemberList: memberAccounts(kicked),
            },
            tx,
          );
        return { group, results, kicked, members };
      });
      if (done.kicked.length > 0) {
        const { sdkAppID } = actor;
        await this.core.deps.logs.membersLeft(sdkAppID, request.groupID, done.kicked, now);
        this.core.events.emit(sdkAppID, request.groupID, done.members, {
          type: 'MemberKicked',
          opUser: actor.userID,
          userIDs: done.kicked,
        });
        await this.core.events.tips(
          sdkAppID,
          tips(done.group, GroupTipsType.KICKED, actor.userID, done.kicked),
          now,
        );
      }
      return ok({ results: done.results });
    });
  }

  setRole(actor: GroupActor, request: Req<'setGroupMemberRole'>): R<'setGroupMemberRole'> {
    return answer(async (): R<'setGroupMemberRole'> => {
      const now = this.core.now();
      if (request.role !== ADMIN && request.role !== MEMBER)
        throw new GroupError(ErrorCode.ERR_SVR_GROUP_INVALID_PARAMETERS, 'role: member or admin');
      const done = await this.core.locked(actor, request.groupID, async ({ tx, group, rank }) => {
        requireRank(rank, OWNER, 'only the owner grants or revokes admin');
        if (!TYPE_RULES[group.type].hasAdmins)
          throw new GroupError(ErrorCode.ERR_SVR_GROUP_PERMISSION_DENY, 'this group type has no admins');
        const target = await this.#member(
          tx.groups.member(actor.sdkAppID, group.groupID, request.userID),
          request.userID,
        );
        if (target.role === OWNER)
          throw new GroupError(ErrorCode.ERR_SVR_GROUP_PERMISSION_DENY, "the owner's role does not change");
        if (target.role === request.role) return { group, changed: false, members: [] as string[] };
        await tx.groups.updateMember(actor.sdkAppID, group.groupID, request.userID, { role: request.role });
        return { group, changed: true, members: await memberIDs(tx, group) };
      });
      if (done.changed) {
        const grant = request.role === ADMIN;
        const { sdkAppID } = actor;
        if (TYPE_RULES[done.group.type].notifiesMembership)
          this.core.events.emit(sdkAppID, request.groupID, done.members, {
            type: grant ? 'GrantAdministrator' : 'RevokeAdministrator',
            opUser: actor.userID,
            userIDs: [request.userID],
          });
        await this.core.events.tips(
          sdkAppID,
          tips(done.group, grant ? GroupTipsType.SET_ADMIN : GroupTipsType.CANCEL_ADMIN, actor.userID, [
            request.userID,
          ]),
          now,
        );
      }
      return ok({});
    });
  }

  mute(actor: GroupActor, request: Req<'muteGroupMember'>): R<'muteGroupMember'> {
    return answer(async (): R<'muteGroupMember'> => {
      const now = this.core.now();
      const done = await this.core.locked(actor, request.groupID, async ({ tx, group, rank }) => {
        const rules = TYPE_RULES[group.type];
        if (!rules.mutable)
          throw new GroupError(ErrorCode.ERR_SVR_GROUP_PERMISSION_DENY, 'this group type has no muting');
        requireRank(rank, rules.adminsMute ? ADMIN : OWNER, 'not allowed to mute in this group');
        const target = await this.#member(
          tx.groups.member(actor.sdkAppID, group.groupID, request.userID),
          request.userID,
        );
        this.#outrank(rank, target, rules.hasAdmins);
        const muteUntil = request.seconds === 0 ? 0 : now + request.seconds * 1000;
        await tx.groups.updateMember(actor.sdkAppID, group.groupID, request.userID, { muteUntil });
        return { group, members: await memberIDs(tx, group) };
      });
      const changes = [{ userID: request.userID, muteTime: request.seconds }];
      if (TYPE_RULES[done.group.type].notifiesMemberInfo)
        this.core.events.emit(actor.sdkAppID, request.groupID, done.members, {
          type: 'MemberInfoChanged',
          changes,
        });
      await this.core.events.tips(
        actor.sdkAppID,
        {
          ...tips(done.group, GroupTipsType.MEMBER_INFO_CHANGE, actor.userID, [request.userID]),
          memberChangeInfoList: changes,
        },
        now,
      );
      return ok({});
    });
  }

  async #member(read: Promise<MemberRecord | undefined>, userID: string): Promise<MemberRecord> {
    const member = await read;
    if (member === undefined)
      throw new GroupError(ErrorCode.ERR_SVR_GROUP_INVALID_PARAMETERS, `${userID} is not a member`);
    return member;
  }

  /** The actor must rank above the target: the owner over everyone, an admin over ordinary members. */
  #outrank(rank: number, target: MemberRecord, hasAdmins: boolean): void {
    const needed = target.role === MEMBER && hasAdmins ? ADMIN : OWNER;
    if (rank < needed || target.role === OWNER)
      throw new GroupError(ErrorCode.ERR_SVR_GROUP_PERMISSION_DENY, `not allowed to act on ${target.userID}`);
  }
}
