/**
 * Public types of reactions, message extensions and pinned group messages (V2TIM
 * `V2TIMMessageReaction…`, `V2TIMMessageExtension…`), with the Flutter SDK's names.
 */
import type { V2TimMessage } from './message-types.js';

/** One reaction of a message. */
export interface V2TimMessageReaction {
  reactionID: string;
  totalUserCount: number;
  /** The first users who reacted, at most `maxUserCountPerReaction` of them. */
  partialUserList: { userID: string }[];
  /**
   * The logged-in user reacted. In `onRecvMessageReactionsChanged` this is known only when the user
   * made the change or is among `partialUserList`; `getMessageReactions` always knows.
   */
  reactedByMyself: boolean;
}

/** The reactions of one message of `getMessageReactions`. */
export interface V2TimMessageReactionResult {
  /** 0, or why this message's reactions could not be read (not found, not a member…). */
  resultCode: number;
  resultInfo: string;
  msgID: string;
  reactionList: V2TimMessageReaction[];
}

/** `onRecvMessageReactionsChanged`: the reactions of a message that changed, after the change. */
export interface V2TimMessageReactionChangeInfo {
  messageID: string;
  reactionList: V2TimMessageReaction[];
}

/** A page of `getAllUserListOfMessageReaction`. */
export interface V2TimMessageReactionUserResult {
  userInfoList: { userID: string }[];
  /** Pass back to get the next page. */
  nextSeq: number;
  isFinished: boolean;
}

/** One key-value extension of a message. */
export interface V2TimMessageExtension {
  extensionKey: string;
  extensionValue: string;
}

/** The outcome for one key of `setMessageExtensions` / `deleteMessageExtensions`. */
export interface V2TimMessageExtensionResult {
  resultCode: number;
  resultInfo: string;
  extension: V2TimMessageExtension;
}

/** A pinned group message: `pinnerInfo` is who pinned it. */
export type V2TimPinnedMessage = V2TimMessage & { pinnerInfo: { userID: string }; pinTime: number };
