/**
 * One-to-one messages: the wire ops of sending, sync, history, recall, edit and delete, and the
 * `openim` REST endpoints, all acting through one `MessagingService`. The acting user is always
 * the caller: no op takes a user to act as (REST endpoints name theirs, as the admin's choice).
 */
import { PLATFORM_DISPLAY_NAMES } from '@parley/protocol';
import type { Caller, FeatureContext } from '../registry.js';
import { createMessageEndpoints } from './rest.js';
import { type Actor, MessagingService } from './service.js';
import { messageRequestSchemas } from './wire-schemas.js';

export function registerMessages(ctx: FeatureContext): MessagingService {
  const { ops } = ctx;
  const messaging = new MessagingService({
    storage: ctx.storage,
    bus: ctx.bus,
    apps: ctx.apps,
    config: ctx.config.messages,
    logger: ctx.logger.child({ component: 'messages' }),
    now: ctx.now,
  });
  ctx.onClose(messaging.startRetentionSweep());

  ops.add('sendMessage', messageRequestSchemas.sendMessage, (caller, data) =>
    messaging.send(actorOf(caller), data, {
      origin: { clientIP: caller.clientIP, platform: PLATFORM_DISPLAY_NAMES[caller.platform] },
    }),
  );
  ops.add('syncEvents', messageRequestSchemas.syncEvents, (caller, data) =>
    messaging.sync(actorOf(caller), data.afterSeq, data.limit),
  );
  ops.add('ackEvents', messageRequestSchemas.ackEvents, (caller, data) =>
    messaging.ack(actorOf(caller), data.seq),
  );
  ops.add('getHistory', messageRequestSchemas.getHistory, (caller, data) =>
    messaging.history(actorOf(caller), data),
  );
  ops.add('revokeMessage', messageRequestSchemas.revokeMessage, (caller, data) =>
    messaging.revoke(actorOf(caller), data.msgID, data.reason ?? ''),
  );
  ops.add('modifyMessage', messageRequestSchemas.modifyMessage, (caller, data) =>
    messaging.modify(actorOf(caller), data),
  );
  ops.add('deleteMessages', messageRequestSchemas.deleteMessages, (caller, data) =>
    messaging.deleteMessages(actorOf(caller), data.msgIDs),
  );
  ops.add('clearHistory', messageRequestSchemas.clearHistory, (caller, data) =>
    messaging.clearHistory(actorOf(caller), data.peerID),
  );

  for (const [resource, endpoint] of createMessageEndpoints(messaging)) ctx.rest.add(resource, endpoint);
  return messaging;
}

/** The caller as the message service's actor: its app and user, nothing about the connection. */
export function actorOf(caller: Caller): Actor {
  return { sdkAppID: caller.sdkAppID, userID: caller.userID };
}
