/**
 * Migration imports by the app admin (REST `import_group_member`): members brought in with the join
 * time and role they had elsewhere, without events, tips or callbacks — the group's history is being
 * rebuilt, nothing is happening in it now.
 */
import { ErrorCode, GroupMemberResult, GroupMemberRole } from '@parley/protocol';
import { type GroupActor, type GroupCore, requireRank } from './core.js';
import { answer, GroupError, ok, type Reply } from './result.js';
import { TYPE_RULES } from './rules.js';

export interface ImportedMember {
  userID: string;
  role: GroupMemberRole;
  /** ms since the epoch. */
  joinTime: number;
}

export class GroupImports {
  constructor(private readonly core: GroupCore) {}

  /**
   * Adds the members as they were: already-members are INVALID, unknown accounts FAIL. 10014 when
   * the group cannot take them all; admins only where the type has admins.
   */
  members(
    actor: GroupActor,
    groupID: string,
    imported: readonly ImportedMember[],
  ): Promise<Reply<{ results: { memberID: string; result: GroupMemberResult }[]; added: string[] }>> {
    return answer(async () => {
      const { sdkAppID } = actor;
      const done = await this.core.locked(actor, groupID, async ({ tx, group, rank }) => {
        requireRank(rank, GroupMemberRole.OWNER, 'the app admin imports members');
        const rules = TYPE_RULES[group.type];
        if (!rules.invitable && !rules.initialMembers)
          throw new GroupError(ErrorCode.ERR_SVR_GROUP_PERMISSION_DENY, 'no imported members in this type');
        const userIDs = imported.map((m) => m.userID);
        const existing = new Set(
          (await tx.groups.membersByID(sdkAppID, groupID, userIDs)).map((m) => m.userID),
        );
        const known = new Set((await tx.accounts.getMany(sdkAppID, userIDs)).map((a) => a.userID));
        const results: { memberID: string; result: GroupMemberResult }[] = [];
        const added: ImportedMember[] = [];
        const seen = new Set<string>();
        for (const member of imported) {
          if (seen.has(member.userID)) continue;
          seen.add(member.userID);
          if (member.role === GroupMemberRole.ADMIN && !rules.hasAdmins)
            throw new GroupError(ErrorCode.ERR_SVR_GROUP_INVALID_PARAMETERS, 'this group type has no admins');
          if (existing.has(member.userID))
            results.push({ memberID: member.userID, result: GroupMemberResult.INVALID });
          else if (!known.has(member.userID))
            results.push({ memberID: member.userID, result: GroupMemberResult.FAIL });
          else {
            added.push(member);
            results.push({ memberID: member.userID, result: GroupMemberResult.SUCC });
          }
        }
        if (group.maxMemberCount > 0 && group.memberCount + added.length > group.maxMemberCount)
          throw new GroupError(
            ErrorCode.ERR_SVR_GROUP_FULL_MEMBER_COUNT,
            `at most ${group.maxMemberCount} members`,
          );
        await tx.groups.addMembers(sdkAppID, groupID, added);
        return { results, added: added.map((m) => m.userID) };
      });
      this.core.directory.forget(sdkAppID, groupID);
      if (done.added.length > 0)
        await this.core.deps.logs.membersJoined(sdkAppID, groupID, done.added, this.core.now());
      return ok(done);
    });
  }
}
