/**
 * One-to-one messages: send (validate → before-send callback → store with seqs in one transaction,
 * after-send callback in the same transaction → ack → deliver), sync, history, recall, edit and
 * delete. Every method takes the acting user from the logged-in identity (or the REST admin's
 * choice) and can only reach that user's own history.
 */
import {
  DEFAULT_REVOKE_WINDOW_SECONDS,
  describeError,
  ErrorCode,
  type GetHistoryRequest,
  type ModifyMessageRequest,
  type SendMessageRequest,
  type SyncEventsReply,
  type WireMessage,
} from '@parley/protocol';
import type { Logger } from 'pino';
import type { Bus } from '../../bus/bus.js';
import type { MessagesConfig } from '../../config.js';
import type { AppDirectory } from '../../storage/app-directory.js';
import type { UserDelivery } from '../../storage/messaging/types.js';
import type { Storage } from '../../storage/types.js';
import type { OfflinePush } from '../push/planner.js';
import type { RelationCheck } from '../relation-contract.js';
import { isBodyTooLarge } from './body.js';
import { afterSendEvent, askBeforeSend, type CallbackOrigin } from './callbacks.js';
import { Delivery } from './delivery.js';
import { KnownAccounts } from './known-accounts.js';
import { editRefusal, type MediaElemResolver, resolveMediaElems } from './media-elems.js';
import { withinRecallWindow } from './recall-window.js';
import { addSenderProfiles } from './sender-profiles.js';
import { StoreQueue } from './store-queue.js';

/** A reply without its request id, as the gateway and the REST adapter complete it. */
export interface Reply<D> {
  code: number;
  desc: string;
  data?: D;
}

/** Who acts: a logged-in user, or the user a REST call names. */
export interface Actor {
  sdkAppID: number;
  userID: string;
  /** The sending instance over the wire; absent for REST (the app's backend). */
  instanceID?: string;
}

export interface SendOptions {
  origin: CallbackOrigin;
  /** REST `SyncOtherMachine: 2`: the message is not added to the sender's history or devices. */
  skipSenderTimeline?: boolean;
  /**
   * REST `MsgLifeTime` (seconds): the message leaves history and sync this long after it is sent;
   * 0 delivers it to online instances only, like `onlineUserOnly`.
   */
  lifetimeSeconds?: number;
  /** REST `ForbidCallbackControl`. */
  skipBeforeSend?: boolean;
  skipAfterSend?: boolean;
}

export interface MessagingServiceDeps {
  storage: Storage;
  bus: Pick<Bus, 'instancesOf' | 'sendToInstances'>;
  apps: Pick<AppDirectory, 'get'>;
  /** Fills media elements from their uploads; without it, messages with media are refused. */
  media?: MediaElemResolver;
  config: MessagesConfig;
  logger: Logger;
  now: () => number;
  /** The blocklist and friends-only check (services/friends/relation-gate.ts); none when absent. */
  relations?: RelationCheck;
  /** Profiles and receive options (services/profiles); absent, messages carry no sender profile. */
  users?: MessageUsers;
  /** Offline push (services/push); absent, nothing is pushed. */
  push?: OfflinePush;
}

/** What one-to-one sends read of users, both cached in memory (services/profiles). */
export interface MessageUsers {
  /** The sender's nickname and avatar, stamped on the message as delivered. */
  display(sdkAppID: number, userID: string): Promise<{ nickName: string; faceUrl: string } | undefined>;
  /** The receiver refuses the sender's messages (receive option 1, or MsgSettings bit 0). */
  refuses(sdkAppID: number, receiver: string, sender: string): Promise<boolean>;
  /** The user's receive option for a peer, for the conversation snapshots of a send. */
  c2cOpt(sdkAppID: number, userID: string, peer: string): Promise<number>;
}

/** Default page of `syncEvents`. */
const DEFAULT_SYNC_LIMIT = 100;
/** How often messages past their app's retention are deleted (they are out of sight already). */
const RETENTION_SWEEP_MS = 60 * 60_000;
const DAY_MS = 86_400_000;

