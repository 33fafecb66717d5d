/**
 * Key-value extensions of a message (im-features.md §1.19). Only a message sent with
 * `supportMessageExtension` has them, and not in a Community (AVChatRoom messages are not stored).
 * Anyone who can see the message may write; each write names, per key, the seq it last saw, and the
 * store's compare-and-set lets exactly one of two racing writers of a key win: the other gets 23001
 * with the current values. The change reaches everyone who can see the message, and the app's
 * after-change callback is queued in the write's transaction.
 */
import {
  ErrorCode,
  type ExtensionDelete,
  type ExtensionWrite,
  MESSAGE_EXTRAS_LIMITS as LIMITS,
  type WireExtension,
} from '@parley/protocol';
import type { AppDirectory } from '../../storage/app-directory.js';
import type { ExtensionChange, ExtensionWriteResult } from '../../storage/message-extras/store.js';
import type { Storage } from '../../storage/types.js';
import { fail, ok, type Reply } from '../replies.js';
import type { MessageAccess, MessageTarget } from './access.js';
import { extensionCallbackEvent, type OperateType } from './callbacks.js';
import type { Actor } from './reactions.js';

/** Where a write comes from; REST writes act as the app's admin, who sees every message. */
export interface WriteOrigin {
  clientIP: string;
  platform: string;
  asAdmin?: boolean;
}

const bytes = (text: string) => Buffer.byteLength(text, 'utf8');

/** Why a list of keys breaks the size rules, or `undefined`. */
export function keyRefusal(keys: readonly { key: string; value?: string }[]): string | undefined {
  if (keys.length > LIMITS.extensionsPerCall) return `at most ${LIMITS.extensionsPerCall} keys per call`;
  for (const { key, value } of keys) {
    if (key === '' || bytes(key) > LIMITS.extensionKeyBytes)
      return `extensionKey: 1 to ${LIMITS.extensionKeyBytes} bytes`;
    if (value !== undefined && bytes(value) > LIMITS.extensionValueBytes)
      return `extensionValue: at most ${LIMITS.extensionValueBytes} bytes`;
  }
  return undefined;
}

export class Extensions {
  constructor(
    private readonly storage: Storage,
    private readonly access: MessageAccess,
    private readonly apps: Pick<AppDirectory, 'get'>,
    private readonly now: () => number,
  ) {}

  async get(actor: Actor, msgID: string, asAdmin = false): Promise<Reply<{ extensions: WireExtension[] }>> {
    const found = await this.usable(actor, msgID, asAdmin);
    if (!found.ok) return found.reply;
    return ok({ extensions: await this.storage.messageExtras.extensions(actor.sdkAppID, msgID) });
  }

  set(
    actor: Actor,
    msgID: string,
    extensions: readonly ExtensionWrite[],
    origin: WriteOrigin,
  ): Promise<Reply<{ extensions: WireExtension[] }>> {
    const refusal = extensions.length === 0 ? 'extensions: at least one key' : keyRefusal(extensions);
    if (refusal) return Promise.resolve(fail(ErrorCode.ERR_INVALID_PARAMETERS, refusal));
    return this.write(actor, msgID, { set: extensions }, 1, origin);
  }

  /** Deletes the keys named, or every key when `keys` is absent. */
  async delete(
    actor: Actor,
    msgID: string,
    keys: readonly ExtensionDelete[] | undefined,
    origin: WriteOrigin,
  ): Promise<Reply<{ extensions: WireExtension[]; deletedKeys: string[] }>> {
    const refusal = keys === undefined ? undefined : keyRefusal(keys);
    if (refusal) return fail(ErrorCode.ERR_INVALID_PARAMETERS, refusal);
    const all = keys === undefined || keys.length === 0;
    const reply = await this.write(actor, msgID, { remove: all ? 'all' : keys }, all ? 3 : 2, origin);
    if (reply.code !== 0 || !reply.data) return reply as Reply<never>;
    return ok({ extensions: [], deletedKeys: reply.data.deletedKeys });
  }

  private async write(
    actor: Actor,
    msgID: string,
    change: ExtensionChange,
    operateType: OperateType,
    origin: WriteOrigin,
  ): Promise<Reply<{ extensions: WireExtension[]; deletedKeys: string[] }>> {
    const found = await this.usable(actor, msgID, origin.asAdmin === true);
    if (!found.ok) return found.reply;
    const { target } = found;
    const app = await this.apps.get(actor.sdkAppID);
    const callbackUrl = app?.callbackUrl ?? null;
    const now = this.now();
    const result: ExtensionWriteResult = await this.storage.transaction(async (tx) => {
      const written = await tx.messageExtras.writeExtensions(
        actor.sdkAppID,
        msgID,
        change,
        LIMITS.extensionsPerMessage,
      );
      if (
        written.kind === 'written' &&
        callbackUrl !== null &&
        (written.set.length > 0 || written.deleted.length > 0)
      )
        await tx.outbox.enqueue(
          extensionCallbackEvent(actor.sdkAppID, {
            target,
            operator: actor.userID,
            operateType,
            extensions:
              operateType === 1
                ? written.set
                : written.deleted.map((key) => ({ key, value: '', seq: written.seq })),
            seq: written.seq,
            origin,
            now,
          }),
        );
      return written;
    });
    switch (result.kind) {
      case 'conflict':
        return {
          code: ErrorCode.ERR_SVR_MSG_EXTENSION_CONFLICT,
          desc: 'a key was changed elsewhere first: the latest values are in data',
          data: { extensions: result.current, deletedKeys: [] },
        };
      case 'tooMany':
        return fail(
          ErrorCode.ERR_INVALID_PARAMETERS,
          `a message holds at most ${LIMITS.extensionsPerMessage} keys`,
        );
      case 'written':
        if (result.set.length > 0)
          await this.access.announce(actor.sdkAppID, target, {
            push: 'messageExtensionsChanged',
            data: { msgID, extensions: result.set },
          });
        if (result.deleted.length > 0)
          await this.access.announce(actor.sdkAppID, target, {
            push: 'messageExtensionsDeleted',
            data: { msgID, keys: result.deleted },
          });
        return ok({ extensions: result.set, deletedKeys: result.deleted });
    }
  }

  /** The message, when the user can see it and it takes extensions. */
  async usable(
    actor: Actor,
    msgID: string,
    asAdmin: boolean,
  ): Promise<{ ok: true; target: MessageTarget } | { ok: false; reply: Reply<never> }> {
    const found = await this.access.find(actor.sdkAppID, msgID, actor.userID, asAdmin);
    if (!found.ok) return found;
    const { target } = found;
    if (!target.supportMessageExtension)
      return {
        ok: false,
        reply: fail(
          ErrorCode.ERR_INVALID_PARAMETERS,
          'msgID: the message was not sent with supportMessageExtension',
        ),
      };
    if (target.kind === 'group' && target.group.type === 'Community')
      return {
        ok: false,
        reply: fail(ErrorCode.ERR_SVR_GROUP_PERMISSION_DENY, 'no message extensions in a Community'),
      };
    return found;
  }
}
