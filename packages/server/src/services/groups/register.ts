/**
 * Groups (im-features §3): the management ops on the wire, over one `GroupService`. The acting
 * user is always the caller; the app admin's owner rights are REST's (later). Returns the
 * `GroupDirectory` half of the seam for the message engine.
 */
import { type GroupOps, PLATFORM_DISPLAY_NAMES, type TopicOps } from '@parley/protocol';
import type { GroupDirectory, GroupLogs } from '../group-contract.js';
import type { Caller, FeatureContext, OpHandler } from '../registry.js';
import { GroupCallbacks } from './callbacks.js';
import { createGroupEndpoints } from './rest.js';
import { type GroupActor, GroupService } from './service.js';
import { topicRequestSchemas } from './topic-wire-schemas.js';
import { groupRequestSchemas } from './wire-schemas.js';

export function registerGroups(
  ctx: FeatureContext,
  deps: { logs: GroupLogs },
): { directory: GroupDirectory; service: GroupService } {
  const service = new GroupService({
    storage: ctx.storage,
    bus: ctx.bus,
    apps: ctx.apps,
    logs: deps.logs,
    logger: ctx.logger.child({ component: 'groups' }),
    now: ctx.now,
    callbacks: new GroupCallbacks({
      storage: ctx.storage,
      apps: ctx.apps,
      settings: {
        timeoutMs: ctx.config.messages.beforeSendTimeoutMs,
        failOpen: ctx.config.messages.beforeSendFailOpen,
        ...(ctx.config.messages.callbackDenyPrivate ? { denyPrivateTargets: true } : {}),
      },
      now: ctx.now,
    }),
  });
  const { lifecycle, profiles, members, applications, attributes } = service;
  const add = <O extends keyof GroupOps>(
    op: O,
    handler: (actor: GroupActor, data: GroupOps[O]['request']) => ReturnType<OpHandler<O>>,
  ) => ctx.ops.add(op, groupRequestSchemas[op], (caller, data) => handler(actorOf(caller), data));

  add('createGroup', (a, d) => lifecycle.create(a, d));
  add('joinGroup', (a, d) => lifecycle.join(a, d.groupID, d.message ?? ''));
  add('quitGroup', (a, d) => lifecycle.quit(a, d.groupID));
  add('dismissGroup', (a, d) => lifecycle.dismiss(a, d.groupID));
  add('transferGroupOwner', (a, d) => lifecycle.transferOwner(a, d.groupID, d.userID));
  add('getJoinedGroupList', (a) => profiles.joinedList(a));
  add('getGroupsInfo', (a, d) => profiles.info(a, d.groupIDList));
  add('setGroupInfo', (a, d) => profiles.set(a, d));
  add('muteAllGroupMembers', (a, d) => profiles.set(a, { groupID: d.groupID, isAllMuted: d.isMute }));
  add('searchGroups', (a, d) => profiles.search(a, d));
  add('getGroupOnlineMemberCount', (a, d) => profiles.onlineCount(a, d.groupID));
  add('getGroupMemberList', (a, d) => members.list(a, d));
  add('getGroupMembersInfo', (a, d) => members.info(a, d));
  add('setGroupMemberInfo', (a, d) => members.setInfo(a, d));
  add('inviteUserToGroup', (a, d) => members.invite(a, d));
  add('kickGroupMember', (a, d) => members.kick(a, d));
  add('setGroupMemberRole', (a, d) => members.setRole(a, d));
  add('muteGroupMember', (a, d) => members.mute(a, d));
  add('getGroupApplicationList', (a) => applications.list(a));
  add('acceptGroupApplication', (a, d) => applications.handle(a, d, true));
  add('refuseGroupApplication', (a, d) => applications.handle(a, d, false));
  add('setGroupApplicationRead', (a) => applications.markRead(a));
  add('initGroupAttributes', (a, d) =>
    attributes.write(a, d.groupID, { mode: 'init', attributes: d.attributes }),
  );
  add('setGroupAttributes', (a, d) =>
    attributes.write(a, d.groupID, { mode: 'set', attributes: d.attributes }),
  );
  add('deleteGroupAttributes', (a, d) => attributes.write(a, d.groupID, { mode: 'delete', keys: d.keys }));
  add('getGroupAttributes', (a, d) => attributes.read(a, d.groupID, d.keys));
  add('setGroupCounters', (a, d) =>
    attributes.writeCounters(a, d.groupID, { mode: 'set', counters: d.counters }),
  );
  add('increaseGroupCounter', (a, d) =>
    attributes.writeCounters(a, d.groupID, { mode: 'add', key: d.key, delta: d.value }),
  );
  add('decreaseGroupCounter', (a, d) =>
    attributes.writeCounters(a, d.groupID, { mode: 'add', key: d.key, delta: -d.value }),
  );
  add('getGroupCounters', (a, d) => attributes.readCounters(a, d.groupID, d.keys));

  const { topics } = service;
  const addTopicOp = <O extends keyof TopicOps>(
    op: O,
    handler: (actor: GroupActor, data: TopicOps[O]['request']) => ReturnType<OpHandler<O>>,
  ) => ctx.ops.add(op, topicRequestSchemas[op], (caller, data) => handler(actorOf(caller), data));
  addTopicOp('getJoinedCommunityList', (a) => topics.joinedCommunities(a));
  addTopicOp('createTopicInCommunity', (a, d) => topics.create(a, d));
  addTopicOp('deleteTopicFromCommunity', (a, d) => topics.delete(a, d));
  addTopicOp('setTopicInfo', (a, d) => topics.set(a, d));
  addTopicOp('getTopicInfoList', (a, d) => topics.list(a, d));
  for (const [resource, endpoint] of createGroupEndpoints(service, ctx.bus)) ctx.rest.add(resource, endpoint);
  return { directory: service.directory, service };
}

/** The caller as the group service's actor: the logged-in user, never the app admin's rights. */
function actorOf(caller: Caller): GroupActor {
  return {
    sdkAppID: caller.sdkAppID,
    userID: caller.userID,
    isAppAdmin: false,
    instanceID: caller.instanceID,
    origin: { clientIP: caller.clientIP, platform: PLATFORM_DISPLAY_NAMES[caller.platform] },
  };
}
