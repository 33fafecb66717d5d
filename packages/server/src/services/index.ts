/**
 * Every feature, registered in one place. A feature is a folder under services/ with one
 * `register…(ctx)` function that adds its wire ops and REST endpoints (services/registry.ts); a
 * feature that needs a piece of another gets it here as an argument, so the dependencies between
 * features are visible at a glance. The next features (groups, users, media, push, signaling) are
 * one line each here.
 */
import { registerAccounts } from './accounts/register.js';
import { registerConversations } from './conversations/register.js';
import type { GroupDirectory, GroupLogs } from './group-contract.js';
import { registerMessages } from './messages/register.js';
import type { FeatureContext } from './registry.js';
import { registerStatus } from './status/register.js';

export type { Caller, FeatureContext, OpHandler, OpRegistry, OpReply, RestRegistry } from './registry.js';

/** A group directory that knows no group: every group op answers 10010 until groups are registered. */
const NO_GROUPS: GroupDirectory = {
  group: async () => undefined,
  membership: async () => undefined,
  memberIDs: async () => [],
  joinedGroups: async () => [],
};

export interface FeatureSeams {
  /**
   * Test-only: the group directory the message engine consults, given the engine's `GroupLogs`
   * (tests fill an in-memory directory and tell the engine about joins through it).
   */
  groupDirectory?: (logs: GroupLogs) => GroupDirectory;
}

export function registerFeatures(ctx: FeatureContext, seams: FeatureSeams = {}): void {
  registerAccounts(ctx);
  registerStatus(ctx);
  let directory: GroupDirectory = NO_GROUPS;
  // Resolved lazily: the directory and the engine each need the other.
  const lazy: GroupDirectory = {
    group: (...a) => directory.group(...a),
    membership: (...a) => directory.membership(...a),
    memberIDs: (...a) => directory.memberIDs(...a),
    joinedGroups: (...a) => directory.joinedGroups(...a),
  };
  const { messaging, groups } = registerMessages(ctx, lazy);
  if (seams.groupDirectory) directory = seams.groupDirectory(groups);
  registerConversations(ctx, { delivery: messaging.delivery });
}
