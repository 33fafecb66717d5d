/**
 * Profiles and receive options in the SDK (im-features §4.1, §1.18): the calls behind
 * `v2TIMManager.getUsersInfo` & co. and the message manager's receive-option calls, and the pushes
 * that become `onSelfInfoUpdated`, `onUserInfoChanged` and `onAllReceiveMessageOptChanged`.
 * Every call asks the server; the server checks each field (6017 malformed, 40601 too long, 40009
 * an undeclared custom key).
 */
import {
  ErrorCode,
  type Op,
  type PushData,
  type ReplyData,
  type RequestData,
  type WireUserFullInfo,
} from '@parley/protocol';
import type { Messaging } from '../client/messaging.js';
import type { Notifier } from '../client/notify.js';
import { fail, ok } from '../client/results.js';
import type {
  V2TimCallback,
  V2TimReceiveMessageOptInfo,
  V2TimReceiveMessageOptInfoForUser,
  V2TimUserFullInfo,
  V2TimUserSearchParam,
  V2TimUserSearchResult,
  V2TimValueCallback,
} from '../types.js';
import { type ManagerContext, requireLogin } from './context.js';

/** Arguments of `setAllReceiveMessageOpt`: a daily start, or (7.4+) a start time. */
export type V2TimSetAllReceiveMessageOptParams = {
  opt: number;
  duration: number;
} & (
  | { startHour: number; startMinute: number; startSecond: number; startTimeStamp?: undefined }
  | { startTimeStamp: number; startHour?: undefined; startMinute?: undefined; startSecond?: undefined }
);

type ProfilePush = 'profileChanged' | 'allReceiveMessageOptChanged' | 'receiveMessageOptChanged';
const PROFILE_PUSHES: ReadonlySet<string> = new Set<ProfilePush>([
  'profileChanged',
  'allReceiveMessageOptChanged',
  'receiveMessageOptChanged',
]);

export class UserCalls {
  constructor(
    private readonly context: ManagerContext,
    private readonly notifier: Notifier,
    private readonly messaging: Messaging,
  ) {}

  async getUsersInfo(params: { userIDList: string[] }): Promise<V2TimValueCallback<V2TimUserFullInfo[]>> {
    return this.#call('getUsersInfo', { userIDList: params?.userIDList }, (d) => d.userInfoList.map(toV2Tim));
  }

  /** Changes the user's own profile; `onSelfInfoUpdated` fires here and on the user's other devices. */
  async setSelfInfo(params: { userFullInfo: Partial<V2TimUserFullInfo> }): Promise<V2TimCallback> {
    const info = params?.userFullInfo;
    if (typeof info !== 'object' || info === null)
      return fail(ErrorCode.ERR_INVALID_PARAMETERS, 'userFullInfo must be an object');
    // The UserID is the caller's; it is not part of the change.
    const { userID: _, ...change } = info;
    const result = await this.#call('setSelfInfo', { userFullInfo: change }, () => undefined);
    if (result.code !== 0) return result;
    const me = this.context.session()?.loginUser ?? '';
    const current = await this.#call('getUsersInfo', { userIDList: [me] }, (d) => d.userInfoList[0]);
    if (current.code === 0 && current.data) {
      const updated = toV2Tim(current.data);
      this.notifier.call('onSelfInfoUpdated', (l) => l.onSelfInfoUpdated?.({ ...updated }));
    }
    return ok();
  }

