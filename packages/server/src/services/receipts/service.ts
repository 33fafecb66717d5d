/**
 * Read receipts (docs/read-receipts.md): receivers report messages read, anyone who may see a
 * message reads its counts, and the sender's instances hear of new reads. The acting user is always
 * the caller (REST names the group and seqs instead); nobody can report for another or read the
 * receipts of a conversation they are not in.
 */
import {
  describeError,
  ErrorCode,
  type GroupType,
  ReceiptMemberFilter,
  type WireMessageReceipt,
  type WireReceiptMember,
} from '@parley/protocol';
import type { Logger } from 'pino';
import type { Bus } from '../../bus/bus.js';
import type { AppDirectory } from '../../storage/app-directory.js';
import type { GroupMessageRecord } from '../../storage/messaging/group-types.js';
import type { C2CMessageRecord } from '../../storage/messaging/types.js';
import type { Storage } from '../../storage/types.js';
import type { GroupDirectory, GroupFacts } from '../group-contract.js';
import { Delivery } from '../messages/delivery.js';
import { type Actor, error, ok, type Reply } from '../messages/service.js';
import { receiptsOn } from './audience.js';
import { groupReadReceiptEvent } from './callbacks.js';

export interface ReceiptServiceDeps {
  storage: Storage;
  directory: GroupDirectory;
  apps: Pick<AppDirectory, 'get'>;
  bus: Pick<Bus, 'instancesOf' | 'sendToInstances'>;
  logger: Logger;
  now: () => number;
}

/** Messages of one conversation, resolved from msgIDs. */
type Resolved =
  | { kind: 'group'; group: GroupFacts; records: GroupMessageRecord[] }
  | { kind: 'c2c'; records: C2CMessageRecord[] };

type Lookup = { ok: true; resolved: Resolved } | { ok: false; reply: Reply<never> };

type Empty = Record<string, never>;

export class ReceiptService {
  private readonly delivery: Delivery;

  constructor(private readonly deps: ReceiptServiceDeps) {
    this.delivery = new Delivery(deps.bus, deps.logger);
  }

  /** The caller reports messages of one conversation read; their senders' instances are told. */
  async report(actor: Actor, msgIDs: readonly string[]): Promise<Reply<Empty>> {
    const lookup = await this.resolve(actor, msgIDs);
    if (!lookup.ok) return lookup.reply;
    const { resolved } = lookup;
    const now = this.deps.now();
    if (resolved.kind === 'c2c') {
      const foreign = resolved.records.find((r) => r.receiver !== actor.userID);
      if (foreign)
        return error(
          ErrorCode.ERR_INVALID_PARAMETERS,
          `msgIDs: only the receiver reports ${foreign.msgID} read`,
        );
      const fresh = await this.deps.storage.receipts.addReads(actor.sdkAppID, actor.userID, msgIDs, now);
      const [first] = resolved.records;
      if (first && fresh.length > 0) {
        const receipts = fresh.map((msgID) => c2cReceipt(msgID, actor.userID, { count: 1, lastReadAt: now }));
        this.delivery.push(actor.sdkAppID, first.sender, { push: 'messageReadReceipts', data: { receipts } });
      }
      return ok({});
    }
    // A sender's own messages are not its to report: they are skipped, not refused.
    const others = resolved.records.filter((r) => r.sender !== actor.userID);
    const fresh = new Set(
      await this.deps.storage.receipts.addReads(
        actor.sdkAppID,
        actor.userID,
        others.map((r) => r.msgID),
        now,
      ),
    );
    const read = others.filter((r) => fresh.has(r.msgID));
    if (read.length === 0) return ok({});
    const { group } = resolved;
    const app = await this.deps.apps.get(actor.sdkAppID);
    if (app?.callbackUrl)
      await this.deps.storage.outbox.enqueue(
        groupReadReceiptEvent(actor.sdkAppID, group, actor.userID, read, now),
      );
    const tallies = await this.deps.storage.receipts.tallies(
      actor.sdkAppID,
      read.map((r) => r.msgID),
    );
    const bySender = new Map<string, WireMessageReceipt[]>();
    for (const record of read) {
      const receipt = groupReceipt(record, tallies.get(record.msgID));
      bySender.set(record.sender, [...(bySender.get(record.sender) ?? []), receipt]);
    }
    for (const [sender, receipts] of bySender)
      if (sender !== '')
        this.delivery.push(actor.sdkAppID, sender, { push: 'messageReadReceipts', data: { receipts } });
    return ok({});
  }

  /** The counts of messages of one conversation the caller is in. */
  async receipts(
    actor: Actor,
    msgIDs: readonly string[],
  ): Promise<Reply<{ receipts: WireMessageReceipt[] }>> {
    const lookup = await this.resolve(actor, msgIDs);
    if (!lookup.ok) return lookup.reply;
    const { resolved } = lookup;
    const tallies = await this.deps.storage.receipts.tallies(actor.sdkAppID, msgIDs);
    const receipts =
      resolved.kind === 'c2c'
        ? resolved.records.map((r) => c2cReceipt(r.msgID, r.receiver, tallies.get(r.msgID)))
        : resolved.records.map((r) => groupReceipt(r, tallies.get(r.msgID)));
    return ok({ receipts });
  }

