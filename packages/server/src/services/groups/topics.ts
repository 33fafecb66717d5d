/**
 * Communities and their topics (im-features §3.10): create, delete, edit and list topics of a
 * topic-enabled Community, and the caller's topic-enabled communities. A topic is a `groups` row
 * whose parent is its community (storage/groups/topics.ts); it has no members of its own: the
 * community's owner and admins manage topics, every community member may read and send in them,
 * and the directory answers for a topic with the community's members (directory.ts).
 */
import { randomBytes } from 'node:crypto';
import {
  ErrorCode,
  GroupMemberRole,
  TOPIC_ID_MARK,
  TOPIC_LIMITS,
  type TopicFields,
  type TopicInfoResult,
  type TopicOperationResult,
  type TopicOps,
  type WireTopicInfo,
  type WireTopicProfile,
} from '@parley/protocol';
import type { GroupPatch, GroupRecord, MemberRecord } from '../../storage/groups/index.js';
import { atInfoFor, groupUnread } from '../../storage/messaging/group-rules.js';
import { type GroupActor, type GroupCore, type LockedGroup, requireRank, toWireGroup } from './core.js';
import { memberIDs } from './lifecycle.js';
import { answer, fail, GroupError, ok, type Reply } from './result.js';
import { TYPE_RULES } from './rules.js';

type R<O extends keyof TopicOps> = Promise<Reply<TopicOps[O]['reply']>>;
const { MEMBER, ADMIN } = GroupMemberRole;
const bytes = (text: string) => Buffer.byteLength(text, 'utf8');
/** The custom_info key of a topic row that holds its `customString`. */
const CUSTOM_STRING = 'customString';

export class CommunityTopics {
  constructor(private readonly core: GroupCore) {}

  /** The caller's communities that have topics, oldest join first. */
  async joinedCommunities(actor: GroupActor): R<'getJoinedCommunityList'> {
    const groups = await this.core.deps.storage.groups.joinedGroups(actor.sdkAppID, actor.userID);
    return ok({
      groupList: groups.filter((g) => g.isSupportTopic).map((g) => toWireGroup(g, g.self)),
    });
  }

  create(
    actor: GroupActor,
    request: TopicOps['createTopicInCommunity']['request'],
  ): R<'createTopicInCommunity'> {
    return answer(async (): R<'createTopicInCommunity'> => {
      const { sdkAppID } = actor;
      const { groupID, topicInfo } = request;
      checkTopicFields(topicInfo);
      if ((topicInfo.topicName ?? '').trim() === '') invalid('topicName: required');
      const topicID = topicIDFor(groupID, topicInfo.topicID);
      const now = this.core.now();
      const done = await this.core.locked(actor, groupID, async (locked) => {
        const { tx, group } = managed(locked, 'only the owner and admins create topics');
        const topic: GroupRecord = {
          ...group,
          groupID: topicID,
          parentGroupID: group.groupID,
          name: topicInfo.topicName ?? '',
          faceURL: topicInfo.topicFaceUrl ?? '',
          introduction: topicInfo.introduction ?? '',
          notification: topicInfo.notification ?? '',
          allMuted: topicInfo.isAllMuted ?? false,
          customInfo: customInfoOf(topicInfo.customString ?? ''),
          createTime: now,
          lastInfoTime: now,
          memberCount: 0,
          maxMemberCount: 0,
          isSupportTopic: false,
          memberVersion: 1,
        };
        if (!(await tx.groups.create(topic, [])))
          throw new GroupError(ErrorCode.ERR_SVR_GROUP_GROUPID_IN_USED, topicID);
        return { members: await memberIDs(tx, group) };
      });
      // Every member of this moment starts at the new topic's head; later joiners get theirs at join.
      await this.core.deps.logs.membersJoined(sdkAppID, topicID, done.members, now);
      this.core.events.emit(sdkAppID, groupID, done.members, { type: 'TopicCreated', topicID });
      return ok({ topicID });
    });
  }

