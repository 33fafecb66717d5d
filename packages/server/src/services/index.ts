/**
 * Every feature, registered in one place. A feature is a folder under services/ with one
 * `register…(ctx)` function that adds its wire ops and REST endpoints (services/registry.ts); a
 * feature that needs a piece of another gets it here as an argument, so the dependencies between
 * features are visible at a glance. The next features (users, media, push, signaling) are one line
 * each here.
 */
import { registerAccounts } from './accounts/register.js';
import { registerConversations } from './conversations/register.js';
import { registerFriends } from './friends/register.js';
import { RelationGate } from './friends/relation-gate.js';
import type { GroupDirectory } from './group-contract.js';
import { registerGroups } from './groups/register.js';
import type { GroupService } from './groups/service.js';
import { registerMedia } from './media/register.js';
import type { MediaRoutes } from './media/routes.js';
import type { MediaService } from './media/service.js';
import { registerMessageExtras } from './message-extras/register.js';
import { registerMessages } from './messages/register.js';
import { registerProfiles } from './profiles/register.js';
import { registerPush } from './push/register.js';
import type { PushWorker } from './push/worker.js';
import { registerReceipts } from './receipts/register.js';
import type { FeatureContext } from './registry.js';
import { registerSignaling } from './signaling/register.js';
import { registerStatus } from './status/register.js';

export type { Caller, FeatureContext, OpHandler, OpRegistry, OpReply, RestRegistry } from './registry.js';

/** Registers every feature; returns the services the server exposes beyond the wire and REST. */
export function registerFeatures(ctx: FeatureContext): {
  groups: GroupService;
  media: { service: MediaService; routes: MediaRoutes };
  push: PushWorker;
} {
  const accounts = registerAccounts(ctx);
  const status = registerStatus(ctx);
  accounts.onAccountDeleted((sdkAppID, userID) => status.forgetUser(sdkAppID, userID));
  const users = registerProfiles(ctx);
  accounts.onAccountDeleted((sdkAppID, userID) => users.forgetUser(sdkAppID, userID));
  accounts.onAccountsImported((sdkAppID, userIDs) => users.accountsChanged(sdkAppID, userIDs));
  const media = registerMedia(ctx);
  const push = registerPush(ctx, { options: users.receiveOptions });
  // The message engine and the group service each need the other's half of the seam
  // (services/group-contract.ts): the engine gets the directory through this late binding.
  let directory: GroupDirectory | undefined;
  const bound = (): GroupDirectory => {
    if (!directory) throw new Error('the group directory is used before groups are registered');
    return directory;
  };
  const lateDirectory: GroupDirectory = {
    group: (...args) => bound().group(...args),
    membership: (...args) => bound().membership(...args),
    memberIDs: (...args) => bound().memberIDs(...args),
    members: (...args) => bound().members(...args),
    joinedGroups: (...args) => bound().joinedGroups(...args),
  };
  // The one-to-one send path asks the relationship check; the friend service keeps it current.
  const gate = new RelationGate(() => ctx.storage.friends, ctx.now);
  const { messaging, groups: groupLogs } = registerMessages(ctx, lateDirectory, {
    relations: gate,
    users: {
      display: (sdkAppID, userID) => users.display.display(sdkAppID, userID),
      refuses: (sdkAppID, receiver, sender) => users.receiveOptions.refuses(sdkAppID, receiver, sender),
      c2cOpt: (sdkAppID, userID, peer) => users.receiveOptions.cachedC2COpt(sdkAppID, userID, peer),
    },
    media: media.service,
    push: push.planner,
  });

  const conversations = registerConversations(ctx, { delivery: messaging.delivery, display: users.display });
  registerMessageExtras(ctx, { directory: lateDirectory, logs: () => groupLogs });
  const groups = registerGroups(ctx, { logs: groupLogs });
  directory = groups.directory;
  registerReceipts(ctx, { directory: lateDirectory, conversations });
  registerSignaling(ctx, { c2c: messaging, groups: groupLogs, directory: lateDirectory, push: push.planner });
  const friends = registerFriends(ctx, {
    gate,
    onProfileChanged: users.onProfileChanged,
    profiles: users.profilesOf,
  });
  accounts.onAccountDeleted((sdkAppID, userID) => friends.forgetUser(sdkAppID, userID));
  return { groups: groups.service, media, push: push.worker };
}
