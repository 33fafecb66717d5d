/**
 * The `GroupDirectory` half of the seam: what the message engine asks for every group message.
 * Member lists are cached per group on each node, tagged with the group row's `member_version`;
 * each call reads the group row once (one primary-key lookup) and reuses the cached list while the
 * version matches, so a member change made on any node is seen by every node at its next call.
 * A list a few versions behind catches up by reading only the members those versions changed.
 */
import type { GroupRecord, GroupStore, MemberRecord } from '../../storage/groups/index.js';
import type { GroupDirectory, GroupFacts, JoinedGroup, MembershipFacts } from '../group-contract.js';
import { TYPE_RULES } from './rules.js';

/** Groups whose member lists a node keeps; the least recently loaded go first. */
const MAX_CACHED_GROUPS = 10_000;
/** Beyond this many changed members a catch-up reads the whole list instead. */
const MAX_CATCH_UP_MEMBERS = 500;

/** A group's member list at one version; never changed once made (a catch-up makes a new one). */
class CachedMembers {
  #ids: readonly string[] | undefined;

  constructor(
    /** Tells a group from an earlier one of the same ID (dismissed, then created again). */
    readonly createTime: number,
    readonly version: number,
    readonly members: ReadonlyMap<string, MembershipFacts>,
  ) {}

  get ids(): readonly string[] {
    this.#ids ??= [...this.members.keys()];
    return this.#ids;
  }
}

export class CachedGroupDirectory implements GroupDirectory {
  readonly #cache = new Map<string, CachedMembers>();

  constructor(private readonly store: () => GroupStore) {}

  async group(sdkAppID: number, groupID: string): Promise<GroupFacts | undefined> {
    const store = this.store();
    const group = await store.get(sdkAppID, groupID);
    if (group === undefined) return undefined;
    // A topic answers with its own name and log, and its community's type, owner and rules; the
    // community's mute-all covers its topics. A topic whose community is gone is gone too.
    const community = group.parentGroupID === null ? group : await store.get(sdkAppID, group.parentGroupID);
    if (community === undefined) return undefined;
    const rules = TYPE_RULES[community.type];
    return {
      groupID,
      type: community.type,
      name: group.name,
      faceURL: group.faceURL,
      ownerID: community.ownerID,
      allMuted: group.allMuted || community.allMuted,
      historyBeforeJoin: rules.historyBeforeJoin,
      stored: rules.stored,
      countsUnread: rules.countsUnread,
    };
  }

  async membership(sdkAppID: number, groupID: string, userID: string): Promise<MembershipFacts | undefined> {
    return (await this.#members(sdkAppID, groupID))?.members.get(userID);
  }

  async memberIDs(sdkAppID: number, groupID: string): Promise<readonly string[]> {
    return (await this.#members(sdkAppID, groupID))?.ids ?? [];
  }

  async members(sdkAppID: number, groupID: string): Promise<ReadonlyMap<string, MembershipFacts>> {
    return (await this.#members(sdkAppID, groupID))?.members ?? new Map();
  }

  async joinedGroups(sdkAppID: number, userID: string): Promise<readonly JoinedGroup[]> {
    const groups = await this.store().joinedGroups(sdkAppID, userID);
    return groups
      .filter((g) => TYPE_RULES[g.type].listed)
      .map((g) => ({
        groupID: g.groupID,
        type: g.type,
        name: g.name,
        faceURL: g.faceURL,
        joinTime: g.self.joinTime,
      }));
  }

  /** Forgets a group's members at once (this node changed them; the version would tell anyway). */
  forget(sdkAppID: number, groupID: string): void {
    this.#cache.delete(`${sdkAppID}\u0000${groupID}`);
  }

  async #members(sdkAppID: number, requestedID: string): Promise<CachedMembers | undefined> {
    const store = this.store();
    let group = await store.get(sdkAppID, requestedID);
    // A topic's members are its community's: one cached list per community, never one per topic.
    if (group !== undefined && group.parentGroupID !== null)
      group = await store.get(sdkAppID, group.parentGroupID);
    const groupID = group?.groupID ?? requestedID;
    const key = `${sdkAppID}\u0000${groupID}`;
    if (group === undefined) {
      this.#cache.delete(key);
      return undefined;
    }
    const cached = this.#cache.get(key);
    const same = cached !== undefined && cached.createTime === group.createTime ? cached : undefined;
    if (same !== undefined && same.version === group.memberVersion) return same;
    const loaded =
      (same !== undefined && (await this.#caughtUp(store, group, same))) ||
      toCached(group, await store.members(sdkAppID, groupID));
    // A concurrent change may have moved the version between the two reads; the next call reloads.
    this.#cache.delete(key);
    this.#cache.set(key, loaded);
    if (this.#cache.size > MAX_CACHED_GROUPS) {
      const oldest = this.#cache.keys().next().value;
      if (oldest !== undefined) this.#cache.delete(oldest);
    }
    return loaded;
  }

  /**
   * The cached list brought to `version` from the members changed since, read again; `undefined`
   * when the changes are not all recorded or too many, and the whole list must be read. Members
   * read here may already be newer than `version`: the next call reads them again, and ends the same.
   */
  async #caughtUp(
    store: GroupStore,
    group: GroupRecord,
    cached: CachedMembers,
  ): Promise<CachedMembers | undefined> {
    const { sdkAppID, groupID, memberVersion: version } = group;
    if (version < cached.version) return undefined;
    const changed = await store.memberChanges(sdkAppID, groupID, cached.version, version);
    if (changed === undefined || changed.length > MAX_CATCH_UP_MEMBERS) return undefined;
    const now = new Map(cached.members);
    for (const userID of changed) now.delete(userID);
    for (const member of await store.membersByID(sdkAppID, groupID, changed))
      now.set(member.userID, factsOf(member));
    return new CachedMembers(group.createTime, version, now);
  }
}

function toCached(group: GroupRecord, members: readonly MemberRecord[]): CachedMembers {
  return new CachedMembers(
    group.createTime,
    group.memberVersion,
    new Map(members.map((m) => [m.userID, factsOf(m)])),
  );
}

function factsOf(m: MemberRecord): MembershipFacts {
  return { role: m.role, muteUntil: m.muteUntil, joinTime: m.joinTime, nameCard: m.nameCard };
}