  async searchUsers(params: {
    searchParam: V2TimUserSearchParam;
  }): Promise<V2TimValueCallback<V2TimUserSearchResult>> {
    return this.#call('searchUsers', params?.searchParam, (d) => ({
      ...d,
      userList: d.userList.map(toV2Tim),
    }));
  }

  /** Watches users' profiles (`onUserInfoChanged`); at most 200, the oldest subscriptions go first. */
  async subscribeUserInfo(params: { userIDList: string[] }): Promise<V2TimCallback> {
    return this.#call('subscribeUserInfo', { userIDList: params?.userIDList }, () => undefined);
  }

  /** Stops watching these users, or everyone when `userIDList` is absent or empty. */
  async unsubscribeUserInfo(params?: { userIDList?: string[] }): Promise<V2TimCallback> {
    const list = params?.userIDList;
    return this.#call('unsubscribeUserInfo', list === undefined ? {} : { userIDList: list }, () => undefined);
  }

  async setC2CReceiveMessageOpt(params: { userIDList: string[]; opt: number }): Promise<V2TimCallback> {
    const { userIDList, opt } = params ?? {};
    const result = await this.#call('setC2CReceiveMessageOpt', { userIDList, opt }, () => undefined);
    if (result.code === 0) for (const peer of userIDList) this.messaging.setC2CRecvOpt(peer, opt);
    return result;
  }

  async getC2CReceiveMessageOpt(params: {
    userIDList: string[];
  }): Promise<V2TimValueCallback<V2TimReceiveMessageOptInfoForUser[]>> {
    return this.#call('getC2CReceiveMessageOpt', { userIDList: params?.userIDList }, (d) => d.optList);
  }

  async setGroupReceiveMessageOpt(params: { groupID: string; opt: number }): Promise<V2TimCallback> {
    const { groupID, opt } = params ?? {};
    const result = await this.#call('setGroupReceiveMessageOpt', { groupID, opt }, () => undefined);
    if (result.code === 0) this.messaging.setGroupRecvOpt(groupID, opt);
    return result;
  }

  /** Quiet hours: opt 0 or 2; `onAllReceiveMessageOptChanged` fires here and on the other devices. */
  async setAllReceiveMessageOpt(params: V2TimSetAllReceiveMessageOptParams): Promise<V2TimCallback> {
    const result = await this.#call('setAllReceiveMessageOpt', params, () => undefined);
    if (result.code !== 0) return result;
    const current = await this.getAllReceiveMessageOpt();
    if (current.code === 0 && current.data) {
      const info = current.data;
      this.notifier.call('onAllReceiveMessageOptChanged', (l) =>
        l.onAllReceiveMessageOptChanged?.({ ...info }),
      );
    }
    return ok();
  }

  async getAllReceiveMessageOpt(): Promise<V2TimValueCallback<V2TimReceiveMessageOptInfo>> {
    return this.#call('getAllReceiveMessageOpt', {}, (d) => ({ ...d }));
  }

  /** True for the pushes this handles. */
  handles(push: string): push is ProfilePush {
    return PROFILE_PUSHES.has(push);
  }

  /** @internal A push of the server (the session forwards it). */
  onPush<P extends ProfilePush>(push: P, data: PushData<P>): void {
    if (push === 'profileChanged') {
      const { self, info } = data as PushData<'profileChanged'>;
      const user = toV2Tim(info);
      if (self) this.notifier.call('onSelfInfoUpdated', (l) => l.onSelfInfoUpdated?.({ ...user }));
      else this.notifier.call('onUserInfoChanged', (l) => l.onUserInfoChanged?.([{ ...user }]));
    } else if (push === 'allReceiveMessageOptChanged') {
      const info = data as PushData<'allReceiveMessageOptChanged'>;
      this.notifier.call('onAllReceiveMessageOptChanged', (l) =>
        l.onAllReceiveMessageOptChanged?.({ ...info }),
      );
    } else {
      const { conversationID, opt } = data as PushData<'receiveMessageOptChanged'>;
      if (conversationID.startsWith('c2c_')) this.messaging.setC2CRecvOpt(conversationID.slice(4), opt);
      else if (conversationID.startsWith('group_'))
        this.messaging.setGroupRecvOpt(conversationID.slice(6), opt);
    }
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
    const reply = await this.context.session()!.request(op, data as RequestData<O>);
    if (reply.code !== 0) return fail(reply.code, reply.desc);
    const value = pick((reply.data ?? {}) as ReplyData<O>);
    return value === undefined ? (ok() as V2TimValueCallback<T>) : ok(value);
  }
}

function toV2Tim(info: WireUserFullInfo): V2TimUserFullInfo {
  return { ...info, customInfo: { ...info.customInfo } };
}
