/** A member's group conversation as the wire shows it: stored state plus the group's facts. */
import type { WireGroupConversation } from '@parley/protocol';
import { atInfoFor, groupUnread, isHiddenConversation } from '../../storage/messaging/group-rules.js';
import type { GroupConversationState } from '../../storage/messaging/index.js';
import type { GroupFacts } from '../group-contract.js';

export function viewGroupConversation(
  facts: GroupFacts,
  state: GroupConversationState,
): WireGroupConversation {
  const { cursor, heads } = state;
  const readSeq = Number(cursor.read_seq);
  const last = state.lastMessage;
  const conversation: WireGroupConversation = {
    groupID: facts.groupID,
    groupType: facts.type,
    showName: facts.name,
    faceUrl: facts.faceURL,
    unreadCount: groupUnread(cursor, heads.count, facts.countsUnread, state.recalledUnread),
    isPinned: Number(cursor.is_pinned) === 1,
    draftText: cursor.draft_text,
    draftTime: Number(cursor.draft_time),
    activityTime: Math.max(Number(cursor.activity_time), last?.time ?? 0),
    readSeq,
    headSeq: heads.headSeq,
    changeSeq: heads.changeSeq,
    groupAtInfoList: atInfoFor(state.mentions, cursor.user_id, readSeq),
    version: Number(cursor.version),
  };
  if (last) conversation.lastMessage = last;
  if (isHiddenConversation(cursor, heads.headSeq)) conversation.hidden = true;
  return conversation;
}
