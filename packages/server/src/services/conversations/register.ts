/**
 * Conversations of one-to-one chats: the list, read markers, pin, draft and delete, as wire ops.
 * Their changes reach the user's other devices through the messages' delivery.
 */
import type { Delivery } from '../messages/delivery.js';
import { actorOf } from '../messages/register.js';
import { messageRequestSchemas } from '../messages/wire-schemas.js';
import type { ProfileDirectory } from '../profiles/display-cache.js';
import type { FeatureContext } from '../registry.js';
import { ConversationService } from './service.js';

export function registerConversations(
  ctx: FeatureContext,
  deps: { delivery: Delivery; display?: ProfileDirectory },
): ConversationService {
  const { ops } = ctx;
  const conversations = new ConversationService({
    storage: ctx.storage,
    delivery: deps.delivery,
    now: ctx.now,
    ...(deps.display ? { display: deps.display } : {}),
  });
  ops.add('markRead', messageRequestSchemas.markRead, (caller, data) =>
    conversations.markRead(actorOf(caller), data.peerID),
  );
  ops.add('getConversations', messageRequestSchemas.getConversations, (caller, data) =>
    conversations.list(actorOf(caller), data.nextSeq, data.count),
  );
  ops.add('deleteConversation', messageRequestSchemas.deleteConversation, (caller, data) =>
    conversations.delete(actorOf(caller), data.peerID),
  );
  ops.add('pinConversation', messageRequestSchemas.pinConversation, (caller, data) =>
    conversations.pin(actorOf(caller), data.peerID, data.isPinned),
  );
  ops.add('setConversationDraft', messageRequestSchemas.setConversationDraft, (caller, data) =>
    conversations.setDraft(actorOf(caller), data.peerID, data.draftText),
  );
  return conversations;
}
