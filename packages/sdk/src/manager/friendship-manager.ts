import { ErrorCode, type FriendEvent, type Op, type ReplyData, type RequestData } from '@parley/protocol';
import { fail, ok } from '../client/results.js';
import type {
  V2TimAcceptFriendApplicationParams,
  V2TimAddFriendParams,
  V2TimFriendApplicationParams,
  V2TimFriendApplicationResult,
  V2TimFriendCheckResult,
  V2TimFriendGroup,
  V2TimFriendInfo,
  V2TimFriendInfoResult,
  V2TimFriendOperationResult,
  V2TimFriendshipListener,
} from '../friend-types.js';
import type { ListenerArgument } from '../message-types.js';
import type { V2TimCallback, V2TimValueCallback } from '../types.js';
import { type ManagerContext, requireLogin } from './context.js';
import { ListenerSet } from './listener-argument.js';

type IDs = { userIDList: string[] };

/**
 * Friends, friend requests, friend groups and the blocklist (V2TIM `V2TIMFriendshipManager`).
 * Every call asks the server; changes arrive live through `addFriendListener` on every device of
 * the user (this one included) while connected, not replayed after a reconnect: an app that shows
 * the lists asks again on `onConnectSuccess`. Calls answer 6013 before init, 6014 unless logged in,
 * 6017 for a malformed argument, and the server's codes (30xxx, docs/errors.md).
 */
export class V2TIMFriendshipManager {
  readonly #listeners: ListenerSet<V2TimFriendshipListener>;

  /** @internal Use `v2TIMManager.getFriendshipManager()`. */
  constructor(
    private readonly context: ManagerContext,
    onListenerError: (name: string, error: unknown) => void = () => {},
  ) {
    this.#listeners = new ListenerSet(context, onListenerError);
  }

  /**
   * Adds a friend. `data.resultCode` says what happened: 0 added, 30539 a request was sent (the user
   * must accept), 30516 they accept no requests, 30515/30525 a block stands between you.
   */
  addFriend(params: V2TimAddFriendParams): Promise<V2TimValueCallback<V2TimFriendOperationResult>> {
    return this.#call('addFriend', params, (d) => d);
  }

  /** Requests to me and mine, newest first, with the number of unread ones to me. */
  getFriendApplicationList(): Promise<V2TimValueCallback<V2TimFriendApplicationResult>> {
    return this.#call('getFriendApplicationList', {}, (d) => d);
  }

