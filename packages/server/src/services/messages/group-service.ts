import {
  DEFAULT_REVOKE_WINDOW_SECONDS,
  ErrorCode,
  type GetGroupHistoryRequest,
  GroupMemberRole,
  type GroupSyncState,
  type GroupTipsElem,
  type ModifyMessageRequest,
  type SendMessageRequest,
  type WireGroupChange,
  type WireGroupConversation,
  type WireMessage,
} from '@parley/protocol';
import type { Logger } from 'pino';
import type { Bus } from '../../bus/bus.js';
import type { AppDirectory } from '../../storage/app-directory.js';
import { ActivityStamp } from '../../storage/messaging/group-rules.js';
import type { GroupCursorRow, GroupMessageRecord } from '../../storage/messaging/index.js';
import type { Storage } from '../../storage/types.js';
import type { GroupDirectory, GroupFacts, GroupLogs } from '../group-contract.js';
import type { OfflinePush } from '../push/planner.js';
import { receiptAudience } from '../receipts/audience.js';
import { isBodyTooLarge } from './body.js';
import type { CallbackOrigin } from './callbacks.js';
import { type GroupSendCallbackSettings, groupSendHooks, unsentGroupMessage } from './group-callbacks.js';
import { viewGroupConversation } from './group-conversation.js';
import { GroupFanOut } from './group-fanout.js';
import {
  clearGroupHistory,
  deleteGroupConversation,
  deleteGroupMessages,
  type MemberHistoryParts,
} from './group-member-history.js';
import { GroupLogsSeam } from './group-seam.js';
import { audience, type SenderProfiles, senderFields, takesTargetedMessages } from './group-send-rules.js';
import { GroupStoreQueue } from './group-store-queue.js';
import { editRefusal, type MediaElemResolver, resolveMediaElems } from './media-elems.js';
import { withinRecallWindow } from './recall-window.js';
import { DEFAULT_ROOM_MESSAGE_RATE, RoomRateLimiter } from './room-rate.js';
import { addSenderProfiles } from './sender-profiles.js';
import { type Actor, error, ok, type Reply } from './service.js';

export interface GroupMessagingDeps {
  storage: Storage;
  bus: Pick<Bus, 'instancesOf' | 'connectedOf' | 'sendToInstances'>;
  apps: Pick<AppDirectory, 'get'>;
  directory: GroupDirectory;
  /** Fills media elements from their uploads; without it, messages with media are refused. */
  media?: MediaElemResolver;
  /** Offline push (services/push); absent, nothing is pushed. */
  push?: OfflinePush;
  logger: Logger;
  now: () => number;
  /** Messages a second per AVChatRoom on this node (default `DEFAULT_ROOM_MESSAGE_RATE`). */
  roomMessageRate?: number;
  /** The before-send settings of `Group.CallbackBeforeSendMsg`; callbacks are on per app (its URL). */
  callbacks?: GroupSendCallbackSettings;
  /** Senders' nicknames and avatars; the accounts (one read per message) when absent. */
  senders?: SenderProfiles;
}

/** How a group message is sent, beyond who sends it. */
export interface GroupSendOptions {
  /** The REST `send_group_msg` of the app's admin: no member or mute check. */
  asAdmin?: boolean;
  /** For callbacks: where the send came from, and who asked (`Operator_Account`). */
  origin?: CallbackOrigin;
  operator?: string;
  /** REST `ForbidCallbackControl`. */
  skipBeforeSend?: boolean;
  skipAfterSend?: boolean;
}

const DEFAULT_CHANGES_PAGE = 100;
/** Callbacks of a send with no origin given (tests, internal sends). */
const NO_ORIGIN: CallbackOrigin = { clientIP: '', platform: '' };

export class GroupMessagingService implements GroupLogs {
  private readonly fanOut: GroupFanOut;
  private readonly stamp: ActivityStamp;
  private readonly queue: GroupStoreQueue;
  private readonly seam: GroupLogsSeam;
  private readonly memberHistory: MemberHistoryParts;
  private readonly rooms: RoomRateLimiter;

