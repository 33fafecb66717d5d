import { ErrorCode } from '@parley/protocol';
import { fail } from '../client/results.js';
import type { V2TimCallback, V2TimOfflinePushConfig } from '../types.js';
import { type ManagerContext, requireLogin } from './context.js';

/**
 * Offline push registration (`V2TIMOfflinePushManager`). A native app stores its device's push token
 * here; while that instance is disconnected the server reports it `PushOnline` for 7 days. Delivery
 * of the pushes themselves comes later.
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
}
