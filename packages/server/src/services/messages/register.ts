/**
 * Messages: the wire ops of sending, sync, history, recall, edit and delete (one-to-one through
 * `MessagingService`, groups through `GroupMessagingService`), and the `openim` REST endpoints.
 * The acting user is always the caller: no op takes a user to act as (REST endpoints name theirs,
 * as the admin's choice).
 */
import { PLATFORM_DISPLAY_NAMES } from '@parley/protocol';
import type { GroupDirectory } from '../group-contract.js';
import type { OfflinePush } from '../push/planner.js';
import type { Caller, FeatureContext } from '../registry.js';
import type { RelationCheck } from '../relation-contract.js';
import { createGroupMessageEndpoints } from './group-rest.js';
import { GroupMessagingService } from './group-service.js';
import { groupMessageRequestSchemas } from './group-wire-schemas.js';
import type { MediaElemResolver } from './media-elems.js';
import { createMessageEndpoints } from './rest.js';
import { type Actor, type MessageUsers, MessagingService } from './service.js';
import { messageRequestSchemas } from './wire-schemas.js';

/** The pieces of other features the message engine uses; each is optional, and absent turns its part off. */
export interface MessageFeatureParts {
  /** The blocklist and friends-only check of one-to-one sends. */
  relations?: RelationCheck;
  /** Sender profiles and receive options. */
  users?: MessageUsers;
  /** Fills media elements from their uploads. */
  media?: MediaElemResolver;
  /** Offline push. */
  push?: OfflinePush;
}

export function registerMessages(
  ctx: FeatureContext,
  directory: GroupDirectory,
  { relations, users, media, push }: MessageFeatureParts = {},
): { messaging: MessagingService; groups: GroupMessagingService } {
  const { ops } = ctx;
  const logger = ctx.logger.child({ component: 'messages' });
  const messaging = new MessagingService({
    storage: ctx.storage,
    bus: ctx.bus,
    apps: ctx.apps,
    ...(media ? { media } : {}),
    config: ctx.config.messages,
    logger,
    now: ctx.now,
    ...(relations === undefined ? {} : { relations }),
    ...(users ? { users } : {}),
    ...(push ? { push } : {}),
  });
  const groups = new GroupMessagingService({
    storage: ctx.storage,
    bus: ctx.bus,
    apps: ctx.apps,
    directory,
    ...(users
      ? {
          senders: {
            get: async (sdkAppID: number, userID: string) => {
              const display = await users.display(sdkAppID, userID);
              return display && { nick: display.nickName, faceUrl: display.faceUrl };
            },
          },
        }
      : {}),
    ...(media ? { media } : {}),
    ...(push ? { push } : {}),
    logger,
    now: ctx.now,
    callbacks: {
      timeoutMs: ctx.config.messages.beforeSendTimeoutMs,
      failOpen: ctx.config.messages.beforeSendFailOpen,
      ...(ctx.config.messages.callbackDenyPrivate ? { denyPrivateTargets: true } : {}),
    },
  });
  ctx.onClose(messaging.startRetentionSweep());

  ops.add('sendMessage', messageRequestSchemas.sendMessage, (caller, data) => {
    const { groupID, receiver } = data;
    const origin = { clientIP: caller.clientIP, platform: PLATFORM_DISPLAY_NAMES[caller.platform] };
    if (groupID !== undefined)
      return groups.send(
        { ...actorOf(caller), instanceID: caller.instanceID },
        { ...data, groupID },
        { origin },
      );
    // The schema lets through exactly one of receiver and groupID.
    return messaging.send(actorOf(caller), { ...data, receiver: receiver ?? '' }, { origin });
  });
  ops.add('syncEvents', messageRequestSchemas.syncEvents, (caller, data) =>
    messaging.sync(actorOf(caller), data.afterSeq, data.limit),
  );
  ops.add('ackEvents', messageRequestSchemas.ackEvents, (caller, data) =>
    messaging.ack(actorOf(caller), data.seq),
  );
  ops.add('getHistory', messageRequestSchemas.getHistory, (caller, data) =>
    messaging.history(actorOf(caller), data),
  );
  ops.add('revokeMessage', messageRequestSchemas.revokeMessage, async (caller, data) => {
    const group = await ctx.storage.groupLogs.get(caller.sdkAppID, data.msgID);
    if (group) return groups.revoke(actorOf(caller), group, data.reason ?? '');
    return messaging.revoke(actorOf(caller), data.msgID, data.reason ?? '');
  });
  ops.add('modifyMessage', messageRequestSchemas.modifyMessage, async (caller, data) => {
    const group = await ctx.storage.groupLogs.get(caller.sdkAppID, data.msgID);
    if (group) return groups.modify(actorOf(caller), group, data);
    return messaging.modify(actorOf(caller), data);
  });
  ops.add('deleteMessages', messageRequestSchemas.deleteMessages, async (caller, data) => {
    const [first] = data.msgIDs;
    if (first !== undefined && (await ctx.storage.groupLogs.get(caller.sdkAppID, first))) {
      const records = [];
      for (const id of new Set(data.msgIDs)) {
        const record = await ctx.storage.groupLogs.get(caller.sdkAppID, id);
        if (record) records.push(record);
      }
      return groups.deleteMessages(actorOf(caller), records, [...new Set(data.msgIDs)]);
    }
    return messaging.deleteMessages(actorOf(caller), data.msgIDs);
  });
  ops.add('clearHistory', messageRequestSchemas.clearHistory, (caller, data) =>
    messaging.clearHistory(actorOf(caller), data.peerID),
  );

  const g = groupMessageRequestSchemas;
  ops.add('getGroupHistory', g.getGroupHistory, (caller, data) => groups.history(actorOf(caller), data));
  ops.add('syncGroups', g.syncGroups, (caller) => groups.syncGroups(actorOf(caller)));
  ops.add('getGroupChanges', g.getGroupChanges, (caller, data) =>
    groups.changes(actorOf(caller), data.groupID, data.afterChangeSeq, data.limit),
  );
  ops.add('clearGroupHistory', g.clearGroupHistory, (caller, data) =>
    groups.clearHistory(actorOf(caller), data.groupID),
  );
  ops.add('deleteGroupConversation', g.deleteGroupConversation, (caller, data) =>
    groups.deleteConversation(actorOf(caller), data.groupID),
  );
  ops.add('markGroupRead', g.markGroupRead, (caller, data) => groups.markRead(actorOf(caller), data.groupID));
  ops.add('pinGroupConversation', g.pinGroupConversation, (caller, data) =>
    groups.updateConversation(actorOf(caller), data.groupID, { is_pinned: data.isPinned ? 1 : 0 }),
  );
  ops.add('setGroupConversationDraft', g.setGroupConversationDraft, (caller, data) =>
    groups.updateConversation(actorOf(caller), data.groupID, {
      draft_text: data.draftText,
      draft_time: data.draftText === '' ? 0 : ctx.now(),
    }),
  );

  for (const [resource, endpoint] of createMessageEndpoints(messaging)) ctx.rest.add(resource, endpoint);
  for (const [resource, endpoint] of createGroupMessageEndpoints(groups, directory))
    ctx.rest.add(resource, endpoint);
  return { messaging, groups };
}

/** The caller as the message service's actor: its app and user, nothing about the connection. */
export function actorOf(caller: Caller): Actor {
  return { sdkAppID: caller.sdkAppID, userID: caller.userID };
}
