/**
 * The `GroupDirectory` half of the seam: what the message engine asks for every group message.
 * Member lists are cached per group on each node, tagged with the group row's `member_version`;
 * each call reads the group row once (one primary-key lookup) and reuses the cached list while the
 * version matches, so a member change made on any node is seen by every node at its next call.
 */
import type { GroupStore, MemberRecord } from '../../storage/groups/index.js';
import type { GroupDirectory, GroupFacts, JoinedGroup, MembershipFacts } from '../group-contract.js';
import { TYPE_RULES } from './rules.js';

/** Groups whose member lists a node keeps; the least recently loaded go first. */
const MAX_CACHED_GROUPS = 10_000;

interface CachedMembers {
  version: number;
  members: ReadonlyMap<string, MembershipFacts>;
  ids: readonly string[];
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
    if (cached !== undefined && cached.version === group.memberVersion) return cached;
    const loaded = toCached(group.memberVersion, await store.members(sdkAppID, groupID));
    // A concurrent change may have moved the version between the two reads; the next call reloads.
    this.#cache.delete(key);
    this.#cache.set(key, loaded);
    if (this.#cache.size > MAX_CACHED_GROUPS) {
      const oldest = this.#cache.keys().next().value;
      if (oldest !== undefined) this.#cache.delete(oldest);
    }
    return loaded;
  }
}

function toCached(version: number, members: readonly MemberRecord[]): CachedMembers {
  return {
    version,
    members: new Map(
      members.map((m) => [
        m.userID,
        { role: m.role, muteUntil: m.muteUntil, joinTime: m.joinTime, nameCard: m.nameCard },
      ]),
    ),
    ids: members.map((m) => m.userID),
  };
}
