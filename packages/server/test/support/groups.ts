/**
 * Groups for the group message tests, until the group service exists in this branch: a small
 * in-memory `GroupDirectory` handed to the server (the `groupDirectory` server option), which tells
 * the engine about joins, leaves and dismissals through its `GroupLogs` as the group service will.
 * The interface is what a test needs and nothing more; with the real group service it becomes
 * `createGroup`/`joinGroup`/… calls, and the tests stay as they are.
 */
import {
  type GroupMemberRole,
  GroupTipsType,
  type GroupType,
  GroupMemberRole as Role,
} from '@parley/protocol';
import type {
  GroupDirectory,
  GroupFacts,
  GroupLogs,
  MembershipFacts,
} from '../../src/services/group-contract.js';

export interface CreateGroupOptions {
  groupID: string;
  type: GroupType;
  ownerID: string;
  /** Members besides the owner. */
  memberIDs?: string[];
  /** Members (of `memberIDs`) who are admins. */
  adminIDs?: string[];
  name?: string;
}

/** What a test does to groups (the operations the group service will offer). */
export interface TestGroups {
  createGroup(options: CreateGroupOptions): Promise<void>;
  joinGroup(groupID: string, userIDs: string[]): Promise<void>;
  quitGroup(groupID: string, userIDs: string[]): Promise<void>;
  dismissGroup(groupID: string): Promise<void>;
  /** Mutes a member for `seconds` (0 unmutes). */
  muteGroupMember(groupID: string, userID: string, seconds: number): Promise<void>;
  muteAllMembers(groupID: string, muted: boolean): Promise<void>;
}

interface Group {
  facts: GroupFacts;
  members: Map<string, MembershipFacts>;
}

const RULES: Record<GroupType, Pick<GroupFacts, 'historyBeforeJoin' | 'stored' | 'countsUnread'>> = {
  Work: { historyBeforeJoin: false, stored: true, countsUnread: true },
  Public: { historyBeforeJoin: false, stored: true, countsUnread: true },
  Meeting: { historyBeforeJoin: true, stored: true, countsUnread: false },
  AVChatRoom: { historyBeforeJoin: false, stored: false, countsUnread: false },
  Community: { historyBeforeJoin: true, stored: true, countsUnread: true },
};

export class FixtureGroups implements GroupDirectory, TestGroups {
  private readonly groups = new Map<string, Group>();
  private logs: GroupLogs | undefined;

  constructor(private readonly sdkAppID: number) {}

  /** The server option: the engine's `GroupLogs` in, this directory out. */
  readonly bind = (logs: GroupLogs): GroupDirectory => {
    this.logs = logs;
    return this;
  };

  async group(sdkAppID: number, groupID: string) {
    return sdkAppID === this.sdkAppID ? this.groups.get(groupID)?.facts : undefined;
  }
  async membership(sdkAppID: number, groupID: string, userID: string) {
    return sdkAppID === this.sdkAppID ? this.groups.get(groupID)?.members.get(userID) : undefined;
  }
  async memberIDs(sdkAppID: number, groupID: string) {
    return sdkAppID === this.sdkAppID ? [...(this.groups.get(groupID)?.members.keys() ?? [])] : [];
  }
  async joinedGroups(sdkAppID: number, userID: string) {
    if (sdkAppID !== this.sdkAppID) return [];
    return [...this.groups.values()]
      .filter((g) => g.members.has(userID) && g.facts.type !== 'AVChatRoom')
      .map(({ facts, members }) => ({
        groupID: facts.groupID,
        type: facts.type,
        name: facts.name,
        faceURL: facts.faceURL,
        joinTime: members.get(userID)?.joinTime ?? 0,
      }));
  }

  async createGroup(options: CreateGroupOptions): Promise<void> {
    const facts: GroupFacts = {
      groupID: options.groupID,
      type: options.type,
      name: options.name ?? options.groupID,
      faceURL: '',
      ownerID: options.ownerID,
      allMuted: false,
      ...RULES[options.type],
    };
    this.groups.set(options.groupID, { facts, members: new Map() });
    this.add(options.groupID, options.ownerID, Role.OWNER);
    for (const id of options.memberIDs ?? [])
      this.add(options.groupID, id, options.adminIDs?.includes(id) ? Role.ADMIN : Role.MEMBER);
    await this.engine().membersJoined(
      this.sdkAppID,
      options.groupID,
      [options.ownerID, ...(options.memberIDs ?? [])],
      Date.now(),
    );
  }

  /** Members join, and the group's history gets a JOIN tips message, as the group service does. */
  async joinGroup(groupID: string, userIDs: string[]): Promise<void> {
    for (const id of userIDs) this.add(groupID, id, Role.MEMBER);
    const now = Date.now();
    await this.engine().membersJoined(this.sdkAppID, groupID, userIDs, now);
    await this.engine().postTips(
      this.sdkAppID,
      groupID,
      {
        elemType: 9,
        groupID,
        type: GroupTipsType.JOIN,
        opMember: userIDs[0] ?? '',
        memberList: userIDs,
        memberCount: this.get(groupID).members.size,
      },
      now,
    );
  }

  async quitGroup(groupID: string, userIDs: string[]): Promise<void> {
    for (const id of userIDs) this.get(groupID).members.delete(id);
    await this.engine().membersLeft(this.sdkAppID, groupID, userIDs, Date.now());
  }

  async dismissGroup(groupID: string): Promise<void> {
    const members = [...this.get(groupID).members.keys()];
    this.groups.delete(groupID);
    await this.engine().groupDismissed(this.sdkAppID, groupID, members, Date.now());
  }

  async muteGroupMember(groupID: string, userID: string, seconds: number): Promise<void> {
    const member = this.get(groupID).members.get(userID);
    if (!member) throw new Error(`${userID} is not in ${groupID}`);
    member.muteUntil = seconds === 0 ? 0 : Date.now() + seconds * 1000;
  }

  async muteAllMembers(groupID: string, muted: boolean): Promise<void> {
    this.get(groupID).facts.allMuted = muted;
  }

  private add(groupID: string, userID: string, role: GroupMemberRole): void {
    this.get(groupID).members.set(userID, { role, muteUntil: 0, joinTime: Date.now() });
  }

  private get(groupID: string): Group {
    const group = this.groups.get(groupID);
    if (!group) throw new Error(`no group ${groupID}`);
    return group;
  }

  private engine(): GroupLogs {
    if (!this.logs) throw new Error('the server has not bound the group fixture');
    return this.logs;
  }
}