  /** A page of a group message's readers (filter 0) or of the members who have not read it (1). */
  async members(
    actor: Actor | { sdkAppID: number; asAdmin: true },
    request: { msgID: string; filter: ReceiptMemberFilter; nextSeq: number; count: number },
  ): Promise<Reply<{ members: WireReceiptMember[]; nextSeq: number; isFinished: boolean }>> {
    const record = await this.deps.storage.groupLogs.get(actor.sdkAppID, request.msgID);
    if (!record) return error(ErrorCode.ERR_INVALID_PARAMETERS, `msgID: no group message ${request.msgID}`);
    const checked = await this.checkGroup(actor, record.groupID, [record]);
    if (checked) return checked;
    const { sdkAppID } = actor;
    const members = await this.deps.directory.members(sdkAppID, record.groupID);
    const { nextSeq, count } = request;
    let page: string[];
    let isFinished: boolean;
    if (request.filter === ReceiptMemberFilter.READ) {
      const readers = await this.deps.storage.receipts.readers(sdkAppID, record.msgID, nextSeq, count + 1);
      isFinished = readers.length <= count;
      page = readers.slice(0, count);
    } else {
      // Non-readers are the members who could read it (in the group when it was sent, not its
      // sender), less its readers: paged from the member list, nothing stored per non-reader.
      const candidates = [...members]
        .filter(([userID, facts]) => userID !== record.sender && facts.joinTime <= record.time)
        .map(([userID]) => userID)
        .sort();
      const readers = await this.deps.storage.receipts.readersAmong(sdkAppID, record.msgID, candidates);
      const unread = candidates.filter((userID) => !readers.has(userID));
      page = unread.slice(nextSeq, nextSeq + count);
      isFinished = nextSeq + count >= unread.length;
    }
    return ok({
      members: page.map((userID) => ({ userID, nameCard: members.get(userID)?.nameCard ?? '' })),
      nextSeq: isFinished ? 0 : nextSeq + page.length,
      isFinished,
    });
  }

  /**
   * The REST view of group receipts, by seq: each seq's counts, or a per-seq code (10062 when the
   * message has no receipts, 6017 when there is no such message).
   */
  async groupReceiptsBySeq(
    sdkAppID: number,
    groupID: string,
    seqs: readonly number[],
  ): Promise<Reply<{ results: { seq: number; code: number; receipt?: WireMessageReceipt }[] }>> {
    const group = await this.deps.directory.group(sdkAppID, groupID);
    if (!group) return error(ErrorCode.ERR_SVR_GROUP_NOT_FOUND);
    const refused = await this.typeRefusal(sdkAppID, group.type);
    if (refused) return refused;
    const records = await this.recordsBySeq(sdkAppID, groupID, seqs);
    const tallies = await this.deps.storage.receipts.tallies(
      sdkAppID,
      [...records.values()].map((r) => r.msgID),
    );
    return ok({
      results: seqs.map((seq) => {
        const record = records.get(seq);
        if (!record) return { seq, code: ErrorCode.ERR_INVALID_PARAMETERS };
        if (record.receiptAudience === undefined)
          return { seq, code: ErrorCode.ERR_SVR_MSG_RECEIPT_NOT_FOUND };
        return { seq, code: 0, receipt: groupReceipt(record, tallies.get(record.msgID)) };
      }),
    });
  }

  /** The group message at `seq`, for REST (which names messages by seq). */
  async groupMessageAt(
    sdkAppID: number,
    groupID: string,
    seq: number,
  ): Promise<GroupMessageRecord | undefined> {
    return (await this.recordsBySeq(sdkAppID, groupID, [seq])).get(seq);
  }

  private async recordsBySeq(
    sdkAppID: number,
    groupID: string,
    seqs: readonly number[],
  ): Promise<Map<number, GroupMessageRecord>> {
    const msgIDs = await this.deps.storage.receipts.groupMsgIDsAt(sdkAppID, groupID, seqs);
    const records = new Map<number, GroupMessageRecord>();
    for (const msgID of msgIDs) {
      const record = await this.deps.storage.groupLogs.get(sdkAppID, msgID);
      if (record) records.set(record.seq, record);
    }
    return records;
  }

