import { ErrorCode } from '@parley/protocol';
import { fail } from '../client/results.js';
import type { V2TimCallback, V2TimSendMessageParams } from '../types.js';
import { type ManagerContext, requireLogin } from './context.js';

/**
 * Messages (V2TIM `V2TIMMessageManager`). A placeholder in this version: it answers the login checks
 * as the real one will (6013, 6014) and 7013 once logged in.
 */
export class V2TIMMessageManager {
  /** @internal */
  constructor(private readonly context: ManagerContext) {}

  /**
   * Sends a message created by a `create…Message` call. 6013 before init, 6014 unless logged in;
   * messaging is not available yet in this version (7013).
   */
  async sendMessage(_params: V2TimSendMessageParams): Promise<V2TimCallback> {
    const refused = requireLogin(this.context);
    if (refused) return refused;
    return fail(ErrorCode.ERR_SDK_INTERFACE_NOT_SUPPORT, 'sendMessage is not available yet in this version');
  }
}
