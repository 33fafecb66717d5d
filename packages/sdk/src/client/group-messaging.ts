/**
 * The SDK's group side of messaging: group conversations (kept apart from one-to-one ones and merged
 * in the list), the group sync, and the callbacks it causes: `onRecvNewMessage`,
 * `onRecvMessageRevoked`, `onRecvMessageModified`, and the conversation callbacks for groups.
 */
import type {
  Op,
  ReplyData,
  RequestData,
  WireGroupChange,
  WireGroupConversation,
  WireMessage,
} from '@parley/protocol';
import type { V2TimAdvancedMsgListener, V2TimConversationListener, V2TimMessage } from '../message-types.js';
import { V2TimMessageStatus } from '../message-types.js';
import type { V2TimConversation, V2TimValueCallback } from '../types.js';
import { clone } from './clone.js';
import { countsInTotal } from './conversation-cache.js';
import { GroupSync } from './group-sync.js';
import type { MessageCache } from './message-cache.js';
import {
  groupCacheKey,
  groupConversationID,
  toV2TimGroupConversation,
  toV2TimMessage,
} from './message-convert.js';

/** What group messaging needs from the rest of the SDK's messaging. */
export interface GroupMessagingHost {
  request<O extends Op>(op: O, data: RequestData<O>): Promise<V2TimValueCallback<ReplyData<O>>>;
  readonly messages: MessageCache;
  me(): string;
  sentHere(msgID: string): boolean;
  emitMessage(invoke: (listener: V2TimAdvancedMsgListener) => void, name: string): void;
  emitConversation(invoke: (listener: V2TimConversationListener) => void, name: string): void;
  /** The total unread over every conversation, one-to-one and group. */
  totalUnread(): number;
}

/** Group types whose members have unread counts (§3.1). */
const UNCOUNTED_TYPES = new Set(['Meeting', 'AVChatRoom']);

export class GroupMessaging {
  readonly sync: GroupSync;
  private readonly byGroup = new Map<string, WireGroupConversation>();

  constructor(private readonly host: GroupMessagingHost) {
    this.sync = new GroupSync((op, data) => host.request(op, data), {
      messages: (groupID, messages) => this.applyMessages(groupID, messages),
      changes: (groupID, changes) => this.applyChanges(groupID, changes),
      conversations: (snapshots, removed) => this.applySnapshots(snapshots, removed),
    });
  }

  reset(): void {
    this.sync.reset();
    this.byGroup.clear();
  }

  list(): V2TimConversation[] {
    return [...this.byGroup.values()]
      .filter((wire) => wire.hidden !== true)
      .map((wire) => toV2TimGroupConversation(wire, this.host.me()));
  }

  get(groupID: string): V2TimConversation | undefined {
    const wire = this.byGroup.get(groupID);
    return wire && wire.hidden !== true ? toV2TimGroupConversation(wire, this.host.me()) : undefined;
  }

  /** My read position in a group (0 when unknown). */
  readSeq(groupID: string): number {
    return this.byGroup.get(groupID)?.readSeq ?? 0;
  }

  totalUnread(): number {
    let total = 0;
    for (const wire of this.byGroup.values())
      if (wire.hidden !== true && countsInTotal(wire.recvOpt)) total += wire.unreadCount;
    return total;
  }

  /** My receive option in a group changed (here or on another device). */
  setRecvOpt(groupID: string, recvOpt: number): void {
    const wire = this.byGroup.get(groupID);
    if (!wire) return;
    const before = this.host.totalUnread();
    wire.recvOpt = recvOpt;
    this.announce([], wire.hidden === true ? [] : [groupID], [], before);
  }

  /** A snapshot from a reply (read, pin, draft) or a push. */
  onSnapshot(groupID: string, conversation: WireGroupConversation | undefined, removed: boolean): void {
    if (removed) this.applySnapshots([], [groupID]);
    else if (conversation) this.applySnapshots([conversation], []);
  }

  private applySnapshots(snapshots: readonly WireGroupConversation[], removed: readonly string[]): void {
    const before = this.host.totalUnread();
    const added: string[] = [];
    const changed: string[] = [];
    const deleted: string[] = [];
    for (const snapshot of snapshots) {
      const current = this.byGroup.get(snapshot.groupID);
      if (current && current.version >= snapshot.version) continue;
      // Only the login's sync carries my receive option: keep the last seen.
      const wire =
        snapshot.recvOpt === undefined && current?.recvOpt !== undefined
          ? { ...snapshot, recvOpt: current.recvOpt }
          : snapshot;
      this.byGroup.set(wire.groupID, wire);
      // A hidden (deleted) conversation is still followed: the group's next message brings it back.
      this.sync.known(wire.groupID, wire.readSeq, wire.changeSeq);
      const wasShown = current !== undefined && current.hidden !== true;
      if (wire.hidden === true) {
        this.host.messages.clearConversation(groupCacheKey(wire.groupID));
        if (wasShown) deleted.push(groupConversationID(wire.groupID));
      } else (wasShown ? changed : added).push(wire.groupID);
    }
    for (const groupID of removed) {
      this.sync.forget(groupID);
      if (this.byGroup.delete(groupID)) deleted.push(groupConversationID(groupID));
      this.host.messages.clearConversation(groupCacheKey(groupID));
    }
    this.announce(added, changed, deleted, before);
  }

