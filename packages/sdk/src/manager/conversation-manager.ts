import { ErrorCode, isValidUserID } from '@parley/protocol';
import { mergeConversations, sortGroups } from '../client/conversation-order.js';
import { parseConversationID } from '../client/message-convert.js';
import type { Messaging } from '../client/messaging.js';
import { fail, ok } from '../client/results.js';
import type {
  ListenerArgument,
  V2TimConversationIDParams,
  V2TimConversationListener,
} from '../message-types.js';
import type {
  V2TimCallback,
  V2TimConversation,
  V2TimConversationResult,
  V2TimGetConversationListParams,
  V2TimValueCallback,
} from '../types.js';
import { V2TimConversationType } from '../types.js';
import { type ManagerContext, requireInit, requireLogin } from './context.js';
import { isValidGroupID, markGroupRead } from './group-message-calls.js';
import { listenerOf } from './listener-argument.js';
import { markAllMessageAsRead } from './receipt-calls.js';

/** Largest page of `getConversationList`. */
export const MAX_CONVERSATION_PAGE = 100;

/**
 * Conversations (V2TIM `V2TIMConversationManager`). The list, single conversations and the total
 * unread count are answered from the SDK's cache, so they work in any initialized state — also while
 * LOGINING and after a failed login (login.md §4.4). The cache is filled by the sync after every
 * login and kept current by the server's events; unread counts are the server's.
 */
export class V2TIMConversationManager {
  /** @internal */
  constructor(
    private readonly context: ManagerContext,
    private readonly messaging: Messaging,
  ) {}

  /**
   * One page of the conversation list, pinned first, then the most recently active. `nextSeq: '0'`
   * starts at the top; pass the returned `nextSeq` for the next page until `isFinished`. 6013 before
   * init, 6017 for bad arguments.
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
    const all = mergeConversations(
      this.messaging.conversations.list(),
      sortGroups(this.messaging.groups.list()),
      (c: V2TimConversation) =>
        c.type === 2 ? (c.orderKey ?? 0) : this.messaging.conversations.activityTime(c.userID ?? ''),
    );
    const page = all.slice(start, start + count);
    const end = start + page.length;
    return ok({
      nextSeq: end >= all.length ? '0' : String(end),
      isFinished: end >= all.length,
      conversationList: page,
    });
  }

  /** One conversation from the cache; a blank one (no messages, nothing unread) when it has none. */
  async getConversation(params: V2TimConversationIDParams): Promise<V2TimValueCallback<V2TimConversation>> {
    const refused = requireInit(this.context);
    if (refused) return refused;
    const groupID = this.groupOf(params);
    if (groupID !== undefined) {
      return ok(
        this.messaging.groups.get(groupID) ?? {
          conversationID: `group_${groupID}`,
          type: V2TimConversationType.V2TIM_GROUP,
          groupID,
          showName: groupID,
          unreadCount: 0,
        },
      );
    }
    const peer = this.peerOf(params);
    if (typeof peer !== 'string') return peer;
    return ok(this.messaging.conversations.get(peer) ?? this.messaging.conversations.blank(peer));
  }

  /** The sum of the conversations' unread counts; changes arrive through `onTotalUnreadMessageCountChanged`. */
  async getTotalUnreadMessageCount(): Promise<V2TimValueCallback<number>> {
    const refused = requireInit(this.context);
    if (refused) return refused;
    return ok(this.messaging.totalUnread());
  }

  /**
   * Deletes the conversation and the user's history of it, on every device of the user. A group
   * conversation (`group_<groupID>`) comes back with the group's next message; the user stays a member.
   */
  async deleteConversation(params: V2TimConversationIDParams): Promise<V2TimCallback> {
    const refused = requireLogin(this.context);
    if (refused) return refused;
    const groupID = this.groupOf(params);
    if (groupID !== undefined) {
      // I stay in the group; the group's next message brings the conversation back.
      const reply = await this.messaging.request('deleteGroupConversation', { groupID });
      if (reply.code !== 0 || !reply.data) return fail(reply.code, reply.desc);
      this.messaging.groups.onSnapshot(groupID, reply.data.conversation, false);
      return ok();
    }
    const peer = this.peerOf(params);
    if (typeof peer !== 'string') return peer;
    const reply = await this.messaging.request('deleteConversation', { peerID: peer });
    if (reply.code !== 0) return fail(reply.code, reply.desc);
    // The event follows; until then a stale snapshot of this version must not bring it back.
    const version = this.messaging.conversations.versionOf(peer);
    if (this.messaging.conversations.remove(peer, version)) this.messaging.messages.clearConversation(peer);
    return ok();
  }

