/**
 * Reactions, message extensions and pinned group messages (docs/message-extras.md): their wire ops
 * and the extension REST endpoints. The acting user is always the caller.
 */
import { PLATFORM_DISPLAY_NAMES } from '@parley/protocol';
import type { GroupDirectory, GroupLogs } from '../group-contract.js';
import type { Caller, FeatureContext } from '../registry.js';
import { MessageAccess } from './access.js';
import { Extensions } from './extensions.js';
import { Pins } from './pins.js';
import { Reactions } from './reactions.js';
import { createExtensionEndpoints } from './rest.js';
import { messageExtrasRequestSchemas as s } from './wire-schemas.js';

export function registerMessageExtras(
  ctx: FeatureContext,
  parts: { directory: GroupDirectory; logs: () => GroupLogs },
): void {
  const logger = ctx.logger.child({ component: 'message-extras' });
  const access = new MessageAccess(ctx.storage, parts.directory, ctx.bus, logger);
  const reactions = new Reactions(ctx.storage, access, ctx.now);
  const extensions = new Extensions(ctx.storage, access, ctx.apps, ctx.now);
  const pins = new Pins(ctx.storage, access, parts.directory, parts.logs, ctx.now);
  const actor = (caller: Caller) => ({ sdkAppID: caller.sdkAppID, userID: caller.userID });
  const origin = (caller: Caller) => ({
    clientIP: caller.clientIP,
    platform: PLATFORM_DISPLAY_NAMES[caller.platform],
  });
  const { ops } = ctx;

  ops.add('addMessageReaction', s.addMessageReaction, (caller, data) =>
    reactions.add(actor(caller), data.msgID, data.reactionID),
  );
  ops.add('removeMessageReaction', s.removeMessageReaction, (caller, data) =>
    reactions.remove(actor(caller), data.msgID, data.reactionID),
  );
  ops.add('getMessageReactions', s.getMessageReactions, (caller, data) =>
    reactions.list(actor(caller), [...new Set(data.msgIDs)], data.maxUserCountPerReaction),
  );
  ops.add('getAllUserListOfMessageReaction', s.getAllUserListOfMessageReaction, (caller, data) =>
    reactions.users(actor(caller), data),
  );
  ops.add('setMessageExtensions', s.setMessageExtensions, (caller, data) =>
    extensions.set(actor(caller), data.msgID, data.extensions, origin(caller)),
  );
  ops.add('getMessageExtensions', s.getMessageExtensions, (caller, data) =>
    extensions.get(actor(caller), data.msgID),
  );
  ops.add('deleteMessageExtensions', s.deleteMessageExtensions, (caller, data) =>
    extensions.delete(actor(caller), data.msgID, data.keys, origin(caller)),
  );
  ops.add('pinGroupMessage', s.pinGroupMessage, (caller, data) => pins.pin(actor(caller), data));
  ops.add('getPinnedGroupMessageList', s.getPinnedGroupMessageList, (caller, data) =>
    pins.list(actor(caller), data.groupID),
  );

  for (const [resource, endpoint] of createExtensionEndpoints(ctx.storage, access, extensions))
    ctx.rest.add(resource, endpoint);
}