  constructor(private readonly deps: GroupMessagingDeps) {
    this.fanOut = new GroupFanOut(deps.bus, deps.logger);
    this.stamp = new ActivityStamp(deps.now);
    this.queue = new GroupStoreQueue(deps.storage);
    this.rooms = new RoomRateLimiter(deps.roomMessageRate ?? DEFAULT_ROOM_MESSAGE_RATE, deps.now);
    this.seam = new GroupLogsSeam({
      deps,
      fanOut: this.fanOut,
      rooms: this.rooms,
      stamp: this.stamp,
      announce: (sdkAppID, row, known) => this.announce(sdkAppID, row, known),
    });
    this.memberHistory = {
      storage: deps.storage,
      stamp: this.stamp,
      announce: (...args) => this.announce(...args),
      memberCursor: (actor, groupID) => this.memberCursor(actor, groupID),
    };
  }

  /**
   * Sends to a group as `actor`. `asAdmin` (the REST `send_group_msg` of the app's admin) skips the
   * member and mute checks: the admin may post as any UserID, or as `''`.
   */
  async send(
    actor: Actor,
    request: SendMessageRequest & { groupID: string },
    options: GroupSendOptions = {},
  ): Promise<Reply<{ message: WireMessage }>> {
    const { sdkAppID, userID } = actor;
    const { groupID } = request;
    const { directory } = this.deps;
    const group = await directory.group(sdkAppID, groupID);
    if (!group) return error(ErrorCode.ERR_SVR_GROUP_NOT_FOUND);
    const now = this.deps.now();
    const member = userID === '' ? undefined : await directory.membership(sdkAppID, groupID, userID);
    if (!options.asAdmin) {
      if (!member) return error(ErrorCode.ERR_SVR_GROUP_PERMISSION_DENY, 'not a member of this group');
      if (!group.stored && !(await this.joinedThisLogin(actor, member.joinTime)))
        return error(ErrorCode.ERR_SVR_GROUP_PERMISSION_DENY, 'join the room again after logging in');
      if (member.muteUntil > now) return error(ErrorCode.ERR_SVR_GROUP_SHUTUP_DENY);
      if (group.allMuted && member.role === GroupMemberRole.MEMBER)
        return error(ErrorCode.ERR_SVR_GROUP_SHUTUP_DENY);
    }
    let cloudCustomData = request.cloudCustomData ?? '';
    const app = await this.deps.apps.get(sdkAppID);
    if (isBodyTooLarge(request.elemList, cloudCustomData, app?.maxMessageBodyBytes))
      return error(ErrorCode.ERR_SVR_COMM_BODY_SIZE_LIMIT);
    const media = await resolveMediaElems(this.deps.media, sdkAppID, request.elemList);
    if (!media.ok) return error(media.code, media.desc);
    request = { ...request, elemList: media.elemList };
    const atUsers = request.groupAtUserList ?? [];
    const targets = request.targetedReceivers ?? [];
    // The sender's display fields ride on the live copies: the name card from the cached member
    // list (versioned per group), the profile from the profile cache, nothing per receiver.
    const sender = await senderFields(
      this.deps.senders ?? this.deps.storage.accounts,
      sdkAppID,
      userID,
      member?.nameCard ?? '',
    );
    if (targets.length > 0 && !takesTargetedMessages(group.type))
      return error(ErrorCode.ERR_SVR_GROUP_PERMISSION_DENY, `no targeted messages in a ${group.type} group`);
    const hooks = groupSendHooks(
      sdkAppID,
      app?.callbackUrl ?? null,
      { type: group.type, operator: options.operator ?? userID, origin: options.origin ?? NO_ORIGIN },
      {
        settings: this.deps.callbacks,
        ...(options.skipBeforeSend ? { skipBeforeSend: true } : {}),
        ...(options.skipAfterSend ? { skipAfterSend: true } : {}),
        ...(app ? { maxBodyBytes: app.maxMessageBodyBytes } : {}),
        outbox: this.deps.storage.outbox,
        now: this.deps.now,
      },
    );
    const unsent = unsentGroupMessage({ ...request, cloudCustomData }, userID, now);
    const verdict = await hooks.before(unsent);
    if (verdict.kind === 'refuse') return error(verdict.code, verdict.desc);
    // Dropped by the app: the sender sees success, nobody else sees anything.
    if (verdict.kind === 'drop') return ok({ message: unsent });
    const rewritten = await resolveMediaElems(this.deps.media, sdkAppID, verdict.elemList);
    if (!rewritten.ok) return error(rewritten.code, rewritten.desc);
    request = { ...request, elemList: rewritten.elemList };
    cloudCustomData = verdict.cloudCustomData;
    // Checked last, so that a refused send never spends the room's rate.
    if (!group.stored && !this.rooms.admit(sdkAppID, groupID, request.priority))
      return error(ErrorCode.ERR_SVR_GROUP_FREQ_LIMIT);
    if (!group.stored || request.onlineUserOnly === true) {
      // Not stored, no seq: only the members connected now receive it (AVChatRoom, online-only).
      const message: WireMessage = {
        ...sender,
        msgID: request.msgID,
        sender: userID,
        receiver: '',
        groupID,
        seq: 0,
        random: request.random,
        time: now,
        elemList: request.elemList,
        cloudCustomData,
        excludedFromUnreadCount: request.excludedFromUnreadCount === true,
        excludedFromLastMessage: request.excludedFromLastMessage === true,
        onlineUserOnly: request.onlineUserOnly === true,
        revoked: false,
        version: 0,
        isPeerRead: false,
        ...(atUsers.length > 0 ? { groupAtUserList: atUsers } : {}),
      };
      const frame = { push: 'groupMessage', data: { message } } as const;
      const members = await directory.members(sdkAppID, groupID);
      if (group.stored) this.fanOut.push(sdkAppID, audience(members, targets, userID), frame);
      else this.fanOut.pushToRoom(sdkAppID, members, frame);
      await hooks.after(message);
      return ok({ message });
    }
    // Read only for messages that ask for receipts (docs/read-receipts.md); the member list is cached.
    const receiptAudienceOf = request.needReadReceipt
      ? receiptAudience(app, group.type, await directory.members(sdkAppID, groupID), userID, targets)
      : undefined;
    const result = await this.queue.store({
      message: {
        sdkAppID,
        groupID,
        msgID: request.msgID,
        sender: userID,
        random: request.random,
        time: now,
        elemList: request.elemList,
        cloudCustomData,
        // A targeted message never counts as unread (§1.17), so no member's count depends on it.
        excludedFromUnreadCount: request.excludedFromUnreadCount === true || targets.length > 0,
        excludedFromLastMessage: request.excludedFromLastMessage === true,
        groupAtUserList: atUsers,
        targets,
        countsUnread: group.countsUnread,
        ...(request.supportMessageExtension ? { supportMessageExtension: true } : {}),
        ...(receiptAudienceOf === undefined ? {} : { receiptAudience: receiptAudienceOf }),
      },
      stamp: this.stamp.next(),
    });
    switch (result.kind) {
      case 'taken':
        return error(ErrorCode.ERR_INVALID_PARAMETERS, 'msgID: already used');
      case 'duplicate':
        return ok({ message: { ...result.message, ...sender } });
      case 'stored': {
        // Committed: only now may the members hear of it (of a targeted message, its receivers).
        const message = { ...result.message, ...sender };
        const recipients = audience(await directory.members(sdkAppID, groupID), targets, userID);
        this.fanOut.push(sdkAppID, recipients, { push: 'groupMessage', data: { message } });
        await hooks.after(result.message);
        try {
          // A targeted message pushes its receivers; any other, every member with a token.
          const who = targets.length > 0 && Array.isArray(recipients) ? recipients : 'members';
          await this.deps.push?.group(sdkAppID, group, message, who, request.offlinePushInfo);
        } catch (err) {
          this.deps.logger.error(
            { err, msgID: message.msgID },
            'could not queue the offline push of a group message',
          );
        }
        return ok({ message });
      }
    }
  }

