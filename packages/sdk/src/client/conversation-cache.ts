/**
 * The SDK's conversation list: the newest server snapshot of each conversation, kept in memory.
 * Snapshots arrive from the post-login fetch, sync pages, pushes and replies in any order; each
 * carries the timeline seq of its last change (`version`), and an older one never replaces a newer
 * one. A deleted conversation leaves a tombstone so that a late snapshot cannot bring it back.
 */
import type { WireConversation } from '@parley/protocol';
import type { V2TimConversation } from '../types.js';
import { clone } from './clone.js';
import { c2cConversationID, toV2TimConversation } from './message-convert.js';

export type SnapshotOutcome = 'new' | 'changed' | 'unchanged';

export class ConversationCache {
  private readonly byPeer = new Map<string, { wire: WireConversation; conversation: V2TimConversation }>();
  /** peerID → the version at which it was deleted. */
  private readonly tombstones = new Map<string, number>();

  constructor(private readonly me: () => string) {}

  /** Takes a snapshot when it is newer than what the cache has. */
  apply(wire: WireConversation): SnapshotOutcome {
    const current = this.byPeer.get(wire.peerID);
    if (current && current.wire.version >= wire.version) return 'unchanged';
    const deletedAt = this.tombstones.get(wire.peerID);
    if (deletedAt !== undefined && wire.version <= deletedAt) return 'unchanged';
    this.tombstones.delete(wire.peerID);
    // Only some snapshots carry the peer's profile and my receive option: keep the last seen.
    const kept: WireConversation = {
      ...wire,
      ...(wire.showName === undefined && current?.wire.showName !== undefined
        ? { showName: current.wire.showName }
        : {}),
      ...(wire.faceUrl === undefined && current?.wire.faceUrl !== undefined
        ? { faceUrl: current.wire.faceUrl }
        : {}),
      ...(wire.recvOpt === undefined && current?.wire.recvOpt !== undefined
        ? { recvOpt: current.wire.recvOpt }
        : {}),
    };
    this.byPeer.set(wire.peerID, { wire: kept, conversation: toV2TimConversation(kept, this.me()) });
    return current ? 'changed' : 'new';
  }

  /** Drops the conversation as of `version`; true when it was in the cache. */
  remove(peerID: string, version: number): boolean {
    const current = this.byPeer.get(peerID);
    if (current && current.wire.version > version) return false;
    this.tombstones.set(peerID, Math.max(version, this.tombstones.get(peerID) ?? 0));
    return this.byPeer.delete(peerID);
  }

  /** The version the cache holds for a peer (0 when none). */
  versionOf(peerID: string): number {
    return this.byPeer.get(peerID)?.wire.version ?? 0;
  }

  get(peerID: string): V2TimConversation | undefined {
    const entry = this.byPeer.get(peerID);
    return entry && clone(entry.conversation);
  }

  /** The user's read marker of a conversation (ms), for `isRead` of its messages. */
  readTime(peerID: string): number {
    return this.byPeer.get(peerID)?.wire.readTime ?? 0;
  }

  /** ms of the conversation's last message or draft, whichever is newer (0 when none). */
  activityTime(peerID: string): number {
    const wire = this.byPeer.get(peerID)?.wire;
    return wire ? Math.max(wire.lastMessage?.time ?? 0, wire.draftTime) : 0;
  }

  /** Pinned first, then the most recently active; ties by conversation ID. */
  list(): V2TimConversation[] {
    return [...this.byPeer.values()]
      .sort(
        (a, b) =>
          Number(b.wire.isPinned) - Number(a.wire.isPinned) ||
          b.wire.orderKey - a.wire.orderKey ||
          a.wire.peerID.localeCompare(b.wire.peerID),
      )
      .map((entry) => clone(entry.conversation));
  }

  totalUnread(): number {
    let total = 0;
    for (const { wire } of this.byPeer.values()) if (countsInTotal(wire.recvOpt)) total += wire.unreadCount;
    return total;
  }

  /** My receive option for a peer changed; true when the cache holds that conversation. */
  setRecvOpt(peerID: string, recvOpt: number): boolean {
    const entry = this.byPeer.get(peerID);
    if (!entry) return false;
    const wire = { ...entry.wire, recvOpt };
    this.byPeer.set(peerID, { wire, conversation: toV2TimConversation(wire, this.me()) });
    return true;
  }

  /** A blank conversation for a peer the cache does not know. */
  blank(peerID: string): V2TimConversation {
    return {
      conversationID: c2cConversationID(peerID),
      type: 1,
      userID: peerID,
      showName: peerID,
      unreadCount: 0,
    };
  }

  clear(): void {
    this.byPeer.clear();
    this.tombstones.clear();
  }
}

/** Conversations with receive option 1, 2 or 3 stay out of the total unread count (im-features §1.18). */
export function countsInTotal(recvOpt: number | undefined): boolean {
  return recvOpt === undefined || recvOpt === 0 || recvOpt === 4;
}
