/**
 * Groups set up the way an app backend would, for tests about what happens inside a group (its
 * messages, conversations, sync): the real group service, called as the owner or as the app's
 * admin, without logging anyone in. Joins, quits and dismissals reach the message engine through
 * the service, as they do from the SDK.
 */
import { GroupAddOpt, GroupMemberRole, type GroupType } from '@parley/protocol';
import type { GroupService } from '../../src/services/groups/service.js';

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

/** What a test does to groups. */
export interface TestGroups {
  /** Anyone may join the group (`addOpt` ANY), so that `joinGroup` works for every type. */
  createGroup(options: CreateGroupOptions): Promise<void>;
  /** Each user joins by themselves (a JOIN tip each). */
  joinGroup(groupID: string, userIDs: string[]): Promise<void>;
  quitGroup(groupID: string, userIDs: string[]): Promise<void>;
  /** Dismissed by the app admin (the only way for a Work group). */
  dismissGroup(groupID: string): Promise<void>;
  /** Mutes a member for `seconds` (0 unmutes), as the app admin. */
  muteGroupMember(groupID: string, userID: string, seconds: number): Promise<void>;
  muteAllMembers(groupID: string, muted: boolean): Promise<void>;
}

/** Types whose groups take initial members at creation (AVChatRoom does not). */
const TAKES_INITIAL_MEMBERS = new Set<GroupType>(['Work', 'Public', 'Meeting', 'Community']);

export function testGroups(
  sdkAppID: number,
  service: () => GroupService,
  importAccounts: (...userIDs: string[]) => Promise<void>,
): TestGroups {
  const as = (userID: string) => ({ sdkAppID, userID, isAppAdmin: false });
  const admin = { sdkAppID, userID: '', isAppAdmin: true };
  const must = async (what: string, reply: Promise<{ code: number; desc: string }>) => {
    const { code, desc } = await reply;
    if (code !== 0) throw new Error(`${what}: ${code} ${desc}`);
  };
  const join = async (groupID: string, userIDs: readonly string[]) => {
    for (const userID of userIDs)
      await must(`join ${groupID}`, service().lifecycle.join(as(userID), groupID, ''));
  };
  return {
    async createGroup({ groupID, type, ownerID, memberIDs = [], adminIDs = [], name }) {
      await importAccounts(ownerID, ...memberIDs);
      const initial = TAKES_INITIAL_MEMBERS.has(type);
      await must(
        `create ${groupID}`,
        service().lifecycle.create(as(ownerID), {
          groupType: type,
          groupID,
          groupName: name ?? groupID,
          addOpt: GroupAddOpt.ANY,
          ...(initial && memberIDs.length > 0
            ? {
                memberList: memberIDs.map((userID) => ({
                  userID,
                  role: adminIDs.includes(userID) ? GroupMemberRole.ADMIN : GroupMemberRole.MEMBER,
                })),
              }
            : {}),
        }),
      );
      if (!initial) await join(groupID, memberIDs);
    },
    async joinGroup(groupID, userIDs) {
      await importAccounts(...userIDs);
      await join(groupID, userIDs);
    },
    async quitGroup(groupID, userIDs) {
      for (const userID of userIDs)
        await must(`quit ${groupID}`, service().lifecycle.quit(as(userID), groupID));
    },
    async dismissGroup(groupID) {
      await must(`dismiss ${groupID}`, service().lifecycle.dismiss(admin, groupID));
    },
    async muteGroupMember(groupID, userID, seconds) {
      await must(`mute ${userID}`, service().members.mute(admin, { groupID, userID, seconds }));
    },
    async muteAllMembers(groupID, muted) {
      await must(`mute all of ${groupID}`, service().profiles.set(admin, { groupID, isAllMuted: muted }));
    },
  };
}
