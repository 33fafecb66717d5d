/**
 * The pure rules behind names, avatars, online dots, the blocklist and friend requests in the chat:
 * which profile wins, which peers to watch within the server's subscription limit, and what to tell
 * the user when a call answers with a code.
 */
import type { ChatConversation, ChatMessage } from './model.js';
import { sortConversations } from './model.js';

/** What others see of a user: `''` for a field that is not set. */
export interface ChatProfile {
  userID: string;
  nickName: string;
  faceUrl: string;
}

/** A name and an avatar to draw; `faceUrl` is absent when the initial letter must be drawn. */
export interface Look {
  userID: string;
  name: string;
  faceUrl?: string;
}

/** A friend request to this user. */
export interface FriendRequest {
  userID: string;
  /** What the requester wrote (`''` when nothing). */
  wording: string;
  /** Seconds. */
  addTime: number;
}

/** Status and profile subscriptions a user may hold (im-features §11: 200 each). */
export const WATCH_LIMIT = 200;

/** The server refused a one-to-one send because the receiver blocked the sender. */
export const BLOCKED_BY_PEER = 20007;

/** Friends-only apps: neither has the other as a friend (20009), or only the sender has (20010). */
export const NOT_FRIENDS = 20009;
export const NOT_FRIEND_OF_RECEIVER = 20010;

/** `addFriend` answered: a request is waiting for the other user. */
export const FRIEND_REQUEST_SENT = 30539;

/**
 * An avatar URL safe to put in an `<img>`: http(s) only, so a profile cannot point the page at a
 * `javascript:` or `file:` address. Anything else draws the initial letter instead.
 */
export function safeImageUrl(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.href : undefined;
  } catch {
    return undefined;
  }
}

/** The first character of the name, for the letter avatar (`?` for an empty name). */
export function initialOf(name: string): string {
  return [...name.trim()][0] ?? '?';
}

/**
 * How a user looks: a profile watched live wins (it follows renames), then the fields the message or
 * conversation carried, then the bare UserID with a letter avatar.
 */
export function lookOf(
  userID: string,
  live: ChatProfile | undefined,
  carried: { nickName?: string | undefined; faceUrl?: string | undefined } = {},
): Look {
  const name = live?.nickName || carried.nickName || userID;
  const faceUrl = safeImageUrl(live ? live.faceUrl : carried.faceUrl);
  return faceUrl ? { userID, name, faceUrl } : { userID, name };
}

/** The peer of a conversation: its `showName` is the UserID when the peer has no nickname. */
export function conversationLook(conversation: ChatConversation, live: ChatProfile | undefined): Look {
  // A group has no profile: its ID stands in for the UserID (it only picks the avatar's colour).
  const id = conversation.userID ?? conversation.groupID ?? conversation.conversationID;
  return lookOf(id, conversation.userID === undefined ? undefined : live, {
    nickName: conversation.showName === id ? '' : conversation.showName,
    faceUrl: conversation.faceUrl,
  });
}

/** The sender of a message. */
export function senderLook(message: ChatMessage, live: ChatProfile | undefined): Look {
  return lookOf(message.sender, live, { nickName: message.nickName, faceUrl: message.faceUrl });
}

/** In a run of messages from one sender, the first one shows the sender's avatar and name. */
export function startsRun(message: ChatMessage, previous: ChatMessage | undefined): boolean {
  return previous === undefined || previous.sender !== message.sender || previous.status === 'revoked';
}

/**
 * The peers whose profile and status the chat watches: the open one-to-one conversation's, then the most
 * recent conversations', at most `limit` (the server drops the oldest subscription past its limit,
 * so asking for more would only churn).
 */
export function peersToWatch(
  conversations: readonly ChatConversation[],
  active: string | undefined,
  limit: number = WATCH_LIMIT,
): string[] {
  const peers = new Set<string>();
  if (active !== undefined) peers.add(active);
  for (const conversation of sortConversations(conversations)) {
    if (peers.size >= limit) break;
    // Groups have members, not one peer: their senders' names come with their messages.
    if (conversation.userID !== undefined) peers.add(conversation.userID);
  }
  return [...peers].slice(0, limit);
}

/** What to subscribe to and unsubscribe from to go from `watched` to `wanted`. */
export function watchPlan(
  wanted: readonly string[],
  watched: ReadonlySet<string>,
): { subscribe: string[]; unsubscribe: string[] } {
  const next = new Set(wanted);
  return {
    subscribe: [...next].filter((userID) => !watched.has(userID)),
    unsubscribe: [...watched].filter((userID) => !next.has(userID)),
  };
}

/** Splits a list into pieces of at most `size` (calls that take a bounded number of UserIDs). */
export function chunks<T>(list: readonly T[], size: number): T[][] {
  const pieces: T[][] = [];
  for (let start = 0; start < list.length; start += size) pieces.push(list.slice(start, start + size));
  return pieces;
}

/** The line under the composer when a send failed. */
export function sendProblem(code: number, desc: string, peerName: string): string {
  if (code === BLOCKED_BY_PEER) {
    return `Not sent: ${peerName} has blocked you, so they do not get your messages.`;
  }
  if (code === NOT_FRIENDS || code === NOT_FRIEND_OF_RECEIVER) {
    return `Not sent: on this app only friends can message each other, and ${peerName} has not accepted you as a friend.`;
  }
  return `Not sent: ${desc} (${code})`;
}

/** What "Add friend" tells the user, from `addFriend`'s per-user result. */
export function addFriendText(userID: string, resultCode: number, resultInfo: string): string {
  if (resultCode === 0) return `${userID} is now your friend.`;
  if (resultCode === FRIEND_REQUEST_SENT) return `Request sent. ${userID} will see it and can accept.`;
  return `Could not add ${userID}: ${resultInfo || 'refused'} (${resultCode})`;
}
