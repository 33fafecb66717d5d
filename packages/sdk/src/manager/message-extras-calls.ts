/**
 * Reactions, message extensions and pinned group messages (docs/message-extras.md), reached through
 * `getMessageManager()`. Each call names a message the SDK returned (`message`, by its `msgID`).
 *
 * Extension versions: the SDK remembers, per message, the seq of each key it last saw (from
 * `getMessageExtensions`, its own writes, change events and 23001 replies) and sends it with every
 * key it writes (0 for a key it believes unset). A write based on an older state loses with 23001,
 * the reply carries the latest values, and the SDK now knows them: a retry that still wants to
 * write goes through.
 */
import {
  ErrorCode,
  MESSAGE_EXTRAS_LIMITS as LIMITS,
  type MessageExtrasPushes,
  type WireExtension,
  type WireReaction,
} from '@parley/protocol';
import { toV2TimMessage } from '../client/message-convert.js';
import type { Messaging } from '../client/messaging.js';
import { fail, ok } from '../client/results.js';
import type {
  V2TimMessageExtension,
  V2TimMessageExtensionResult,
  V2TimMessageReaction,
  V2TimMessageReactionResult,
  V2TimMessageReactionUserResult,
  V2TimPinnedMessage,
} from '../message-extras-types.js';
import type { V2TimMessage } from '../message-types.js';
import type { V2TimCallback, V2TimValueCallback } from '../types.js';
import { type ManagerContext, requireLogin } from './context.js';

/** Messages whose extension versions are remembered; the oldest are forgotten past this. */
const MAX_REMEMBERED = 5_000;

type MessageArg = Pick<V2TimMessage, 'msgID'>;

const msgIDOf = (message: MessageArg | undefined): string | undefined =>
  typeof message?.msgID === 'string' && message.msgID !== '' ? message.msgID : undefined;

const toExtension = (e: WireExtension): V2TimMessageExtension => ({
  extensionKey: e.key,
  extensionValue: e.value,
});

/** Reactions whose own state a client remembers; the least recently learned go first. */
const MAX_REMEMBERED_REACTIONS = 10_000;

export class MessageExtrasCalls {
  /** msgID → key → the seq last seen. */
  private readonly versions = new Map<string, Map<string, number>>();
  /**
   * `msgID\nreactionID` → whether this user has that reaction on, as last learned from its own
   * calls, its other devices' changes and reads. Every member gets the same change push, whose
   * partial user list names only the first users: another user's change says nothing of this one.
   */
  private readonly mine = new Map<string, boolean>();

  constructor(
    private readonly context: ManagerContext,
    private readonly messaging: Messaging,
  ) {}

  async addMessageReaction(params: { message: MessageArg; reactionID: string }): Promise<V2TimCallback> {
    return this.react('addMessageReaction', params);
  }

  async removeMessageReaction(params: { message: MessageArg; reactionID: string }): Promise<V2TimCallback> {
    return this.react('removeMessageReaction', params);
  }

  async getMessageReactions(params: {
    messageList: MessageArg[];
    maxUserCountPerReaction: number;
  }): Promise<V2TimValueCallback<V2TimMessageReactionResult[]>> {
    const refused = requireLogin(this.context);
    if (refused) return refused;
    const list = params?.messageList;
    const ids = Array.isArray(list) ? list.map(msgIDOf) : [];
    if (ids.length === 0 || ids.length > LIMITS.reactionMessages || ids.some((id) => id === undefined))
      return fail(
        ErrorCode.ERR_INVALID_PARAMETERS,
        `messageList must hold 1 to ${LIMITS.reactionMessages} messages`,
      );
    const max = params.maxUserCountPerReaction;
    if (!Number.isInteger(max) || max < 0 || max > LIMITS.partialUsers)
      return fail(
        ErrorCode.ERR_INVALID_PARAMETERS,
        `maxUserCountPerReaction must be 0 to ${LIMITS.partialUsers}`,
      );
    const reply = await this.messaging.request('getMessageReactions', {
      msgIDs: ids as string[],
      maxUserCountPerReaction: max,
    });
    if (reply.code !== 0 || !reply.data) return fail(reply.code, reply.desc);
    for (const r of reply.data.results)
      for (const reaction of r.reactionList)
        this.remember(r.msgID, reaction.reactionID, reaction.reactedByMyself);
    return ok(
      reply.data.results.map((r) => ({
        resultCode: r.resultCode,
        resultInfo: r.resultInfo,
        msgID: r.msgID,
        reactionList: r.reactionList.map(toReaction),
      })),
    );
  }

