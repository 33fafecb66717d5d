/**
 * The SDK's messaging state for the logged-in user: the timeline sync, the conversation and message
 * caches, and the message and conversation listeners. It starts the post-login sync on every login
 * and reconnect, applies pulled and pushed events in seq order, and turns them into callbacks.
 */
import {
  ErrorCode,
  type Op,
  type PushData,
  type ReplyData,
  type RequestData,
  type SyncBatch,
  type WireConversation,
  type WireMessage,
} from '@parley/protocol';
import type { ManagerContext } from '../manager/context.js';
import type {
  V2TimAdvancedMsgListener,
  V2TimConversationListener,
  V2TimMessage,
  V2TimMessageReceipt,
} from '../message-types.js';
import { V2TimMessageStatus } from '../message-types.js';
import {
  type V2TimCallback,
  type V2TimConversation,
  V2TimLoginStatus,
  V2TimNetState,
  type V2TimValueCallback,
} from '../types.js';
import { clone } from './clone.js';
import { ConversationCache } from './conversation-cache.js';
import type { IncomingPush } from './frames.js';
import { GroupMessaging } from './group-messaging.js';
import type { Log } from './log.js';
import { MessageCache } from './message-cache.js';
import { absolutizeMediaURLs, c2cConversationID, groupCacheKey, toV2TimMessage } from './message-convert.js';
import { MessageSync } from './message-sync.js';
import { toV2TimReceipt } from './receipt-convert.js';
import { fail, ok } from './results.js';
import type { Transition } from './state.js';

/** msgIDs remembered as sent by this instance (their timeline echo is not a new message here). */
const MAX_SENT_HERE = 10_000;
const CONVERSATION_PAGE = 100;

export class Messaging {
  readonly conversations: ConversationCache;
  readonly messages = new MessageCache();
  readonly messageListeners = new Set<V2TimAdvancedMsgListener>();
  readonly conversationListeners = new Set<V2TimConversationListener>();
  readonly groups: GroupMessaging;
  private readonly sync: MessageSync;
  private owner = '';
  private refreshed = false;
  private readonly sentHere = new Set<string>();

  constructor(
    private readonly context: ManagerContext,
    private readonly log: () => Log,
  ) {
    this.conversations = new ConversationCache(() => this.owner);
    this.sync = new MessageSync(
      {
        syncEvents: (afterSeq, limit) =>
          this.request('syncEvents', { ...(afterSeq === undefined ? {} : { afterSeq }), limit }),
        ackEvents: (seq) => this.request('ackEvents', { seq }),
      },
      (batch) => this.apply(batch),
    );
    this.groups = new GroupMessaging({
      request: (op, data) => this.request(op, data),
      messages: this.messages,
      me: () => this.owner,
      sentHere: (msgID) => this.sentHere.has(msgID),
      emitMessage: (invoke, name) => this.emitMessage(invoke, name),
      emitConversation: (invoke, name) => this.emitConversation(invoke, name),
      totalUnread: () => this.totalUnread(),
    });
    context.state.observe((transition) => this.onTransition(transition));
  }

  /** Unread over every conversation, one-to-one and group. */
  totalUnread(): number {
    return this.conversations.totalUnread() + this.groups.totalUnread();
  }

  /** The user whose data the caches hold (`''` before the first login). */
  get user(): string {
    return this.owner;
  }

  /** Sends a request on the live connection; 6013 when not initialized. */
  async request<O extends Op>(op: O, data: RequestData<O>): Promise<V2TimValueCallback<ReplyData<O>>> {
    const session = this.context.session();
    if (!session) return fail(ErrorCode.ERR_SDK_NOT_INITIALIZED);
    const reply = await session.request(op, data);
    absolutizeMediaURLs(reply.data, session.httpOrigin());
    return reply;
  }

  /** The server's HTTP origin (for uploads); `''` before initSDK. */
  httpOrigin(): string {
    return this.context.session()?.httpOrigin() ?? '';
  }

