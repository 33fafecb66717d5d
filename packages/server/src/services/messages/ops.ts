/**
 * The WebSocket side of messaging: one function the gateway calls for every messaging op, with the
 * logged-in identity. The acting user is always the connection's own: no op takes a user to act as.
 */
import { type AnyRequestFrame, type MessagingOps, PLATFORM_DISPLAY_NAMES } from '@parley/protocol';
import type { Connection, ConnectionIdentity } from '../../transport/connection.js';
import type { ConversationService } from '../conversations/service.js';
import type { MessagingService, Reply } from './service.js';

/** A request frame of one of the messaging ops. */
export type MessagingFrame = Extract<AnyRequestFrame, { op: keyof MessagingOps }>;

export class MessagingOpHandler {
  constructor(
    private readonly messages: MessagingService,
    private readonly conversations: ConversationService,
  ) {}

  handle(
    connection: Connection,
    identity: ConnectionIdentity,
    frame: MessagingFrame,
  ): Promise<Reply<unknown>> {
    const actor = { sdkAppID: identity.sdkAppID, userID: identity.userID };
    switch (frame.op) {
      case 'sendMessage':
        return this.messages.send(actor, frame.data, {
          origin: { clientIP: connection.address, platform: PLATFORM_DISPLAY_NAMES[identity.platform] },
        });
      case 'syncEvents':
        return this.messages.sync(actor, frame.data.afterSeq, frame.data.limit);
      case 'ackEvents':
        return this.messages.ack(actor, frame.data.seq);
      case 'getHistory':
        return this.messages.history(actor, frame.data);
      case 'revokeMessage':
        return this.messages.revoke(actor, frame.data.msgID, frame.data.reason ?? '');
      case 'modifyMessage':
        return this.messages.modify(actor, frame.data);
      case 'deleteMessages':
        return this.messages.deleteMessages(actor, frame.data.msgIDs);
      case 'clearHistory':
        return this.messages.clearHistory(actor, frame.data.peerID);
      case 'markRead':
        return this.conversations.markRead(actor, frame.data.peerID);
      case 'getConversations':
        return this.conversations.list(actor, frame.data.nextSeq, frame.data.count);
      case 'deleteConversation':
        return this.conversations.delete(actor, frame.data.peerID);
      case 'pinConversation':
        return this.conversations.pin(actor, frame.data.peerID, frame.data.isPinned);
      case 'setConversationDraft':
        return this.conversations.setDraft(actor, frame.data.peerID, frame.data.draftText);
    }
  }
}
