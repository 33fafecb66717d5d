/**
 * Reading and editing group profiles (im-features §3.3–3.4): joined groups, per-group info,
 * search, online member count, `setGroupInfo` and mute-all.
 */
import {
  describeError,
  ErrorCode,
  type GroupInfoChange,
  GroupInfoChangeType,
  GroupMemberRole,
  type GroupOps,
  GroupTipsType,
  type SetGroupInfoRequest,
  type WireGroupInfo,
} from '@parley/protocol';
import type { GroupPatch, GroupRecord } from '../../storage/groups/index.js';
import { GroupCallback } from './callbacks.js';
import { type GroupActor, type GroupCore, requireRank, toWireGroup } from './core.js';
import { memberIDs, tips } from './lifecycle.js';
import { answer, GroupError, ok, type Reply } from './result.js';
import { TYPE_RULES } from './rules.js';
import { checkProfile } from './validation.js';

type R<O extends keyof GroupOps> = Promise<Reply<GroupOps[O]['reply']>>;
const { ADMIN, OWNER } = GroupMemberRole;
const SEARCH_LIMIT = 100;

export class GroupProfiles {
  constructor(private readonly core: GroupCore) {}

  async joinedList(actor: GroupActor): R<'getJoinedGroupList'> {
    const groups = await this.core.deps.storage.groups.joinedGroups(actor.sdkAppID, actor.userID);
    return ok({
      groupList: groups.filter((g) => TYPE_RULES[g.type].listed).map((g) => toWireGroup(g, g.self)),
    });
  }

  async info(actor: GroupActor, groupIDs: readonly string[]): R<'getGroupsInfo'> {
    const results: GroupOps['getGroupsInfo']['reply']['results'] = [];
    for (const groupID of groupIDs) {
      try {
        const { group, self } = await this.core.read(actor, groupID);
        if (!this.visible(actor, group, self !== undefined))
          throw new GroupError(ErrorCode.ERR_SVR_GROUP_PERMISSION_DENY);
        results.push({ groupID, resultCode: 0, resultMessage: '', groupInfo: toWireGroup(group, self) });
      } catch (error) {
        if (!(error instanceof GroupError)) throw error;
        results.push({ groupID, resultCode: error.code, resultMessage: describeError(error.code) });
      }
    }
    return ok({ results });
  }

  async search(actor: GroupActor, request: GroupOps['searchGroups']['request']): R<'searchGroups'> {
    const fields = { groupID: request.isSearchGroupID ?? true, name: request.isSearchGroupName ?? true };
    const { groups } = this.core.deps.storage;
    const joined = new Map(
      (await groups.joinedGroups(actor.sdkAppID, actor.userID)).map((g) => [g.groupID, g.self]),
    );
    const found = new Map<string, WireGroupInfo>();
    for (const keyword of request.keywordList) {
      for (const group of await groups.search(actor.sdkAppID, keyword, fields, SEARCH_LIMIT)) {
        const self = joined.get(group.groupID);
        if (found.size < SEARCH_LIMIT && this.visible(actor, group, self !== undefined))
          found.set(group.groupID, toWireGroup(group, self));
      }
    }
    return ok({ groupList: [...found.values()] });
  }

  onlineCount(actor: GroupActor, groupID: string): R<'getGroupOnlineMemberCount'> {
    return answer(async (): R<'getGroupOnlineMemberCount'> => {
      const { group, rank, self } = await this.core.read(actor, groupID);
      requireRank(rank, GroupMemberRole.MEMBER, 'members only');
      await this.core.requireInRoom(actor, group, self);
      const members = await this.core.directory.members(actor.sdkAppID, group.groupID);
      const connected = await this.core.deps.bus.connectedOf(actor.sdkAppID, members);
      // An AVChatRoom member is in the room only from the login it joined in (§3.1).
      const inRoom = TYPE_RULES[group.type].stored
        ? connected
        : connected.filter((p) => p.loginAt <= (members.get(p.userID)?.joinTime ?? -1));
      return ok({ count: new Set(inRoom.map((p) => p.userID)).size });
    });
  }

