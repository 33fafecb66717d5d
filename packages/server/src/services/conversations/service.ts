/**
 * Conversations of one-to-one chats: the list (pinned first, then most recent), read markers,
 * pin, draft and delete. Changes are timeline events, so the user's other devices follow them.
 */
import type { WireConversation } from '@parley/protocol';
import type { Storage } from '../../storage/types.js';
import type { Delivery } from '../messages/delivery.js';
import { type Actor, ok, type Reply } from '../messages/service.js';
import type { ProfileDirectory } from '../profiles/display-cache.js';

export interface ConversationServiceDeps {
  storage: Storage;
  delivery: Delivery;
  now: () => number;
  /** The peers' display fields (services/profiles); absent, conversations carry none. */
  display?: ProfileDirectory;
}

export class ConversationService {
  constructor(private readonly deps: ConversationServiceDeps) {}

  /** A page of the list; `nextSeq` is the offset to continue from, `'0'` once finished. */
  async list(
    actor: Actor,
    nextSeq: string,
    count: number,
  ): Promise<Reply<{ conversations: WireConversation[]; nextSeq: string; isFinished: boolean }>> {
    const offset = Number(nextSeq);
    const page = await this.deps.storage.messaging.conversations(actor.sdkAppID, actor.userID, offset, count);
    const next = offset + page.conversations.length;
    const isFinished = next >= page.total || page.conversations.length === 0;
    const conversations = await this.#withPeers(actor, page.conversations);
    return ok({ conversations, nextSeq: isFinished ? '0' : String(next), isFinished });
  }

  /** Adds each peer's nickname and avatar and my receive option for the peer. */
  async #withPeers(actor: Actor, list: WireConversation[]): Promise<WireConversation[]> {
    if (!this.deps.display || list.length === 0) return list;
    const peers = list.map((c) => c.peerID);
    const [displays, opts] = await Promise.all([
      this.deps.display.profiles(actor.sdkAppID, peers),
      this.deps.storage.profiles.c2cReceiveOpts(actor.sdkAppID, actor.userID, peers),
    ]);
    return list.map((c) => {
      const display = displays.get(c.peerID);
      return {
        ...c,
        showName: display?.nickName || c.peerID,
        faceUrl: display?.faceUrl ?? '',
        recvOpt: opts.get(c.peerID) ?? 0,
      };
    });
  }

  /** Marks the conversation read now; the peer receives a read receipt. */
  async markRead(actor: Actor, peerID: string): Promise<Reply<{ conversation?: WireConversation }>> {
    const { storage, delivery } = this.deps;
    const deliveries = await storage.messaging.markRead(
      actor.sdkAppID,
      actor.userID,
      peerID,
      this.deps.now(),
    );
    delivery.deliver(actor.sdkAppID, deliveries);
    const conversation = await storage.messaging.conversation(actor.sdkAppID, actor.userID, peerID);
    return ok(conversation ? { conversation } : {});
  }

  async delete(actor: Actor, peerID: string): Promise<Reply<Record<string, never>>> {
    const done = await this.deps.storage.messaging.deleteConversation(
      actor.sdkAppID,
      actor.userID,
      peerID,
      this.deps.now(),
    );
    if (done) this.deps.delivery.deliver(actor.sdkAppID, [done]);
    return ok({});
  }

  async pin(
    actor: Actor,
    peerID: string,
    isPinned: boolean,
  ): Promise<Reply<{ conversation: WireConversation }>> {
    const done = await this.deps.storage.messaging.pin(
      actor.sdkAppID,
      actor.userID,
      peerID,
      isPinned,
      this.deps.now(),
    );
    return this.#changed(actor, done);
  }

  async setDraft(
    actor: Actor,
    peerID: string,
    draftText: string,
  ): Promise<Reply<{ conversation: WireConversation }>> {
    const done = await this.deps.storage.messaging.setDraft(
      actor.sdkAppID,
      actor.userID,
      peerID,
      draftText,
      this.deps.now(),
    );
    return this.#changed(actor, done);
  }

  #changed(
    actor: Actor,
    done: Awaited<ReturnType<Storage['messaging']['pin']>>,
  ): Reply<{ conversation: WireConversation }> {
    this.deps.delivery.deliver(actor.sdkAppID, [done]);
    const [conversation] = done.batch.conversations;
    if (!conversation) throw new Error('a pinned or drafted conversation has no snapshot');
    return ok({ conversation });
  }
}
