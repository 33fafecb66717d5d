/**
 * How a group message travels, the same bytes for Parley and the bare `ws` broadcast baseline: a
 * member sends `sendMessage {groupID, msgID, …}` (the SDK's `sendMessage({ groupID })`), an
 * AVChatRoom member first sends `joinGroup {groupID}` (the SDK's `getGroupManager().joinGroup`), and
 * each online member receives a `groupMessage {message}` push, the same frame for every member. The
 * baseline pushes the same shape, so both are read by the same code and cost the wire the same.
 */
import type { Push } from './socket.js';

/** The ops, as the SDK's group manager and message manager name them on the wire. */
export const GROUP_JOIN_OP = 'joinGroup';
export const GROUP_SEND_OP = 'sendMessage';

/** Tencent's "already a member" (a group's owner joining its own AVChatRoom): as good as joined. */
export const ALREADY_GROUP_MEMBER = 10013;

/** A typical short chat line, as in the one-to-one scenario. */
const TEXT = 'hello group, from the parley benchmark: a short chat line';
const ELEM_TYPE_TEXT = 1;

/**
 * The msgID of broadcast `k` of a member set: `<set>_<label><k>`, in the characters a msgID may have
 * (letters, digits, `_` and `-`, at most 64), so the generators know their own broadcasts from tips.
 */
export function broadcastMsgID(set: string, label: string, k: number): string {
  return `${set}_${label}${k}`;
}

export function isBroadcastOf(set: string, msgID: string): boolean {
  return msgID.startsWith(`${set}_`);
}

export function joinRequest(groupID: string): object {
  return { groupID, message: '' };
}

export function groupSendRequest(groupID: string, msgID: string): object {
  return {
    msgID,
    groupID,
    random: Math.floor(Math.random() * 2 ** 32),
    elemList: [{ elemType: ELEM_TYPE_TEXT, text: TEXT }],
  };
}

interface MessageLike {
  msgID?: unknown;
}

interface PushData {
  message?: MessageLike;
  messages?: MessageLike[];
  events?: { kind?: string; message?: MessageLike }[];
}

/**
 * The msgIDs a push delivers, whatever form carries them: one `message` (`groupMessage`), a
 * `messages` list, or feed `events` of kind `message`. Read loosely on purpose: the push belongs to
 * the message engine, and a bench that knew only one form would report a working server whose push
 * changed shape as losing messages.
 */
export function deliveredMsgIDs(push: Push): string[] {
  const data = push.data as PushData | undefined;
  if (!data || typeof data !== 'object') return [];
  const found: string[] = [];
  const take = (m: MessageLike | undefined) => {
    if (typeof m?.msgID === 'string') found.push(m.msgID);
  };
  take(data.message);
  if (Array.isArray(data.messages)) for (const m of data.messages) take(m);
  if (Array.isArray(data.events)) for (const e of data.events) if (e?.kind === 'message') take(e.message);
  return found;
}
