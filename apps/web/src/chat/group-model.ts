/**
 * The pure rules of group chats in the demo: what a group tip says, what the sender's read mark
 * says, which received messages still need a read receipt, and how the member box is read.
 */
import type { ChatMessage } from './model.js';

/** Members a group may be created with in one call (the server's limit of `memberList`). */
export const MAX_INITIAL_MEMBERS = 20;

/** Messages per `sendMessageReadReceipts` / `getMessageReadReceipts` call. */
export const RECEIPTS_PER_CALL = 30;

/** What a tip tells, as the SDK gives it (`V2TimGroupTipsElem`, the fields the demo reads). */
export interface TipFacts {
  type: number;
  opMember: string;
  memberList: readonly string[];
  groupChangeInfoList?: readonly { type: number; value?: string }[];
}

const NAME_CHANGE = 1;
const NOTIFICATION_CHANGE = 3;
const OWNER_CHANGE = 5;

/** "alice", "alice and bob", "alice, bob and carol". */
export function namesText(names: readonly string[]): string {
  if (names.length <= 1) return names[0] ?? 'someone';
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

/** The centred line of a group tip; `nameOf` turns a UserID into the name to show. */
export function tipText(tip: TipFacts, nameOf: (userID: string) => string = (id) => id): string {
  const actor = tip.opMember === '' ? 'The admin' : nameOf(tip.opMember);
  const members = namesText(tip.memberList.map(nameOf));
  switch (tip.type) {
    case 1:
      return `${members} joined the group`;
    case 2:
      return `${actor} added ${members}`;
    case 3:
      return `${members} left the group`;
    case 4:
      return `${actor} removed ${members}`;
    case 5:
      return `${actor} made ${members} an admin`;
    case 6:
      return `${actor} took admin rights from ${members}`;
    case 7:
      return groupChangeText(actor, tip.groupChangeInfoList ?? [], nameOf);
    case 8:
      return `${actor} changed ${members === 'someone' ? 'a member' : members}'s settings`;
    case 10:
      return `${actor} pinned a message`;
    case 11:
      return `${actor} unpinned a message`;
    default:
      return `${actor} changed the group`;
  }
}

function groupChangeText(
  actor: string,
  changes: readonly { type: number; value?: string }[],
  nameOf: (userID: string) => string,
): string {
  const [first] = changes;
  if (changes.length === 1 && first?.type === NAME_CHANGE)
    return `${actor} renamed the group to "${first.value ?? ''}"`;
  if (changes.length === 1 && first?.type === OWNER_CHANGE)
    return `${nameOf(first.value ?? '')} is now the group's owner`;
  if (changes.length === 1 && first?.type === NOTIFICATION_CHANGE)
    return `${actor} changed the group's notice`;
  return `${actor} changed the group's profile`;
}

/**
 * The read mark under an own group message sent with receipts: "Read by all" once every member who
 * could read it did, "Read by N" before that, undefined while nobody has (the bubble says "Sent").
 */
export function groupReadText(message: ChatMessage): string | undefined {
  if (!message.isSelf || !message.needReadReceipt || message.status !== 'sent') return undefined;
  const read = message.readCount ?? 0;
  if (read === 0) return undefined;
  return message.unreadCount === 0 ? 'Read by all' : `Read by ${read}`;
}

/**
 * Others' messages on screen that asked for a receipt and were not reported yet, in batches the
 * server takes in one call.
 */
export function receiptsToSend(messages: readonly ChatMessage[], reported: ReadonlySet<string>): string[][] {
  const ids = messages
    .filter(
      (message) =>
        !message.isSelf &&
        message.needReadReceipt &&
        message.status === 'sent' &&
        !reported.has(message.msgID),
    )
    .map((message) => message.msgID);
  return batches(ids);
}

/** Own messages of a thread whose counts to ask for when it opens, in batches of one call each. */
export function receiptsToAsk(messages: readonly ChatMessage[]): string[][] {
  return batches(
    messages
      .filter((message) => message.isSelf && message.needReadReceipt && message.status === 'sent')
      .map((message) => message.msgID),
  );
}

function batches(ids: readonly string[]): string[][] {
  const out: string[][] = [];
  for (let start = 0; start < ids.length; start += RECEIPTS_PER_CALL)
    out.push(ids.slice(start, start + RECEIPTS_PER_CALL));
  return out;
}

/**
 * The "members" box: UserIDs separated by commas (or spaces), trimmed, each once, without the
 * creator. Returns an error text when there are too many.
 */
export function parseMembers(text: string, me: string): { members: string[] } | { problem: string } {
  const members = [
    ...new Set(
      text
        .split(/[,\s]+/)
        .map((part) => part.trim())
        .filter((part) => part !== '' && part !== me),
    ),
  ];
  if (members.length > MAX_INITIAL_MEMBERS)
    return { problem: `At most ${MAX_INITIAL_MEMBERS} members can be added when the group is created.` };
  return { members };
}
