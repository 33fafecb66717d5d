import { ErrorCode, type GroupEventPush, type Op, type ReplyData, type RequestData } from '@parley/protocol';
import { absolutizeMediaURLs, toV2TimMessage } from '../client/message-convert.js';
import { fail, ok } from '../client/results.js';
import type {
  V2TimCreateGroupParams,
  V2TimGetGroupMemberListParams,
  V2TimGroupApplicationParams,
  V2TimGroupApplicationResult,
  V2TimGroupIDParams,
  V2TimGroupInfo,
  V2TimGroupInfoResult,
  V2TimGroupListener,
  V2TimGroupMemberFullInfo,
  V2TimGroupMemberInfoResult,
  V2TimGroupMemberOperationResult,
  V2TimGroupSearchParam,
  V2TimSetGroupInfoParams,
  V2TimTopicFields,
  V2TimTopicInfoResult,
  V2TimTopicOperationResult,
} from '../group-types.js';
import type { ListenerArgument } from '../message-types.js';
import type { V2TimCallback, V2TimValueCallback } from '../types.js';
import { type ManagerContext, requireLogin } from './context.js';
import { dispatchGroupEvent } from './group-events.js';
import { ListenerSet } from './listener-argument.js';

type G = V2TimGroupIDParams;

/**
 * Groups (V2TIM `V2TIMGroupManager`): every call asks the server, so answers are current; group
 * events arrive live through `addGroupListener` while connected. They are not replayed after a
 * reconnect: an app that shows group state refreshes it (`getJoinedGroupList`) when the SDK
 * reconnects (`onConnectSuccess`). All calls answer 6013 before init, 6014 unless logged in, 6017
 * for a malformed argument, and the server's group codes (100xx, docs/errors.md).
 */
export class V2TIMGroupManager {
  readonly #listeners: ListenerSet<V2TimGroupListener>;

  /** @internal Use `v2TIMManager.getGroupManager()`. */
  constructor(
    private readonly context: ManagerContext,
    onListenerError: (name: string, error: unknown) => void = () => {},
  ) {
    this.#listeners = new ListenerSet(context, onListenerError);
  }

  /** Creates a group; `data` is its ID (allocated `@TGS#…` when none was given). */
  async createGroup(params: V2TimCreateGroupParams): Promise<V2TimValueCallback<string>> {
    return this.#call('createGroup', params, (d) => d.groupID);
  }

