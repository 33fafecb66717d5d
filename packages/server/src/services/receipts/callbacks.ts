/**
 * The webhook of group read receipts (docs/read-receipts.md), queued in the outbox once the reads
 * are stored, so a crash after the report loses no event. One-to-one reports have none: the
 * original's `C2C.CallbackAfterMsgReport` is about a conversation's read marker, not receipts.
 */
import type { GroupType } from '@parley/protocol';
import type { NewOutboxEvent } from '../../storage/types.js';

export const GROUP_AFTER_READ_RECEIPT_COMMAND = 'Group.CallbackAfterReadReceipt';

/** One member reported messages of a group read. */
export function groupReadReceiptEvent(
  sdkAppID: number,
  group: { groupID: string; type: GroupType },
  reader: string,
  messages: readonly { seq: number; msgID: string; sender: string }[],
  now: number,
): NewOutboxEvent {
  return {
    sdkAppID,
    command: GROUP_AFTER_READ_RECEIPT_COMMAND,
    query: {},
    orderKey: `group\t${group.groupID}`,
    body: {
      CallbackCommand: GROUP_AFTER_READ_RECEIPT_COMMAND,
      GroupId: group.groupID,
      Type: group.type,
      Operator_Account: reader,
      MsgSeqList: messages.map((m) => ({ MsgSeq: m.seq, MsgId: m.msgID, From_Account: m.sender })),
      EventTime: now,
    },
  };
}