  async getAllUserListOfMessageReaction(params: {
    message: MessageArg;
    reactionID: string;
    nextSeq: number;
    count: number;
  }): Promise<V2TimValueCallback<V2TimMessageReactionUserResult>> {
    const refused = requireLogin(this.context);
    if (refused) return refused;
    const msgID = msgIDOf(params?.message);
    if (!msgID) return fail(ErrorCode.ERR_INVALID_PARAMETERS, 'message must be a message the SDK returned');
    if (typeof params.reactionID !== 'string' || params.reactionID === '')
      return fail(ErrorCode.ERR_INVALID_PARAMETERS, 'reactionID must be a non-empty string');
    const { nextSeq = 0, count } = params;
    if (!Number.isInteger(nextSeq) || nextSeq < 0)
      return fail(ErrorCode.ERR_INVALID_PARAMETERS, 'nextSeq must be 0 or a nextSeq returned before');
    if (!Number.isInteger(count) || count < 1 || count > LIMITS.reactionUserPage)
      return fail(ErrorCode.ERR_INVALID_PARAMETERS, `count must be 1 to ${LIMITS.reactionUserPage}`);
    const reply = await this.messaging.request('getAllUserListOfMessageReaction', {
      msgID,
      reactionID: params.reactionID,
      nextSeq,
      count,
    });
    if (reply.code !== 0 || !reply.data) return fail(reply.code, reply.desc);
    return ok({
      userInfoList: reply.data.userIDs.map((userID) => ({ userID })),
      nextSeq: reply.data.nextSeq,
      isFinished: reply.data.isFinished,
    });
  }

  /**
   * Sets keys of a message sent with `supportMessageExtension`: all of them or none. 23001 when
   * another writer changed one of them first; `data` then holds each key's latest value.
   */
  async setMessageExtensions(params: {
    message: MessageArg;
    extensions: V2TimMessageExtension[];
  }): Promise<V2TimValueCallback<V2TimMessageExtensionResult[]>> {
    const refused = requireLogin(this.context);
    if (refused) return refused;
    const msgID = msgIDOf(params?.message);
    if (!msgID) return fail(ErrorCode.ERR_INVALID_PARAMETERS, 'message must be a message the SDK returned');
    const list = params.extensions;
    if (
      !Array.isArray(list) ||
      list.length === 0 ||
      list.length > LIMITS.extensionsPerCall ||
      !list.every((e) => typeof e?.extensionKey === 'string' && typeof e.extensionValue === 'string')
    )
      return fail(
        ErrorCode.ERR_INVALID_PARAMETERS,
        `extensions must hold 1 to ${LIMITS.extensionsPerCall} {extensionKey, extensionValue}`,
      );
    const known = this.versions.get(msgID);
    const reply = await this.messaging.request('setMessageExtensions', {
      msgID,
      extensions: list.map((e) => ({
        key: e.extensionKey,
        value: e.extensionValue,
        seq: known?.get(e.extensionKey) ?? 0,
      })),
    });
    const keys = list.map((e) => e.extensionKey);
    return this.outcome(msgID, keys, reply);
  }

  /** The message's extensions (and the SDK learns their versions). */
  async getMessageExtensions(params: {
    message: MessageArg;
  }): Promise<V2TimValueCallback<V2TimMessageExtension[]>> {
    const refused = requireLogin(this.context);
    if (refused) return refused;
    const msgID = msgIDOf(params?.message);
    if (!msgID) return fail(ErrorCode.ERR_INVALID_PARAMETERS, 'message must be a message the SDK returned');
    const reply = await this.messaging.request('getMessageExtensions', { msgID });
    if (reply.code !== 0 || !reply.data) return fail(reply.code, reply.desc);
    this.versions.delete(msgID);
    this.learn(msgID, reply.data.extensions);
    return ok(reply.data.extensions.map(toExtension));
  }

