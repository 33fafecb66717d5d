/**
 * The group callbacks (im-features.md §9.2, `Group.*`), for SDK and REST actions alike. Callbacks
 * are on when the app has a callback URL, as for every other callback. Before-hooks are posted in
 * the action's path within the before-send time budget and may refuse with 10016; after-hooks go
 * through the webhook outbox, in the transaction of the change when there is one, so they are
 * posted (and retried) exactly when the change happened.
 */
import { ErrorCode } from '@parley/protocol';
import type { AppDirectory } from '../../storage/app-directory.js';
import type { Storage } from '../../storage/types.js';
import { askCallback } from '../../webhooks/ask-callback.js';
import { GroupError } from './result.js';

export const GroupCallback = Object.freeze({
  BEFORE_CREATE: 'Group.CallbackBeforeCreateGroup',
  AFTER_CREATE: 'Group.CallbackAfterCreateGroup',
  BEFORE_APPLY_JOIN: 'Group.CallbackBeforeApplyJoinGroup',
  BEFORE_INVITE_JOIN: 'Group.CallbackBeforeInviteJoinGroup',
  AFTER_NEW_MEMBER_JOIN: 'Group.CallbackAfterNewMemberJoin',
  AFTER_MEMBER_EXIT: 'Group.CallbackAfterMemberExit',
  BEFORE_SEND_MSG: 'Group.CallbackBeforeSendMsg',
  AFTER_SEND_MSG: 'Group.CallbackAfterSendMsg',
  AFTER_GROUP_DESTROYED: 'Group.CallbackAfterGroupDestroyed',
  AFTER_GROUP_INFO_CHANGED: 'Group.CallbackAfterGroupInfoChanged',
  AFTER_GROUP_FULL: 'Group.CallbackAfterGroupFull',
} as const);

/** Where an action came from, for the callback's query (`ClientIP`, `OptPlatform`). */
export interface ActionOrigin {
  clientIP: string;
  /** `Web`, `Android`, …, or `RESTAPI`. */
  platform: string;
}

export interface GroupCallbackSettings {
  /** The before-hooks' time budget (the before-send budget, `--callback-timeout`). */
  timeoutMs: number;
  /** A failed or late before-hook lets the action go ahead (true) or refuses it (false). */
  failOpen: boolean;
  denyPrivateTargets?: boolean;
}

/** `[{Member_Account}]`, the original's shape of member lists in group callbacks. */
export const memberAccounts = (userIDs: readonly string[]) => userIDs.map((id) => ({ Member_Account: id }));

/** The callbacks of one app for one action: the app is read once, before any transaction. */
export interface AppGroupCallbacks {
  /** The app has a callback URL. */
  readonly enabled: boolean;
  /**
   * Posts a before-hook; `undefined` when callbacks are off or a failed post lets the action go
   * ahead, else the app's reply. A non-zero `ErrorCode` refuses the action: throws 10016.
   */
  before(
    command: string,
    fields: Readonly<Record<string, unknown>>,
  ): Promise<Readonly<Record<string, unknown>> | undefined>;
  /** Queues an after-hook in the outbox of `tx` (the change's transaction) or of the storage. */
  after(command: string, fields: Readonly<Record<string, unknown>>, tx?: Storage): Promise<void>;
}

/** Callbacks off: no app URL, or no callbacks wired (unit tests). */
export const NO_GROUP_CALLBACKS: AppGroupCallbacks = {
  enabled: false,
  before: async () => undefined,
  after: async () => {},
};

export class GroupCallbacks {
  constructor(
    private readonly deps: {
      storage: Storage;
      apps: Pick<AppDirectory, 'get'>;
      settings: GroupCallbackSettings;
      now: () => number;
    },
  ) {}

  /** The app's callbacks for an action from `origin`; read before a transaction starts. */
  async forApp(sdkAppID: number, origin: ActionOrigin): Promise<AppGroupCallbacks> {
    const url = (await this.deps.apps.get(sdkAppID))?.callbackUrl ?? null;
    if (url === null) return NO_GROUP_CALLBACKS;
    const { settings, now, storage } = this.deps;
    const query = { ClientIP: origin.clientIP, OptPlatform: origin.platform };
    return {
      enabled: true,
      async before(command, fields) {
        const outcome = await askCallback(
          { url, sdkAppID, command, query, body: { CallbackCommand: command, ...fields, EventTime: now() } },
          {
            timeoutMs: settings.timeoutMs,
            ...(settings.denyPrivateTargets ? { denyPrivateTargets: true } : {}),
          },
        );
        if (outcome.kind === 'failed') {
          if (settings.failOpen) return undefined;
          throw new GroupError(
            ErrorCode.ERR_INTERNAL_TIMEOUT,
            `the ${command} callback failed: ${outcome.why}`,
          );
        }
        if (outcome.reply.ErrorCode !== 0) {
          const info = outcome.reply.ErrorInfo;
          throw new GroupError(
            ErrorCode.ERR_SVR_GROUP_REJECT_FROM_THIRDPARTY,
            typeof info === 'string' && info !== '' ? info : command,
          );
        }
        return outcome.reply;
      },
      async after(command, fields, tx = storage) {
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
