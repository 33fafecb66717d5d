/**
 * Reactions (im-features.md §1.19): anyone who can see a message may add reactions to it (an
 * app-chosen ID such as an emoji's name), at most 10 different ones per message and 100 users per
 * reaction. Every change reaches everyone who can see the message.
 */
import { ErrorCode, MESSAGE_EXTRAS_LIMITS as LIMITS, type WireReactionResult } from '@parley/protocol';
import type { Storage } from '../../storage/types.js';
import { fail, ok, type Reply } from '../replies.js';
import type { MessageAccess } from './access.js';

export interface Actor {
  sdkAppID: number;
  userID: string;
}

type Empty = Record<string, never>;

export class Reactions {
  constructor(
    private readonly storage: Storage,
    private readonly access: MessageAccess,
    private readonly now: () => number,
  ) {}

  async add(actor: Actor, msgID: string, reactionID: string): Promise<Reply<Empty>> {
    const found = await this.access.find(actor.sdkAppID, msgID, actor.userID);
    if (!found.ok) return found.reply;
    if (found.target.revoked)
      return fail(ErrorCode.ERR_INVALID_PARAMETERS, 'msgID: the message was recalled');
    const result = await this.storage.messageExtras.addReaction(
      actor.sdkAppID,
      msgID,
      reactionID,
      actor.userID,
      LIMITS,
      this.now(),
    );
    switch (result.kind) {
      case 'already':
        return fail(ErrorCode.ERR_SVR_MSG_REACTION_ALREADY_CONTAIN_USER);
      case 'reactionLimit':
        return fail(ErrorCode.ERR_SVR_MSG_REACTION_COUNT_LIMIT);
      case 'userLimit':
        return fail(ErrorCode.ERR_SVR_MSG_REACTION_USER_COUNT_LIMIT);
      case 'added': {
        const { totalUserCount, partialUserList } = result;
        await this.access.announce(actor.sdkAppID, found.target, {
          push: 'messageReactionsChanged',
          data: { msgID, opUser: actor.userID, added: true, reactionID, totalUserCount, partialUserList },
        });
        return ok({});
      }
    }
  }

  async remove(actor: Actor, msgID: string, reactionID: string): Promise<Reply<Empty>> {
    const found = await this.access.find(actor.sdkAppID, msgID, actor.userID);
    if (!found.ok) return found.reply;
    const result = await this.storage.messageExtras.removeReaction(
      actor.sdkAppID,
      msgID,
      reactionID,
      actor.userID,
      LIMITS.partialUsers,
    );
    if (result.kind === 'absent') return fail(ErrorCode.ERR_SVR_MSG_REACTION_NOT_CONTAIN_USER);
    const { totalUserCount, partialUserList } = result;
    await this.access.announce(actor.sdkAppID, found.target, {
      push: 'messageReactionsChanged',
      data: { msgID, opUser: actor.userID, added: false, reactionID, totalUserCount, partialUserList },
    });
    return ok({});
  }

  /** Each message's reactions; a message the user cannot see gets its own `resultCode`. */
  async list(
    actor: Actor,
    msgIDs: readonly string[],
    maxUserCountPerReaction: number,
  ): Promise<Reply<{ results: WireReactionResult[] }>> {
    const results: WireReactionResult[] = [];
    const visible: string[] = [];
    for (const msgID of msgIDs) {
      const found = await this.access.find(actor.sdkAppID, msgID, actor.userID);
      if (found.ok) visible.push(msgID);
      results.push({
        msgID,
        resultCode: found.ok ? 0 : found.reply.code,
        resultInfo: found.ok ? '' : found.reply.desc,
        reactionList: [],
      });
    }
    const reactions = await this.storage.messageExtras.reactions(
      actor.sdkAppID,
      visible,
      actor.userID,
      maxUserCountPerReaction,
    );
    for (const result of results) result.reactionList = reactions.get(result.msgID) ?? [];
    return ok({ results });
  }

  async users(
    actor: Actor,
    request: { msgID: string; reactionID: string; nextSeq: number; count: number },
  ): Promise<Reply<{ userIDs: string[]; nextSeq: number; isFinished: boolean }>> {
    const found = await this.access.find(actor.sdkAppID, request.msgID, actor.userID);
    if (!found.ok) return found.reply;
    return ok(
      await this.storage.messageExtras.reactionUsers(
        actor.sdkAppID,
        request.msgID,
        request.reactionID,
        request.nextSeq,
        request.count,
      ),
    );
  }
}
