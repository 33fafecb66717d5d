/**
 * Messages this SDK instance has seen, in memory: what `getHistoryMessageList` answers from while
 * not logged in (login.md §4.4), where `findMessages` looks, and the anchors of history paging. Also
 * the messages created and not yet sent, by id.
 */
import type { V2TimMessage } from '../message-types.js';
import { clone } from './clone.js';

/** Messages kept per conversation; the lowest seqs go first. */
const MAX_PER_CONVERSATION = 1_000;
/** Created messages kept for `sendMessage` (and resends) by id. */
const MAX_CREATED = 1_000;

interface Entry {
  message: V2TimMessage;
  /** Server time in ms (`timestamp` is seconds), for read markers. */
  time: number;
}

export class MessageCache {
  private readonly byPeer = new Map<string, Map<string, Entry>>();
  private readonly created = new Map<string, V2TimMessage>();

  /** Keeps a message created by `create…Message` until it is sent (or resent). */
  keepCreated(message: V2TimMessage): void {
    this.created.set(message.id, message);
    if (this.created.size > MAX_CREATED) {
      const oldest = this.created.keys().next().value;
      if (oldest !== undefined) this.created.delete(oldest);
    }
  }

  createdMessage(id: string): V2TimMessage | undefined {
    return this.created.get(id);
  }

  /** Stores (or replaces) a message of the conversation with `peerID`. */
  put(peerID: string, message: V2TimMessage, time: number): void {
    let messages = this.byPeer.get(peerID);
    if (!messages) {
      messages = new Map();
      this.byPeer.set(peerID, messages);
    }
    messages.set(message.msgID, { message: clone(message), time });
    if (messages.size > MAX_PER_CONVERSATION) {
      const lowest = [...messages.values()].sort(bySeq)[0];
      if (lowest) messages.delete(lowest.message.msgID);
    }
  }

  find(msgID: string): V2TimMessage | undefined {
    for (const messages of this.byPeer.values()) {
      const entry = messages.get(msgID);
      if (entry) return clone(entry.message);
    }
    const created = this.created.get(msgID);
    return created && clone(created);
  }

  /** Changes every cached copy of a message. */
  update(msgID: string, change: (message: V2TimMessage) => void): void {
    for (const messages of this.byPeer.values()) {
      const entry = messages.get(msgID);
      if (entry) change(entry.message);
    }
    const created = this.created.get(msgID);
    if (created) change(created);
  }

  remove(peerID: string, msgIDs: readonly string[]): void {
    const messages = this.byPeer.get(peerID);
    for (const id of msgIDs) messages?.delete(id);
  }

  clearConversation(peerID: string): void {
    this.byPeer.delete(peerID);
  }

  /** Own messages up to `readTime` (ms) are now read by the peer; returns how many changed. */
  markPeerRead(peerID: string, readTime: number): number {
    let changed = 0;
    for (const entry of this.byPeer.get(peerID)?.values() ?? []) {
      if (entry.message.isSelf && !entry.message.isPeerRead && entry.time <= readTime) {
        entry.message.isPeerRead = true;
        changed++;
      }
    }
    return changed;
  }

  /** Incoming messages up to `readTime` (ms) are read by the user. */
  markRead(peerID: string, readTime: number): void {
    for (const entry of this.byPeer.get(peerID)?.values() ?? []) {
      if (entry.time <= readTime) entry.message.isRead = true;
    }
  }

  /** A page around an anchor: older ones newest first, or newer ones oldest first. */
  page(peerID: string, count: number, anchor: V2TimMessage | undefined, newer: boolean): V2TimMessage[] {
    const all = [...(this.byPeer.get(peerID)?.values() ?? [])].sort(bySeq);
    const after =
      anchor === undefined
        ? all
        : all.filter((e) => (newer ? bySeq(e, toEntry(anchor)) > 0 : bySeq(e, toEntry(anchor)) < 0));
    const ordered = newer ? after : after.reverse();
    return ordered.slice(0, count).map((e) => clone(e.message));
  }

  clear(): void {
    this.byPeer.clear();
    this.created.clear();
  }
}

function toEntry(message: V2TimMessage): Entry {
  return { message, time: message.timestamp * 1000 };
}

/** Stored messages by seq; unsent ones (seq 0) by time after them. */
function bySeq(a: Entry, b: Entry): number {
  const sa = a.message.seq || Number.MAX_SAFE_INTEGER;
  const sb = b.message.seq || Number.MAX_SAFE_INTEGER;
  return sa - sb || a.time - b.time || a.message.msgID.localeCompare(b.message.msgID);
}