  /**
   * Deletes keys (all of them when `keys` is absent or empty). A key the SDK knows is deleted only if
   * nobody changed it since (else 23001); one it never saw is deleted whatever its value.
   */
  async deleteMessageExtensions(params: {
    message: MessageArg;
    keys?: string[];
  }): Promise<V2TimValueCallback<V2TimMessageExtensionResult[]>> {
    const refused = requireLogin(this.context);
    if (refused) return refused;
    const msgID = msgIDOf(params?.message);
    if (!msgID) return fail(ErrorCode.ERR_INVALID_PARAMETERS, 'message must be a message the SDK returned');
    const keys = params.keys ?? [];
    if (
      !Array.isArray(keys) ||
      keys.length > LIMITS.extensionsPerCall ||
      !keys.every((k) => typeof k === 'string')
    )
      return fail(
        ErrorCode.ERR_INVALID_PARAMETERS,
        `keys must list at most ${LIMITS.extensionsPerCall} keys`,
      );
    const known = this.versions.get(msgID);
    const reply = await this.messaging.request('deleteMessageExtensions', {
      msgID,
      ...(keys.length === 0
        ? {}
        : {
            keys: keys.map((key) => {
              const seq = known?.get(key);
              return seq === undefined ? { key } : { key, seq };
            }),
          }),
    });
    if (reply.code === 0 && reply.data) {
      for (const key of reply.data.deletedKeys) this.versions.get(msgID)?.delete(key);
      if (keys.length === 0) this.versions.delete(msgID);
      return ok(
        (keys.length === 0 ? reply.data.deletedKeys : keys).map((key) => ({
          resultCode: 0,
          resultInfo: '',
          extension: { extensionKey: key, extensionValue: '' },
        })),
      );
    }
    return this.outcome(msgID, keys, reply);
  }

  /** Pins (or unpins) a group message: the group's owner and admins only, at most 10 (10070). */
  async pinGroupMessage(params: {
    groupID: string;
    message: MessageArg;
    isPinned: boolean;
  }): Promise<V2TimCallback> {
    const refused = requireLogin(this.context);
    if (refused) return refused;
    const msgID = msgIDOf(params?.message);
    if (!msgID) return fail(ErrorCode.ERR_INVALID_PARAMETERS, 'message must be a message the SDK returned');
    if (typeof params.groupID !== 'string' || params.groupID === '')
      return fail(ErrorCode.ERR_INVALID_PARAMETERS, 'groupID must be a group ID');
    const reply = await this.messaging.request('pinGroupMessage', {
      groupID: params.groupID,
      msgID,
      isPinned: params.isPinned !== false,
    });
    return reply.code === 0 ? ok() : fail(reply.code, reply.desc);
  }

  /** The group's pinned messages, most recently pinned first, each with `pinnerInfo`. */
  async getPinnedGroupMessageList(params: {
    groupID: string;
  }): Promise<V2TimValueCallback<V2TimPinnedMessage[]>> {
    const refused = requireLogin(this.context);
    if (refused) return refused;
    if (typeof params?.groupID !== 'string' || params.groupID === '')
      return fail(ErrorCode.ERR_INVALID_PARAMETERS, 'groupID must be a group ID');
    const reply = await this.messaging.request('getPinnedGroupMessageList', { groupID: params.groupID });
    if (reply.code !== 0 || !reply.data) return fail(reply.code, reply.desc);
    return ok(
      reply.data.messages.map((pinned) => ({
        ...toV2TimMessage(pinned.message, this.messaging.user, 0),
        pinnerInfo: { userID: pinned.pinner },
        pinTime: Math.floor(pinned.pinTime / 1000),
      })),
    );
  }

  /** @internal The pushes this part handles. */
  static handles(push: string): push is keyof MessageExtrasPushes {
    return (
      push === 'messageReactionsChanged' ||
      push === 'messageExtensionsChanged' ||
      push === 'messageExtensionsDeleted'
    );
  }