  /** Pins (or unpins) a conversation: pinned ones come first in the list, on every device. */
  async pinConversation(params: V2TimConversationIDParams & { isPinned: boolean }): Promise<V2TimCallback> {
    const refused = requireLogin(this.context);
    if (refused) return refused;
    if (typeof params?.isPinned !== 'boolean')
      return fail(ErrorCode.ERR_INVALID_PARAMETERS, 'isPinned must be a boolean');
    const groupID = this.groupOf(params);
    if (groupID !== undefined) {
      const reply = await this.messaging.request('pinGroupConversation', {
        groupID,
        isPinned: params.isPinned,
      });
      if (reply.code !== 0 || !reply.data) return fail(reply.code, reply.desc);
      this.messaging.groups.onSnapshot(groupID, reply.data.conversation, false);
      return ok();
    }
    const peer = this.peerOf(params);
    if (typeof peer !== 'string') return peer;
    const reply = await this.messaging.request('pinConversation', {
      peerID: peer,
      isPinned: params.isPinned,
    });
    if (reply.code !== 0 || !reply.data) return fail(reply.code, reply.desc);
    this.messaging.applyConversations([reply.data.conversation]);
    return ok();
  }

  /** Sets the draft of a conversation (`''` clears it); kept on the server for the user's devices. */
  async setConversationDraft(
    params: V2TimConversationIDParams & { draftText?: string },
  ): Promise<V2TimCallback> {
    const refused = requireLogin(this.context);
    if (refused) return refused;
    const draftText = params?.draftText ?? '';
    if (typeof draftText !== 'string')
      return fail(ErrorCode.ERR_INVALID_PARAMETERS, 'draftText must be a string');
    const groupID = this.groupOf(params);
    if (groupID !== undefined) {
      const reply = await this.messaging.request('setGroupConversationDraft', { groupID, draftText });
      if (reply.code !== 0 || !reply.data) return fail(reply.code, reply.desc);
      this.messaging.groups.onSnapshot(groupID, reply.data.conversation, false);
      return ok();
    }
    const peer = this.peerOf(params);
    if (typeof peer !== 'string') return peer;
    const reply = await this.messaging.request('setConversationDraft', { peerID: peer, draftText });
    if (reply.code !== 0 || !reply.data) return fail(reply.code, reply.desc);
    this.messaging.applyConversations([reply.data.conversation]);
    return ok();
  }

  /** Clears a conversation's unread count (`c2c_…`, `group_…`, or `''` for all), on every device of the user. */
  async cleanConversationUnreadMessageCount(params: V2TimConversationIDParams): Promise<V2TimCallback> {
    const refused = requireLogin(this.context);
    if (refused) return refused;
    // An empty ID clears everything, as `markAllMessageAsRead` does.
    if (params?.conversationID === '') return markAllMessageAsRead(this.messaging);
    const groupID = this.groupOf(params);
    if (groupID !== undefined) return markGroupRead(this.messaging, groupID);
    const peer = this.peerOf(params);
    if (typeof peer !== 'string') return peer;
    const reply = await this.messaging.request('markRead', { peerID: peer });
    if (reply.code !== 0) return fail(reply.code, reply.desc);
    if (reply.data?.conversation) this.messaging.applyConversations([reply.data.conversation]);
    return ok();
  }

  /** Adds a conversation listener (given directly, or as `{ listener }`). */
  async addConversationListener(
    listener: ListenerArgument<V2TimConversationListener>,
  ): Promise<V2TimCallback> {
    const refused = requireInit(this.context);
    if (refused) return refused;
    const found = listenerOf(listener);
    if (!found) return fail(ErrorCode.ERR_INVALID_PARAMETERS, 'listener must be an object of callbacks');
    this.messaging.conversationListeners.add(found);
    return ok();
  }

  /** Removes one conversation listener, or all of them when called without one. */
  async removeConversationListener(
    listener?: ListenerArgument<V2TimConversationListener>,
  ): Promise<V2TimCallback> {
    const refused = requireInit(this.context);
    if (refused) return refused;
    const found = listenerOf(listener);
    if (found) this.messaging.conversationListeners.delete(found);
    else this.messaging.conversationListeners.clear();
    return ok();
  }

  /** The group of a `group_<groupID>` ID; undefined for any other ID. */
  private groupOf(params: V2TimConversationIDParams | undefined): string | undefined {
    const parsed = parseConversationID(params?.conversationID);
    return parsed?.kind === 'group' && isValidGroupID(parsed.groupID) ? parsed.groupID : undefined;
  }

  /** The peer of a `c2c_<userID>` ID, or the refusal to answer with. */
  private peerOf(params: V2TimConversationIDParams | undefined): string | V2TimCallback {
    const parsed = parseConversationID(params?.conversationID);
    if (parsed?.kind === 'group') {
      return fail(
        ErrorCode.ERR_SDK_INTERFACE_NOT_SUPPORT,
        'this call does not take a group conversation in this version',
      );
    }
    if (!parsed || !isValidUserID(parsed.userID)) {
      return fail(ErrorCode.ERR_INVALID_PARAMETERS, 'conversationID must be c2c_<userID>');
    }
    return parsed.userID;
  }
}
