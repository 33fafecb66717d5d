import { ErrorCode } from '@parley/protocol';
import { fail, ok } from '../client/results.js';
import type {
  V2TimConversation,
  V2TimConversationResult,
  V2TimGetConversationListParams,
  V2TimValueCallback,
} from '../types.js';
import { type ManagerContext, requireInit } from './context.js';

/** Largest page of `getConversationList`. */
export const MAX_CONVERSATION_PAGE = 100;

/**
 * Conversations (V2TIM `V2TIMConversationManager`). The list is answered from the local cache, so it
 * works in any initialized state — also while LOGINING and after a failed login (login.md §4.4). The
 * cache stays empty until conversation sync arrives.
 */
export class V2TIMConversationManager {
  /** Conversations as last synced, most recent first. */
  private readonly cache: V2TimConversation[] = [];

  /** @internal */
  constructor(private readonly context: ManagerContext) {}

  /**
   * One page of the conversation list from the local cache. `nextSeq: '0'` starts at the top; pass the
   * returned `nextSeq` for the next page until `isFinished`. 6013 before init, 6017 for bad arguments.
   */
  async getConversationList(
    params: V2TimGetConversationListParams,
  ): Promise<V2TimValueCallback<V2TimConversationResult>> {
    const refused = requireInit(this.context);
    if (refused) return refused;
    const start = Number(params?.nextSeq);
    const count = params?.count;
    if (typeof params?.nextSeq !== 'string' || !Number.isSafeInteger(start) || start < 0) {
      return fail(ErrorCode.ERR_INVALID_PARAMETERS, 'nextSeq must be a string of a non-negative integer');
    }
    if (
      typeof count !== 'number' ||
      !Number.isSafeInteger(count) ||
      count < 1 ||
      count > MAX_CONVERSATION_PAGE
    ) {
      return fail(
        ErrorCode.ERR_INVALID_PARAMETERS,
        `count must be an integer from 1 to ${MAX_CONVERSATION_PAGE}`,
      );
    }
    const page = this.cache.slice(start, start + count);
    const end = start + page.length;
    return ok({
      nextSeq: end >= this.cache.length ? '0' : String(end),
      isFinished: end >= this.cache.length,
      conversationList: page.map((conversation) => ({ ...conversation })),
    });
  }
}
