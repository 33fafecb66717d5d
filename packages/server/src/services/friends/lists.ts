/**
 * Friend groups and the blocklist (im-features §4.3, §4.4). Friend groups are the user's own
 * labels on friends (a friend may carry several); blocking someone dissolves the friendship both
 * ways, drops the friend requests between the two, and keeps requests and one-to-one messages
 * from them out (friendship.ts, relation-gate.ts).
 */
import {
  ErrorCode,
  FRIEND_LIMITS,
  type FriendOperationResult,
  type FriendOps,
  type WireFriendGroup,
  type WireFriendInfo,
} from '@parley/protocol';
import type { FriendRecord } from '../../storage/friends/index.js';
import type { Storage } from '../../storage/types.js';
import { SnsCallback } from './callbacks.js';
import {
  bareFriend,
  checkGroupName,
  type FriendActor,
  type FriendCore,
  Outcome,
  toWireFriend,
} from './core.js';
import type { Friendship } from './friendship.js';
import { answer, FriendError, ok, type Reply } from './result.js';

type R<O extends keyof FriendOps> = Promise<Reply<FriendOps[O]['reply']>>;

const result = (userID: string, resultCode = 0, resultInfo = ''): FriendOperationResult => ({
  userID,
  resultCode,
  resultInfo,
});
const notFriend = (id: string) => result(id, ErrorCode.ERR_SVR_FRIENDSHIP_INVALID_PARAMETERS, 'not a friend');
const noGroup = (name: string) =>
  new FriendError(ErrorCode.ERR_SVR_FRIENDSHIP_INVALID_PARAMETERS, `no friend group ${JSON.stringify(name)}`);

export class FriendLists {
  constructor(
    private readonly core: FriendCore,
    private readonly friendship: Friendship,
  ) {}