  /** Looks up the messages: all of one conversation the caller is in, all sent with receipts. */
  private async resolve(actor: Actor, msgIDs: readonly string[]): Promise<Lookup> {
    const { storage } = this.deps;
    const group: GroupMessageRecord[] = [];
    const c2c: C2CMessageRecord[] = [];
    for (const msgID of new Set(msgIDs)) {
      const inGroup = await storage.groupLogs.get(actor.sdkAppID, msgID);
      if (inGroup) {
        group.push(inGroup);
        continue;
      }
      const oneToOne = await storage.messaging.get(actor.sdkAppID, msgID);
      // Another pair's message is as unknown to the caller as a message that does not exist.
      if (!oneToOne || (oneToOne.sender !== actor.userID && oneToOne.receiver !== actor.userID))
        return refuse(ErrorCode.ERR_INVALID_PARAMETERS, `msgIDs: no message ${msgID}`);
      c2c.push(oneToOne);
    }
    if (group.length > 0 && c2c.length > 0) return refuse(ErrorCode.ERR_INVALID_PARAMETERS, MIXED);
    if (c2c.length > 0) {
      if (new Set(c2c.map((r) => r.convID)).size > 1) return refuse(ErrorCode.ERR_INVALID_PARAMETERS, MIXED);
      const plain = c2c.find((r) => !r.needReadReceipt);
      if (plain) return refuse(ErrorCode.ERR_SVR_MSG_RECEIPT_NOT_FOUND, notFlagged(plain.msgID));
      return { ok: true, resolved: { kind: 'c2c', records: c2c } };
    }
    const [first] = group;
    if (!first) return refuse(ErrorCode.ERR_INVALID_PARAMETERS, 'msgIDs: give at least one message');
    if (group.some((r) => r.groupID !== first.groupID))
      return refuse(ErrorCode.ERR_INVALID_PARAMETERS, MIXED);
    const facts = await this.deps.directory.group(actor.sdkAppID, first.groupID);
    if (!facts) return refuse(ErrorCode.ERR_SVR_GROUP_NOT_FOUND);
    const checked = await this.checkGroup(actor, first.groupID, group, facts);
    if (checked) return { ok: false, reply: checked };
    return { ok: true, resolved: { kind: 'group', group: facts, records: group } };
  }

  /** Membership (unless the admin asks), the type's setting and the messages' flag. */
  private async checkGroup(
    actor: Actor | { sdkAppID: number; asAdmin: true },
    groupID: string,
    records: readonly GroupMessageRecord[],
    known?: GroupFacts,
  ): Promise<Reply<never> | undefined> {
    const { sdkAppID } = actor;
    const group = known ?? (await this.deps.directory.group(sdkAppID, groupID));
    if (!group) return error(ErrorCode.ERR_SVR_GROUP_NOT_FOUND);
    if (!('asAdmin' in actor)) {
      const member = await this.deps.directory.membership(sdkAppID, groupID, actor.userID);
      if (!member) return error(ErrorCode.ERR_SVR_GROUP_PERMISSION_DENY, 'not a member of this group');
      // Messages from before joining are not the member's where the type hides them.
      const hidden = group.historyBeforeJoin ? undefined : records.find((r) => r.time < member.joinTime);
      if (hidden) return error(ErrorCode.ERR_INVALID_PARAMETERS, `msgIDs: no message ${hidden.msgID}`);
    }
    const refused = await this.typeRefusal(sdkAppID, group.type);
    if (refused) return refused;
    const plain = records.find((r) => r.receiptAudience === undefined);
    if (plain) return error(ErrorCode.ERR_SVR_MSG_RECEIPT_NOT_FOUND, notFlagged(plain.msgID));
    return undefined;
  }

  private async typeRefusal(sdkAppID: number, type: GroupType): Promise<Reply<never> | undefined> {
    if (receiptsOn(await this.deps.apps.get(sdkAppID), type)) return undefined;
    return error(
      ErrorCode.ERR_SDK_INTERFACE_NOT_SUPPORT,
      `read receipts are off for ${type} groups in this app (setting readReceiptGroupTypes)`,
    );
  }
}

const MIXED = 'msgIDs: the messages must all be of one conversation';

function notFlagged(msgID: string): string {
  return `${describeError(ErrorCode.ERR_SVR_MSG_RECEIPT_NOT_FOUND)}: ${msgID}`;
}

function refuse(code: number, desc?: string): { ok: false; reply: Reply<never> } {
  return { ok: false, reply: error(code, desc) };
}

function c2cReceipt(
  msgID: string,
  receiver: string,
  tally: { count: number; lastReadAt: number } | undefined,
): WireMessageReceipt {
  const read = (tally?.count ?? 0) > 0;
  return {
    msgID,
    userID: receiver,
    isPeerRead: read,
    timestamp: tally?.lastReadAt ?? 0,
    readCount: read ? 1 : 0,
    unreadCount: read ? 0 : 1,
  };
}

function groupReceipt(
  record: GroupMessageRecord,
  tally: { count: number; lastReadAt: number } | undefined,
): WireMessageReceipt {
  const readCount = tally?.count ?? 0;
  return {
    msgID: record.msgID,
    userID: '',
    groupID: record.groupID,
    isPeerRead: false,
    timestamp: tally?.lastReadAt ?? 0,
    readCount,
    // Members who joined later may read too (history before join): never below 0.
    unreadCount: Math.max(0, (record.receiptAudience ?? 0) - readCount),
  };
}
