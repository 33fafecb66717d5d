/**
 * What the group service's parts share: the actor, the locked read-modify-write of one group, the
 * caller's rank in it, and the wire view of a group. The domain logic takes an actor (a user, or the
 * app admin acting with owner rights in any group), so REST can reuse it; wire ops are a thin layer.
 */
import { ErrorCode, GroupMemberRole, type WireGroupInfo, type WireGroupMember } from '@parley/protocol';
import type { Logger } from 'pino';
import type { Bus } from '../../bus/bus.js';
import type { AppDirectory } from '../../storage/app-directory.js';
import type { GroupRecord, MemberRecord } from '../../storage/groups/index.js';
import type { AppRecord, Storage } from '../../storage/types.js';
import type { GroupLogs } from '../group-contract.js';
import {
  type ActionOrigin,
  type AppGroupCallbacks,
  type GroupCallbacks,
  NO_GROUP_CALLBACKS,
} from './callbacks.js';
import { CachedGroupDirectory } from './directory.js';
import { GroupEvents } from './events.js';
import { GroupError } from './result.js';
import { TYPE_RULES } from './rules.js';

/** Who acts on a group. */
export interface GroupActor {
  sdkAppID: number;
  /** The acting user; for the app admin, the admin's UserID (or `''` for nobody in particular). */
  userID: string;
  /** The app admin (REST) acts with owner rights in any group, member or not. */
  isAppAdmin: boolean;
  /** The instance that asked, which group events to the user skip (it has the reply). */
  instanceID?: string;
  /** Where the action came from, for callbacks; REST when absent for the app admin. */
  origin?: ActionOrigin;
}

export interface GroupServiceDeps {
  storage: Storage;
  bus: Pick<Bus, 'instancesOf' | 'connectedOf' | 'sendToInstances'>;
  apps: Pick<AppDirectory, 'get'>;
  logs: GroupLogs;
  logger: Logger;
  now: () => number;
  /** The `Group.*` callbacks; none when absent. */
  callbacks?: GroupCallbacks;
}

/** A group read inside a transaction that locked it, with the actor's own member row. */
export interface LockedGroup {
  tx: Storage;
  group: GroupRecord;
  self: MemberRecord | undefined;
  /** The actor's rights: the app admin counts as owner. 0 for a non-member. */
  rank: number;
}

export class GroupCore {
  readonly events: GroupEvents;
  readonly directory: CachedGroupDirectory;

  constructor(readonly deps: GroupServiceDeps) {
    this.events = new GroupEvents(deps.bus, deps.logs, deps.logger);
    this.directory = new CachedGroupDirectory(() => deps.storage.groups);
  }

  now(): number {
    return this.deps.now();
  }

  /** The app's group callbacks for the actor's action, read before any transaction. */
  hooks(actor: GroupActor): Promise<AppGroupCallbacks> {
    const callbacks = this.deps.callbacks;
    if (callbacks === undefined) return Promise.resolve(NO_GROUP_CALLBACKS);
    return callbacks.forApp(
      actor.sdkAppID,
      actor.origin ?? { clientIP: '', platform: actor.isAppAdmin ? 'RESTAPI' : '' },
    );
  }

  async app(sdkAppID: number): Promise<AppRecord> {
    const app = await this.deps.apps.get(sdkAppID);
    if (app === undefined) throw new GroupError(ErrorCode.ERR_SVR_GROUP_INTERNAL_ERROR, 'unknown app');
    return app;
  }

  /**
   * Runs `fn` in a transaction with the group row locked (PostgreSQL; SQLite has one writer), so
   * counts and roles cannot change under it. 10010 when there is no such group.
   */
  async locked<T>(actor: GroupActor, groupID: string, fn: (locked: LockedGroup) => Promise<T>): Promise<T> {
    return this.deps.storage.transaction(async (tx) => {
      const group = notTopic(await tx.groups.get(actor.sdkAppID, groupID, { forUpdate: true }), groupID);
      const self =
        actor.userID === '' ? undefined : await tx.groups.member(actor.sdkAppID, groupID, actor.userID);
      return fn({ tx, group, self, rank: rankOf(actor, self) });
    });
  }

