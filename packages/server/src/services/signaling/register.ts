/**
 * Signaling: the wire ops of call invitations (docs/signaling.md). The acting user is always the
 * caller; the state and the timeouts live in services/signaling/service.ts.
 */
import { PLATFORM_DISPLAY_NAMES } from '@parley/protocol';
import type { GroupDirectory } from '../group-contract.js';
import type { GroupMessagingService } from '../messages/group-service.js';
import type { MessagingService } from '../messages/service.js';
import type { OfflinePush } from '../push/planner.js';
import type { Caller, FeatureContext } from '../registry.js';
import { type SignalingActor, SignalingService } from './service.js';
import { signalingRequestSchemas as schemas } from './wire-schemas.js';

export interface SignalingParts {
  c2c: MessagingService;
  groups: GroupMessagingService;
  directory: GroupDirectory;
  push?: OfflinePush;
}

export function registerSignaling(ctx: FeatureContext, parts: SignalingParts): SignalingService {
  const service = new SignalingService({
    storage: ctx.storage,
    bus: ctx.bus,
    c2c: parts.c2c,
    groups: parts.groups,
    directory: parts.directory,
    ...(parts.push ? { push: parts.push } : {}),
    logger: ctx.logger.child({ component: 'signaling' }),
    now: ctx.now,
  });
  ctx.onClose(service.clock.start());
  const { ops } = ctx;
  ops.add('signalingInvite', schemas.signalingInvite, (caller, data) =>
    service.invite(actorOf(caller), data),
  );
  ops.add('signalingCancel', schemas.signalingCancel, (caller, data) =>
    service.cancel(actorOf(caller), data),
  );
  ops.add('signalingAccept', schemas.signalingAccept, (caller, data) =>
    service.answer(actorOf(caller), data, true),
  );
  ops.add('signalingReject', schemas.signalingReject, (caller, data) =>
    service.answer(actorOf(caller), data, false),
  );
  ops.add('signalingModify', schemas.signalingModify, (caller, data) =>
    service.modify(actorOf(caller), data),
  );
  ops.add('signalingSync', schemas.signalingSync, (caller) => service.sync(actorOf(caller)));
  return service;
}

function actorOf(caller: Caller): SignalingActor {
  return {
    sdkAppID: caller.sdkAppID,
    userID: caller.userID,
    origin: { clientIP: caller.clientIP, platform: PLATFORM_DISPLAY_NAMES[caller.platform] },
  };
}
