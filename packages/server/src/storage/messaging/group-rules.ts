/**
 * Pure rules of group logs: unread arithmetic per member, the activity stamp that versions a
 * member's snapshot, and the mentions a member still has to read.
 */
import { AT_ALL_TAG, GroupAtType, type WireGroupAtInfo } from '@parley/protocol';

/** What of a member's cursor the unread count needs. */
export interface CursorCounts {
  read_count: number;
  unread_adjust: number;
}

/**
 * A member's unread in a group: the log's running count of counted messages minus the count at the
 * member's read position, minus the counted messages of others recalled after that position
 * (`recalledUnread`, counted at read time so that a recall writes nothing per member). None for
 * group types without unread counts.
 */
export function groupUnread(
  cursor: CursorCounts,
  logCount: number,
  countsUnread: boolean,
  recalledUnread = 0,
): number {
  if (!countsUnread) return 0;
  return Math.max(
    0,
    Number(logCount) - Number(cursor.read_count) - Number(cursor.unread_adjust) - recalledUnread,
  );
}

/**
 * A member's deleted group conversation stays out of its list until the log moves past the point
 * where it was deleted (the group's next message, tips included, brings it back).
 */
export function isHiddenConversation(
  cursor: { hidden: number; cleared_seq: number },
  headSeq: number,
): boolean {
  return Number(cursor.hidden) === 1 && Number(headSeq) <= Number(cursor.cleared_seq);
}

/**
 * The sender's read count after its own message: the message raised the log's count, so the
 * sender's count rises with it and its unread stays what it was (its own messages never count).
 */
export function readCountAfterOwnMessage(readCount: number, counted: boolean): number {
  return Number(readCount) + (counted ? 1 : 0);
}

/**
 * Strictly increasing µs stamps from a ms clock: versions of a member's snapshot grow with every
 * change even when several fall in the same millisecond.
 */
export class ActivityStamp {
  #last = 0;
  constructor(private readonly nowMs: () => number = Date.now) {}
  next(): number {
    this.#last = Math.max(this.nowMs() * 1000, this.#last + 1);
    return this.#last;
  }
}

/** One mention row: of `userID` (`''` for everyone) by the message at `seq`. */
export interface MentionRow {
  user_id: string;
  seq: number;
}

/** The mentions of `userID` after its read position, oldest first, as `groupAtInfoList`. */
export function atInfoFor(rows: readonly MentionRow[], userID: string, readSeq: number): WireGroupAtInfo[] {
  const bySeq = new Map<number, { me: boolean; all: boolean }>();
  for (const row of rows) {
    const seq = Number(row.seq);
    if (seq <= readSeq || (row.user_id !== userID && row.user_id !== '')) continue;
    const entry = bySeq.get(seq) ?? { me: false, all: false };
    if (row.user_id === '') entry.all = true;
    else entry.me = true;
    bySeq.set(seq, entry);
  }
  return [...bySeq.entries()]
    .sort(([a], [b]) => a - b)
    .map(([seq, { me, all }]) => ({
      seq,
      atType: me && all ? GroupAtType.AT_ALL_AT_ME : all ? GroupAtType.AT_ALL : GroupAtType.AT_ME,
    }));
}

/** The mention rows of a message: one per named member, `''` for @all; the sender never mentions itself. */
export function mentionUsers(atUserList: readonly string[], sender: string): string[] {
  const users = new Set<string>();
  for (const id of atUserList) {
    if (id === AT_ALL_TAG) users.add('');
    else if (id !== sender) users.add(id);
  }
  return [...users];
}
