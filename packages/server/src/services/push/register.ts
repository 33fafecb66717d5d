/**
 * Offline push (docs/push.md): the planner the message engine calls after a store, the queue
 * worker that hands pushes to each app's providers, the `doBackground`/`doForeground` ops and the
 * `all_member_push/im_push` REST endpoint.
 */
import { ErrorCode } from '@parley/protocol';
import type { ReceiveOptionReader } from '../profiles/receive-options.js';
import type { FeatureContext } from '../registry.js';
import { createPushMetrics } from './metrics.js';
import { type OfflinePush, PushPlanner } from './planner.js';
import { ProviderPool } from './provider-pool.js';
import { createPushEndpoints } from './rest.js';
import { pushRequestSchemas } from './schemas.js';
import { DEFAULT_PUSH_POLICY, PushWorker } from './worker.js';

export function registerPush(
  ctx: FeatureContext,
  deps: { options: Pick<ReceiveOptionReader, 'c2cOpt' | 'allOpt'> },
): { planner: OfflinePush; worker: PushWorker } {
  const logger = ctx.logger.child({ component: 'push' });
  const policy = { ...DEFAULT_PUSH_POLICY, ...ctx.config.push };
  const pool = new ProviderPool(ctx.storage.push, { timeoutMs: policy.timeoutMs });
  const worker = new PushWorker({
    storage: ctx.storage,
    pool,
    metrics: createPushMetrics(ctx.registry),
    logger,
    policy,
  });
  // Sends what a previous process left queued at once.
  worker.start();
  ctx.onClose(async () => {
    await worker.stop();
    await pool.close();
  });
  const planner = new PushPlanner({
    storage: ctx.storage,
    bus: ctx.bus,
    options: deps.options,
    queued: () => worker.nudge(),
    logger,
    now: ctx.now,
  });

  const background =
    (value: boolean) => async (caller: { sdkAppID: number; userID: string; instanceID: string }) => {
      // An instance without a token has nothing to be pushed to; the call still succeeds, as the
      // SDK calls it on every app state change whether a token was registered or not.
      await ctx.storage.pushRegistrations.setBackground(
        caller.sdkAppID,
        caller.userID,
        caller.instanceID,
        value,
      );
      return { code: ErrorCode.ERR_SUCC, desc: '', data: {} };
    };
  // A fresh login is an app in the foreground; a resume (a reconnect) keeps what the app said.
  ctx.sessions.onInstanceChange((change) => {
    if (change.kind !== 'up' || change.resumed !== false) return;
    ctx.storage.pushRegistrations
      .setBackground(change.sdkAppID, change.userID, change.instanceID, false)
      .catch((err: unknown) => logger.warn({ err }, 'could not clear the background flag at login'));
  });
  ctx.ops.add('doBackground', pushRequestSchemas.doBackground, background(true));
  ctx.ops.add('doForeground', pushRequestSchemas.doForeground, background(false));
  for (const [resource, endpoint] of createPushEndpoints(planner)) ctx.rest.add(resource, endpoint);
  return { planner, worker };
}
