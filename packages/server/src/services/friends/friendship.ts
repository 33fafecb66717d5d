/**
 * Friends and friend requests (im-features §4.3): adding under the target's verification setting,
 * answering requests, the lists, remarks and custom fields, checks and deletes. Every method acts
 * as `actor.userID`, over its own lists; a peer's list changes only as the rules say (a mutual add,
 * an accepted request, a two-way delete).
 */
import {
  type AddFriendRequest,
  ErrorCode,
  FRIEND_LIMITS,
  FriendAllowType,
  type FriendOperationResult,
  type FriendOps,
  FriendRelation,
  FriendResponseType,
  FriendType,
  type WireFriendInfo,
} from '@parley/protocol';
import type { FriendRecord } from '../../storage/friends/index.js';
import type { Storage } from '../../storage/types.js';
import { type AppSnsCallbacks, SnsCallback } from './callbacks.js';
import {
  checkGroupName,
  checkLength,
  type FriendActor,
  type FriendCore,
  normalizeCustom,
  normalizeSource,
  Outcome,
  toWireApplication,
  toWireFriend,
} from './core.js';
import { answer, FriendError, ok, type Reply } from './result.js';

type R<O extends keyof FriendOps> = Promise<Reply<FriendOps[O]['reply']>>;

const result = (userID: string, resultCode = 0, resultInfo = ''): FriendOperationResult => ({
  userID,
  resultCode,
  resultInfo,
});

const addTypeName = (type: number) => (type === FriendType.SINGLE ? 'Add_Type_Single' : 'Add_Type_Both');

export interface AddOptions {
  /** REST `ForceAddFlags: 1`: no verification, the target's setting is ignored. */
  force?: boolean;
  /** The callback's `ClientCmd`. */
  clientCmd?: string;
}

export class Friendship {
  constructor(private readonly core: FriendCore) {}

