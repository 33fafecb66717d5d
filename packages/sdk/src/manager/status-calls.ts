/**
 * The user-status calls of `V2TIMManager` (im-features §4.2): one options object each, as the
 * Flutter SDK names them. The server checks the lists and sizes; here only the shape of the options,
 * so a wrong call fails with 6017 before anything is sent.
 */
import { ErrorCode, type WireUserStatus } from '@parley/protocol';
import { fail, ok } from '../client/results.js';
import type { V2TimCallback, V2TimUserStatus, V2TimValueCallback } from '../types.js';
import { type ManagerContext, requireLogin } from './context.js';

export class StatusCalls {
  constructor(private readonly context: ManagerContext) {}

  async getUserStatus(params: { userIDList: string[] }): Promise<V2TimValueCallback<V2TimUserStatus[]>> {
    const refused = requireLogin(this.context) ?? checkList(params?.userIDList, 'userIDList');
    if (refused) return refused;
    const result = await this.context.session()!.request('getUserStatus', { userIDList: params.userIDList });
    if (result.code !== 0 || !result.data) return { code: result.code, desc: result.desc };
    return ok(result.data.statusList.map(toUserStatus));
  }

  async setSelfStatus(params: { status: { customStatus?: string } }): Promise<V2TimCallback> {
    const refused = requireLogin(this.context);
    if (refused) return refused;
    const customStatus = params?.status?.customStatus ?? '';
    if (typeof customStatus !== 'string') {
      return fail(ErrorCode.ERR_INVALID_PARAMETERS, 'status.customStatus must be a string');
    }
    const result = await this.context.session()!.request('setSelfStatus', { customStatus });
    return result.code === 0 ? ok() : { code: result.code, desc: result.desc };
  }

  async subscribeUserStatus(params: { userIDList: string[] }): Promise<V2TimCallback> {
    const refused = requireLogin(this.context) ?? checkList(params?.userIDList, 'userIDList');
    if (refused) return refused;
    const result = await this.context
      .session()!
      .request('subscribeUserStatus', { userIDList: params.userIDList });
    return result.code === 0 ? ok() : { code: result.code, desc: result.desc };
  }

  async unsubscribeUserStatus(params: { userIDList?: string[] } = {}): Promise<V2TimCallback> {
    const userIDList = params?.userIDList;
    const refused =
      requireLogin(this.context) ??
      (userIDList === undefined ? undefined : checkList(userIDList, 'userIDList'));
    if (refused) return refused;
    const result = await this.context
      .session()!
      .request('unsubscribeUserStatus', userIDList === undefined ? {} : { userIDList });
    return result.code === 0 ? ok() : { code: result.code, desc: result.desc };
  }
}

/** The wire's status as the V2TIM type (a copy: the app may keep or change it). */
export function toUserStatus(status: WireUserStatus): V2TimUserStatus {
  return {
    userID: status.userID,
    statusType: status.statusType,
    customStatus: status.customStatus,
    onlineDevices: [...status.onlineDevices],
  };
}

function checkList(list: unknown, name: string): V2TimCallback | undefined {
  if (!Array.isArray(list) || !list.every((id) => typeof id === 'string')) {
    return fail(ErrorCode.ERR_INVALID_PARAMETERS, `${name} must be an array of UserIDs`);
  }
  return undefined;
}