  async history(
    actor: Actor,
    request: GetGroupHistoryRequest,
  ): Promise<Reply<{ messages: WireMessage[]; complete: boolean }>> {
    const cursor = await this.memberCursor(actor, request.groupID);
    if (!cursor.ok) {
      // An AVChatRoom stores nothing: its members get an empty history.
      const group = await this.deps.directory.group(actor.sdkAppID, request.groupID);
      const member =
        group && (await this.deps.directory.membership(actor.sdkAppID, request.groupID, actor.userID));
      return group && !group.stored && member ? ok({ messages: [], complete: true }) : cursor.reply;
    }
    const page = await this.deps.storage.groupLogs.history(actor.sdkAppID, cursor.row, {
      count: request.count,
      ...(request.anchorSeq === undefined ? {} : { anchorSeq: request.anchorSeq }),
      ...(request.newer === undefined ? {} : { newer: request.newer }),
    });
    const { senders } = this.deps;
    if (senders) {
      await addSenderProfiles(
        async (sdkAppID, userID) => {
          const profile = await senders.get(sdkAppID, userID);
          return profile && { nickName: profile.nick, faceUrl: profile.faceUrl };
        },
        actor.sdkAppID,
        page.messages,
      );
    }
    // Name cards are not stored with messages either: today's, from the cached member list (one
    // group-row read while the list is current). A sender who has left shows none.
    const members = await this.deps.directory.members(actor.sdkAppID, request.groupID);
    for (const message of page.messages) {
      const nameCard = members.get(message.sender)?.nameCard;
      if (nameCard) message.nameCard = nameCard;
    }
    return ok(page);
  }

