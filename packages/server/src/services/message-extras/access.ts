/**
 * Which message an op names, and who may touch it: the two parties of a one-to-one message, the
 * members of a group who can see a group message (not one from before they joined, when the group's
 * type hides that history; of a targeted message, only its receivers and sender). The same people
 * hear every change to it.
 */
import { type AnyPushFrame, ErrorCode } from '@parley/protocol';
import type { Logger } from 'pino';
import { type Bus, pushEvent, type UserIDs } from '../../bus/bus.js';
import type { Storage } from '../../storage/types.js';
import type { GroupDirectory, GroupFacts } from '../group-contract.js';
import { fail, type Reply } from '../replies.js';

export type MessageTarget =
  | {
      kind: 'c2c';
      msgID: string;
      sender: string;
      receiver: string;
      revoked: boolean;
      supportMessageExtension: boolean;
    }
  | {
      kind: 'group';
      msgID: string;
      groupID: string;
      group: GroupFacts;
      seq: number;
      sender: string;
      revoked: boolean;
      supportMessageExtension: boolean;
      /** A targeted message's receivers and sender; empty for a message to every member. */
      targets: string[];
    };

export type Found = { ok: true; target: MessageTarget } | { ok: false; reply: Reply<never> };

export class MessageAccess {
  constructor(
    private readonly storage: Storage,
    private readonly directory: GroupDirectory,
    private readonly bus: Pick<Bus, 'connectedOf' | 'sendToInstances'>,
    private readonly logger: Logger,
  ) {}

  /** The message, when `userID` can see it; `asAdmin` (REST) sees every message of the app. */
  async find(sdkAppID: number, msgID: string, userID: string, asAdmin = false): Promise<Found> {
    const unknown: Found = {
      ok: false,
      reply: fail(ErrorCode.ERR_INVALID_PARAMETERS, `msgID: no message ${msgID}`),
    };
    const group = await this.storage.groupLogs.get(sdkAppID, msgID);
    if (group) {
      const facts = await this.directory.group(sdkAppID, group.groupID);
      if (!facts) return { ok: false, reply: fail(ErrorCode.ERR_SVR_GROUP_NOT_FOUND) };
      const targets = await this.storage.messageExtras.targetsOf(sdkAppID, group.groupID, group.seq);
      if (!asAdmin) {
        const cursor = await this.storage.groupLogs.cursor(sdkAppID, userID, group.groupID);
        if (!cursor)
          return {
            ok: false,
            reply: fail(ErrorCode.ERR_SVR_GROUP_PERMISSION_DENY, 'not a member of this group'),
          };
        if (Number(cursor.cleared_seq) >= group.seq || (targets.length > 0 && !targets.includes(userID)))
          return unknown;
      }
      return {
        ok: true,
        target: {
          kind: 'group',
          msgID,
          groupID: group.groupID,
          group: facts,
          seq: group.seq,
          sender: group.sender,
          revoked: group.revoked,
          supportMessageExtension: group.supportMessageExtension === true,
          targets,
        },
      };
    }
    const record = await this.storage.messaging.get(sdkAppID, msgID);
    if (!record || (!asAdmin && record.sender !== userID && record.receiver !== userID)) return unknown;
    return {
      ok: true,
      target: {
        kind: 'c2c',
        msgID,
        sender: record.sender,
        receiver: record.receiver,
        revoked: record.revoked,
        supportMessageExtension: record.supportMessageExtension === true,
      },
    };
  }

  /** Pushes `frame` to every connected instance of everyone who can see the message, on any node. */
  async announce(sdkAppID: number, target: MessageTarget, frame: AnyPushFrame): Promise<void> {
    let users: UserIDs;
    if (target.kind === 'c2c') users = [target.sender, target.receiver];
    else if (target.targets.length > 0) users = target.targets;
    else users = await this.directory.members(sdkAppID, target.groupID);
    await this.pushTo(sdkAppID, users, frame);
  }

  /** Pushes to the users' connected instances; a failed push is logged (clients read again). */
  async pushTo(sdkAppID: number, users: UserIDs, frame: AnyPushFrame): Promise<void> {
    try {
      const online = await this.bus.connectedOf(sdkAppID, users);
      if (online.length > 0) await this.bus.sendToInstances(online, pushEvent(frame));
    } catch (err) {
      this.logger.warn({ err, sdkAppID, push: frame.push }, 'message extras push failed');
    }
  }
}
