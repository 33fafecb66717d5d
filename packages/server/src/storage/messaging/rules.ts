/**
 * Unread arithmetic of read diffusion, as pure functions tested as a table. A conversation's log
 * counts, for each side, the messages that count as unread for it; a member remembers that count
 * at its read position. Unread is the difference, less what left after the read position (recalled
 * or deleted for the member) since — no row is counted.
 */
import type { ConversationMemberRow, LogMessageRow } from './rows.js';

export function unreadCount(
  member: Pick<ConversationMemberRow, 'slot' | 'read_count' | 'unread_adjust'>,
  log: { count_0: number; count_1: number } | undefined,
): number {
  if (!log) return 0;
  const count = Number(Number(member.slot) === 0 ? log.count_0 : log.count_1);
  return Math.max(0, count - Number(member.read_count) - Number(member.unread_adjust));
}

/** Whether a message counts in `userID`'s unread count at all (read positions aside). */
export function countsAsUnreadFor(
  message: Pick<LogMessageRow, 'sender_id' | 'excluded_unread'>,
  userID: string,
): boolean {
  return message.sender_id !== userID && Number(message.excluded_unread) === 0;
}

/**
 * Whether a message is unread for a member now: it counts for the member, lies after the member's
 * read and cleared positions, and the member still has it. Used when a message leaves (recall,
 * delete for me) to lower the count by exactly what it contributed.
 */
export function isUnreadFor(
  message: Pick<LogMessageRow, 'sender_id' | 'excluded_unread' | 'seq'>,
  member: Pick<ConversationMemberRow, 'user_id' | 'read_seq' | 'cleared_seq'>,
  hidden: boolean,
): boolean {
  const seq = Number(message.seq);
  return (
    !hidden &&
    countsAsUnreadFor(message, member.user_id) &&
    seq > Number(member.read_seq) &&
    seq > Number(member.cleared_seq)
  );
}