  set(actor: GroupActor, request: SetGroupInfoRequest): R<'setGroupInfo'> {
    return answer(async (): R<'setGroupInfo'> => {
      checkProfile(request);
      const now = this.core.now();
      const hooks = await this.core.hooks(actor);
      const done = await this.core.locked(actor, request.groupID, async ({ tx, group, rank }) => {
        const rules = TYPE_RULES[group.type];
        requireRank(
          rank,
          rules.membersEditProfile ? GroupMemberRole.MEMBER : rules.hasAdmins ? ADMIN : OWNER,
          'not allowed to edit this group',
        );
        if (request.isAllMuted !== undefined && request.isAllMuted !== group.allMuted) {
          if (!rules.mutable)
            throw new GroupError(ErrorCode.ERR_SVR_GROUP_PERMISSION_DENY, 'this group type has no muting');
          requireRank(rank, rules.adminsMute ? ADMIN : OWNER, 'not allowed to mute this group');
        }
        const { patch, changes } = diff(group, request);
        if (changes.length === 0) return { group, changes, members: [] as string[] };
        await tx.groups.update(actor.sdkAppID, group.groupID, { ...patch, lastInfoTime: now });
        await hooks.after(
          GroupCallback.AFTER_GROUP_INFO_CHANGED,
          {
            GroupId: group.groupID,
            Type: group.type,
            Operator_Account: actor.userID,
            ...(patch.name === undefined ? {} : { Name: patch.name }),
            ...(patch.introduction === undefined ? {} : { Introduction: patch.introduction }),
            ...(patch.notification === undefined ? {} : { Notification: patch.notification }),
            ...(patch.faceURL === undefined ? {} : { FaceUrl: patch.faceURL }),
            ...(patch.allMuted === undefined ? {} : { ShutUpAllMember: patch.allMuted ? 'On' : 'Off' }),
            ...(patch.customInfo === undefined
              ? {}
              : {
                  AppDefinedData: Object.entries(patch.customInfo).map(([Key, Value]) => ({ Key, Value })),
                }),
          },
          tx,
        );
        return { group, changes, members: await memberIDs(tx, group) };
      });
      if (done.changes.length > 0) {
        const { events } = this.core;
        const { sdkAppID } = actor;
        const groupID = request.groupID;
        events.emit(sdkAppID, groupID, done.members, { type: 'GroupInfoChanged', changes: done.changes });
        const muted = done.changes.find((c) => c.type === GroupInfoChangeType.SHUT_UP_ALL);
        if (muted !== undefined)
          events.emit(sdkAppID, groupID, done.members, {
            type: 'AllGroupMembersMuted',
            isMute: muted.boolValue === true,
          });
        await events.tips(
          sdkAppID,
          {
            ...tips(done.group, GroupTipsType.GROUP_INFO_CHANGE, actor.userID, []),
            groupChangeInfoList: done.changes,
          },
          now,
        );
      }
      return ok({});
    });
  }

  /** Work groups are private: only their members (and the app admin) see them. */
  private visible(actor: GroupActor, group: GroupRecord, member: boolean): boolean {
    return member || actor.isAppAdmin || group.type !== 'Work';
  }
}

function diff(
  group: GroupRecord,
  request: SetGroupInfoRequest,
): { patch: GroupPatch; changes: GroupInfoChange[] } {
  const patch: GroupPatch = {};
  const changes: GroupInfoChange[] = [];
  const text = (
    value: string | undefined,
    old: string,
    type: GroupInfoChange['type'],
    key: 'name' | 'notification' | 'introduction' | 'faceURL',
  ) => {
    if (value === undefined || value === old) return;
    patch[key] = value;
    changes.push({ type, value });
  };
  text(request.groupName, group.name, GroupInfoChangeType.NAME, 'name');
  text(request.introduction, group.introduction, GroupInfoChangeType.INTRODUCTION, 'introduction');
  text(request.notification, group.notification, GroupInfoChangeType.NOTIFICATION, 'notification');
  text(request.faceUrl, group.faceURL, GroupInfoChangeType.FACE, 'faceURL');
  if (request.isAllMuted !== undefined && request.isAllMuted !== group.allMuted) {
    patch.allMuted = request.isAllMuted;
    changes.push({ type: GroupInfoChangeType.SHUT_UP_ALL, boolValue: request.isAllMuted });
  }
  if (request.addOpt !== undefined && request.addOpt !== group.addOpt) {
    patch.addOpt = request.addOpt;
    changes.push({ type: GroupInfoChangeType.GROUP_ADD_OPT, intValue: request.addOpt });
  }
  if (request.approveOpt !== undefined && request.approveOpt !== group.approveOpt) {
    patch.approveOpt = request.approveOpt;
    changes.push({ type: GroupInfoChangeType.GROUP_APPROVE_OPT, intValue: request.approveOpt });
  }
  if (request.customInfo !== undefined) {
    const merged = { ...group.customInfo };
    for (const [key, value] of Object.entries(request.customInfo)) {
      if (merged[key] === value) continue;
      merged[key] = value;
      changes.push({ type: GroupInfoChangeType.CUSTOM, key, value });
    }
    if (changes.some((c) => c.type === GroupInfoChangeType.CUSTOM)) patch.customInfo = merged;
  }
  return { patch, changes };
}
