/**
 * Join requests and invitations waiting for approval (im-features §3.6): the list of those the
 * caller may handle, accept (the user joins), refuse, and the unread marker.
 */
import {
  ErrorCode,
  GROUP_LIMITS,
  type GroupApplicationKey,
  GroupApplicationType,
  GroupMemberRole,
  type GroupOps,
  GroupTipsType,
  type WireGroupApplication,
} from '@parley/protocol';
import { admit } from './admit.js';
import { GroupCallback, memberAccounts } from './callbacks.js';
import { type GroupActor, type GroupCore, requireRank } from './core.js';
import { memberIDs, tips } from './lifecycle.js';
import { answer, GroupError, ok, type Reply } from './result.js';
import { TYPE_RULES } from './rules.js';

type R<O extends keyof GroupOps> = Promise<Reply<GroupOps[O]['reply']>>;

export class GroupApplications {
  constructor(private readonly core: GroupCore) {}

  async list(actor: GroupActor): R<'getGroupApplicationList'> {
    const { groups } = this.core.deps.storage;
    const [applications, readAt] = await Promise.all([
      groups.applicationsFor(actor.sdkAppID, actor.userID, GROUP_LIMITS.applications),
      groups.applicationsReadAt(actor.sdkAppID, actor.userID),
    ]);
    const list: WireGroupApplication[] = applications.map((a) => ({
      groupID: a.groupID,
      fromUser: a.fromUser,
      toUser: a.toUser,
      addTime: a.addTime,
      requestMsg: a.requestMsg,
      handledMsg: a.handledMsg,
      applicationType: a.type as WireGroupApplication['applicationType'],
      handleStatus: a.handleStatus === 0 ? 0 : a.handledBy === actor.userID ? 2 : 1,
      handleResult: a.handleResult === 1 ? 1 : 0,
    }));
    const unreadCount = applications.filter((a) => a.handleStatus === 0 && a.addTime > readAt).length;
    return ok({ unreadCount, groupApplicationList: list });
  }

  async markRead(actor: GroupActor): R<'setGroupApplicationRead'> {
    await this.core.deps.storage.groups.setApplicationsReadAt(actor.sdkAppID, actor.userID, this.core.now());
    return ok({});
  }

  handle(actor: GroupActor, key: GroupApplicationKey, accept: boolean): R<'acceptGroupApplication'> {
    return answer(async (): R<'acceptGroupApplication'> => {
      const app = await this.core.app(actor.sdkAppID);
      const hooks = await this.core.hooks(actor);
      const now = this.core.now();
      const reason = key.reason ?? '';
      const done = await this.core.locked(actor, key.groupID, async (locked) => {
        const { tx, group, rank } = locked;
        const application = await tx.groups.application(
          actor.sdkAppID,
          key.groupID,
          key.fromUser,
          key.toUser ?? '',
        );
        if (application === undefined)
          throw new GroupError(ErrorCode.ERR_SVR_GROUP_INVALID_PARAMETERS, 'no such application');
        if (application.type === GroupApplicationType.INVITE_APPROVED_BY_INVITEE) {
          if (application.toUser !== actor.userID)
            throw new GroupError(ErrorCode.ERR_SVR_GROUP_PERMISSION_DENY);
        } else
          requireRank(
            rank,
            TYPE_RULES[group.type].hasAdmins ? GroupMemberRole.ADMIN : GroupMemberRole.OWNER,
            'owner and admins only',
          );
        if (application.handleStatus !== 0)
          throw new GroupError(ErrorCode.ERR_SVR_GROUP_REQ_ALLREADY_BEEN_PROCESSED);
        const joiner = application.toUser === '' ? application.fromUser : application.toUser;
        let admitted: string[] = [];
        if (accept) {
          const admission = await admit(locked, app, [joiner], now, hooks);
          admitted = admission.admitted;
          if (admitted.length > 0)
            await hooks.after(
              GroupCallback.AFTER_NEW_MEMBER_JOIN,
              {
                GroupId: group.groupID,
                Type: group.type,
                // A join request approved is an `Apply`; an invitation accepted or approved, `Invited`.
                JoinType: application.toUser === '' ? 'Apply' : 'Invited',
                Operator_Account: actor.userID,
                NewMemberList: memberAccounts(admitted),
              },
              tx,
            );
          // Joined meanwhile by other means: the application is simply done.
          const result = admission.results[0]?.result;
          if (admitted.length === 0 && result !== 2)
            throw new GroupError(
              result === 4
                ? ErrorCode.ERR_SVR_GROUP_JOINED_GROUP_LIMIT
                : ErrorCode.ERR_SVR_GROUP_INVALID_PARAMETERS,
              joiner,
            );
        }
        await tx.groups.putApplication(actor.sdkAppID, {
          ...application,
          handleStatus: 1,
          handleResult: accept ? 1 : 0,
          handledMsg: reason,
          handledBy: actor.userID,
        });
        return {
          group,
          application,
          joiner,
          admitted,
          members: admitted.length > 0 ? await memberIDs(tx, group) : [],
        };
      });
      const { events } = this.core;
      const { sdkAppID } = actor;
      events.emit(sdkAppID, key.groupID, [done.application.fromUser], {
        type: 'ApplicationProcessed',
        opUser: actor.userID,
        isAgreeJoin: accept,
        opReason: reason,
      });
      if (done.admitted.length > 0) {
        await this.core.deps.logs.membersJoined(sdkAppID, key.groupID, done.admitted, now);
        const invited = done.application.toUser !== '';
        if (invited)
          events.emit(sdkAppID, key.groupID, done.members, {
            type: 'MemberInvited',
            opUser: done.application.fromUser,
            userIDs: done.admitted,
          });
        else if (TYPE_RULES[done.group.type].notifiesMembership)
          events.emit(sdkAppID, key.groupID, done.members, { type: 'MemberEnter', userIDs: done.admitted });
        await events.tips(
          sdkAppID,
          tips(
            done.group,
            invited ? GroupTipsType.INVITE : GroupTipsType.JOIN,
            invited ? done.application.fromUser : done.joiner,
            done.admitted,
          ),
          now,
        );
      }
      return ok({});
    });
  }
}