  /** Joins a group: at once, or by an application to its admins (Public by default). */
  async joinGroup(params: G & { message?: string; groupType?: string }): Promise<V2TimCallback> {
    const { groupID, message } = params ?? {};
    return this.#call(
      'joinGroup',
      { groupID, ...(message === undefined ? {} : { message }) },
      () => undefined,
    );
  }

  async quitGroup(params: G): Promise<V2TimCallback> {
    return this.#call('quitGroup', { groupID: params?.groupID }, () => undefined);
  }

  async dismissGroup(params: G): Promise<V2TimCallback> {
    return this.#call('dismissGroup', { groupID: params?.groupID }, () => undefined);
  }

  /** The groups the user is in (AVChatRoom aside). */
  async getJoinedGroupList(): Promise<V2TimValueCallback<V2TimGroupInfo[]>> {
    return this.#call('getJoinedGroupList', {}, (d) => d.groupList);
  }

  /** Profiles of groups, each with its own result code (10010 gone, 10007 a Work group one is not in). */
  async getGroupsInfo(params: {
    groupIDList: string[];
  }): Promise<V2TimValueCallback<V2TimGroupInfoResult[]>> {
    return this.#call('getGroupsInfo', { groupIDList: params?.groupIDList }, (d) =>
      d.results.map(({ groupID: _, ...result }) => result),
    );
  }

  /** Changes the profile fields given (`{ info }` as in Flutter, or the fields themselves). */
  async setGroupInfo(params: V2TimSetGroupInfoParams): Promise<V2TimCallback> {
    const info = params && 'info' in params ? params.info : params;
    return this.#call('setGroupInfo', info, () => undefined);
  }

  /** Groups whose ID or name contains a keyword, among those the user may see. */
  async searchGroups(params: {
    searchParam: V2TimGroupSearchParam;
  }): Promise<V2TimValueCallback<V2TimGroupInfo[]>> {
    return this.#call('searchGroups', params?.searchParam, (d) => d.groupList);
  }

  /** One group's profile by its exact ID (the Web SDK's call). */
  async searchGroupByID(params: G): Promise<V2TimValueCallback<V2TimGroupInfo>> {
    const result = await this.#call('getGroupsInfo', { groupIDList: [params?.groupID] }, (d) => d.results[0]);
    if (result.code !== 0 || !('data' in result) || result.data === undefined) return result as V2TimCallback;
    const { resultCode, resultMessage, groupInfo } = result.data;
    return resultCode === 0 && groupInfo ? ok(groupInfo) : fail(resultCode, resultMessage);
  }

  /** How many members have a connected instance now. */
  async getGroupOnlineMemberCount(params: G): Promise<V2TimValueCallback<number>> {
    return this.#call('getGroupOnlineMemberCount', { groupID: params?.groupID }, (d) => d.count);
  }

  async transferGroupOwner(params: G & { userID: string }): Promise<V2TimCallback> {
    return this.#call('transferGroupOwner', params, () => undefined);
  }

  /** A page of members; pass `nextSeq` back until it is `'0'`. */
  async getGroupMemberList(
    params: V2TimGetGroupMemberListParams,
  ): Promise<V2TimValueCallback<V2TimGroupMemberInfoResult>> {
    return this.#call('getGroupMemberList', params, (d) => d);
  }

  async getGroupMembersInfo(
    params: G & { memberList: string[] },
  ): Promise<V2TimValueCallback<V2TimGroupMemberFullInfo[]>> {
    return this.#call('getGroupMembersInfo', params, (d) => d.memberInfoList);
  }

  /** Name card and custom fields: one's own, or (owner, admins) another member's. */
  async setGroupMemberInfo(
    params: G & { userID: string; nameCard?: string; customInfo?: Record<string, string> },
  ): Promise<V2TimCallback> {
    return this.#call('setGroupMemberInfo', params, () => undefined);
  }

  /** Invites up to 20 users; each gets a result (SUCC 1, INVALID 2 already in, PENDING 3, OVERLIMIT 4). */
  async inviteUserToGroup(
    params: G & { userList: string[] },
  ): Promise<V2TimValueCallback<V2TimGroupMemberOperationResult[]>> {
    return this.#call('inviteUserToGroup', params, (d) => d.results);
  }

  async kickGroupMember(
    params: G & { memberList: string[]; reason?: string },
  ): Promise<V2TimValueCallback<V2TimGroupMemberOperationResult[]>> {
    const { groupID, memberList, reason } = params ?? {};
    return this.#call(
      'kickGroupMember',
      { groupID, memberList, ...(reason === undefined ? {} : { reason }) },
      (d) => d.results,
    );
  }

  /** Owner only: member (200) ↔ admin (300). */
  async setGroupMemberRole(params: G & { userID: string; role: 200 | 300 }): Promise<V2TimCallback> {
    return this.#call('setGroupMemberRole', params, () => undefined);
  }

  /** Mutes a member for `seconds` (0 unmutes). */
  async muteGroupMember(params: G & { userID: string; seconds: number }): Promise<V2TimCallback> {
    return this.#call('muteGroupMember', params, () => undefined);
  }

  async muteAllGroupMembers(params: G & { isMute: boolean }): Promise<V2TimCallback> {
    return this.#call('muteAllGroupMembers', params, () => undefined);
  }

  /** Join requests and invitations the user may handle (≤ 50, newest first), with the unread count. */
  async getGroupApplicationList(): Promise<V2TimValueCallback<V2TimGroupApplicationResult>> {
    return this.#call('getGroupApplicationList', {}, (d) => d);
  }

  async acceptGroupApplication(params: V2TimGroupApplicationParams): Promise<V2TimCallback> {
    return this.#call('acceptGroupApplication', applicationKey(params), () => undefined);
  }

  async refuseGroupApplication(params: V2TimGroupApplicationParams): Promise<V2TimCallback> {
    return this.#call('refuseGroupApplication', applicationKey(params), () => undefined);
  }

  async setGroupApplicationRead(): Promise<V2TimCallback> {
    return this.#call('setGroupApplicationRead', {}, () => undefined);
  }

  /** Replaces all the group's attributes. */
  async initGroupAttributes(params: G & { attributes: Record<string, string> }): Promise<V2TimCallback> {
    return this.#call('initGroupAttributes', params, () => undefined);
  }

  async setGroupAttributes(params: G & { attributes: Record<string, string> }): Promise<V2TimCallback> {
    return this.#call('setGroupAttributes', params, () => undefined);
  }

  /** Deletes the keys given, or every attribute without `keys`. */
  async deleteGroupAttributes(params: G & { keys?: string[] }): Promise<V2TimCallback> {
    return this.#call('deleteGroupAttributes', params, () => undefined);
  }

  async getGroupAttributes(
    params: G & { keys?: string[] },
  ): Promise<V2TimValueCallback<Record<string, string>>> {
    return this.#call('getGroupAttributes', params, (d) => d.attributes);
  }

  async setGroupCounters(
    params: G & { counters: Record<string, number> },
  ): Promise<V2TimValueCallback<Record<string, number>>> {
    return this.#call('setGroupCounters', params, (d) => d.counters);
  }

  /** The counters named (a key never set reads 0), or all without `keys`. */
  async getGroupCounters(
    params: G & { keys?: string[] },
  ): Promise<V2TimValueCallback<Record<string, number>>> {
    return this.#call('getGroupCounters', params, (d) => d.counters);
  }

  async increaseGroupCounter(
    params: G & { key: string; value: number },
  ): Promise<V2TimValueCallback<Record<string, number>>> {
    return this.#call('increaseGroupCounter', params, (d) => d.counters);
  }

  async decreaseGroupCounter(
    params: G & { key: string; value: number },
  ): Promise<V2TimValueCallback<Record<string, number>>> {
    return this.#call('decreaseGroupCounter', params, (d) => d.counters);
  }

  /**
   * Creates a Community with topics (`isSupportTopic`); `data` is its ID, `@TGS#_…` when allocated
   * (a chosen ID must also start with `@TGS#_`).
   */
  async createCommunity(
    params: Omit<V2TimCreateGroupParams, 'groupType' | 'isSupportTopic'>,
  ): Promise<V2TimValueCallback<string>> {
    if (typeof params !== 'object' || params === null)
      return this.#call('createGroup', params, (d) => d.groupID);
    return this.#call(
      'createGroup',
      { ...params, groupType: 'Community', isSupportTopic: true },
      (d) => d.groupID,
    );
  }

  /** The communities with topics that the user is in. */
  async getJoinedCommunityList(): Promise<V2TimValueCallback<V2TimGroupInfo[]>> {
    return this.#call('getJoinedCommunityList', {}, (d) => d.groupList);
  }

  /**
   * Owner and admins: adds a topic; `data` is its ID `<groupID>@TOPIC#_<suffix>`. `topicInfo.topicID`
   * chooses the suffix (given alone or as the whole ID); a random one otherwise.
   */
  async createTopicInCommunity(
    params: G & { topicInfo: V2TimTopicFields & { topicID?: string } },
  ): Promise<V2TimValueCallback<string>> {
    return this.#call('createTopicInCommunity', params, (d) => d.topicID);
  }

  /** Owner and admins: deletes topics, each with its own result (10010 for one not in the community). */
  async deleteTopicFromCommunity(
    params: G & { topicIDList: string[] },
  ): Promise<V2TimValueCallback<V2TimTopicOperationResult[]>> {
    return this.#call('deleteTopicFromCommunity', params, (d) => d.results);
  }

  /** Owner and admins: changes the fields given of one topic. */
  async setTopicInfo(params: { topicInfo: V2TimTopicFields & { topicID: string } }): Promise<V2TimCallback> {
    return this.#call('setTopicInfo', params, () => undefined);
  }

  /** Members: the topics named (every topic for an empty list), each with the caller's conversation. */
  async getTopicInfoList(
    params: G & { topicIDList?: string[] },
  ): Promise<V2TimValueCallback<V2TimTopicInfoResult[]>> {
    const me = this.context.session()?.loginUser ?? '';
    const request =
      typeof params === 'object' && params !== null
        ? { ...params, topicIDList: params.topicIDList ?? [] }
        : params;
    return this.#call('getTopicInfoList', request, (d) =>
      d.results.map(({ topicInfo, ...result }) => {
        if (topicInfo === undefined) return result;
        const { lastMessage, ...info } = topicInfo;
        if (lastMessage === undefined) return { ...result, topicInfo: info };
        // The caller has read the last message when its seq is within what the caller read.
        const readTime = lastMessage.seq <= info.readSequence ? lastMessage.time : 0;
        return { ...result, topicInfo: { ...info, lastMessage: toV2TimMessage(lastMessage, me, readTime) } };
      }),
    );
  }

  /** Adds a group listener (given directly, or as `{ listener }`). */
  addGroupListener(listener: ListenerArgument<V2TimGroupListener>): Promise<V2TimCallback> {
    return this.#listeners.add(listener);
  }

  /** Removes one group listener, or all of them when called without one. */
  removeGroupListener(listener?: ListenerArgument<V2TimGroupListener>): Promise<V2TimCallback> {
    return this.#listeners.remove(listener);
  }

  /** @internal A `groupEvent` push from the server. */
  onGroupEvent(push: GroupEventPush): void {
    this.#listeners.each(`group listener (${push.event?.type})`, (listener) =>
      dispatchGroupEvent(listener, push, this.context.session()?.loginUser ?? ''),
    );
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
    // The server checks every field (6017 for a malformed one, 100xx for a rule broken).
    const session = this.context.session()!;
    const reply = await session.request(op, data as RequestData<O>);
    if (reply.code !== 0) return fail(reply.code, reply.desc);
    // Topics carry their last message, whose file URLs are relative to the server.
    absolutizeMediaURLs(reply.data, session.httpOrigin());
    const value = pick((reply.data ?? {}) as ReplyData<O>);
    return value === undefined ? (ok() as V2TimValueCallback<T>) : ok(value);
  }
}

function applicationKey(params: V2TimGroupApplicationParams): unknown {
  if (typeof params !== 'object' || params === null) return params;
  const { groupID, fromUser, toUser, reason } = params;
  return {
    groupID,
    fromUser,
    ...(toUser === undefined ? {} : { toUser }),
    ...(reason === undefined ? {} : { reason }),
  };
}
