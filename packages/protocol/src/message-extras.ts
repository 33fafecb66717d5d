/**
 * What people do with a message after it arrives (docs/message-extras.md): reactions, key-value
 * extensions and pinned group messages. A message is named by its `msgID` in every op, one-to-one
 * or group alike; only its two parties (one-to-one) or the group's members who can see it may use
 * these ops on it.
 *
 * Extensions carry versions: every write to a message's extensions takes the message's next
 * extension `seq`, and each key keeps the seq of the write that last set it. A client sends, with
 * each key it writes, the seq it last saw for that key (0: it believes the key is unset); a write
 * whose seq is not the key's current one loses with 23001 and the reply carries the current values.
 * All keys of one call are written together or not at all.
 */
import type { WireMessage } from './messages.js';

/** Counts and sizes (im-features.md §1.19, §11). */
export const MESSAGE_EXTRAS_LIMITS = Object.freeze({
  /** Different reactions on one message. */
  reactionsPerMessage: 10,
  /** Users of one reaction. */
  usersPerReaction: 100,
  /** Bytes of a reaction ID (an emoji name or code chosen by the app). */
  reactionIDBytes: 100,
  /** Messages per `getMessageReactions`. */
  reactionMessages: 20,
  /** Users listed per reaction by `getMessageReactions`. */
  partialUsers: 10,
  /** Users per page of `getAllUserListOfMessageReaction`. */
  reactionUserPage: 100,
  extensionKeyBytes: 100,
  extensionValueBytes: 1024,
  /** Keys per set or delete call. */
  extensionsPerCall: 20,
  /** Keys one message may hold. */
  extensionsPerMessage: 300,
  /** Pinned messages per group. */
  pinnedMessages: 10,
} as const);

/** One reaction of a message. `partialUserList` lists at most `maxUserCountPerReaction` users, earliest first. */
export interface WireReaction {
  reactionID: string;
  totalUserCount: number;
  partialUserList: string[];
  reactedByMyself: boolean;
}

/** The reactions of one message, or why they could not be read (`resultCode`). */
export interface WireReactionResult {
  msgID: string;
  resultCode: number;
  resultInfo: string;
  reactionList: WireReaction[];
}

/** One key of a message's extensions, with the seq of the write that set it. */
export interface WireExtension {
  key: string;
  value: string;
  seq: number;
}

/**
 * A key to write, with the seq the client last saw for it (0: unset as far as it knows). The SDK
 * always sends one; without it (the REST admin's choice) the write wins whatever the key's state.
 */
export interface ExtensionWrite {
  key: string;
  value: string;
  seq?: number;
}

/** A key to delete; with `seq`, only when the key still has that seq (otherwise 23001). */
export interface ExtensionDelete {
  key: string;
  seq?: number;
}

/** A pinned group message, with who pinned it and when (ms). */
export interface WirePinnedMessage {
  message: WireMessage;
  pinner: string;
  pinTime: number;
}

type Empty = Record<string, never>;

/** The ops (merged into `Ops` of frames.ts). */
export interface MessageExtrasOps {
  addMessageReaction: { request: { msgID: string; reactionID: string }; reply: Empty };
  removeMessageReaction: { request: { msgID: string; reactionID: string }; reply: Empty };
  getMessageReactions: {
    request: { msgIDs: string[]; maxUserCountPerReaction: number };
    reply: { results: WireReactionResult[] };
  };
  /** `nextSeq` 0 starts at the first user; the reply's `nextSeq` continues after the page. */
  getAllUserListOfMessageReaction: {
    request: { msgID: string; reactionID: string; nextSeq: number; count: number };
    reply: { userIDs: string[]; nextSeq: number; isFinished: boolean };
  };
  /**
   * Writes keys all at once or not at all. On 23001 `data` holds the current state of the keys
   * written (a key left out is unset); on success, the keys as stored.
   */
  setMessageExtensions: {
    request: { msgID: string; extensions: ExtensionWrite[] };
    reply: { extensions: WireExtension[] };
  };
  getMessageExtensions: { request: { msgID: string }; reply: { extensions: WireExtension[] } };
  /** Deletes the keys named, or every key when `keys` is absent; 23001 as for set. */
  deleteMessageExtensions: {
    request: { msgID: string; keys?: ExtensionDelete[] };
    reply: { extensions: WireExtension[]; deletedKeys: string[] };
  };
  pinGroupMessage: { request: { groupID: string; msgID: string; isPinned: boolean }; reply: Empty };
  /** Most recently pinned first. */
  getPinnedGroupMessageList: { request: { groupID: string }; reply: { messages: WirePinnedMessage[] } };
}

/** A reaction changed: `opUser` added (or removed) `reactionID`; the counts are after the change. */
export interface ReactionChange {
  msgID: string;
  opUser: string;
  added: boolean;
  reactionID: string;
  totalUserCount: number;
  partialUserList: string[];
}

/** The pushes (merged into `Pushes` of frames.ts), to everyone who can see the message. */
export interface MessageExtrasPushes {
  messageReactionsChanged: ReactionChange;
  messageExtensionsChanged: { msgID: string; extensions: WireExtension[] };
  messageExtensionsDeleted: { msgID: string; keys: string[] };
}
