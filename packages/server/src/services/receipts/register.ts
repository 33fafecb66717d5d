/**
 * Read receipts: the wire ops `sendMessageReadReceipts`, `getMessageReadReceipts` and
 * `getGroupMessageReadMemberList`, and the REST endpoints (docs/read-receipts.md). The acting user
 * is always the caller.
 */
import type { ConversationService } from '../conversations/service.js';
import type { GroupDirectory } from '../group-contract.js';
import { actorOf } from '../messages/register.js';
import type { FeatureContext } from '../registry.js';
import { createReceiptEndpoints } from './rest.js';
import { ReceiptService } from './service.js';
import { receiptRequestSchemas as s } from './wire-schemas.js';

export function registerReceipts(
  ctx: FeatureContext,
  deps: { directory: GroupDirectory; conversations?: ConversationService },
): ReceiptService {
  const receipts = new ReceiptService({
    storage: ctx.storage,
    directory: deps.directory,
    apps: ctx.apps,
    bus: ctx.bus,
    logger: ctx.logger.child({ component: 'receipts' }),
    now: ctx.now,
  });
  ctx.ops.add('sendMessageReadReceipts', s.sendMessageReadReceipts, (caller, data) =>
    receipts.report(actorOf(caller), data.msgIDs),
  );
  ctx.ops.add('getMessageReadReceipts', s.getMessageReadReceipts, (caller, data) =>
    receipts.receipts(actorOf(caller), data.msgIDs),
  );
  ctx.ops.add('getGroupMessageReadMemberList', s.getGroupMessageReadMemberList, (caller, data) =>
    receipts.members(actorOf(caller), data),
  );
  for (const [resource, endpoint] of createReceiptEndpoints(receipts, deps.conversations))
    ctx.rest.add(resource, endpoint);
  return receipts;
}
