/**
 * What a member does to its own history of a group: delete messages for itself, clear the history,
 * delete the conversation. Each writes only that member's cursor (and hidden rows) and announces
 * the member's new snapshot to all of its devices.
 */
import { ErrorCode, type WireGroupConversation } from '@parley/protocol';
import type { ActivityStamp } from '../../storage/messaging/group-rules.js';
import type { GroupCursorRow, GroupMessageRecord } from '../../storage/messaging/index.js';
import type { Storage } from '../../storage/types.js';
import type { GroupFacts } from '../group-contract.js';
import { type Actor, error, ok, type Reply } from './service.js';

/** The parts of the group messaging service these calls use. */
export interface MemberHistoryParts {
  storage: Storage;
  stamp: ActivityStamp;
  announce(
    sdkAppID: number,
    row: GroupCursorRow,
    known?: GroupFacts,
    deletedMsgIDs?: string[],
  ): Promise<WireGroupConversation | undefined>;
  memberCursor(
    actor: Actor,
    groupID: string,
  ): Promise<{ ok: true; row: GroupCursorRow } | { ok: false; reply: Reply<never> }>;
}

/** Deletes group messages (all of one group) from the member's history only. */
export async function deleteGroupMessages(
  parts: MemberHistoryParts,
  actor: Actor,
  records: readonly GroupMessageRecord[],
  msgIDs: readonly string[],
): Promise<Reply<Record<string, never>>> {
  const groupID = records[0]?.groupID;
  const missing = msgIDs.find((id) => !records.some((r) => r.msgID === id));
  if (groupID === undefined || missing !== undefined)
    return error(
      ErrorCode.ERR_INVALID_PARAMETERS,
      `msgIDs: no message ${missing ?? msgIDs[0]} in your history`,
    );
  if (records.some((r) => r.groupID !== groupID))
    return error(ErrorCode.ERR_INVALID_PARAMETERS, 'msgIDs: the messages must all be of one conversation');
  const cursor = await parts.memberCursor(actor, groupID);
  if (!cursor.ok) return cursor.reply;
  const cleared = Number(cursor.row.cleared_seq);
  const seen = records.find((r) => r.seq <= cleared);
  if (seen)
    return error(ErrorCode.ERR_INVALID_PARAMETERS, `msgIDs: no message ${seen.msgID} in your history`);
  const row = await parts.storage.groupLogs.deleteForMember(
    actor.sdkAppID,
    actor.userID,
    groupID,
    records.map((r) => r.seq),
    parts.stamp.next(),
  );
  // The member's snapshot (its last message may have gone) and the deleted IDs reach all of its
  // devices, which drop the messages from their caches.
  if (row) await parts.announce(actor.sdkAppID, row, undefined, [...msgIDs]);
  return ok({});
}

/** Empties the member's history of the group; the conversation stays. */
export async function clearGroupHistory(
  parts: MemberHistoryParts,
  actor: Actor,
  groupID: string,
): Promise<Reply<Record<string, never>>> {
  const row = await parts.storage.groupLogs.clearForMember(
    actor.sdkAppID,
    actor.userID,
    groupID,
    parts.stamp.next(),
  );
  if (!row)
    return (await parts.memberCursor(actor, groupID)).ok
      ? ok({})
      : error(ErrorCode.ERR_SVR_GROUP_PERMISSION_DENY);
  await parts.announce(actor.sdkAppID, row);
  return ok({});
}

/**
 * Deletes the member's conversation of the group: its history is emptied and the conversation is
 * hidden until the group's next message; the member stays in the group.
 */
export async function deleteGroupConversation(
  parts: MemberHistoryParts,
  actor: Actor,
  groupID: string,
): Promise<Reply<{ conversation: WireGroupConversation }>> {
  const row = await parts.storage.groupLogs.clearForMember(
    actor.sdkAppID,
    actor.userID,
    groupID,
    parts.stamp.next(),
    { hide: true },
  );
  if (!row) {
    const cursor = await parts.memberCursor(actor, groupID);
    return cursor.ok ? error(ErrorCode.ERR_SVR_GROUP_NOT_FOUND) : cursor.reply;
  }
  const conversation = await parts.announce(actor.sdkAppID, row);
  if (!conversation) return error(ErrorCode.ERR_SVR_GROUP_NOT_FOUND);
  return ok({ conversation });
}
