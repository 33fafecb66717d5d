/**
 * Whether a group message gets read receipts, and how many members could read it (the figure its
 * unread count starts from). Called by the group send path for flagged messages only.
 */
import type { GroupType } from '@parley/protocol';
import type { AppRecord } from '../../storage/types.js';

/** True when the app has receipts on for the group type (never for AVChatRoom). */
export function receiptsOn(
  app: Pick<AppRecord, 'readReceiptGroupTypes'> | undefined,
  type: GroupType,
): boolean {
  const types: readonly string[] = app?.readReceiptGroupTypes ?? ['Work', 'Public', 'Meeting', 'Community'];
  return type !== 'AVChatRoom' && types.includes(type);
}

/**
 * The audience of a flagged group message: the members other than the sender. `undefined` when the
 * message gets no receipts (the type has them off, or it is targeted: its few receivers are not
 * told apart from the other members here): it is then stored like any other message.
 */
export function receiptAudience(
  app: Pick<AppRecord, 'readReceiptGroupTypes'> | undefined,
  type: GroupType,
  members: ReadonlyMap<string, unknown>,
  sender: string,
  targets: readonly string[],
): number | undefined {
  if (!receiptsOn(app, type)) return undefined;
  if (targets.length > 0) return undefined;
  return members.size - (members.has(sender) ? 1 : 0);
}
