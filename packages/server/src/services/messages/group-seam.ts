/**
 * The engine's half of the group seam (`GroupLogs`): the group service tells it about joins,
 * leaves, dismissals and group events (tips), and the engine keeps cursors and conversations.
 */
import { randomBytes } from 'node:crypto';
import {
  ElemType,
  type GroupTipsElem,
  MessagePriority,
  type WireGroupConversation,
  type WireMessage,
} from '@parley/protocol';
import type { ActivityStamp } from '../../storage/messaging/group-rules.js';
import type { GroupCursorRow } from '../../storage/messaging/index.js';
import type { GroupFacts, GroupLogs } from '../group-contract.js';
import type { GroupFanOut } from './group-fanout.js';
import type { GroupMessagingDeps } from './group-service.js';
import type { RoomRateLimiter } from './room-rate.js';
import { RoomTipsGatherer } from './room-tips.js';

/** What the seam shares with the rest of the group message service. */
export interface GroupEngineParts {
  deps: GroupMessagingDeps;
  fanOut: GroupFanOut;
  /** AVChatRoom rates: tips go through them as Low priority. */
  rooms: RoomRateLimiter;
  stamp: ActivityStamp;
  /** Pushes the member's snapshot to all of its instances and returns it. */
  announce(
    sdkAppID: number,
    row: GroupCursorRow,
    known?: GroupFacts,
  ): Promise<WireGroupConversation | undefined>;
}

export class GroupLogsSeam implements GroupLogs {
  constructor(private readonly parts: GroupEngineParts) {}

  async postTips(sdkAppID: number, groupID: string, tips: GroupTipsElem, now: number): Promise<string> {
    const group = await this.parts.deps.directory.group(sdkAppID, groupID);
    const msgID = `tips-${randomBytes(12).toString('hex')}`;
    const base = tipsMessage(msgID, tips);
    if (group && !group.stored) {
      if (!this.#roomTips.gather(sdkAppID, tips)) await this.#tellRoom(sdkAppID, base, now);
      return msgID;
    }
    const members = await this.parts.deps.directory.members(sdkAppID, groupID);
    const result = await this.parts.deps.storage.groupLogs.append(
      {
        ...base,
        sdkAppID,
        groupID,
        sender: '',
        time: now,
        groupAtUserList: [],
        targets: [],
        countsUnread: false,
      },
      this.parts.stamp.next(),
    );
    if (result.kind === 'stored')
      this.parts.fanOut.push(sdkAppID, members, { push: 'groupMessage', data: { message: result.message } });
    return msgID;
  }

  /**
   * A room's tip goes to its online members at once, stored nowhere, Low priority under the room's
   * rate; joins and quits are gathered first (room-tips.ts).
   */
  readonly #roomTips = new RoomTipsGatherer((sdkAppID, tips) =>
    this.#tellRoom(
      sdkAppID,
      tipsMessage(`tips-${randomBytes(12).toString('hex')}`, tips),
      this.parts.deps.now(),
    ).catch((err: unknown) =>
      this.parts.deps.logger.warn({ err, sdkAppID, groupID: tips.groupID }, 'room tips not told'),
    ),
  );

  async #tellRoom(sdkAppID: number, base: TipsMessage, now: number): Promise<void> {
    const { groupID } = base.elemList[0];
    if (!this.parts.rooms.admit(sdkAppID, groupID, MessagePriority.LOW)) return;
    const message: WireMessage = {
      ...base,
      sender: '',
      receiver: '',
      groupID,
      seq: 0,
      time: now,
      onlineUserOnly: true,
      revoked: false,
      version: 0,
      isPeerRead: false,
    };
    const members = await this.parts.deps.directory.members(sdkAppID, groupID);
    this.parts.fanOut.pushToRoom(sdkAppID, members, { push: 'groupMessage', data: { message } });
  }

  async membersJoined(
    sdkAppID: number,
    groupID: string,
    userIDs: readonly string[],
    now: number,
  ): Promise<void> {
    const facts = await this.parts.deps.directory.group(sdkAppID, groupID);
    // AVChatRoom keeps no conversation or cursor: nothing is stored for it.
    if (!facts?.stored) return;
    await this.parts.deps.storage.groupLogs.join(sdkAppID, groupID, userIDs, {
      now,
      stamp: this.parts.stamp.next(),
      historyBeforeJoin: facts.historyBeforeJoin,
    });
    for (const userID of userIDs) {
      const row = await this.parts.deps.storage.groupLogs.cursor(sdkAppID, userID, groupID);
      if (row) await this.parts.announce(sdkAppID, row, facts);
    }
  }

  async membersLeft(sdkAppID: number, groupID: string, userIDs: readonly string[]): Promise<void> {
    await this.parts.deps.storage.groupLogs.leave(sdkAppID, groupID, userIDs);
    this.parts.fanOut.push(sdkAppID, userIDs, {
      push: 'groupConversation',
      data: { groupID, removed: true },
    });
  }

  async groupDismissed(sdkAppID: number, groupID: string, memberIDs: readonly string[]): Promise<void> {
    await this.parts.deps.storage.groupLogs.dismiss(sdkAppID, groupID);
    this.parts.fanOut.push(sdkAppID, memberIDs, {
      push: 'groupConversation',
      data: { groupID, removed: true },
    });
  }
}

type TipsMessage = ReturnType<typeof tipsMessage>;

/** The fields a tips message has whether it is stored or told to a room. */
function tipsMessage(msgID: string, tips: GroupTipsElem) {
  return {
    msgID,
    random: randomBytes(4).readUInt32BE(),
    elemList: [{ ...tips, elemType: ElemType.GROUP_TIPS }] as [GroupTipsElem],
    cloudCustomData: '',
    excludedFromUnreadCount: true,
    excludedFromLastMessage: false,
  };
}