  private applyMessages(groupID: string, messages: readonly WireMessage[]): void {
    const before = this.host.totalUnread();
    const me = this.host.me();
    const wire = this.byGroup.get(groupID);
    const calls: (() => void)[] = [];
    const added: string[] = [];
    for (const m of messages) {
      const message = toV2TimMessage(m, me, 0);
      message.isRead = message.isSelf || m.seq === 0 || (wire !== undefined && m.seq <= wire.readSeq);
      if (m.seq > 0) this.host.messages.put(groupCacheKey(groupID), message, m.time);
      if (!this.host.sentHere(m.msgID)) {
        calls.push(() =>
          this.host.emitMessage((l) => l.onRecvNewMessage?.(clone(message)), 'onRecvNewMessage'),
        );
      }
      if (wire && m.seq > 0) this.count(wire, m, me, added);
    }
    for (const call of calls) call();
    if (wire && messages.some((m) => m.seq > 0))
      this.announce(added, added.length > 0 ? [] : [groupID], [], before);
  }

  /** The snapshot follows a new message locally; the server's next snapshot replaces it. */
  private count(wire: WireGroupConversation, m: WireMessage, me: string, added: string[]): void {
    // The snapshot already accounts for what the log held when it was taken.
    if (m.seq <= wire.headSeq) return;
    wire.headSeq = m.seq;
    // A deleted conversation comes back with the group's next message.
    if (wire.hidden === true) {
      delete wire.hidden;
      added.push(wire.groupID);
    }
    if (!m.excludedFromLastMessage) wire.lastMessage = m;
    wire.activityTime = Math.max(wire.activityTime, m.time);
    if (m.sender === me || m.seq <= wire.readSeq) return;
    // A message pulled after its recall no longer counts (the server leaves it out too).
    if (!m.excludedFromUnreadCount && !m.revoked && !UNCOUNTED_TYPES.has(wire.groupType))
      wire.unreadCount += 1;
    const at = m.groupAtUserList ?? [];
    const mine = at.includes(me);
    const all = at.includes('__kImSDK_MesssageAtALL__');
    if (mine || all) wire.groupAtInfoList.push({ seq: m.seq, atType: mine && all ? 3 : all ? 2 : 1 });
  }

  private applyChanges(groupID: string, changes: readonly WireGroupChange[]): void {
    for (const change of changes) {
      if (change.kind === 'revoked') {
        this.uncount(groupID, change);
        this.host.messages.update(change.msgID, (m) => {
          m.status = V2TimMessageStatus.V2TIM_MSG_STATUS_LOCAL_REVOKED;
          m.revokerInfo = { userID: change.operator };
          m.revokeReason = change.reason;
        });
        const wire = this.byGroup.get(groupID);
        if (wire?.lastMessage?.msgID === change.msgID) {
          wire.lastMessage = {
            ...wire.lastMessage,
            revoked: true,
            revoker: change.operator,
            revokeReason: change.reason,
          };
        }
        this.host.emitMessage(
          (l) => l.onRecvMessageRevoked?.(change.msgID, change.operator, change.reason),
          'onRecvMessageRevoked',
        );
      } else {
        const message: V2TimMessage = toV2TimMessage(change.message, this.host.me(), 0);
        this.host.messages.put(groupCacheKey(groupID), message, change.message.time);
        this.host.emitMessage((l) => l.onRecvMessageModified?.(clone(message)), 'onRecvMessageModified');
      }
    }
  }

  /**
   * A recalled message among my unread no longer counts, as the server's next snapshot will say.
   * Known from the cached copy only; without one the snapshot of the next sync corrects the count.
   */
  private uncount(groupID: string, change: { msgID: string; seq: number; changeSeq: number }): void {
    const { seq } = change;
    const wire = this.byGroup.get(groupID);
    const cached = this.host.messages.find(change.msgID);
    // The snapshot already left out the recalls up to its change seq.
    if (!wire || !cached || wire.unreadCount === 0 || change.changeSeq <= wire.changeSeq) return;
    if (cached.isSelf || cached.status === V2TimMessageStatus.V2TIM_MSG_STATUS_LOCAL_REVOKED) return;
    if (cached.isExcludedFromUnreadCount || seq <= wire.readSeq || seq > wire.headSeq) return;
    const before = this.host.totalUnread();
    wire.unreadCount -= 1;
    this.announce([], [groupID], [], before);
  }

  private announce(added: string[], changed: string[], deleted: string[], unreadBefore: number): void {
    const pick = (ids: string[]) =>
      ids.map((id) => this.get(id)).filter((c): c is V2TimConversation => c !== undefined);
    if (added.length > 0) {
      const list = pick(added);
      this.host.emitConversation((l) => l.onNewConversation?.(clone(list)), 'onNewConversation');
    }
    if (changed.length > 0) {
      const list = pick(changed);
      this.host.emitConversation((l) => l.onConversationChanged?.(clone(list)), 'onConversationChanged');
    }
    if (deleted.length > 0) {
      this.host.emitConversation((l) => l.onConversationDeleted?.([...deleted]), 'onConversationDeleted');
    }
    const unread = this.host.totalUnread();
    if (unread !== unreadBefore) {
      this.host.emitConversation(
        (l) => l.onTotalUnreadMessageCountChanged?.(unread),
        'onTotalUnreadMessageCountChanged',
      );
    }
  }
}
