/**
 * Pinned group messages (im-features.md §1.19): the owner and admins pin up to 10 of a group's
 * stored messages. Each pin and unpin is a group tips message in the group's history (types 10 and
 * 11, with the message) and an `onGroupMessagePinned` event to the members online.
 */
import {
  ErrorCode,
  GroupMemberRole,
  GroupTipsType,
  MESSAGE_EXTRAS_LIMITS as LIMITS,
  type WirePinnedMessage,
} from '@parley/protocol';
import type { Storage } from '../../storage/types.js';
import type { GroupDirectory, GroupLogs } from '../group-contract.js';
import { fail, ok, type Reply } from '../replies.js';
import type { MessageAccess } from './access.js';
import type { Actor } from './reactions.js';

export class Pins {
  constructor(
    private readonly storage: Storage,
    private readonly access: MessageAccess,
    private readonly directory: GroupDirectory,
    private readonly logs: () => GroupLogs,
    private readonly now: () => number,
  ) {}

  async pin(
    actor: Actor,
    request: { groupID: string; msgID: string; isPinned: boolean },
  ): Promise<Reply<Record<string, never>>> {
    const { sdkAppID, userID } = actor;
    const { groupID, msgID, isPinned } = request;
    const group = await this.directory.group(sdkAppID, groupID);
    if (!group) return fail(ErrorCode.ERR_SVR_GROUP_NOT_FOUND);
    if (!group.stored)
      return fail(ErrorCode.ERR_SVR_GROUP_PERMISSION_DENY, 'an AVChatRoom keeps no messages to pin');
    const member = await this.directory.membership(sdkAppID, groupID, userID);
    if (!member) return fail(ErrorCode.ERR_SVR_GROUP_PERMISSION_DENY, 'not a member of this group');
    if (member.role !== GroupMemberRole.OWNER && member.role !== GroupMemberRole.ADMIN)
      return fail(ErrorCode.ERR_SVR_GROUP_PERMISSION_DENY, 'only the owner or an admin may pin messages');
    const message = await this.storage.messageExtras.groupMessage(sdkAppID, msgID);
    if (!message || message.groupID !== groupID)
      return fail(ErrorCode.ERR_INVALID_PARAMETERS, `msgID: no message ${msgID} in this group`);
    const now = this.now();
    if (isPinned) {
      if (message.revoked) return fail(ErrorCode.ERR_INVALID_PARAMETERS, 'msgID: the message was recalled');
      const result = await this.storage.messageExtras.pin(
        sdkAppID,
        groupID,
        msgID,
        userID,
        now,
        LIMITS.pinnedMessages,
      );
      if (result === 'full') return fail(ErrorCode.ERR_SVR_GROUP_PINNED_MESSAGE_COUNT_LIMIT);
      // Pinning twice changes nothing and tells nobody.
      if (result === 'already') return ok({});
    } else if (!(await this.storage.messageExtras.unpin(sdkAppID, groupID, msgID))) {
      return ok({});
    }
    await this.logs().postTips(
      sdkAppID,
      groupID,
      {
        elemType: 9,
        groupID,
        type: isPinned ? GroupTipsType.PINNED_MESSAGE_ADDED : GroupTipsType.PINNED_MESSAGE_DELETED,
        opMember: userID,
        memberList: [],
        pinnedMessage: message,
      },
      now,
    );
    await this.access.pushTo(sdkAppID, await this.directory.members(sdkAppID, groupID), {
      push: 'groupEvent',
      data: { groupID, event: { type: 'GroupMessagePinned', message, isPinned, opUser: userID } },
    });
    return ok({});
  }

  async list(actor: Actor, groupID: string): Promise<Reply<{ messages: WirePinnedMessage[] }>> {
    const { sdkAppID, userID } = actor;
    if (!(await this.directory.group(sdkAppID, groupID))) return fail(ErrorCode.ERR_SVR_GROUP_NOT_FOUND);
    if (!(await this.directory.membership(sdkAppID, groupID, userID)))
      return fail(ErrorCode.ERR_SVR_GROUP_PERMISSION_DENY, 'not a member of this group');
    const messages: WirePinnedMessage[] = [];
    for (const pin of await this.storage.messageExtras.pins(sdkAppID, groupID)) {
      const message = await this.storage.messageExtras.groupMessage(sdkAppID, pin.msgID);
      if (message) messages.push({ message, pinner: pin.pinner, pinTime: pin.pinTime });
    }
    return ok({ messages });
  }
}