  async syncGroups(actor: Actor): Promise<Reply<{ groups: GroupSyncState[] }>> {
    const { storage, directory } = this.deps;
    const groups: GroupSyncState[] = [];
    // My receive option per group, in one read: the client keeps it with its snapshots.
    const recvOpts = await storage.profiles.groupReceiveOpts(actor.sdkAppID, actor.userID);
    for (const cursor of await storage.groupLogs.cursors(actor.sdkAppID, actor.userID)) {
      const facts = await directory.group(actor.sdkAppID, cursor.group_id);
      if (!facts) continue;
      const state = await storage.groupLogs.state(actor.sdkAppID, cursor);
      groups.push({
        groupID: cursor.group_id,
        headSeq: state.heads.headSeq,
        changeSeq: state.heads.changeSeq,
        conversation: { ...viewGroupConversation(facts, state), recvOpt: recvOpts.get(cursor.group_id) ?? 0 },
      });
    }
    return ok({ groups });
  }

  async changes(
    actor: Actor,
    groupID: string,
    afterChangeSeq: number,
    limit?: number,
  ): Promise<Reply<{ changes: WireGroupChange[]; complete: boolean }>> {
    const cursor = await this.memberCursor(actor, groupID);
    if (!cursor.ok) return cursor.reply;
    return ok(
      await this.deps.storage.groupLogs.changes(
        actor.sdkAppID,
        groupID,
        afterChangeSeq,
        limit ?? DEFAULT_CHANGES_PAGE,
      ),
    );
  }

  async markRead(actor: Actor, groupID: string): Promise<Reply<{ conversation?: WireGroupConversation }>> {
    const row = await this.deps.storage.groupLogs.markRead(
      actor.sdkAppID,
      actor.userID,
      groupID,
      this.stamp.next(),
    );
    if (!row) return error(ErrorCode.ERR_SVR_GROUP_PERMISSION_DENY, 'not a member of this group');
    const conversation = await this.announce(actor.sdkAppID, row);
    return ok(conversation ? { conversation } : {});
  }