export class MessagingService {
  readonly delivery: Delivery;
  private readonly storeQueue: StoreQueue;
  private readonly knownAccounts: KnownAccounts;

  constructor(private readonly deps: MessagingServiceDeps) {
    this.delivery = new Delivery(deps.bus, deps.logger);
    this.storeQueue = new StoreQueue(deps.storage);
    this.knownAccounts = new KnownAccounts(deps.storage.accounts, deps.now);
  }

  async send(
    actor: Actor,
    request: SendMessageRequest & { receiver: string },
    options: SendOptions,
  ): Promise<Reply<{ message: WireMessage }>> {
    const { sdkAppID, userID } = actor;
    const { storage } = this.deps;
    if (request.receiver === userID)
      return error(ErrorCode.ERR_INVALID_PARAMETERS, 'receiver: must be another user');
    const cloudCustomData = request.cloudCustomData ?? '';
    const app = await this.deps.apps.get(sdkAppID);
    if (isBodyTooLarge(request.elemList, cloudCustomData, app?.maxMessageBodyBytes))
      return error(ErrorCode.ERR_SVR_COMM_BODY_SIZE_LIMIT);
    const media = await resolveMediaElems(this.deps.media, sdkAppID, request.elemList);
    if (!media.ok) return error(media.code, media.desc);
    if (!(await this.knownAccounts.exists(sdkAppID, request.receiver)))
      return error(
        ErrorCode.ERR_SVR_MSG_INVALID_TO_ACCOUNT,
        `${describeError(ErrorCode.ERR_SVR_MSG_INVALID_TO_ACCOUNT)}: ${request.receiver}`,
      );
    const onlineUserOnly = request.onlineUserOnly === true || options.lifetimeSeconds === 0;
    const { users } = this.deps;
    const [display, refused] = users
      ? await Promise.all([
          users.display(sdkAppID, userID),
          users.refuses(sdkAppID, request.receiver, userID),
        ])
      : [undefined, false];
    const profile = {
      ...(display?.nickName ? { nickName: display.nickName } : {}),
      ...(display?.faceUrl ? { faceUrl: display.faceUrl } : {}),
    };
    const callbackUrl = app?.callbackUrl ?? null;
    if (!onlineUserOnly && callbackUrl !== null && !options.skipBeforeSend) {
      // A resend (same msgID) is answered from the store before anything else runs, callbacks included.
      // Without a before-send callback the storing transaction recognizes it and answers the same.
      const earlier = await storage.messaging.get(sdkAppID, request.msgID);
      if (earlier) {
        const view =
          earlier.sender === userID
            ? await storage.messaging.view(sdkAppID, request.msgID, userID)
            : undefined;
        if (view) return ok({ message: view });
        if (earlier.sender !== userID) return error(ErrorCode.ERR_INVALID_PARAMETERS, 'msgID: already used');
      }
    }
    let message: WireMessage = {
      msgID: request.msgID,
      sender: userID,
      receiver: request.receiver,
      seq: 0,
      random: request.random,
      time: this.deps.now(),
      elemList: media.elemList,
      cloudCustomData,
      excludedFromUnreadCount: request.excludedFromUnreadCount === true,
      excludedFromLastMessage: request.excludedFromLastMessage === true,
      onlineUserOnly,
      revoked: false,
      version: 0,
      isPeerRead: false,
      ...profile,
    };
    // Blocklist and friends-only (docs/friends.md): the lists are cached, so this reads nothing
    // for a conversation already seen; a blocked message is neither stored nor delivered.
    const refusal =
      (await this.deps.relations?.c2cRefusal(
        sdkAppID,
        userID,
        request.receiver,
        app?.c2cFriendsOnly === true,
      )) ?? 0;
    if (refusal === ErrorCode.ERR_SVR_MSG_IN_PEER_BLACKLIST && app?.revealBlocked === false)
      return ok({ message });
    if (refusal !== 0) return error(refusal);
    if (callbackUrl !== null && !options.skipBeforeSend) {
      const verdict = await askBeforeSend(callbackUrl, sdkAppID, message, options.origin, {
        timeoutMs: this.deps.config.beforeSendTimeoutMs,
        failOpen: this.deps.config.beforeSendFailOpen,
        now: this.deps.now(),
        ...(app ? { maxBodyBytes: app.maxMessageBodyBytes } : {}),
        ...(this.deps.config.callbackDenyPrivate ? { denyPrivateTargets: true } : {}),
      });
      if (verdict.kind === 'refuse') return error(verdict.code, verdict.desc);
      if (verdict.kind === 'drop') return ok({ message });
      // The app's callback may put media elements in: they are checked like a client's.
      const rewritten = await resolveMediaElems(this.deps.media, sdkAppID, verdict.elemList);
      if (!rewritten.ok) return error(rewritten.code, rewritten.desc);
      message = { ...message, elemList: rewritten.elemList, cloudCustomData: verdict.cloudCustomData };
    }
    const afterSend = callbackUrl !== null && !options.skipAfterSend;

    if (onlineUserOnly) {
      // Not stored, no seq, no unread: only instances connected now receive it.
      if (!refused)
        this.delivery.push(sdkAppID, message.receiver, { push: 'onlineMessage', data: { message } });
      if (afterSend)
        await storage.outbox.enqueue(afterSendEvent(sdkAppID, message, options.origin, -1, this.deps.now()));
      return ok({ message });
    }

    const time = this.deps.now();
    const result = await this.storeQueue.store({
      message: {
        sdkAppID,
        msgID: message.msgID,
        sender: userID,
        receiver: message.receiver,
        random: message.random,
        time,
        elemList: message.elemList,
        cloudCustomData: message.cloudCustomData,
        excludedFromUnreadCount: message.excludedFromUnreadCount,
        excludedFromLastMessage: message.excludedFromLastMessage,
        ...(options.skipSenderTimeline ? { skipSenderTimeline: true } : {}),
        ...(refused ? { skipReceiverTimeline: true } : {}),
        ...(options.lifetimeSeconds ? { expireAt: time + options.lifetimeSeconds * 1000 } : {}),
        ...(request.supportMessageExtension ? { supportMessageExtension: true } : {}),
        ...(request.needReadReceipt ? { needReadReceipt: true } : {}),
        // The receiver's total unread is read only for the callback that reports it.
        ...(afterSend ? { countReceiverUnread: true } : {}),
      },
      ...(afterSend
        ? {
            afterSend: (stored) =>
              afterSendEvent(sdkAppID, stored.message, options.origin, stored.receiverUnread ?? 0, time),
          }
        : {}),
    });
    switch (result.kind) {
      case 'taken':
        return error(ErrorCode.ERR_INVALID_PARAMETERS, 'msgID: already used');
      case 'duplicate':
        return ok({ message: { ...result.message, ...profile } });
      case 'stored':
        // The transaction has committed: only now may anyone hear of the message. The sender's
        // profile rides on the live copies (views made for this send alone); history has none.
        if (users) await this.#stampPeers(sdkAppID, userID, request.receiver, result.deliveries, profile);
        this.delivery.deliver(sdkAppID, result.deliveries);
        // Queued before the sender's ack: a crash after it loses no push (docs/push.md).
        if (!refused) await this.#queuePush(sdkAppID, { ...result.message, ...profile }, request);
        return ok({ message: { ...result.message, ...profile } });
    }
  }