  /** `addFriend`: 0 added, 30539 requested (the peer must answer), or why not in `resultCode`. */
  add(actor: FriendActor, request: AddFriendRequest, options: AddOptions = {}): R<'addFriend'> {
    return answer(async () => ok(await this.#add(actor, request, options)));
  }

  /** Adds one friend; the reasons a single target fails are its result, not the call's. */
  async #add(
    actor: FriendActor,
    request: AddFriendRequest,
    options: AddOptions,
  ): Promise<FriendOperationResult> {
    const { sdkAppID, userID: me } = actor;
    const target = request.userID;
    const remark = request.remark ?? '';
    const groupName = request.friendGroup ?? '';
    const addWording = request.addWording ?? '';
    const addType = request.addType ?? FriendType.BOTH;
    checkLength('remark', remark, FRIEND_LIMITS.remarkBytes);
    checkLength('addWording', addWording, FRIEND_LIMITS.addWordingBytes);
    if (groupName !== '') checkGroupName(groupName);
    const addSource = normalizeSource(request.addSource);
    if (target === me)
      return result(target, ErrorCode.ERR_SVR_FRIENDSHIP_INVALID_PARAMETERS, 'cannot add yourself');
    const hooks = await this.core.hooks(actor);
    const refusal = (
      await hooks.before(
        SnsCallback.PREV_FRIEND_ADD,
        {
          Requester_Account: actor.admin ?? me,
          From_Account: me,
          AddType: addTypeName(addType),
          ForceAddFlags: options.force ? 1 : 0,
          FriendItem: [
            {
              To_Account: target,
              Remark: remark,
              GroupName: groupName,
              AddSource: addSource,
              AddWording: addWording,
            },
          ],
        },
        [target],
      )
    ).get(target);
    if (refusal !== undefined) return result(target, refusal, 'refused by the app');

    const now = this.core.now();
    const outcome = new Outcome();
    const answerOf = await this.core.locked(actor, async (tx) => {
      const store = tx.friends;
      const allowType = await this.core.deps.policy.allowType(sdkAppID, target, store);
      if (allowType === undefined) return result(target, ErrorCode.ERR_SVR_FRIENDSHIP_ACCOUNT_NOT_FOUND);
      if ((await store.blockedAmong(sdkAppID, me, [target])).size > 0)
        return result(target, ErrorCode.ERR_SVR_FRIENDSHIP_IN_SELF_BLACKLIST);
      if ((await store.blockedAmong(sdkAppID, target, [me])).size > 0)
        return result(target, ErrorCode.ERR_SVR_FRIENDSHIP_IN_PEER_BLACKLIST);
      const [mine] = await store.friendsAmong(sdkAppID, me, [target]);
      const theirs = (await store.friendsAmong(sdkAppID, target, [me]))[0];
      if (mine !== undefined && (addType === FriendType.SINGLE || theirs !== undefined))
        return result(target, ErrorCode.ERR_SVR_FRIENDSHIP_INVALID_PARAMETERS, 'already a friend');
      // Someone who has me already, or who asked me first, needs no asking.
      const immediate =
        options.force === true ||
        allowType === FriendAllowType.ALLOW_ANY ||
        theirs !== undefined ||
        (await store.application(sdkAppID, target, me)) !== undefined;
      if (!immediate && allowType === FriendAllowType.DENY_ANY)
        return result(target, ErrorCode.ERR_SVR_FRIENDSHIP_ALLOW_TYPE_DENY_ANY);
      if (!immediate) {
        if (
          (await store.application(sdkAppID, me, target)) === undefined &&
          (await store.countApplicationsTo(sdkAppID, target)) >= FRIEND_LIMITS.pendingApplications
        )
          return result(target, ErrorCode.ERR_SVR_FRIENDSHIP_PENDENCY_LIMIT);
        const application = {
          fromUser: me,
          toUser: target,
          addSource,
          addWording,
          remark,
          groupName,
          addType,
          addTime: now,
        };
        await store.putApplication(sdkAppID, application);
        outcome.emit(target, {
          type: 'FriendApplicationListAdded',
          applications: [toWireApplication(application, target)],
        });
        outcome.emit(me, {
          type: 'FriendApplicationListAdded',
          applications: [toWireApplication(application, me)],
        });
        return result(target, ErrorCode.ERR_SVR_FRIENDSHIP_ALLOW_TYPE_NEED_CONFIRM);
      }
      const pairs: { From_Account: string; To_Account: string; Initiator_Account: string }[] = [];
      if (mine === undefined) {
        const code = await this.#befriend(
          tx,
          sdkAppID,
          me,
          target,
          { remark, groupName, addSource, addWording, now },
          outcome,
          ErrorCode.ERR_SVR_FRIENDSHIP_COUNT_LIMIT,
        );
        if (code !== 0) return result(target, code);
        pairs.push({ From_Account: me, To_Account: target, Initiator_Account: me });
      }
      if (addType === FriendType.BOTH && theirs === undefined) {
        const code = await this.#befriend(
          tx,
          sdkAppID,
          target,
          me,
          { remark: '', groupName: '', addSource, addWording, now },
          outcome,
          ErrorCode.ERR_SVR_FRIENDSHIP_PEER_FRIEND_LIMIT,
        );
        if (code !== 0) throw new FriendError(code);
        pairs.push({ From_Account: target, To_Account: me, Initiator_Account: me });
      }
      await this.#dropApplications(tx, sdkAppID, me, target, outcome);
      await hooks.after(
        SnsCallback.FRIEND_ADD,
        {
          ClientCmd: options.clientCmd ?? 'friend_add',
          Admin_Account: actor.admin ?? '',
          ForceFlag: options.force ? 1 : 0,
          PairList: pairs,
        },
        tx,
      );
      return result(target);
    });
    await this.core.publish(sdkAppID, outcome);
    return answerOf;
  }

  /**
   * Puts `friendID` in `userID`'s list (creating the friend group when it is new and there is room);
   * returns `limitCode` when the list is full.
   */
  async #befriend(
    tx: Storage,
    sdkAppID: number,
    userID: string,
    friendID: string,
    fields: { remark: string; groupName: string; addSource: string; addWording: string; now: number },
    outcome: Outcome,
    limitCode: number,
  ): Promise<number> {
    const store = tx.friends;
    if ((await store.countFriends(sdkAppID, userID)) >= FRIEND_LIMITS.friends) return limitCode;
    const groups: string[] = [];
    if (fields.groupName !== '') {
      const existing = await store.friendGroups(sdkAppID, userID);
      if (existing.some((g) => g.name === fields.groupName)) groups.push(fields.groupName);
      else if (existing.length < FRIEND_LIMITS.friendGroups) {
        await store.putFriendGroup(sdkAppID, userID, { name: fields.groupName, createTime: fields.now });
        groups.push(fields.groupName);
      }
    }
    const record: FriendRecord = {
      userID,
      friendID,
      remark: fields.remark,
      addSource: fields.addSource,
      addWording: fields.addWording,
      addTime: fields.now,
      customInfo: {},
      groups,
    };
    await store.putFriend(sdkAppID, record);
    outcome.emit(userID, { type: 'FriendListAdded', friends: [toWireFriend(record)] });
    // Both: the friend's sends to this user are checked on the friend's nodes.
    outcome.changed.add(userID).add(friendID);
    return 0;
  }

  /** Removes the requests between two users, both ways, telling each side. */
  async #dropApplications(
    tx: Storage,
    sdkAppID: number,
    a: string,
    b: string,
    outcome: Outcome,
  ): Promise<void> {
    for (const [from, to] of [
      [a, b],
      [b, a],
    ] as const) {
      if (await tx.friends.deleteApplication(sdkAppID, from, to)) {
        outcome.emit(from, { type: 'FriendApplicationListDeleted', userIDs: [to] });
        outcome.emit(to, { type: 'FriendApplicationListDeleted', userIDs: [from] });
      }
    }
  }

  async applications(actor: FriendActor): R<'getFriendApplicationList'> {
    const { friends } = this.core.deps.storage;
    const [list, readAt] = await Promise.all([
      friends.applicationsOf(actor.sdkAppID, actor.userID, FRIEND_LIMITS.pendingApplications * 2),
      friends.applicationsReadAt(actor.sdkAppID, actor.userID),
    ]);
    const unreadCount = list.filter((a) => a.toUser === actor.userID && a.addTime > readAt).length;
    return ok({ unreadCount, friendApplicationList: list.map((a) => toWireApplication(a, actor.userID)) });
  }

  async markApplicationsRead(actor: FriendActor): R<'setFriendApplicationRead'> {
    await this.core.deps.storage.friends.setApplicationsReadAt(actor.sdkAppID, actor.userID, this.core.now());
    this.core.events.emit(actor.sdkAppID, actor.userID, { type: 'FriendApplicationListRead' });
    return ok({});
  }

  /** Accepts `requester`'s request: they get me; AGREE_AND_ADD gives me them too. */
  respond(
    actor: FriendActor,
    requester: string,
    response: { accept: boolean; responseType?: number; remark?: string },
  ): R<'acceptFriendApplication'> {
    return answer(async () => {
      const { sdkAppID, userID: me } = actor;
      const remark = response.remark ?? '';
      checkLength('remark', remark, FRIEND_LIMITS.remarkBytes);
      const mutual = response.responseType === FriendResponseType.AGREE_AND_ADD;
      const action = !response.accept
        ? 'Response_Action_Reject'
        : mutual
          ? 'Response_Action_AgreeAndAdd'
          : 'Response_Action_Agree';
      const hooks = await this.core.hooks(actor);
      const refusal = (
        await hooks.before(
          SnsCallback.PREV_FRIEND_RESPONSE,
          {
            Requester_Account: actor.admin ?? me,
            From_Account: me,
            ResponseFriendItem: [
              { To_Account: requester, Remark: remark, TagName: '', ResponseAction: action },
            ],
          },
          [requester],
        )
      ).get(requester);
      if (refusal !== undefined) return ok(result(requester, refusal, 'refused by the app'));
      const now = this.core.now();
      const outcome = new Outcome();
      const reply = await this.core.locked(actor, async (tx) => {
        const application = await tx.friends.application(sdkAppID, requester, me);
        if (application === undefined)
          throw new FriendError(
            ErrorCode.ERR_SVR_FRIENDSHIP_INVALID_PARAMETERS,
            `no request from ${requester}`,
          );
        await this.#dropApplications(tx, sdkAppID, requester, me, outcome);
        if (!response.accept) return result(requester);
        const pairs: { From_Account: string; To_Account: string; Initiator_Account: string }[] = [];
        const fields = { addSource: application.addSource, addWording: application.addWording, now };
        if ((await tx.friends.friendsAmong(sdkAppID, requester, [me])).length === 0) {
          const code = await this.#befriend(
            tx,
            sdkAppID,
            requester,
            me,
            { ...fields, remark: application.remark, groupName: application.groupName },
            outcome,
            ErrorCode.ERR_SVR_FRIENDSHIP_PEER_FRIEND_LIMIT,
          );
          if (code !== 0) throw new FriendError(code);
          pairs.push({ From_Account: requester, To_Account: me, Initiator_Account: requester });
        }
        if (mutual && (await tx.friends.friendsAmong(sdkAppID, me, [requester])).length === 0) {
          const code = await this.#befriend(
            tx,
            sdkAppID,
            me,
            requester,
            { ...fields, remark, groupName: '' },
            outcome,
            ErrorCode.ERR_SVR_FRIENDSHIP_COUNT_LIMIT,
          );
          if (code !== 0) throw new FriendError(code);
          pairs.push({ From_Account: me, To_Account: requester, Initiator_Account: requester });
        }
        if (pairs.length > 0)
          await hooks.after(
            SnsCallback.FRIEND_ADD,
            { ClientCmd: 'friend_response', Admin_Account: actor.admin ?? '', ForceFlag: 0, PairList: pairs },
            tx,
          );
        return result(requester);
      });
      await this.core.publish(sdkAppID, outcome);
      return ok(reply);
    });
  }

  /** Removes a request to me (type 1) or mine to `userID` (type 2), on my side's lists. */
  deleteApplication(actor: FriendActor, userID: string, type: 1 | 2 = 1): R<'deleteFriendApplication'> {
    return answer(async () => {
      const [from, to] = type === 1 ? [userID, actor.userID] : [actor.userID, userID];
      if (!(await this.core.deps.storage.friends.deleteApplication(actor.sdkAppID, from, to)))
        throw new FriendError(ErrorCode.ERR_SVR_FRIENDSHIP_INVALID_PARAMETERS, `no request with ${userID}`);
      this.core.events.emit(actor.sdkAppID, actor.userID, {
        type: 'FriendApplicationListDeleted',
        userIDs: [userID],
      });
      return ok({});
    });
  }

  async list(actor: FriendActor): R<'getFriendList'> {
    const friends = await this.core.deps.storage.friends.friends(actor.sdkAppID, actor.userID);
    return ok({ friendList: await this.core.withProfiles(actor.sdkAppID, friends) });
  }

  async info(actor: FriendActor, userIDs: readonly string[]): R<'getFriendsInfo'> {
    const { friends } = this.core.deps.storage;
    const ids = [...new Set(userIDs)];
    const [mine, theirs] = await Promise.all([
      friends.friendsAmong(actor.sdkAppID, actor.userID, ids),
      friends.whoHas(actor.sdkAppID, actor.userID, ids),
    ]);
    const byID = new Map((await this.core.withProfiles(actor.sdkAppID, mine)).map((f) => [f.userID, f]));
    return ok({
      results: ids.map((id) => {
        const entry = byID.get(id);
        const relation = relationOf(entry !== undefined, theirs.has(id));
        return {
          ...result(id),
          relation,
          ...(entry === undefined ? {} : { friendInfo: entry }),
        };
      }),
    });
  }

  /** Changes my remark, custom fields or (REST) groups of a friend. */
  setInfo(
    actor: FriendActor,
    userID: string,
    change: { friendRemark?: string; friendCustomInfo?: Record<string, string>; friendGroups?: string[] },
  ): R<'setFriendInfo'> {
    return answer(async () => {
      checkLength('friendRemark', change.friendRemark, FRIEND_LIMITS.remarkBytes);
      const custom =
        change.friendCustomInfo === undefined ? undefined : normalizeCustom(change.friendCustomInfo);
      for (const name of change.friendGroups ?? []) checkGroupName(name);
      const outcome = new Outcome();
      await this.core.locked(actor, async (tx) => {
        const [entry] = await tx.friends.friendsAmong(actor.sdkAppID, actor.userID, [userID]);
        if (entry === undefined)
          throw new FriendError(ErrorCode.ERR_SVR_FRIENDSHIP_INVALID_PARAMETERS, `${userID} is not a friend`);
        let groups = entry.groups;
        if (change.friendGroups !== undefined) {
          groups = [...new Set(change.friendGroups)];
          const existing = new Set(
            (await tx.friends.friendGroups(actor.sdkAppID, actor.userID)).map((g) => g.name),
          );
          const added = groups.filter((g) => !existing.has(g));
          if (existing.size + added.length > FRIEND_LIMITS.friendGroups)
            throw new FriendError(ErrorCode.ERR_SVR_FRIENDSHIP_GROUP_COUNT_LIMIT);
          for (const name of added)
            await tx.friends.putFriendGroup(actor.sdkAppID, actor.userID, {
              name,
              createTime: this.core.now(),
            });
        }
        const updated: FriendRecord = {
          ...entry,
          remark: change.friendRemark ?? entry.remark,
          customInfo: custom === undefined ? entry.customInfo : { ...entry.customInfo, ...custom },
          groups,
        };
        await tx.friends.putFriend(actor.sdkAppID, updated);
        outcome.emit(actor.userID, { type: 'FriendInfoChanged', friends: [toWireFriend(updated)] });
      });
      await this.core.publish(actor.sdkAppID, outcome);
      return ok({});
    });
  }

  async check(
    actor: FriendActor,
    userIDs: readonly string[],
    checkType: number = FriendType.BOTH,
  ): R<'checkFriend'> {
    const { friends } = this.core.deps.storage;
    const ids = [...new Set(userIDs)];
    const mine = new Set(
      (await friends.friendsAmong(actor.sdkAppID, actor.userID, ids)).map((f) => f.friendID),
    );
    const theirs =
      checkType === FriendType.BOTH
        ? await friends.whoHas(actor.sdkAppID, actor.userID, ids)
        : new Set<string>();
    return ok({
      results: ids.map((id) => ({ ...result(id), resultType: relationOf(mine.has(id), theirs.has(id)) })),
    });
  }

  /** Deletes friends from my list; BOTH also takes me out of theirs. */
  delete(
    actor: FriendActor,
    userIDs: readonly string[],
    deleteType: number = FriendType.BOTH,
    clientCmd = 'friend_delete',
  ): R<'deleteFromFriendList'> {
    return answer(async () => {
      const ids = [...new Set(userIDs)];
      const outcome = new Outcome();
      const hooks = await this.core.hooks(actor);
      const results = await this.core.locked(actor, (tx) =>
        this.deleteIn(tx, actor, ids, deleteType === FriendType.BOTH, outcome, clientCmd, hooks),
      );
      await this.core.publish(actor.sdkAppID, outcome);
      return ok({ results });
    });
  }

  /** The delete inside a transaction (the blocklist dissolves friendships with it). */
  async deleteIn(
    tx: Storage,
    actor: FriendActor,
    ids: readonly string[],
    both: boolean,
    outcome: Outcome,
    clientCmd: string,
    hooks: AppSnsCallbacks,
  ): Promise<FriendOperationResult[]> {
    const { sdkAppID, userID: me } = actor;
    const deleted = new Set(await tx.friends.deleteFriends(sdkAppID, me, ids));
    const pairs: { From_Account: string; To_Account: string }[] = [...deleted].map((id) => ({
      From_Account: me,
      To_Account: id,
    }));
    const removedFromTheirs = new Set(both ? await tx.friends.removeFromLists(sdkAppID, me, ids) : []);
    for (const id of removedFromTheirs) {
      pairs.push({ From_Account: id, To_Account: me });
      outcome.emit(id, { type: 'FriendListDeleted', userIDs: [me] });
      outcome.changed.add(id).add(me);
    }
    if (deleted.size > 0) {
      outcome.emit(me, { type: 'FriendListDeleted', userIDs: [...deleted] });
      outcome.changed.add(me);
      for (const id of deleted) outcome.changed.add(id);
    }
    if (pairs.length > 0)
      await hooks.after(
        SnsCallback.FRIEND_DELETE,
        { ClientCmd: clientCmd, Admin_Account: actor.admin ?? '', PairList: pairs },
        tx,
      );
    return ids.map((id) =>
      deleted.has(id) || removedFromTheirs.has(id)
        ? result(id)
        : result(id, ErrorCode.ERR_SVR_FRIENDSHIP_INVALID_PARAMETERS, 'not a friend'),
    );
  }

  /** REST `friend_delete_all`: empties the user's list (BOTH: and takes them out of the others'). */
  deleteAll(actor: FriendActor, both: boolean): Promise<Reply<FriendOperationResult[]>> {
    return answer(async () => {
      const outcome = new Outcome();
      const hooks = await this.core.hooks(actor);
      const results = await this.core.locked(actor, async (tx) => {
        const mine = (await tx.friends.friends(actor.sdkAppID, actor.userID)).map((f) => f.friendID);
        return this.deleteIn(tx, actor, mine, both, outcome, 'friend_delete_all', hooks);
      });
      await this.core.publish(actor.sdkAppID, outcome);
      return ok(results);
    });
  }

  /** REST `friend_import`: puts friends in the user's list as given, no verification, one way. */
  import(
    actor: FriendActor,
    items: readonly (WireFriendInfo & { addSource: string; addWording: string; addTimeMs?: number })[],
  ): Promise<Reply<FriendOperationResult[]>> {
    return answer(async () => {
      const outcome = new Outcome();
      const now = this.core.now();
      const hooks = await this.core.hooks(actor);
      for (const item of items) {
        checkLength('Remark', item.friendRemark, FRIEND_LIMITS.remarkBytes);
        checkLength('AddWording', item.addWording, FRIEND_LIMITS.addWordingBytes);
        for (const g of item.friendGroups) checkGroupName(g);
      }
      const results = await this.core.locked(actor, async (tx) => {
        const store = tx.friends;
        const { sdkAppID, userID: me } = actor;
        const exists = await store.existing(
          sdkAppID,
          items.map((i) => i.userID),
        );
        const groups = new Set((await store.friendGroups(sdkAppID, me)).map((g) => g.name));
        let count = await store.countFriends(sdkAppID, me);
        const out: FriendOperationResult[] = [];
        const pairs: { From_Account: string; To_Account: string; Initiator_Account: string }[] = [];
        const added: WireFriendInfo[] = [];
        for (const item of items) {
          if (item.userID === me || !exists.has(item.userID)) {
            out.push(result(item.userID, ErrorCode.ERR_SVR_FRIENDSHIP_ACCOUNT_NOT_FOUND));
            continue;
          }
          const [existing] = await store.friendsAmong(sdkAppID, me, [item.userID]);
          if (existing !== undefined) {
            out.push(
              result(item.userID, ErrorCode.ERR_SVR_FRIENDSHIP_INVALID_PARAMETERS, 'already a friend'),
            );
            continue;
          }
          if (count >= FRIEND_LIMITS.friends) {
            out.push(result(item.userID, ErrorCode.ERR_SVR_FRIENDSHIP_COUNT_LIMIT));
            continue;
          }
          const wanted = item.friendGroups.filter(
            (g) => groups.has(g) || groups.size < FRIEND_LIMITS.friendGroups,
          );
          for (const g of wanted)
            if (!groups.has(g)) {
              groups.add(g);
              await store.putFriendGroup(sdkAppID, me, { name: g, createTime: now });
            }
          const record: FriendRecord = {
            userID: me,
            friendID: item.userID,
            remark: item.friendRemark,
            addSource: normalizeSource(item.addSource),
            addWording: item.addWording,
            addTime: item.addTimeMs ?? now,
            customInfo: normalizeCustom(item.friendCustomInfo),
            groups: wanted,
          };
          await store.putFriend(sdkAppID, record);
          count++;
          added.push(toWireFriend(record));
          pairs.push({ From_Account: me, To_Account: item.userID, Initiator_Account: me });
          out.push(result(item.userID));
        }
        if (added.length > 0) {
          outcome.emit(me, { type: 'FriendListAdded', friends: added });
          outcome.changed.add(me);
          for (const friend of added) outcome.changed.add(friend.userID);
          await hooks.after(
            SnsCallback.FRIEND_ADD,
            { ClientCmd: 'friend_import', Admin_Account: actor.admin ?? '', ForceFlag: 1, PairList: pairs },
            tx,
          );
        }
        return out;
      });
      await this.core.publish(actor.sdkAppID, outcome);
      return ok(results);
    });
  }
}

export function relationOf(inMine: boolean, inTheirs: boolean): FriendRelation {
  if (inMine && inTheirs) return FriendRelation.BOTH_WAY;
  if (inMine) return FriendRelation.IN_MY_LIST;
  if (inTheirs) return FriendRelation.IN_OTHER_LIST;
  return FriendRelation.NONE;
}