  /** Accepts a request to me: AGREE (they get me) or AGREE_AND_ADD (both ways, the default). */
  acceptFriendApplication(
    params: V2TimAcceptFriendApplicationParams,
  ): Promise<V2TimValueCallback<V2TimFriendOperationResult>> {
    const { userID, responseType = 1, remark } = params ?? {};
    return this.#call(
      'acceptFriendApplication',
      { userID, responseType, ...(remark === undefined ? {} : { remark }) },
      (d) => d,
    );
  }

  refuseFriendApplication(
    params: V2TimFriendApplicationParams,
  ): Promise<V2TimValueCallback<V2TimFriendOperationResult>> {
    return this.#call('refuseFriendApplication', { userID: params?.userID }, (d) => d);
  }

  /** Removes a request from my list: one to me (type 1, the default) or mine (type 2). */
  deleteFriendApplication(params: V2TimFriendApplicationParams): Promise<V2TimCallback> {
    const { userID, type } = params ?? {};
    return this.#call(
      'deleteFriendApplication',
      { userID, ...(type === undefined || type === 3 ? {} : { type }) },
      () => undefined,
    );
  }

  setFriendApplicationRead(): Promise<V2TimCallback> {
    return this.#call('setFriendApplicationRead', {}, () => undefined);
  }

  getFriendList(): Promise<V2TimValueCallback<V2TimFriendInfo[]>> {
    return this.#call('getFriendList', {}, (d) => d.friendList);
  }

  /** My entries for these users with each one's relation; a non-friend has no `friendInfo`. */
  getFriendsInfo(params: IDs): Promise<V2TimValueCallback<V2TimFriendInfoResult[]>> {
    return this.#call('getFriendsInfo', { userIDList: params?.userIDList }, (d) => d.results);
  }

  /** Changes my remark or custom fields (`Tag_SNS_Custom_` keys, prefix optional) of a friend. */
  setFriendInfo(params: {
    userID: string;
    friendRemark?: string;
    friendCustomInfo?: Record<string, string>;
  }): Promise<V2TimCallback> {
    return this.#call('setFriendInfo', params, () => undefined);
  }

  /** SINGLE: 0 or 1 (in my list); BOTH (the default): 0, 1, 2 (I am in theirs) or 3 (both ways). */
  checkFriend(params: IDs & { checkType?: 1 | 2 }): Promise<V2TimValueCallback<V2TimFriendCheckResult[]>> {
    return this.#call('checkFriend', params, (d) => d.results);
  }

  /** SINGLE removes them from my list; BOTH (the default) also me from theirs. */
  deleteFromFriendList(
    params: IDs & { deleteType?: 1 | 2 },
  ): Promise<V2TimValueCallback<V2TimFriendOperationResult[]>> {
    return this.#call('deleteFromFriendList', params, (d) => d.results);
  }

  createFriendGroup(params: {
    groupName: string;
    userIDList?: string[];
  }): Promise<V2TimValueCallback<V2TimFriendOperationResult[]>> {
    return this.#call('createFriendGroup', params, (d) => d.results);
  }

  /** My friend groups (those named, or all), each with its friends. */
  getFriendGroups(
    params: { groupNameList?: string[] } = {},
  ): Promise<V2TimValueCallback<V2TimFriendGroup[]>> {
    return this.#call('getFriendGroups', params ?? {}, (d) => d.groups);
  }

  deleteFriendGroup(params: { groupNameList: string[] }): Promise<V2TimCallback> {
    return this.#call('deleteFriendGroup', params, () => undefined);
  }

  renameFriendGroup(params: { oldName: string; newName: string }): Promise<V2TimCallback> {
    return this.#call('renameFriendGroup', params, () => undefined);
  }

  addFriendsToFriendGroup(
    params: IDs & { groupName: string },
  ): Promise<V2TimValueCallback<V2TimFriendOperationResult[]>> {
    return this.#call('addFriendsToFriendGroup', params, (d) => d.results);
  }

  deleteFriendsFromFriendGroup(
    params: IDs & { groupName: string },
  ): Promise<V2TimValueCallback<V2TimFriendOperationResult[]>> {
    return this.#call('deleteFriendsFromFriendGroup', params, (d) => d.results);
  }

  /** Blocks users: their one-to-one messages and friend requests stop, and any friendship ends. */
  addToBlackList(params: IDs): Promise<V2TimValueCallback<V2TimFriendOperationResult[]>> {
    return this.#call('addToBlackList', { userIDList: params?.userIDList }, (d) => d.results);
  }

  deleteFromBlackList(params: IDs): Promise<V2TimValueCallback<V2TimFriendOperationResult[]>> {
    return this.#call('deleteFromBlackList', { userIDList: params?.userIDList }, (d) => d.results);
  }

  /** The users I blocked; `friendAddTime` is when. */
  getBlackList(): Promise<V2TimValueCallback<V2TimFriendInfo[]>> {
    return this.#call('getBlackList', {}, (d) => d.blackList);
  }

  /** Adds a friendship listener (given directly, or as `{ listener }`). */
  addFriendListener(listener: ListenerArgument<V2TimFriendshipListener>): Promise<V2TimCallback> {
    return this.#listeners.add(listener);
  }

  /** Removes one friendship listener, or all of them when called without one. */
  removeFriendListener(listener?: ListenerArgument<V2TimFriendshipListener>): Promise<V2TimCallback> {
    return this.#listeners.remove(listener);
  }

  /** @internal A `friendEvent` push from the server. */
  onFriendEvent(event: FriendEvent): void {
    this.#listeners.each(`friendship listener (${event?.type})`, (listener) => dispatch(listener, event));
  }

  async #call<O extends Op, T>(
    op: O,
    data: unknown,
    pick: (reply: ReplyData<O>) => T,
  ): Promise<V2TimValueCallback<T>> {
    const refused = requireLogin(this.context);
    if (refused) return refused;
    if (typeof data !== 'object' || data === null)
      return fail(ErrorCode.ERR_INVALID_PARAMETERS, `${op} needs an options object`);
    // The server checks every field (6017 for a malformed one, 30xxx for a rule broken).
    const reply = await this.context.session()!.request(op, data as RequestData<O>);
    if (reply.code !== 0) return fail(reply.code, reply.desc);
    const value = pick((reply.data ?? {}) as ReplyData<O>);
    return value === undefined ? (ok() as V2TimValueCallback<T>) : ok(value);
  }
}

function dispatch(l: V2TimFriendshipListener, e: FriendEvent): void {
  switch (e.type) {
    case 'FriendApplicationListAdded':
      l.onFriendApplicationListAdded?.(e.applications);
      return;
    case 'FriendApplicationListDeleted':
      l.onFriendApplicationListDeleted?.(e.userIDs);
      return;
    case 'FriendApplicationListRead':
      l.onFriendApplicationListRead?.();
      return;
    case 'FriendListAdded':
      l.onFriendListAdded?.(e.friends);
      return;
    case 'FriendListDeleted':
      l.onFriendListDeleted?.(e.userIDs);
      return;
    case 'FriendInfoChanged':
      l.onFriendInfoChanged?.(e.friends);
      return;
    case 'FriendProfileChanged':
      l.onFriendProfileChanged?.(e.friends);
      return;
    case 'BlackListAdded':
      l.onBlackListAdded?.(e.infos);
      return;
    case 'BlackListDeleted':
      l.onBlackListDeleted?.(e.userIDs);
      return;
    case 'FriendGroupCreated':
      l.onFriendGroupCreated?.(e.groupName, e.friends);
      return;
    case 'FriendGroupDeleted':
      l.onFriendGroupDeleted?.(e.groupNames);
      return;
    case 'FriendGroupNameChanged':
      l.onFriendGroupNameChanged?.(e.oldName, e.newName);
      return;
    case 'FriendsAddedToGroup':
      l.onFriendsAddedToGroup?.(e.groupName, e.friends);
      return;
    case 'FriendsDeletedFromGroup':
      l.onFriendsDeletedFromGroup?.(e.groupName, e.userIDs);
      return;
  }
}