  async updateConversation(
    actor: Actor,
    groupID: string,
    fields: Partial<Pick<GroupCursorRow, 'is_pinned' | 'draft_text' | 'draft_time'>>,
  ): Promise<Reply<{ conversation: WireGroupConversation }>> {
    const now = this.deps.now();
    const row = await this.deps.storage.groupLogs.updateCursor(
      actor.sdkAppID,
      actor.userID,
      groupID,
      fields,
      {
        now,
        stamp: this.stamp.next(),
      },
    );
    if (!row) return error(ErrorCode.ERR_SVR_GROUP_PERMISSION_DENY, 'not a member of this group');
    const conversation = await this.announce(actor.sdkAppID, row);
    if (!conversation) return error(ErrorCode.ERR_SVR_GROUP_NOT_FOUND);
    return ok({ conversation });
  }

  /**
   * Recalls a group message: its sender within the app's window, or the group's owner or an admin
   * (§3.2) at any time; `asAdmin` (REST) always.
   */
  async revoke(
    actor: Actor,
    record: GroupMessageRecord,
    reason: string,
    asAdmin = false,
  ): Promise<Reply<Record<string, never>>> {
    const { sdkAppID, userID } = actor;
    if (record.revoked) return ok({});
    if (!asAdmin) {
      const member = await this.deps.directory.membership(sdkAppID, record.groupID, userID);
      if (!member) return error(ErrorCode.ERR_SVR_GROUP_PERMISSION_DENY, 'not a member of this group');
      const manager = member.role === GroupMemberRole.OWNER || member.role === GroupMemberRole.ADMIN;
      if (!manager) {
        if (record.sender !== userID)
          return error(
            ErrorCode.ERR_SVR_GROUP_PERMISSION_DENY,
            "only the owner or an admin may recall others' messages",
          );
        const window =
          (await this.deps.apps.get(sdkAppID))?.revokeWindowSeconds ?? DEFAULT_REVOKE_WINDOW_SECONDS;
        if (!withinRecallWindow(this.deps.now(), record.time, window))
          return error(ErrorCode.ERR_SVR_MSG_REVOKE_TIME_LIMIT);
      }
    }
    const change = await this.deps.storage.groupLogs.revoke(
      sdkAppID,
      record.msgID,
      userID,
      reason,
      this.deps.now(),
    );
    if (change) await this.pushChange(sdkAppID, record.groupID, change);
    return ok({});
  }

  /** Edits a group message: its sender only, with the same version check as one-to-one. */
  async modify(
    actor: Actor,
    record: GroupMessageRecord,
    request: ModifyMessageRequest,
  ): Promise<Reply<{ message: WireMessage }>> {
    const { sdkAppID, userID } = actor;
    if (record.sender !== userID || !(await this.deps.directory.membership(sdkAppID, record.groupID, userID)))
      return error(ErrorCode.ERR_SVR_GROUP_PERMISSION_DENY, 'only the sender may modify a group message');
    if (record.revoked)
      return error(ErrorCode.ERR_INVALID_PARAMETERS, 'msgID: a recalled message cannot be modified');
    const refusal = editRefusal(request.elemList);
    if (refusal) return error(ErrorCode.ERR_INVALID_PARAMETERS, refusal);
    if (
      isBodyTooLarge(
        request.elemList ?? record.elemList,
        request.cloudCustomData ?? record.cloudCustomData,
        (await this.deps.apps.get(sdkAppID))?.maxMessageBodyBytes,
      )
    )
      return error(ErrorCode.ERR_SVR_COMM_BODY_SIZE_LIMIT);
    const result = await this.deps.storage.groupLogs.modify(
      sdkAppID,
      record.msgID,
      {
        expectedVersion: request.version,
        ...(request.elemList === undefined ? {} : { elemList: request.elemList }),
        ...(request.cloudCustomData === undefined ? {} : { cloudCustomData: request.cloudCustomData }),
      },
      userID,
      this.deps.now(),
    );
    if (result.kind === 'conflict')
      return {
        code: ErrorCode.ERR_SDK_MSG_MODIFY_CONFLICT,
        desc: 'modified elsewhere first',
        data: { message: result.message },
      };
    await this.pushChange(sdkAppID, record.groupID, result.change);
    return ok({ message: result.message });
  }