  /** Pushes of the live connection other than kicks (the session forwards them). */
  onPush(push: IncomingPush): void {
    absolutizeMediaURLs(push.data, this.httpOrigin());
    if (push.push === 'syncEvent') {
      // The server's push data is its documented type.
      this.sync.onPush(push.data as unknown as SyncBatch);
    } else if (push.push === 'groupMessage') {
      this.groups.sync.onMessage((push.data as unknown as { message: WireMessage }).message);
    } else if (push.push === 'groupChange') {
      const { groupID, change } = push.data as unknown as PushData<'groupChange'>;
      this.groups.sync.onChange(groupID, change);
    } else if (push.push === 'groupConversation') {
      const { groupID, conversation, removed, deletedMsgIDs } =
        push.data as unknown as PushData<'groupConversation'>;
      if (deletedMsgIDs) this.messages.remove(groupCacheKey(groupID), deletedMsgIDs);
      this.groups.onSnapshot(groupID, conversation, removed === true);
    } else if (push.push === 'messageReadReceipts') {
      const { receipts } = push.data as unknown as PushData<'messageReadReceipts'>;
      const list = receipts.map(toV2TimReceipt);
      this.emitMessage((l) => l.onRecvMessageReadReceipts?.(clone(list)), 'onRecvMessageReadReceipts');
    } else if (push.push === 'onlineMessage') {
      const message = (push.data as unknown as { message: WireMessage }).message;
      this.emitMessage(
        (l) => l.onRecvNewMessage?.(toV2TimMessage(message, this.owner, 0)),
        'onRecvNewMessage',
      );
    }
  }

  /** Remembers a msgID sent by this instance before the request goes out (its echo may come first). */
  sendingHere(msgID: string): void {
    this.sentHere.add(msgID);
    if (this.sentHere.size > MAX_SENT_HERE) {
      const oldest = this.sentHere.values().next().value;
      if (oldest !== undefined) this.sentHere.delete(oldest);
    }
  }

  /** Applies conversation snapshots from a reply (pin, draft, read) and announces the changes. */
  applyConversations(conversations: WireConversation[]): void {
    this.apply({ events: [], conversations });
  }

  /** My receive option for a one-to-one peer changed (here or on another device). */
  setC2CRecvOpt(peerID: string, recvOpt: number): void {
    const unreadBefore = this.totalUnread();
    if (this.conversations.setRecvOpt(peerID, recvOpt))
      this.announceConversations([], [peerID], [], unreadBefore);
  }

  /** My receive option in a group changed (here or on another device). */
  setGroupRecvOpt(groupID: string, recvOpt: number): void {
    this.groups.setRecvOpt(groupID, recvOpt);
  }

  /** Forgets everything (unInitSDK). */
  reset(): void {
    this.sync.reset();
    this.groups.reset();
    this.conversations.clear();
    this.messages.clear();
    this.sentHere.clear();
    this.refreshed = false;
    this.owner = '';
  }

  private onTransition({ to, reason }: Transition): void {
    if (to.login !== V2TimLoginStatus.V2TIM_STATUS_LOGINED || to.net !== V2TimNetState.CONNECTED) return;
    if (reason.kind !== 'loginSucceeded' && reason.kind !== 'resumed') return;
    const user = this.context.session()?.loginUser ?? '';
    if (user !== this.owner) {
      // Another account: nothing of the previous one may show.
      this.reset();
      this.owner = user;
    }
    void this.catchUp(reason.kind === 'loginSucceeded' || !this.refreshed);
  }

  private async catchUp(refresh: boolean): Promise<void> {
    this.emitConversation((l) => l.onSyncServerStart?.(), 'onSyncServerStart');
    let result = await this.sync.catchUp(refresh ? () => this.refreshConversations() : undefined);
    if (result === 'superseded') return;
    // Group messages are not in the feed: each joined group catches up from its own log.
    if (result.code === 0) result = await this.groups.sync.catchUp();
    if (result.code === 0) {
      this.emitConversation((l) => l.onSyncServerFinish?.(), 'onSyncServerFinish');
    } else {
      // A logout or a dropped link interrupts the sync as a matter of course; only a failure on a
      // healthy session is worth a warning.
      const healthy =
        this.context.state.login === V2TimLoginStatus.V2TIM_STATUS_LOGINED &&
        this.context.state.net === V2TimNetState.CONNECTED;
      const message = `conversation sync failed (${result.code} ${result.desc}); retried after the next reconnect`;
      if (healthy) this.log().warn(message);
      else this.log().info(message);
      this.emitConversation((l) => l.onSyncServerFailed?.(), 'onSyncServerFailed');
    }
  }

  /** Loads the whole conversation list from the server into the cache. */
  private async refreshConversations(): Promise<V2TimCallback> {
    let nextSeq = '0';
    for (;;) {
      const page = await this.request('getConversations', { nextSeq, count: CONVERSATION_PAGE });
      if (page.code !== 0 || !page.data) return fail(page.code, page.desc);
      this.applyConversations(page.data.conversations);
      if (page.data.isFinished) break;
      nextSeq = page.data.nextSeq;
    }
    this.refreshed = true;
    return ok();
  }