  /** @internal Turns a push into the message listeners' callbacks. */
  onPush<P extends keyof MessageExtrasPushes>(push: P, data: MessageExtrasPushes[P]): void {
    if (push === 'messageReactionsChanged') {
      const change = data as MessageExtrasPushes['messageReactionsChanged'];
      const me = this.messaging.user;
      if (change.opUser === me) this.remember(change.msgID, change.reactionID, change.added);
      const reaction: V2TimMessageReaction = {
        reactionID: change.reactionID,
        totalUserCount: change.totalUserCount,
        partialUserList: change.partialUserList.map((userID) => ({ userID })),
        reactedByMyself:
          this.mine.get(`${change.msgID}\n${change.reactionID}`) ?? change.partialUserList.includes(me),
      };
      const infos = [{ messageID: change.msgID, reactionList: [reaction] }];
      this.messaging.emitMessage(
        (l) => l.onRecvMessageReactionsChanged?.(structuredClone(infos)),
        'onRecvMessageReactionsChanged',
      );
    } else if (push === 'messageExtensionsChanged') {
      const { msgID, extensions } = data as MessageExtrasPushes['messageExtensionsChanged'];
      this.learn(msgID, extensions);
      this.messaging.emitMessage(
        (l) => l.onRecvMessageExtensionsChanged?.(msgID, extensions.map(toExtension)),
        'onRecvMessageExtensionsChanged',
      );
    } else {
      const { msgID, keys } = data as MessageExtrasPushes['messageExtensionsDeleted'];
      for (const key of keys) this.versions.get(msgID)?.delete(key);
      this.messaging.emitMessage(
        (l) => l.onRecvMessageExtensionsDeleted?.(msgID, [...keys]),
        'onRecvMessageExtensionsDeleted',
      );
    }
  }

  private async react(
    op: 'addMessageReaction' | 'removeMessageReaction',
    params: { message: MessageArg; reactionID: string },
  ): Promise<V2TimCallback> {
    const refused = requireLogin(this.context);
    if (refused) return refused;
    const msgID = msgIDOf(params?.message);
    if (!msgID) return fail(ErrorCode.ERR_INVALID_PARAMETERS, 'message must be a message the SDK returned');
    if (typeof params.reactionID !== 'string' || params.reactionID === '')
      return fail(ErrorCode.ERR_INVALID_PARAMETERS, 'reactionID must be a non-empty string');
    const reply = await this.messaging.request(op, { msgID, reactionID: params.reactionID });
    if (reply.code !== 0) return fail(reply.code, reply.desc);
    this.remember(msgID, params.reactionID, op === 'addMessageReaction');
    return ok();
  }

  private remember(msgID: string, reactionID: string, on: boolean): void {
    const key = `${msgID}\n${reactionID}`;
    this.mine.delete(key);
    this.mine.set(key, on);
    if (this.mine.size > MAX_REMEMBERED_REACTIONS) {
      const oldest = this.mine.keys().next().value;
      if (oldest !== undefined) this.mine.delete(oldest);
    }
  }

  /** The per-key results of a write; on 23001 the SDK learns the latest values first. */
  private outcome(
    msgID: string,
    keys: readonly string[],
    reply: V2TimValueCallback<{ extensions: WireExtension[] }>,
  ): V2TimValueCallback<V2TimMessageExtensionResult[]> {
    if (reply.code === ErrorCode.ERR_SVR_MSG_EXTENSION_CONFLICT && reply.data) {
      const latest = new Map(reply.data.extensions.map((e) => [e.key, e]));
      const known = this.versions.get(msgID);
      for (const key of keys) if (!latest.has(key)) known?.delete(key);
      this.learn(msgID, reply.data.extensions);
      return {
        code: reply.code,
        desc: reply.desc,
        // Nothing was written: every key reports the conflict, with its value now ('' when unset).
        data: keys.map((key) => ({
          resultCode: reply.code,
          resultInfo: reply.desc,
          extension: { extensionKey: key, extensionValue: latest.get(key)?.value ?? '' },
        })),
      };
    }
    if (reply.code !== 0 || !reply.data) return fail(reply.code, reply.desc);
    this.learn(msgID, reply.data.extensions);
    return ok(
      reply.data.extensions.map((e) => ({ resultCode: 0, resultInfo: '', extension: toExtension(e) })),
    );
  }

  private learn(msgID: string, extensions: readonly WireExtension[]): void {
    let known = this.versions.get(msgID);
    if (!known) {
      if (this.versions.size >= MAX_REMEMBERED) {
        const oldest = this.versions.keys().next().value;
        if (oldest !== undefined) this.versions.delete(oldest);
      }
      known = new Map();
      this.versions.set(msgID, known);
    }
    // A change event may arrive after a newer reply: the larger seq is the later state.
    for (const e of extensions) if ((known.get(e.key) ?? 0) <= e.seq) known.set(e.key, e.seq);
  }
}

function toReaction(r: WireReaction): V2TimMessageReaction {
  return {
    reactionID: r.reactionID,
    totalUserCount: r.totalUserCount,
    partialUserList: r.partialUserList.map((userID) => ({ userID })),
    reactedByMyself: r.reactedByMyself,
  };
}
