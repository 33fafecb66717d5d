/**
 * Letting users into a group (join, invite, accepted application, initial members): the member
 * limit of the group (10014) and each user's joined-group limit (OVERLIMIT for that user).
 */
import { ErrorCode, GroupMemberResult, GroupMemberRole } from '@parley/protocol';
import type { AppRecord } from '../../storage/types.js';
import { type AppGroupCallbacks, GroupCallback, NO_GROUP_CALLBACKS } from './callbacks.js';
import type { LockedGroup } from './core.js';
import { GroupError } from './result.js';
import { TYPE_RULES } from './rules.js';

export interface Admission {
  admitted: string[];
  results: { memberID: string; result: GroupMemberResult }[];
}

/**
 * Adds the users who can join as members; already-members are INVALID, users over their joined-group
 * limit OVERLIMIT. Throws 10014 when the group cannot take them all.
 */
export async function admit(
  { tx, group }: LockedGroup,
  app: AppRecord,
  userIDs: readonly string[],
  now: number,
  hooks: AppGroupCallbacks = NO_GROUP_CALLBACKS,
): Promise<Admission> {
  const { sdkAppID, groupID } = group;
  const results: Admission['results'] = [];
  const admitted: string[] = [];
  const existing = new Set((await tx.groups.membersByID(sdkAppID, groupID, userIDs)).map((m) => m.userID));
  const known = new Set((await tx.accounts.getMany(sdkAppID, userIDs)).map((a) => a.userID));
  for (const userID of new Set(userIDs)) {
    if (existing.has(userID)) results.push({ memberID: userID, result: GroupMemberResult.INVALID });
    else if (!known.has(userID)) results.push({ memberID: userID, result: GroupMemberResult.FAIL });
    else if (
      TYPE_RULES[group.type].listed &&
      (await tx.groups.joinedCount(sdkAppID, userID)) >= app.maxJoinedGroups
    )
      results.push({ memberID: userID, result: GroupMemberResult.OVERLIMIT });
    else {
      admitted.push(userID);
      results.push({ memberID: userID, result: GroupMemberResult.SUCC });
    }
  }
  if (group.maxMemberCount > 0 && group.memberCount + admitted.length > group.maxMemberCount)
    throw new GroupError(
      ErrorCode.ERR_SVR_GROUP_FULL_MEMBER_COUNT,
      `at most ${group.maxMemberCount} members`,
    );
  await tx.groups.addMembers(
    sdkAppID,
    groupID,
    admitted.map((userID) => ({ userID, role: GroupMemberRole.MEMBER, joinTime: now })),
  );
  group.memberCount += admitted.length;
  if (admitted.length > 0 && group.maxMemberCount > 0 && group.memberCount >= group.maxMemberCount)
    await hooks.after(GroupCallback.AFTER_GROUP_FULL, { GroupId: groupID, Type: group.type }, tx);
  return { admitted, results };
}
