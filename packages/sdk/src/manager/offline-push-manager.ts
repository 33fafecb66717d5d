import { ErrorCode } from '@parley/protocol';
import { fail } from '../client/results.js';
import type { V2TimCallback, V2TimOfflinePushConfig } from '../types.js';
import { type ManagerContext, requireLogin } from './context.js';

/**
 * Offline push registration (`V2TIMOfflinePushManager`). A native app stores its device's push token
 * here; while that instance is disconnected (or backgrounded with `doBackground`) the server sends
 * its notifications through the app's push provider (docs/push.md).
 */
export class V2TIMOfflinePushManager {
  /** @internal Use `v2TIMManager.getOfflinePushManager()`. */
  constructor(private readonly context: ManagerContext) {}

  /** Registers (or, with an empty token, removes) this instance's push token. 6014 unless logged in. */
  async setOfflinePushConfig(config: V2TimOfflinePushConfig): Promise<V2TimCallback> {
    const refused = requireLogin(this.context);
    if (refused) return refused;
    if (typeof config !== 'object' || config === null) {
      return fail(ErrorCode.ERR_INVALID_PARAMETERS, 'setOfflinePushConfig needs { businessID, token }');
    }
    const { businessID, token } = config;
    if (!Number.isInteger(businessID) || businessID < 0) {
      return fail(ErrorCode.ERR_INVALID_PARAMETERS, 'businessID must be a non-negative integer');
    }
    if (typeof token !== 'string') return fail(ErrorCode.ERR_INVALID_PARAMETERS, 'token must be a string');
    const result = await this.context.session()!.request('setOfflinePushConfig', { businessID, token });
    return result.code === 0 ? { code: 0, desc: '' } : result;
  }

  /**
   * The app went to the background: the server pushes this instance's notifications even while its
   * connection stays up. `unreadCount` is the badge the app shows now (the server computes later
   * badges itself). 6014 unless logged in.
   */
  async doBackground(params: { unreadCount?: number } = {}): Promise<V2TimCallback> {
    const refused = requireLogin(this.context);
    if (refused) return refused;
    const unreadCount = params?.unreadCount;
    if (unreadCount !== undefined && (!Number.isInteger(unreadCount) || unreadCount < 0))
      return fail(ErrorCode.ERR_INVALID_PARAMETERS, 'unreadCount must be a non-negative integer');
    const result = await this.context
      .session()!
      .request('doBackground', unreadCount === undefined ? {} : { unreadCount });
    return result.code === 0 ? { code: 0, desc: '' } : result;
  }

  /** The app is in the foreground again: messages arrive over the connection only. 6014 unless logged in. */
  async doForeground(): Promise<V2TimCallback> {
    const refused = requireLogin(this.context);
    if (refused) return refused;
    const result = await this.context.session()!.request('doForeground', {});
    return result.code === 0 ? { code: 0, desc: '' } : result;
  }
}