  /** Deletes group messages (all of one group) from the member's history only. */
  deleteMessages(
    actor: Actor,
    records: readonly GroupMessageRecord[],
    msgIDs: readonly string[],
  ): Promise<Reply<Record<string, never>>> {
    return deleteGroupMessages(this.memberHistory, actor, records, msgIDs);
  }

  /** Empties the member's history of the group; the conversation stays. */
  clearHistory(actor: Actor, groupID: string): Promise<Reply<Record<string, never>>> {
    return clearGroupHistory(this.memberHistory, actor, groupID);
  }

  /** Deletes the member's conversation of the group (hidden until its next message). */
  deleteConversation(actor: Actor, groupID: string): Promise<Reply<{ conversation: WireGroupConversation }>> {
    return deleteGroupConversation(this.memberHistory, actor, groupID);
  }

  // The GroupLogs half of the seam, in group-seam.ts.

  postTips(sdkAppID: number, groupID: string, tips: GroupTipsElem, now: number): Promise<string> {
    return this.seam.postTips(sdkAppID, groupID, tips, now);
  }

  membersJoined(sdkAppID: number, groupID: string, userIDs: readonly string[], now: number): Promise<void> {
    return this.seam.membersJoined(sdkAppID, groupID, userIDs, now);
  }

  membersLeft(sdkAppID: number, groupID: string, userIDs: readonly string[], _now: number): Promise<void> {
    return this.seam.membersLeft(sdkAppID, groupID, userIDs);
  }

  groupDismissed(
    sdkAppID: number,
    groupID: string,
    memberIDs: readonly string[],
    _now: number,
  ): Promise<void> {
    return this.seam.groupDismissed(sdkAppID, groupID, memberIDs);
  }

  /**
   * An AVChatRoom's membership lasts one login (im-features §3.1): the sending instance must have
   * logged in before its user last joined. REST sends (no instance) are not asked.
   */
  private async joinedThisLogin(actor: Actor, joinTime: number): Promise<boolean> {
    if (actor.instanceID === undefined) return true;
    const self = (await this.deps.bus.instancesOf(actor.sdkAppID, actor.userID)).find(
      (p) => p.instanceID === actor.instanceID,
    );
    return self !== undefined && self.loginAt <= joinTime;
  }

  /** The member's snapshot, pushed to all of its instances (its other devices follow). */
  private async announce(
    sdkAppID: number,
    row: GroupCursorRow,
    known?: GroupFacts,
    deletedMsgIDs?: string[],
  ): Promise<WireGroupConversation | undefined> {
    const facts = known ?? (await this.deps.directory.group(sdkAppID, row.group_id));
    if (!facts) return undefined;
    const conversation = viewGroupConversation(facts, await this.deps.storage.groupLogs.state(sdkAppID, row));
    this.fanOut.push(sdkAppID, [row.user_id], {
      push: 'groupConversation',
      data: { groupID: row.group_id, conversation, ...(deletedMsgIDs ? { deletedMsgIDs } : {}) },
    });
    return conversation;
  }

  private async pushChange(sdkAppID: number, groupID: string, change: WireGroupChange): Promise<void> {
    const members = await this.deps.directory.members(sdkAppID, groupID);
    this.fanOut.push(sdkAppID, members, { push: 'groupChange', data: { groupID, change } });
  }

  private async memberCursor(
    actor: Actor,
    groupID: string,
  ): Promise<{ ok: true; row: GroupCursorRow } | { ok: false; reply: Reply<never> }> {
    const row = await this.deps.storage.groupLogs.cursor(actor.sdkAppID, actor.userID, groupID);
    if (row) return { ok: true, row };
    const group = await this.deps.directory.group(actor.sdkAppID, groupID);
    return {
      ok: false,
      reply: group
        ? error(ErrorCode.ERR_SVR_GROUP_PERMISSION_DENY, 'not a member of this group')
        : error(ErrorCode.ERR_SVR_GROUP_NOT_FOUND),
    };
  }
}
