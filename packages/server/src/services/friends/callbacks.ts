/**
 * The relationship callbacks (im-features.md §9.2, `Sns.*`), for SDK and REST actions alike, on
 * when the app has a callback URL. The before-hooks are posted in the action's path within the
 * before-send budget and answer per target (`ResultItem[{To_Account, ResultCode}]`, codes the app
 * chooses in 38000–39000); the after-hooks go through the webhook outbox in the change's
 * transaction, so they are posted (and retried) exactly when the change happened.
 */
import { ErrorCode } from '@parley/protocol';
import type { AppDirectory } from '../../storage/app-directory.js';
import type { Storage } from '../../storage/types.js';
import { askCallback } from '../../webhooks/ask-callback.js';
import type { ActionOrigin } from '../groups/callbacks.js';

export const SnsCallback = Object.freeze({
  PREV_FRIEND_ADD: 'Sns.CallbackPrevFriendAdd',
  PREV_FRIEND_RESPONSE: 'Sns.CallbackPrevFriendResponse',
  FRIEND_ADD: 'Sns.CallbackFriendAdd',
  FRIEND_DELETE: 'Sns.CallbackFriendDelete',
  BLACKLIST_ADD: 'Sns.CallbackBlackListAdd',
  BLACKLIST_DELETE: 'Sns.CallbackBlackListDelete',
} as const);

export interface SnsCallbackSettings {
  timeoutMs: number;
  /** A failed or late before-hook lets the action go ahead (true) or refuses it (false). */
  failOpen: boolean;
  denyPrivateTargets?: boolean;
}

/** The callbacks of one app for one action. */
export interface AppSnsCallbacks {
  readonly enabled: boolean;
  /**
   * Posts a before-hook; returns the refusals by target UserID (their codes): empty when callbacks
   * are off, everything is allowed, or a failed post lets the action go ahead.
   */
  before(
    command: string,
    fields: Readonly<Record<string, unknown>>,
    targets: readonly string[],
  ): Promise<Map<string, number>>;
  /** Queues an after-hook in the outbox of `tx` (the change's transaction). */
  after(command: string, fields: Readonly<Record<string, unknown>>, tx: Storage): Promise<void>;
}

export const NO_SNS_CALLBACKS: AppSnsCallbacks = {
  enabled: false,
  before: async () => new Map(),
  after: async () => {},
};

export class SnsCallbacks {
  constructor(
    private readonly deps: {
      apps: Pick<AppDirectory, 'get'>;
      settings: SnsCallbackSettings;
      now: () => number;
    },
  ) {}

  async forApp(sdkAppID: number, origin: ActionOrigin): Promise<AppSnsCallbacks> {
    const url = (await this.deps.apps.get(sdkAppID))?.callbackUrl ?? null;
    if (url === null) return NO_SNS_CALLBACKS;
    const { settings, now } = this.deps;
    const query = { ClientIP: origin.clientIP, OptPlatform: origin.platform };
    return {
      enabled: true,
      async before(command, fields, targets) {
        const refusals = new Map<string, number>();
        const outcome = await askCallback(
          { url, sdkAppID, command, query, body: { CallbackCommand: command, ...fields, EventTime: now() } },
          {
            timeoutMs: settings.timeoutMs,
            ...(settings.denyPrivateTargets ? { denyPrivateTargets: true } : {}),
          },
        );
        if (outcome.kind === 'failed') {
          if (!settings.failOpen) for (const t of targets) refusals.set(t, ErrorCode.ERR_INTERNAL_TIMEOUT);
          return refusals;
        }
        const { reply } = outcome;
        if (typeof reply.ErrorCode === 'number' && reply.ErrorCode !== 0) {
          for (const t of targets) refusals.set(t, ErrorCode.ERR_SVR_FRIENDSHIP_REJECT_FROM_THIRDPARTY);
          return refusals;
        }
        const items = Array.isArray(reply.ResultItem) ? reply.ResultItem : [];
        for (const item of items) {
          if (typeof item !== 'object' || item === null) continue;
          const { To_Account: to, ResultCode: code } = item as Record<string, unknown>;
          if (typeof to !== 'string' || typeof code !== 'number' || code === 0) continue;
          // The app's own code when it is in the range kept for it, else the generic refusal.
          refusals.set(
            to,
            code >= 38000 && code <= 39000 ? code : ErrorCode.ERR_SVR_FRIENDSHIP_REJECT_FROM_THIRDPARTY,
          );
        }
        return refusals;
      },
      async after(command, fields, tx) {
        await tx.outbox.enqueue({
          sdkAppID,
          command,
          query,
          body: { CallbackCommand: command, ...fields, EventTime: now() },
        });
      },
    };
  }
}
