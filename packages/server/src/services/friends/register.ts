/**
 * Friends and the blocklist (im-features §4.3, §4.4): the friendship ops on the wire and the `sns`
 * REST endpoints, over one `FriendService`. The acting user is always the caller. Returns the
 * relationship check the one-to-one send path asks (relation-gate.ts).
 */
import { type FriendOps, PLATFORM_DISPLAY_NAMES } from '@parley/protocol';
import type { ProfileChangeListener } from '../profiles/register.js';
import type { Caller, FeatureContext, OpHandler } from '../registry.js';
import { SnsCallbacks } from './callbacks.js';
import type { FriendActor } from './core.js';
import { accountFriendPolicy } from './policy.js';
import { FriendProfileChanges } from './profile-changes.js';
import type { RelationGate } from './relation-gate.js';
import { createSnsEndpoints } from './rest.js';
import { FriendService, type FriendServiceDeps } from './service.js';
import { friendRequestSchemas } from './wire-schemas.js';

export function registerFriends(
  ctx: FeatureContext,
  deps: {
    gate: RelationGate;
    /** Profile changes, for `onFriendProfileChanged` (profile-changes.ts). */
    onProfileChanged: (listener: ProfileChangeListener) => void;
    /** Profiles, for `userProfile` on the friend lists read. */
    profiles: NonNullable<FriendServiceDeps['profiles']>;
  },
): FriendService {
  const service = new FriendService({
    storage: ctx.storage,
    bus: ctx.bus,
    apps: ctx.apps,
    logger: ctx.logger.child({ component: 'friends' }),
    now: ctx.now,
    policy: accountFriendPolicy(() => ctx.storage.friends),
    gate: deps.gate,
    profiles: deps.profiles,
    callbacks: new SnsCallbacks({
      apps: ctx.apps,
      settings: {
        timeoutMs: ctx.config.messages.beforeSendTimeoutMs,
        failOpen: ctx.config.messages.beforeSendFailOpen,
        ...(ctx.config.messages.callbackDenyPrivate ? { denyPrivateTargets: true } : {}),
      },
      now: ctx.now,
    }),
  });
  const profileChanges = new FriendProfileChanges({ store: () => ctx.storage.friends, bus: ctx.bus });
  deps.onProfileChanged((sdkAppID, info) => profileChanges.announce(sdkAppID, info));
  // Any node changed someone's lists: forget this node's copies (relation-gate.ts).
  deps.gate.follow(ctx.bus);
  const { friendship: f, lists } = service;
  const add = <O extends keyof FriendOps>(
    op: O,
    handler: (actor: FriendActor, data: FriendOps[O]['request']) => ReturnType<OpHandler<O>>,
  ) => ctx.ops.add(op, friendRequestSchemas[op], (caller, data) => handler(actorOf(caller), data));

  add('addFriend', (a, d) => f.add(a, d));
  add('getFriendApplicationList', (a) => f.applications(a));
  add('acceptFriendApplication', (a, d) =>
    f.respond(a, d.userID, {
      accept: true,
      ...(d.responseType === undefined ? {} : { responseType: d.responseType }),
      ...(d.remark === undefined ? {} : { remark: d.remark }),
    }),
  );
  add('refuseFriendApplication', (a, d) => f.respond(a, d.userID, { accept: false }));
  add('deleteFriendApplication', (a, d) => f.deleteApplication(a, d.userID, d.type));
  add('setFriendApplicationRead', (a) => f.markApplicationsRead(a));
  add('getFriendList', (a) => f.list(a));
  add('getFriendsInfo', (a, d) => f.info(a, d.userIDList));
  add('setFriendInfo', (a, d) => f.setInfo(a, d.userID, d));
  add('checkFriend', (a, d) => f.check(a, d.userIDList, d.checkType));
  add('deleteFromFriendList', (a, d) => f.delete(a, d.userIDList, d.deleteType));
  add('createFriendGroup', (a, d) => lists.createGroup(a, d.groupName, d.userIDList));
  add('getFriendGroups', (a, d) => lists.groups(a, d.groupNameList));
  add('deleteFriendGroup', (a, d) => lists.deleteGroups(a, d.groupNameList));
  add('renameFriendGroup', (a, d) => lists.renameGroup(a, d.oldName, d.newName));
  add('addFriendsToFriendGroup', (a, d) => lists.addToGroup(a, d.groupName, d.userIDList));
  add('deleteFriendsFromFriendGroup', (a, d) => lists.deleteFromGroup(a, d.groupName, d.userIDList));
  add('addToBlackList', (a, d) => lists.block(a, d.userIDList));
  add('deleteFromBlackList', (a, d) => lists.unblock(a, d.userIDList));
  add('getBlackList', (a) => lists.blockList(a));
  for (const [resource, endpoint] of createSnsEndpoints(service)) ctx.rest.add(resource, endpoint);
  return service;
}

function actorOf(caller: Caller): FriendActor {
  return {
    sdkAppID: caller.sdkAppID,
    userID: caller.userID,
    origin: { clientIP: caller.clientIP, platform: PLATFORM_DISPLAY_NAMES[caller.platform] },
  };
}
