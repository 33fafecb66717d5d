/**
 * User status (login.md §7.2, im-features §4.2): who is online, on which platforms, or reachable by
 * push, as the REST commands `openim/query_online_status` and its legacy alias `openim/querystate`;
 * and for the SDK, reading statuses, the custom status and subscriptions to other users' changes,
 * which fan out from whichever node saw the change (docs/users.md "Presence").
 */
import { actorOf } from '../messages/register.js';
import type { FeatureContext } from '../registry.js';
import { StatusAudience } from './audience.js';
import { queryOnlineStatusEndpoint, queryStateEndpoint } from './query-online-status.js';
import { StatusService } from './service.js';
import { statusRequestSchemas } from './wire-schemas.js';

export function registerStatus(ctx: FeatureContext): StatusService {
  const { rest, bus, ops } = ctx;
  rest.add('openim/query_online_status', queryOnlineStatusEndpoint(bus));
  rest.add('openim/querystate', queryStateEndpoint(bus));

  const audience = new StatusAudience({ storage: ctx.storage, bus, apps: ctx.apps });
  const status = new StatusService({ storage: ctx.storage, bus, audience, now: ctx.now });
  ctx.sessions.onInstanceChange((change) => {
    status.instanceChanged(change).catch((err: unknown) => {
      ctx.logger.error({ err, userID: change.userID }, 'could not publish a status change');
    });
  });

  ops.add('getUserStatus', statusRequestSchemas.getUserStatus, (caller, data) =>
    status.getUserStatus(actorOf(caller), data.userIDList),
  );
  ops.add('setSelfStatus', statusRequestSchemas.setSelfStatus, (caller, data) =>
    status.setSelfStatus(actorOf(caller), data.customStatus),
  );
  ops.add('subscribeUserStatus', statusRequestSchemas.subscribeUserStatus, (caller, data) =>
    status.subscribe(actorOf(caller), data.userIDList),
  );
  ops.add('unsubscribeUserStatus', statusRequestSchemas.unsubscribeUserStatus, (caller, data) =>
    status.unsubscribe(actorOf(caller), data.userIDList),
  );
  return status;
}