  /** Reads a group and the actor's membership without locking. */
  async read(actor: GroupActor, groupID: string): Promise<Omit<LockedGroup, 'tx'>> {
    const { groups } = this.deps.storage;
    const group = notTopic(await groups.get(actor.sdkAppID, groupID), groupID);
    const self = actor.userID === '' ? undefined : await groups.member(actor.sdkAppID, groupID, actor.userID);
    return { group, self, rank: rankOf(actor, self) };
  }

  /**
   * An AVChatRoom membership lasts one login (§3.1, §3.5): throws 10007 unless the asking device
   * logged in before its user last joined. Other types, the app admin and REST pass.
   */
  async requireInRoom(actor: GroupActor, group: GroupRecord, self: MemberRecord | undefined): Promise<void> {
    if (TYPE_RULES[group.type].stored || actor.isAppAdmin || actor.instanceID === undefined) return;
    const device = (await this.deps.bus.instancesOf(actor.sdkAppID, actor.userID)).find(
      (p) => p.instanceID === actor.instanceID,
    );
    if (self === undefined || device === undefined || device.loginAt > self.joinTime)
      throw new GroupError(ErrorCode.ERR_SVR_GROUP_PERMISSION_DENY, 'join the room again after logging in');
  }

  /** The member limit of a new group of this type under the app's settings; 0 = unlimited. */
  memberLimit(app: AppRecord, group: Pick<GroupRecord, 'type'>): number {
    const setting = TYPE_RULES[group.type].memberLimit;
    return setting === undefined ? 0 : Number(app[setting]);
  }
}

/**
 * The group, or 10010; a topic is refused here (10004): the group calls would give it members,
 * attributes or a profile of its own, so topics have their own calls (topics.ts).
 */
function notTopic(group: GroupRecord | undefined, groupID: string): GroupRecord {
  if (group === undefined) throw new GroupError(ErrorCode.ERR_SVR_GROUP_NOT_FOUND, groupID);
  if (group.parentGroupID !== null)
    throw new GroupError(
      ErrorCode.ERR_SVR_GROUP_INVALID_PARAMETERS,
      `${groupID} is a topic: use the topic calls of its community`,
    );
  return group;
}

export function rankOf(actor: GroupActor, self: MemberRecord | undefined): number {
  if (actor.isAppAdmin) return GroupMemberRole.OWNER;
  return self?.role ?? 0;
}

/** Throws 10007 unless the rank is at least `needed`. */
export function requireRank(rank: number, needed: number, what: string): void {
  if (rank < needed) throw new GroupError(ErrorCode.ERR_SVR_GROUP_PERMISSION_DENY, what);
}

export function toWireGroup(group: GroupRecord, self: MemberRecord | undefined): WireGroupInfo {
  return {
    groupID: group.groupID,
    groupType: group.type,
    groupName: group.name,
    notification: group.notification,
    introduction: group.introduction,
    faceUrl: group.faceURL,
    isAllMuted: group.allMuted,
    owner: group.ownerID,
    createTime: group.createTime,
    lastInfoTime: group.lastInfoTime,
    memberCount: group.memberCount,
    memberMaxCount: group.maxMemberCount,
    groupAddOpt: group.addOpt as WireGroupInfo['groupAddOpt'],
    groupApproveOpt: group.approveOpt as WireGroupInfo['groupApproveOpt'],
    customInfo: group.customInfo,
    isSupportTopic: group.isSupportTopic,
    role: self?.role ?? 0,
    joinTime: self?.joinTime ?? 0,
    recvOpt: self?.recvOpt ?? 0,
  };
}

export function toWireMember(member: MemberRecord): WireGroupMember {
  return {
    userID: member.userID,
    nameCard: member.nameCard,
    customInfo: member.customInfo,
    role: member.role,
    muteUntil: member.muteUntil,
    joinTime: member.joinTime,
  };
}
