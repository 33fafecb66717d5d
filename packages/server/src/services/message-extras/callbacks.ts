/**
 * The after-change callbacks of message extensions (im-features.md §9.2), written to the outbox in
 * the transaction of the change: `C2C.CallbackAfterC2CMsgExtension` and
 * `Group.CallbackAfterGroupMsgExtension`, with the original's field names.
 */
import type { WireExtension } from '@parley/protocol';
import type { NewOutboxEvent } from '../../storage/types.js';
import type { MessageTarget } from './access.js';

export const C2C_EXTENSION_COMMAND = 'C2C.CallbackAfterC2CMsgExtension';
export const GROUP_EXTENSION_COMMAND = 'Group.CallbackAfterGroupMsgExtension';

/** `OperateType`: 1 set, 2 delete some keys, 3 delete all. */
export type OperateType = 1 | 2 | 3;

export interface ExtensionCallback {
  target: MessageTarget;
  operator: string;
  operateType: OperateType;
  /** The keys set (with their values) or deleted (value `''`), each with the write's seq. */
  extensions: WireExtension[];
  /** The message's extension seq after the write. */
  seq: number;
  origin: { clientIP: string; platform: string };
  now: number;
}

export function extensionCallbackEvent(sdkAppID: number, change: ExtensionCallback): NewOutboxEvent {
  const { target } = change;
  const command = target.kind === 'c2c' ? C2C_EXTENSION_COMMAND : GROUP_EXTENSION_COMMAND;
  const where =
    target.kind === 'c2c'
      ? { From_Account: target.sender, To_Account: target.receiver, MsgKey: target.msgID }
      : { GroupId: target.groupID, MsgSeq: target.seq, MsgID: target.msgID };
  return {
    sdkAppID,
    command,
    query: { ClientIP: change.origin.clientIP, OptPlatform: change.origin.platform },
    body: {
      CallbackCommand: command,
      ...where,
      Operator_Account: change.operator,
      OperateType: change.operateType,
      ExtensionList: change.extensions.map((e) => ({ Key: e.key, Value: e.value, Seq: e.seq })),
      Seq: change.seq,
      EventTime: change.now,
    },
  };
}
