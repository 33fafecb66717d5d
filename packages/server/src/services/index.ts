/**
 * Every feature, registered in one place. A feature is a folder under services/ with one
 * `register…(ctx)` function that adds its wire ops and REST endpoints (services/registry.ts); a
 * feature that needs a piece of another gets it here as an argument, so the dependencies between
 * features are visible at a glance. The next features (users, media, push, signaling) are one line
 * each here.
 */
import { registerAccounts } from './accounts/register.js';
import { registerConversations } from './conversations/register.js';
import { pendingGroupLogs } from './groups/pending-logs.js';
import { registerGroups } from './groups/register.js';
import { registerMessages } from './messages/register.js';
import type { FeatureContext } from './registry.js';
import { registerStatus } from './status/register.js';

export type { Caller, FeatureContext, OpHandler, OpRegistry, OpReply, RestRegistry } from './registry.js';

export function registerFeatures(ctx: FeatureContext): void {
  registerAccounts(ctx);
  registerStatus(ctx);
  const messaging = registerMessages(ctx);
  registerConversations(ctx, { delivery: messaging.delivery });
  // The message engine's GroupLogs replaces pendingGroupLogs when group messages land.
  registerGroups(ctx, { logs: pendingGroupLogs });
}
