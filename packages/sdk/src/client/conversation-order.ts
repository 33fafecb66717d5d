/**
 * One list of one-to-one and group conversations: pinned first, then the most recent activity.
 * Each input is already in that order (one-to-one by its feed order key, groups by activity time),
 * so the two are merged, never re-sorted: one-to-one conversations keep their relative order.
 */
import type { V2TimConversation } from '../types.js';

/** ms of a conversation's newest activity (a group's `orderKey` is its activity time). */
export type ActivityOf = (conversation: V2TimConversation) => number;

/** Second precision, from the V2TIM fields alone; the SDK passes the ms of the server's snapshot. */
export const activityOf: ActivityOf = (conversation) => {
  if (conversation.type === 2) return conversation.orderKey ?? 0;
  return Math.max(
    (conversation.lastMessage?.timestamp ?? 0) * 1000,
    (conversation.draftTimestamp ?? 0) * 1000,
  );
};

/** Sorts group conversations by the list's order. */
export function sortGroups(groups: V2TimConversation[]): V2TimConversation[] {
  return groups.sort(
    (a, b) =>
      Number(b.isPinned === true) - Number(a.isPinned === true) ||
      activityOf(b) - activityOf(a) ||
      a.conversationID.localeCompare(b.conversationID),
  );
}

export function mergeConversations(
  oneToOne: readonly V2TimConversation[],
  groups: readonly V2TimConversation[],
  activity: ActivityOf = activityOf,
): V2TimConversation[] {
  const before = (a: V2TimConversation, b: V2TimConversation): boolean => {
    const pinned = Number(b.isPinned === true) - Number(a.isPinned === true);
    if (pinned !== 0) return pinned < 0;
    return activity(a) >= activity(b);
  };
  const out: V2TimConversation[] = [];
  let i = 0;
  let j = 0;
  while (i < oneToOne.length || j < groups.length) {
    const a = oneToOne[i];
    const b = groups[j];
    if (a && (!b || before(a, b))) {
      out.push(a);
      i++;
    } else if (b) {
      out.push(b);
      j++;
    }
  }
  return out;
}