  private apply(batch: SyncBatch): void {
    const unreadBefore = this.totalUnread();
    const deleted: string[] = [];
    for (const event of batch.events) {
      if (event.kind === 'conversationDeleted' && this.conversations.remove(event.peerID, event.seq)) {
        deleted.push(c2cConversationID(event.peerID));
        this.messages.clearConversation(event.peerID);
      }
    }
    const added: string[] = [];
    const changed: string[] = [];
    for (const snapshot of batch.conversations) {
      const outcome = this.conversations.apply(snapshot);
      if (outcome === 'new') added.push(snapshot.peerID);
      if (outcome === 'changed') changed.push(snapshot.peerID);
      if (outcome !== 'unchanged') this.messages.markRead(snapshot.peerID, snapshot.readTime);
    }

    const calls: (() => void)[] = [];
    const receipts: V2TimMessageReceipt[] = [];
    for (const event of batch.events) {
      switch (event.kind) {
        case 'message': {
          const message = this.remember(event.message);
          if (!this.sentHere.has(message.msgID)) {
            calls.push(() =>
              this.emitMessage((l) => l.onRecvNewMessage?.(clone(message)), 'onRecvNewMessage'),
            );
          }
          break;
        }
        case 'modified': {
          const message = this.remember(event.message);
          calls.push(() =>
            this.emitMessage((l) => l.onRecvMessageModified?.(clone(message)), 'onRecvMessageModified'),
          );
          break;
        }
        case 'revoked':
          this.messages.update(event.msgID, (m) => {
            m.status = V2TimMessageStatus.V2TIM_MSG_STATUS_LOCAL_REVOKED;
            m.revokerInfo = { userID: event.operator };
            m.revokeReason = event.reason;
          });
          calls.push(() =>
            this.emitMessage(
              (l) => l.onRecvMessageRevoked?.(event.msgID, event.operator, event.reason),
              'onRecvMessageRevoked',
            ),
          );
          break;
        case 'peerRead':
          this.messages.markPeerRead(event.peerID, event.readTime);
          receipts.push({
            userID: event.peerID,
            timestamp: Math.floor(event.readTime / 1000),
            isPeerRead: true,
          });
          break;
        case 'messagesDeleted':
          this.messages.remove(event.peerID, event.msgIDs);
          break;
        case 'historyCleared':
          this.messages.clearConversation(event.peerID);
          break;
        case 'conversationChanged':
        case 'conversationDeleted':
          break;
      }
    }
    for (const call of calls) call();
    if (receipts.length > 0) {
      this.emitMessage((l) => l.onRecvC2CReadReceipt?.(clone(receipts)), 'onRecvC2CReadReceipt');
    }
    this.announceConversations(added, changed, deleted, unreadBefore);
  }

  private remember(wire: WireMessage): V2TimMessage {
    const peerID = wire.sender === this.owner ? wire.receiver : wire.sender;
    const local = this.messages.find(wire.msgID)?.localCustomData ?? '';
    const message = toV2TimMessage(wire, this.owner, this.conversations.readTime(peerID), local);
    this.messages.put(peerID, message, wire.time);
    return message;
  }

  private announceConversations(
    added: string[],
    changed: string[],
    deleted: string[],
    unreadBefore: number,
  ): void {
    const pick = (peers: string[]) =>
      peers.map((p) => this.conversations.get(p)).filter((c): c is V2TimConversation => c !== undefined);
    if (added.length > 0) {
      const list = pick(added);
      this.emitConversation((l) => l.onNewConversation?.(clone(list)), 'onNewConversation');
    }
    if (changed.length > 0) {
      const list = pick(changed);
      this.emitConversation((l) => l.onConversationChanged?.(clone(list)), 'onConversationChanged');
    }
    if (deleted.length > 0) {
      this.emitConversation((l) => l.onConversationDeleted?.([...deleted]), 'onConversationDeleted');
    }
    const unread = this.totalUnread();
    if (unread !== unreadBefore) {
      this.emitConversation(
        (l) => l.onTotalUnreadMessageCountChanged?.(unread),
        'onTotalUnreadMessageCountChanged',
      );
    }
  }

  emitMessage(invoke: (listener: V2TimAdvancedMsgListener) => void, name: string): void {
    for (const listener of [...this.messageListeners]) this.guard(() => invoke(listener), name);
  }

  emitConversation(invoke: (listener: V2TimConversationListener) => void, name: string): void {
    for (const listener of [...this.conversationListeners]) this.guard(() => invoke(listener), name);
  }

  /** A throwing listener is logged; it never breaks the sync or the other listeners. */
  private guard(call: () => void, name: string): void {
    try {
      call();
    } catch (error) {
      this.log().error(`listener ${name} threw: ${String(error)}`);
    }
  }
}