  /** Creates a friend group, with some friends in it. */
  createGroup(
    actor: FriendActor,
    groupName: string,
    userIDs: readonly string[] = [],
  ): R<'createFriendGroup'> {
    return this.#changeGroups(actor, async (tx, outcome) => {
      checkGroupName(groupName);
      const existing = await tx.friends.friendGroups(actor.sdkAppID, actor.userID);
      if (existing.some((g) => g.name === groupName))
        throw new FriendError(ErrorCode.ERR_SVR_FRIENDSHIP_INVALID_PARAMETERS, `${groupName} exists already`);
      if (existing.length >= FRIEND_LIMITS.friendGroups)
        throw new FriendError(ErrorCode.ERR_SVR_FRIENDSHIP_GROUP_COUNT_LIMIT);
      await tx.friends.putFriendGroup(actor.sdkAppID, actor.userID, {
        name: groupName,
        createTime: this.core.now(),
      });
      const { results, changed } = await this.#label(tx, actor, userIDs, (groups) => [
        ...new Set([...groups, groupName]),
      ]);
      outcome.emit(actor.userID, { type: 'FriendGroupCreated', groupName, friends: changed });
      return { results };
    });
  }

  /** The user's friend groups (all, or those named), with their friends. */
  async groups(actor: FriendActor, names?: readonly string[]): R<'getFriendGroups'> {
    const { friends } = this.core.deps.storage;
    const [groups, list] = await Promise.all([
      friends.friendGroups(actor.sdkAppID, actor.userID),
      friends.friends(actor.sdkAppID, actor.userID),
    ]);
    const wanted = names === undefined ? groups : groups.filter((g) => names.includes(g.name));
    return ok({
      groups: wanted.map((g): WireFriendGroup => {
        const friendList = list.filter((f) => f.groups.includes(g.name)).map((f) => f.friendID);
        return { groupName: g.name, userCount: friendList.length, friendList };
      }),
    });
  }

  deleteGroups(actor: FriendActor, names: readonly string[]): R<'deleteFriendGroup'> {
    return this.#changeGroups(actor, async (tx, outcome) => {
      const deleted: string[] = [];
      for (const name of new Set(names))
        if (await tx.friends.deleteFriendGroup(actor.sdkAppID, actor.userID, name)) deleted.push(name);
      if (deleted.length === 0) return {};
      await this.#relabelAll(tx, actor, (groups) => groups.filter((g) => !deleted.includes(g)));
      outcome.emit(actor.userID, { type: 'FriendGroupDeleted', groupNames: deleted });
      return {};
    });
  }

  renameGroup(actor: FriendActor, oldName: string, newName: string): R<'renameFriendGroup'> {
    return this.#changeGroups(actor, async (tx, outcome) => {
      checkGroupName(newName);
      const existing = await tx.friends.friendGroups(actor.sdkAppID, actor.userID);
      const old = existing.find((g) => g.name === oldName);
      if (old === undefined) throw noGroup(oldName);
      if (existing.some((g) => g.name === newName))
        throw new FriendError(ErrorCode.ERR_SVR_FRIENDSHIP_INVALID_PARAMETERS, `${newName} exists already`);
      await tx.friends.deleteFriendGroup(actor.sdkAppID, actor.userID, oldName);
      await tx.friends.putFriendGroup(actor.sdkAppID, actor.userID, {
        name: newName,
        createTime: old.createTime,
      });
      await this.#relabelAll(tx, actor, (groups) => groups.map((g) => (g === oldName ? newName : g)));
      outcome.emit(actor.userID, { type: 'FriendGroupNameChanged', oldName, newName });
      return {};
    });
  }

  addToGroup(
    actor: FriendActor,
    groupName: string,
    userIDs: readonly string[],
  ): R<'addFriendsToFriendGroup'> {
    return this.#changeGroups(actor, async (tx, outcome) => {
      await this.#requireGroup(tx, actor, groupName);
      const { results, changed } = await this.#label(tx, actor, userIDs, (groups) => [
        ...new Set([...groups, groupName]),
      ]);
      if (changed.length > 0)
        outcome.emit(actor.userID, { type: 'FriendsAddedToGroup', groupName, friends: changed });
      return { results };
    });
  }

  deleteFromGroup(
    actor: FriendActor,
    groupName: string,
    userIDs: readonly string[],
  ): R<'deleteFriendsFromFriendGroup'> {
    return this.#changeGroups(actor, async (tx, outcome) => {
      await this.#requireGroup(tx, actor, groupName);
      const { results, changed } = await this.#label(tx, actor, userIDs, (groups) =>
        groups.filter((g) => g !== groupName),
      );
      if (changed.length > 0)
        outcome.emit(actor.userID, {
          type: 'FriendsDeletedFromGroup',
          groupName,
          userIDs: changed.map((f) => f.userID),
        });
      return { results };
    });
  }

  /** Blocks users: dissolves friendships both ways and drops the requests between them. */
  block(actor: FriendActor, userIDs: readonly string[]): R<'addToBlackList'> {
    return answer(async () => {
      const { sdkAppID, userID: me } = actor;
      const ids = [...new Set(userIDs)];
      const hooks = await this.core.hooks(actor);
      const outcome = new Outcome();
      const now = this.core.now();
      const results = await this.core.locked(actor, async (tx) => {
        const store = tx.friends;
        const exists = await store.existing(sdkAppID, ids);
        const already = await store.blockedAmong(sdkAppID, me, ids);
        let count = (await store.blocked(sdkAppID, me)).length;
        const out: FriendOperationResult[] = [];
        const added: WireFriendInfo[] = [];
        for (const id of ids) {
          if (id === me)
            out.push(result(id, ErrorCode.ERR_SVR_FRIENDSHIP_INVALID_PARAMETERS, 'cannot block yourself'));
          else if (!exists.has(id)) out.push(result(id, ErrorCode.ERR_SVR_FRIENDSHIP_ACCOUNT_NOT_FOUND));
          else if (already.has(id))
            out.push(result(id, ErrorCode.ERR_SVR_FRIENDSHIP_INVALID_PARAMETERS, 'already blocked'));
          else if (count >= FRIEND_LIMITS.blocklist)
            out.push(result(id, ErrorCode.ERR_SVR_FRIENDSHIP_BLACKLIST_LIMIT));
          else {
            count++;
            added.push(bareFriend(id, now));
            out.push(result(id));
          }
        }
        if (added.length === 0) return out;
        const blockedIDs = added.map((a) => a.userID);
        await store.putBlocked(
          sdkAppID,
          me,
          blockedIDs.map((blockedID) => ({ blockedID, addTime: now })),
        );
        for (const { fromUser, toUser } of await store.deleteApplicationsWith(sdkAppID, me, blockedIDs)) {
          outcome.emit(fromUser, { type: 'FriendApplicationListDeleted', userIDs: [toUser] });
          outcome.emit(toUser, { type: 'FriendApplicationListDeleted', userIDs: [fromUser] });
        }
        await this.friendship.deleteIn(tx, actor, blockedIDs, true, outcome, 'black_list_add', hooks);
        outcome.emit(me, { type: 'BlackListAdded', infos: added });
        outcome.changed.add(me);
        for (const id of blockedIDs) outcome.changed.add(id);
        await hooks.after(
          SnsCallback.BLACKLIST_ADD,
          { PairList: blockedIDs.map((id) => ({ From_Account: me, To_Account: id })) },
          tx,
        );
        return out;
      });
      await this.core.publish(sdkAppID, outcome);
      return ok({ results });
    });
  }

  unblock(actor: FriendActor, userIDs: readonly string[]): R<'deleteFromBlackList'> {
    return answer(async () => {
      const { sdkAppID, userID: me } = actor;
      const ids = [...new Set(userIDs)];
      const hooks = await this.core.hooks(actor);
      const outcome = new Outcome();
      const results = await this.core.locked(actor, async (tx) => {
        const deleted = new Set(await tx.friends.deleteBlocked(sdkAppID, me, ids));
        if (deleted.size > 0) {
          outcome.emit(me, { type: 'BlackListDeleted', userIDs: [...deleted] });
          // Both: their sends to me are checked on their nodes.
          outcome.changed.add(me);
          for (const id of deleted) outcome.changed.add(id);
          await hooks.after(
            SnsCallback.BLACKLIST_DELETE,
            { PairList: [...deleted].map((id) => ({ From_Account: me, To_Account: id })) },
            tx,
          );
        }
        return ids.map((id) =>
          deleted.has(id)
            ? result(id)
            : result(id, ErrorCode.ERR_SVR_FRIENDSHIP_INVALID_PARAMETERS, 'not blocked'),
        );
      });
      await this.core.publish(sdkAppID, outcome);
      return ok({ results });
    });
  }

  /** The blocklist, oldest first; `friendAddTime` is when each was blocked. */
  async blockList(actor: FriendActor): R<'getBlackList'> {
    const blocked = await this.core.deps.storage.friends.blocked(actor.sdkAppID, actor.userID);
    return ok({ blackList: blocked.map((b) => bareFriend(b.blockedID, b.addTime)) });
  }

  async #requireGroup(tx: Storage, actor: FriendActor, name: string): Promise<void> {
    const groups = await tx.friends.friendGroups(actor.sdkAppID, actor.userID);
    if (!groups.some((g) => g.name === name)) throw noGroup(name);
  }

  /** Rewrites the groups of the named friends; not-friends get 30001 results. */
  async #label(
    tx: Storage,
    actor: FriendActor,
    userIDs: readonly string[],
    relabel: (groups: string[]) => string[],
  ): Promise<{ results: FriendOperationResult[]; changed: WireFriendInfo[] }> {
    const ids = [...new Set(userIDs)];
    const entries = new Map(
      (await tx.friends.friendsAmong(actor.sdkAppID, actor.userID, ids)).map((f) => [f.friendID, f]),
    );
    const changed: WireFriendInfo[] = [];
    for (const entry of entries.values()) {
      const groups = relabel(entry.groups);
      if (sameList(groups, entry.groups)) continue;
      const updated: FriendRecord = { ...entry, groups };
      await tx.friends.putFriend(actor.sdkAppID, updated);
      changed.push(toWireFriend(updated));
    }
    return { results: ids.map((id) => (entries.has(id) ? result(id) : notFriend(id))), changed };
  }

  async #relabelAll(tx: Storage, actor: FriendActor, relabel: (groups: string[]) => string[]): Promise<void> {
    for (const entry of await tx.friends.friends(actor.sdkAppID, actor.userID)) {
      const groups = relabel(entry.groups);
      if (!sameList(groups, entry.groups)) await tx.friends.putFriend(actor.sdkAppID, { ...entry, groups });
    }
  }

  #changeGroups<D>(actor: FriendActor, fn: (tx: Storage, outcome: Outcome) => Promise<D>): Promise<Reply<D>> {
    return answer(async () => {
      const outcome = new Outcome();
      const data = await this.core.locked(actor, (tx) => fn(tx, outcome));
      await this.core.publish(actor.sdkAppID, outcome);
      return ok(data);
    });
  }
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}
