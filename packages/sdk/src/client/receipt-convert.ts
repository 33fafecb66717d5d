import type { WireMessageReceipt } from '@parley/protocol';
import type { V2TimMessageReceipt } from '../message-types.js';

/** A per-message receipt as V2TIM shows it (`timestamp` in seconds). */
export function toV2TimReceipt(wire: WireMessageReceipt): V2TimMessageReceipt {
  return {
    msgID: wire.msgID,
    userID: wire.userID,
    ...(wire.groupID === undefined ? {} : { groupID: wire.groupID }),
    isPeerRead: wire.isPeerRead,
    timestamp: Math.floor(wire.timestamp / 1000),
    readCount: wire.readCount,
    unreadCount: wire.unreadCount,
  };
}