  delete(
    actor: GroupActor,
    request: TopicOps['deleteTopicFromCommunity']['request'],
  ): R<'deleteTopicFromCommunity'> {
    return answer(async (): R<'deleteTopicFromCommunity'> => {
      const { sdkAppID } = actor;
      const { groupID } = request;
      const now = this.core.now();
      const done = await this.core.locked(actor, groupID, async (locked) => {
        const { tx, group } = managed(locked, 'only the owner and admins delete topics');
        const results: TopicOperationResult[] = [];
        const deleted: string[] = [];
        for (const topicID of new Set(request.topicIDList)) {
          const topic = await tx.groups.get(sdkAppID, topicID);
          if (topic === undefined || topic.parentGroupID !== group.groupID) {
            results.push(
              failure(topicID, ErrorCode.ERR_SVR_GROUP_NOT_FOUND, 'no such topic in this community'),
            );
            continue;
          }
          await tx.groups.delete(sdkAppID, topicID);
          deleted.push(topicID);
          results.push({ topicID, errorCode: 0, errorMessage: '' });
        }
        return { results, deleted, members: await memberIDs(tx, group) };
      });
      // Like a dismissal: the topic's log goes, and its conversation leaves every member's list.
      for (const topicID of done.deleted)
        await this.core.deps.logs.groupDismissed(sdkAppID, topicID, done.members, now);
      if (done.deleted.length > 0)
        this.core.events.emit(sdkAppID, groupID, done.members, {
          type: 'TopicDeleted',
          topicIDList: done.deleted,
        });
      return ok({ results: done.results });
    });
  }

  set(actor: GroupActor, request: TopicOps['setTopicInfo']['request']): R<'setTopicInfo'> {
    return answer(async (): R<'setTopicInfo'> => {
      const { sdkAppID } = actor;
      const { topicInfo } = request;
      checkTopicFields(topicInfo);
      if (topicInfo.topicName !== undefined && topicInfo.topicName.trim() === '')
        invalid('topicName: may not be empty');
      const topic = await this.core.deps.storage.groups.get(sdkAppID, topicInfo.topicID);
      if (topic === undefined || topic.parentGroupID === null)
        throw new GroupError(ErrorCode.ERR_SVR_GROUP_NOT_FOUND, `no topic ${topicInfo.topicID}`);
      const now = this.core.now();
      const done = await this.core.locked(actor, topic.parentGroupID, async (locked) => {
        const { tx, group } = managed(locked, 'only the owner and admins edit topics');
        const current = await tx.groups.get(sdkAppID, topic.groupID);
        if (current === undefined) throw new GroupError(ErrorCode.ERR_SVR_GROUP_NOT_FOUND, topic.groupID);
        const patch = topicPatch(topicInfo, now);
        await tx.groups.update(sdkAppID, topic.groupID, patch);
        return { updated: { ...current, ...patch }, members: await memberIDs(tx, group) };
      });
      this.core.events.emit(sdkAppID, topic.parentGroupID, done.members, {
        type: 'TopicChanged',
        topicInfo: topicProfile(done.updated),
      });
      return ok({});
    });
  }