  /** Offline push never fails a send: a failure to queue is logged. */
  async #queuePush(sdkAppID: number, message: WireMessage, request: SendMessageRequest): Promise<void> {
    try {
      await this.deps.push?.c2c(sdkAppID, message, request.offlinePushInfo);
    } catch (err) {
      this.deps.logger.error({ err, msgID: message.msgID }, 'could not queue the offline push of a message');
    }
  }

  /**
   * Puts the sender's profile on the live copies of a new message, and each party's peer profile on
   * its conversation snapshot (the copies were made for this send alone; history has neither).
   */
  async #stampPeers(
    sdkAppID: number,
    sender: string,
    receiver: string,
    deliveries: readonly UserDelivery[],
    senderProfile: { nickName?: string; faceUrl?: string },
  ): Promise<void> {
    const users = this.deps.users;
    if (!users) return;
    const [receiverDisplay, senderOpt, receiverOpt] = await Promise.all([
      users.display(sdkAppID, receiver),
      users.c2cOpt(sdkAppID, sender, receiver),
      users.c2cOpt(sdkAppID, receiver, sender),
    ]);
    for (const { userID, batch } of deliveries) {
      for (const event of batch.events)
        if (event.kind === 'message') Object.assign(event.message, senderProfile);
      const isSender = userID === sender;
      const peer = isSender ? receiver : sender;
      const display = isSender ? receiverDisplay : senderProfile;
      for (const conversation of batch.conversations) {
        if (conversation.peerID !== peer) continue;
        conversation.showName = display?.nickName || peer;
        conversation.faceUrl = display?.faceUrl ?? '';
        conversation.recvOpt = isSender ? senderOpt : receiverOpt;
      }
    }
  }

  /**
   * Deletes messages past each app's retention now and then every hour; returns the stop function.
   * Reads already leave them out, so the sweep only gives the space back.
   */
  startRetentionSweep(everyMs = RETENTION_SWEEP_MS): () => void {
    const sweep = async () => {
      for (const app of await this.deps.storage.apps.list()) {
        const before = this.deps.now() - app.messageRetentionDays * DAY_MS;
        const purged = await this.deps.storage.messaging.purgeExpired(app.sdkAppID, before);
        if (purged > 0) this.deps.logger.info({ sdkAppID: app.sdkAppID, purged }, 'expired messages deleted');
      }
    };
    const run = () => {
      sweep().catch((err: unknown) =>
        this.deps.logger.warn({ err }, 'retention sweep failed; retrying later'),
      );
    };
    const first = setTimeout(run, 10_000);
    const timer = setInterval(run, everyMs);
    first.unref();
    timer.unref();
    return () => {
      clearTimeout(first);
      clearInterval(timer);
    };
  }

  async sync(actor: Actor, afterSeq: number | undefined, limit?: number): Promise<Reply<SyncEventsReply>> {
    const page = await this.deps.storage.messaging.sync(
      actor.sdkAppID,
      actor.userID,
      afterSeq,
      limit ?? DEFAULT_SYNC_LIMIT,
    );
    const messages = page.events.flatMap((e) =>
      e.kind === 'message' || e.kind === 'modified' ? [e.message] : [],
    );
    await addSenderProfiles(this.deps.users?.display.bind(this.deps.users), actor.sdkAppID, messages);
    return ok(page);
  }

  async ack(actor: Actor, seq: number): Promise<Reply<Record<string, never>>> {
    await this.deps.storage.messaging.ack(actor.sdkAppID, actor.userID, seq);
    return ok({});
  }

  async history(
    actor: Actor,
    request: GetHistoryRequest,
  ): Promise<Reply<{ messages: WireMessage[]; complete: boolean }>> {
    const page = await this.deps.storage.messaging.history(actor.sdkAppID, actor.userID, request.peerID, {
      count: request.count,
      ...(request.anchorSeq === undefined ? {} : { anchorSeq: request.anchorSeq }),
      ...(request.newer === undefined ? {} : { newer: request.newer }),
    });
    await addSenderProfiles(this.deps.users?.display.bind(this.deps.users), actor.sdkAppID, page.messages);
    return ok(page);
  }

  /**
   * Recalls a message. The sender may recall within the window; `asAdmin` (REST) may recall any
   * message of the app at any time.
   */
  async revoke(
    actor: Actor,
    msgID: string,
    reason: string,
    asAdmin = false,
  ): Promise<Reply<Record<string, never>>> {
    const { storage } = this.deps;
    const record = await storage.messaging.get(actor.sdkAppID, msgID);
    if (!record || (!asAdmin && record.sender !== actor.userID && record.receiver !== actor.userID)) {
      return error(ErrorCode.ERR_INVALID_PARAMETERS, `msgID: no message ${msgID}`);
    }
    if (!asAdmin && record.sender !== actor.userID) {
      return error(
        ErrorCode.ERR_INVALID_PARAMETERS,
        'msgID: only the sender may recall a one-to-one message',
      );
    }
    if (record.revoked) return ok({});
    const now = this.deps.now();
    const window =
      (await this.deps.apps.get(actor.sdkAppID))?.revokeWindowSeconds ?? DEFAULT_REVOKE_WINDOW_SECONDS;
    if (!asAdmin && !withinRecallWindow(now, record.time, window)) {
      return error(ErrorCode.ERR_SVR_MSG_REVOKE_TIME_LIMIT);
    }
    const deliveries = await storage.messaging.revoke(actor.sdkAppID, msgID, actor.userID, reason, now);
    this.delivery.deliver(actor.sdkAppID, deliveries ?? []);
    return ok({});
  }

  async modify(actor: Actor, request: ModifyMessageRequest): Promise<Reply<{ message: WireMessage }>> {
    const { storage } = this.deps;
    const record = await storage.messaging.get(actor.sdkAppID, request.msgID);
    if (!record || (record.sender !== actor.userID && record.receiver !== actor.userID)) {
      return error(ErrorCode.ERR_INVALID_PARAMETERS, `msgID: no message ${request.msgID}`);
    }
    if (record.revoked)
      return error(ErrorCode.ERR_INVALID_PARAMETERS, 'msgID: a recalled message cannot be modified');
    const refusal = editRefusal(request.elemList);
    if (refusal) return error(ErrorCode.ERR_INVALID_PARAMETERS, refusal);
    if (
      isBodyTooLarge(
        request.elemList ?? record.elemList,
        request.cloudCustomData ?? record.cloudCustomData,
        (await this.deps.apps.get(actor.sdkAppID))?.maxMessageBodyBytes,
      )
    ) {
      return error(ErrorCode.ERR_SVR_COMM_BODY_SIZE_LIMIT);
    }
    const result = await storage.messaging.modify(
      actor.sdkAppID,
      request.msgID,
      {
        expectedVersion: request.version,
        ...(request.elemList === undefined ? {} : { elemList: request.elemList }),
        ...(request.cloudCustomData === undefined ? {} : { cloudCustomData: request.cloudCustomData }),
      },
      actor.userID,
    );
    switch (result.kind) {
      case 'notFound':
        return error(ErrorCode.ERR_INVALID_PARAMETERS, `msgID: no message ${request.msgID} in your history`);
      case 'conflict':
        return {
          code: ErrorCode.ERR_SDK_MSG_MODIFY_CONFLICT,
          desc: describeError(ErrorCode.ERR_SDK_MSG_MODIFY_CONFLICT),
          data: { message: result.message },
        };
      case 'modified':
        this.delivery.deliver(actor.sdkAppID, result.deliveries);
        return ok({ message: result.message });
    }
  }

  async deleteMessages(actor: Actor, msgIDs: readonly string[]): Promise<Reply<Record<string, never>>> {
    const result = await this.deps.storage.messaging.deleteForUser(
      actor.sdkAppID,
      actor.userID,
      msgIDs,
      this.deps.now(),
    );
    switch (result.kind) {
      case 'notFound':
        return error(ErrorCode.ERR_INVALID_PARAMETERS, `msgIDs: no message ${result.msgID} in your history`);
      case 'mixed':
        return error(
          ErrorCode.ERR_INVALID_PARAMETERS,
          'msgIDs: the messages must all be of one conversation',
        );
      case 'deleted':
        this.delivery.deliver(actor.sdkAppID, [result.delivery]);
        return ok({});
    }
  }

  async clearHistory(actor: Actor, peerID: string): Promise<Reply<Record<string, never>>> {
    const delivery = await this.deps.storage.messaging.clearHistory(
      actor.sdkAppID,
      actor.userID,
      peerID,
      this.deps.now(),
    );
    this.delivery.deliver(actor.sdkAppID, [delivery]);
    return ok({});
  }
}

export function ok<D>(data: D): Reply<D> {
  return { code: ErrorCode.ERR_SUCC, desc: '', data };
}

export function error(code: number, desc = describeError(code)): Reply<never> {
  return { code, desc };
}
