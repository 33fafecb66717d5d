/**
 * Users (im-features §4.1, §1.18): profile and receive-option ops on the wire, the `profile` REST
 * endpoints, and the two pieces other features use: display names for messages and conversations
 * (`ProfileDirectory`) and the receive options (`ReceiveOptionReader`).
 */
import { PLATFORM_DISPLAY_NAMES, type ProfileOps, type WireUserFullInfo } from '@parley/protocol';
import type { ProfileRecord } from '../../storage/profiles/types.js';
import type { Caller, FeatureContext, OpHandler } from '../registry.js';
import { TurnBatch } from '../turn-batch.js';
import { DisplayCache } from './display-cache.js';
import { ReceiveOptions } from './receive-options.js';
import { createProfileEndpoints } from './rest.js';
import { ProfileService } from './service.js';
import { UserNotices } from './user-notices.js';
import { profileRequestSchemas } from './validation.js';

/** Told of every profile change after it was pushed to the user's devices and subscribers. */
export type ProfileChangeListener = (sdkAppID: number, info: WireUserFullInfo) => Promise<void>;

export function registerProfiles(ctx: FeatureContext): {
  display: DisplayCache;
  receiveOptions: ReceiveOptions;
  /** Adds a listener of profile changes (the friend feature's `onFriendProfileChanged`). */
  onProfileChanged(listener: ProfileChangeListener): void;
  /** A deleted account: its subscriptions and receive options, others' about it; caches told. */
  forgetUser(sdkAppID: number, userID: string): Promise<void>;
  /** Full profiles of the users that exist, by UserID (friend lists show them). */
  profilesOf(sdkAppID: number, userIDs: readonly string[]): Promise<ReadonlyMap<string, WireUserFullInfo>>;
  /** Accounts created or changed outside this feature (REST imports): every node's caches forget them. */
  accountsChanged(sdkAppID: number, userIDs: readonly string[]): Promise<void>;
} {
  const listeners: ProfileChangeListener[] = [];
  const logger = ctx.logger.child({ component: 'profiles' });
  // Single profiles asked for by the send path's caches, read together per event-loop turn.
  const profileReads = new TurnBatch<ProfileRecord>(
    async (sdkAppID, userIDs) =>
      new Map((await ctx.storage.profiles.get(sdkAppID, userIDs)).map((p) => [p.userID, p])),
  );
  const display = new DisplayCache(() => ctx.storage.profiles, profileReads, ctx.now);
  const notices = new UserNotices(ctx.bus, logger);
  const changed = (sdkAppID: number, userIDs: readonly string[]) => notices.changed(sdkAppID, userIDs);
  const receiveOptions = new ReceiveOptions({
    storage: ctx.storage,
    bus: ctx.bus,
    logger,
    now: ctx.now,
    changed,
    profileReads,
  });
  notices.follow(display);
  notices.follow(receiveOptions);
  const service = new ProfileService({
    storage: ctx.storage,
    bus: ctx.bus,
    apps: ctx.apps,
    changed,
    announced: async (sdkAppID, info) => {
      for (const listener of listeners) await listener(sdkAppID, info);
    },
    logger,
    now: ctx.now,
  });
  const add = <O extends keyof ProfileOps>(
    op: O,
    handler: (caller: Caller, data: ProfileOps[O]['request']) => ReturnType<OpHandler<O>>,
  ) => ctx.ops.add(op, profileRequestSchemas[op], handler);

  add('getUsersInfo', (c, d) => service.get(c.sdkAppID, d.userIDList));
  add('setSelfInfo', (c, d) =>
    service.setSelf(
      {
        sdkAppID: c.sdkAppID,
        userID: c.userID,
        instanceID: c.instanceID,
        origin: { clientIP: c.clientIP, platform: PLATFORM_DISPLAY_NAMES[c.platform] },
      },
      d.userFullInfo,
    ),
  );
  add('searchUsers', (c, d) => service.search(c.sdkAppID, d));
  add('subscribeUserInfo', (c, d) => service.subscribe(c.sdkAppID, c.userID, d.userIDList));
  add('unsubscribeUserInfo', (c, d) => service.unsubscribe(c.sdkAppID, c.userID, d.userIDList));
  add('setC2CReceiveMessageOpt', (c, d) => receiveOptions.setC2C(c, d.userIDList, d.opt));
  add('getC2CReceiveMessageOpt', (c, d) => receiveOptions.getC2C(c, d.userIDList));
  add('setGroupReceiveMessageOpt', (c, d) => receiveOptions.setGroup(c, d.groupID, d.opt));
  add('setAllReceiveMessageOpt', (c, d) => receiveOptions.setAll(c, d));
  add('getAllReceiveMessageOpt', (c) => receiveOptions.getAll(c));
  for (const [resource, endpoint] of createProfileEndpoints(service)) ctx.rest.add(resource, endpoint);
  return {
    display,
    receiveOptions,
    onProfileChanged: (listener) => listeners.push(listener),
    async forgetUser(sdkAppID, userID) {
      await ctx.storage.profiles.forget(sdkAppID, userID);
      await notices.changed(sdkAppID, [userID]);
    },
    accountsChanged: changed,
    async profilesOf(sdkAppID, userIDs) {
      const reply = await service.get(sdkAppID, userIDs);
      return new Map((reply.data?.userInfoList ?? []).map((info) => [info.userID, info]));
    },
  };
}