  /** The topics named (all of them for an empty list), each with the caller's own conversation. */
  list(actor: GroupActor, request: TopicOps['getTopicInfoList']['request']): R<'getTopicInfoList'> {
    return answer(async (): R<'getTopicInfoList'> => {
      const { sdkAppID } = actor;
      const { group, self, rank } = await this.core.read(actor, request.groupID);
      requireTopics(group);
      requireRank(rank, MEMBER, 'members only');
      const { groups } = this.core.deps.storage;
      const results: TopicInfoResult[] = [];
      if (request.topicIDList.length === 0) {
        for (const topic of await groups.topics(sdkAppID, group.groupID))
          results.push({ errorCode: 0, errorMessage: '', topicInfo: await this.#info(actor, topic, self) });
        return ok({ results });
      }
      for (const topicID of new Set(request.topicIDList)) {
        const topic = await groups.get(sdkAppID, topicID);
        if (topic === undefined || topic.parentGroupID !== group.groupID) {
          const { errorCode, errorMessage } = failure(
            topicID,
            ErrorCode.ERR_SVR_GROUP_NOT_FOUND,
            'no such topic',
          );
          results.push({ errorCode, errorMessage });
        } else
          results.push({ errorCode: 0, errorMessage: '', topicInfo: await this.#info(actor, topic, self) });
      }
      return ok({ results });
    });
  }

  async #info(actor: GroupActor, topic: GroupRecord, self: MemberRecord | undefined): Promise<WireTopicInfo> {
    const { groupLogs } = this.core.deps.storage;
    const info: WireTopicInfo = {
      ...topicProfile(topic),
      selfMuteTime: self?.muteUntil ?? 0,
      recvOpt: self?.recvOpt ?? 0,
      unreadCount: 0,
      readSequence: 0,
      groupAtInfoList: [],
      draftText: '',
    };
    // The app admin sees the profile only.
    if (self === undefined) return info;
    let cursor = await groupLogs.cursor(actor.sdkAppID, actor.userID, topic.groupID);
    if (cursor === undefined) {
      // Cursors are written after the topic's or the member's commit; one lost to a crash in
      // between is made here, at the topic's head, on the member's next look at the topics.
      await this.core.deps.logs.membersJoined(actor.sdkAppID, topic.groupID, [actor.userID], this.core.now());
      cursor = await groupLogs.cursor(actor.sdkAppID, actor.userID, topic.groupID);
      if (cursor === undefined) return info;
    }
    const state = await groupLogs.state(actor.sdkAppID, cursor);
    const readSeq = Number(cursor.read_seq);
    info.unreadCount = groupUnread(cursor, state.heads.count, TYPE_RULES[topic.type].countsUnread);
    info.readSequence = readSeq;
    info.groupAtInfoList = atInfoFor(state.mentions, actor.userID, readSeq);
    info.draftText = cursor.draft_text;
    if (state.lastMessage) info.lastMessage = state.lastMessage;
    return info;
  }
}

/** The community, checked to have topics and the actor to be its owner, an admin or the app admin. */
function managed(locked: LockedGroup, what: string): LockedGroup {
  requireTopics(locked.group);
  requireRank(locked.rank, ADMIN, what);
  return locked;
}

function requireTopics(group: GroupRecord): void {
  if (group.type !== 'Community' || !group.isSupportTopic)
    throw new GroupError(
      ErrorCode.ERR_SVR_GROUP_PERMISSION_DENY,
      'not a community with topics (create it with createCommunity, or isSupportTopic)',
    );
}

/**
 * The topic's ID: `<communityID>@TOPIC#_<suffix>`, the suffix chosen by the caller (the whole ID or
 * the suffix alone) or random.
 */
function topicIDFor(communityID: string, chosen: string | undefined): string {
  const prefix = `${communityID}${TOPIC_ID_MARK}`;
  if (chosen === undefined) return `${prefix}${randomBytes(8).toString('hex')}`;
  const suffix = chosen.startsWith(prefix) ? chosen.slice(prefix.length) : chosen;
  if (suffix.includes(TOPIC_ID_MARK)) invalid(`topicID: a topic of this community is ${prefix}<suffix>`);
  if (!/^[\x21-\x7e]+$/.test(suffix) || suffix.length > TOPIC_LIMITS.suffix)
    invalid(`topicID: a suffix of 1 to ${TOPIC_LIMITS.suffix} printable ASCII characters`);
  return `${prefix}${suffix}`;
}

function checkTopicFields(fields: TopicFields): void {
  const sizes: [keyof TopicFields, string | undefined, number][] = [
    ['topicName', fields.topicName, TOPIC_LIMITS.topicName],
    ['topicFaceUrl', fields.topicFaceUrl, TOPIC_LIMITS.topicFaceUrl],
    ['introduction', fields.introduction, TOPIC_LIMITS.introduction],
    ['notification', fields.notification, TOPIC_LIMITS.notification],
    ['customString', fields.customString, TOPIC_LIMITS.customString],
  ];
  for (const [name, value, max] of sizes)
    if (value !== undefined && bytes(value) > max) invalid(`${name}: at most ${max} bytes`);
}

function topicPatch(fields: TopicFields, now: number): GroupPatch {
  const patch: GroupPatch = { lastInfoTime: now };
  if (fields.topicName !== undefined) patch.name = fields.topicName;
  if (fields.topicFaceUrl !== undefined) patch.faceURL = fields.topicFaceUrl;
  if (fields.introduction !== undefined) patch.introduction = fields.introduction;
  if (fields.notification !== undefined) patch.notification = fields.notification;
  if (fields.isAllMuted !== undefined) patch.allMuted = fields.isAllMuted;
  if (fields.customString !== undefined) patch.customInfo = customInfoOf(fields.customString);
  return patch;
}

function customInfoOf(customString: string): Record<string, string> {
  return customString === '' ? {} : { [CUSTOM_STRING]: customString };
}

export function topicProfile(topic: GroupRecord): WireTopicProfile {
  return {
    topicID: topic.groupID,
    topicName: topic.name,
    topicFaceUrl: topic.faceURL,
    introduction: topic.introduction,
    notification: topic.notification,
    customString: topic.customInfo[CUSTOM_STRING] ?? '',
    isAllMuted: topic.allMuted,
    createTime: topic.createTime,
  };
}

function failure(topicID: string, code: number, detail: string): TopicOperationResult {
  return { topicID, errorCode: code, errorMessage: fail(code, detail).desc };
}

function invalid(detail: string): never {
  throw new GroupError(ErrorCode.ERR_SVR_GROUP_INVALID_PARAMETERS, detail);
}
