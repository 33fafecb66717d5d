/**
 * Custom group attributes and group counters (im-features §3.7–3.8). Members read and write them;
 * in an AVChatRoom only the owner writes attributes. Every change reaches all members.
 */
import { ErrorCode, GroupMemberRole, type GroupOps } from '@parley/protocol';
import { type GroupActor, type GroupCore, requireRank } from './core.js';
import { memberIDs } from './lifecycle.js';
import { answer, GroupError, ok, type Reply } from './result.js';
import { TYPE_RULES } from './rules.js';
import { checkAttributes, checkCounters } from './validation.js';

type R<O extends keyof GroupOps> = Promise<Reply<GroupOps[O]['reply']>>;
type AttributeWrite =
  | { mode: 'init'; attributes: Record<string, string> }
  | { mode: 'set'; attributes: Record<string, string> }
  | { mode: 'delete'; keys: string[] | undefined };

export class GroupAttributes {
  constructor(private readonly core: GroupCore) {}

  write(actor: GroupActor, groupID: string, change: AttributeWrite): R<'setGroupAttributes'> {
    return answer(async (): R<'setGroupAttributes'> => {
      const done = await this.core.locked(actor, groupID, async ({ tx, group, rank }) => {
        requireRank(
          rank,
          group.type === 'AVChatRoom' ? GroupMemberRole.OWNER : GroupMemberRole.MEMBER,
          'members only',
        );
        const { groups } = tx;
        const before = await groups.attributes(actor.sdkAppID, groupID);
        if (change.mode === 'init') {
          checkAttributes(change.attributes);
          await groups.replaceAttributes(actor.sdkAppID, groupID, change.attributes);
        } else if (change.mode === 'set') {
          checkAttributes(change.attributes, before);
          await groups.upsertAttributes(actor.sdkAppID, groupID, change.attributes);
        } else await groups.deleteAttributes(actor.sdkAppID, groupID, change.keys);
        const after = await groups.attributes(actor.sdkAppID, groupID);
        return {
          after,
          changed: JSON.stringify(after) !== JSON.stringify(before),
          members: await memberIDs(tx, group),
        };
      });
      if (done.changed)
        this.core.events.emit(actor.sdkAppID, groupID, done.members, {
          type: 'GroupAttributeChanged',
          attributes: done.after,
        });
      return ok({});
    });
  }

  read(actor: GroupActor, groupID: string, keys: readonly string[] | undefined): R<'getGroupAttributes'> {
    return answer(async (): R<'getGroupAttributes'> => {
      const { rank } = await this.core.read(actor, groupID);
      requireRank(rank, GroupMemberRole.MEMBER, 'members only');
      const all = await this.core.deps.storage.groups.attributes(actor.sdkAppID, groupID);
      return ok({ attributes: pick(all, keys) });
    });
  }

  /** Sets some counters (`mode: 'set'`) or adds a delta to one. Resolves the counters changed. */
  writeCounters(
    actor: GroupActor,
    groupID: string,
    change: { mode: 'set'; counters: Record<string, number> } | { mode: 'add'; key: string; delta: number },
  ): R<'setGroupCounters'> {
    return answer(async (): R<'setGroupCounters'> => {
      const done = await this.core.locked(actor, groupID, async ({ tx, group, rank }) => {
        if (!TYPE_RULES[group.type].counters)
          throw new GroupError(ErrorCode.ERR_SVR_GROUP_PERMISSION_DENY, 'this group type has no counters');
        requireRank(rank, GroupMemberRole.MEMBER, 'members only');
        const before = await tx.groups.counters(actor.sdkAppID, groupID);
        const next =
          change.mode === 'set'
            ? change.counters
            : { [change.key]: (before[change.key] ?? 0) + change.delta };
        checkCounters(next, before);
        await tx.groups.setCounters(actor.sdkAppID, groupID, next);
        const changed = Object.entries(next).filter(([key, value]) => before[key] !== value);
        return { next, changed, members: await memberIDs(tx, group) };
      });
      for (const [key, value] of done.changed)
        this.core.events.emit(actor.sdkAppID, groupID, done.members, {
          type: 'GroupCounterChanged',
          key,
          value,
        });
      return ok({ counters: done.next });
    });
  }

  readCounters(
    actor: GroupActor,
    groupID: string,
    keys: readonly string[] | undefined,
  ): R<'getGroupCounters'> {
    return answer(async (): R<'getGroupCounters'> => {
      const { group, rank } = await this.core.read(actor, groupID);
      if (!TYPE_RULES[group.type].counters)
        throw new GroupError(ErrorCode.ERR_SVR_GROUP_PERMISSION_DENY, 'this group type has no counters');
      requireRank(rank, GroupMemberRole.MEMBER, 'members only');
      const all = await this.core.deps.storage.groups.counters(actor.sdkAppID, groupID);
      // A key never set reads as 0 (im-features §3.8).
      const counters = keys === undefined ? all : Object.fromEntries(keys.map((k) => [k, all[k] ?? 0]));
      return ok({ counters });
    });
  }
}

function pick(all: Record<string, string>, keys: readonly string[] | undefined): Record<string, string> {
  if (keys === undefined) return all;
  return Object.fromEntries(keys.filter((k) => k in all).map((k) => [k, all[k] as string]));
}
