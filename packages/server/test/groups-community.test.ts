/**
 * Communities and topics (im-features §3.10) with real SDK clients against a real server: creating
 * a community with topics, managing topics (owner and admins only) with events to the members and
 * no one else, topic messages with unread counts and history per topic, members who joined before
 * or after a topic was created, mute, and communities without topics.
 */
import { ErrorCode } from '@parley/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  conversationIDs,
  conversationOf,
  groupTexts,
  sendToGroup,
  trySendToGroup,
} from './support/group-chat.js';
import { type GroupClient, groupClients } from './support/group-clients.js';
import { startTestServer, type TestServer } from './support/harness.js';

let t: TestServer;
const clients = groupClients(() => t);

beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => {
  await clients.closeAll();
  await t.stop();
});

let n = 0;
const user = (name: string) => `${name}${++n}`;
const topicNames = (c: GroupClient, groupID: string) =>
  c.callbacks.filter((x) => x.groupID === groupID && x.name.startsWith('onTopic')).map((x) => x.name);

/** A community with topics owned by `owner`, with `admin` (if any) as admin and the others as members. */
async function community(owner: GroupClient, members: GroupClient[], admin?: GroupClient): Promise<string> {
  const created = await owner.groups.createCommunity({
    groupName: 'community',
    memberList: [
      ...(admin ? [{ userID: admin.userID, role: 300 as const }] : []),
      ...members.map((m) => ({ userID: m.userID })),
    ],
  });
  expect(created.code).toBe(0);
  return created.data!;
}

async function createTopic(c: GroupClient, groupID: string, topicName: string, extra = {}): Promise<string> {
  const created = await c.groups.createTopicInCommunity({ groupID, topicInfo: { topicName, ...extra } });
  expect(created, `create topic ${topicName}`).toMatchObject({ code: 0 });
  return created.data!;
}

describe('communities', () => {
  it('creates a community with topics under an @TGS#_ ID, listed by getJoinedCommunityList', async () => {
    const owner = await clients.login(user('owner'));
    const member = await clients.login(user('member'));
    const groupID = await community(owner, [member]);
    expect(groupID.startsWith('@TGS#_')).toBe(true);
    const plain = (await owner.groups.createGroup({ groupType: 'Community', groupName: 'no topics' })).data!;
    expect(plain.startsWith('@TGS#_')).toBe(false);
    const work = (await owner.groups.createGroup({ groupType: 'Work', groupName: 'w' })).data!;

    const info = await member.groups.getGroupsInfo({ groupIDList: [groupID, plain] });
    expect(info.data!.map((r) => r.groupInfo?.isSupportTopic)).toEqual([true, false]);
    for (const c of [owner, member]) {
      const listed = await c.groups.getJoinedCommunityList();
      expect(listed.code).toBe(0);
      expect(listed.data!.map((g) => g.groupID)).toEqual([groupID]);
    }
    expect((await owner.groups.getJoinedGroupList()).data!.map((g) => g.groupID)).toEqual([
      groupID,
      plain,
      work,
    ]);
  });

  it('takes a chosen @TGS#_ ID for a community with topics, and refuses one without the prefix', async () => {
    const owner = await clients.login(user('owner'));
    const chosen = `@TGS#_${user('c')}`;
    expect(await owner.groups.createCommunity({ groupID: chosen, groupName: 'c' })).toMatchObject({
      code: 0,
      data: chosen,
    });
    expect((await owner.groups.createCommunity({ groupID: user('plain'), groupName: 'c' })).code).toBe(
      ErrorCode.ERR_SVR_GROUP_INVALID_GROUPID,
    );
    expect(
      (
        await owner.groups.createGroup({
          groupType: 'Work',
          groupID: `x@TOPIC#_${user('y')}`,
          groupName: 'w',
        })
      ).code,
    ).toBe(ErrorCode.ERR_SVR_GROUP_INVALID_GROUPID);
  });
});

describe('topics', () => {
  it('are created, changed and deleted by the owner and admins, with events to members only', async () => {
    const owner = await clients.login(user('owner'));
    const [admin, member, outsider] = await Promise.all([
      clients.login(user('admin')),
      clients.login(user('member')),
      clients.login(user('outsider')),
    ]);
    const groupID = await community(owner, [member], admin);
    const everyone = [owner, admin, member];

    const news = await createTopic(owner, groupID, 'news', {
      introduction: 'about news',
      customString: 'c1',
    });
    expect(news.startsWith(`${groupID}@TOPIC#_`)).toBe(true);
    const chosen = await createTopic(admin, groupID, 'chosen', { topicID: 'general' });
    expect(chosen).toBe(`${groupID}@TOPIC#_general`);
    for (const c of everyone) {
      await c.waitFor('onTopicCreated', groupID, (x) => x.args[0] === chosen);
      expect(c.seen('onTopicCreated', groupID).map((x) => x.args)).toEqual([[news], [chosen]]);
    }
    expect(
      (await member.groups.createTopicInCommunity({ groupID, topicInfo: { topicName: 'mine' } })).code,
    ).toBe(ErrorCode.ERR_SVR_GROUP_PERMISSION_DENY);
    expect(
      (await outsider.groups.createTopicInCommunity({ groupID, topicInfo: { topicName: 'mine' } })).code,
    ).toBe(ErrorCode.ERR_SVR_GROUP_PERMISSION_DENY);
    // The same suffix again, given as the whole ID this time, is taken.
    expect(
      (await owner.groups.createTopicInCommunity({ groupID, topicInfo: { topicName: 'x', topicID: chosen } }))
        .code,
    ).toBe(ErrorCode.ERR_SVR_GROUP_GROUPID_IN_USED);

    const all = await member.groups.getTopicInfoList({ groupID, topicIDList: [] });
    expect(all.code).toBe(0);
    expect(all.data!.map((r) => [r.errorCode, r.topicInfo?.topicID, r.topicInfo?.topicName])).toEqual([
      [0, news, 'news'],
      [0, chosen, 'chosen'],
    ]);
    expect(all.data![0]!.topicInfo).toMatchObject({
      introduction: 'about news',
      customString: 'c1',
      isAllMuted: false,
      unreadCount: 0,
    });

    expect(
      (await admin.groups.setTopicInfo({ topicInfo: { topicID: news, topicName: 'headlines' } })).code,
    ).toBe(0);
    for (const c of everyone) {
      const changed = await c.waitFor('onTopicChanged', groupID);
      expect(changed.args[0]).toMatchObject({
        topicID: news,
        topicName: 'headlines',
        introduction: 'about news',
      });
    }
    expect((await member.groups.setTopicInfo({ topicInfo: { topicID: news, topicName: 'no' } })).code).toBe(
      ErrorCode.ERR_SVR_GROUP_PERMISSION_DENY,
    );
    const picked = await member.groups.getTopicInfoList({
      groupID,
      topicIDList: [news, `${groupID}@TOPIC#_none`],
    });
    expect(picked.data!.map((r) => [r.errorCode, r.topicInfo?.topicName])).toEqual([
      [0, 'headlines'],
      [ErrorCode.ERR_SVR_GROUP_NOT_FOUND, undefined],
    ]);

    expect((await member.groups.deleteTopicFromCommunity({ groupID, topicIDList: [news] })).code).toBe(
      ErrorCode.ERR_SVR_GROUP_PERMISSION_DENY,
    );
    const deleted = await owner.groups.deleteTopicFromCommunity({ groupID, topicIDList: [news, 'nope'] });
    expect(deleted.data!.map((r) => [r.topicID, r.errorCode])).toEqual([
      [news, 0],
      ['nope', ErrorCode.ERR_SVR_GROUP_NOT_FOUND],
    ]);
    for (const c of everyone) expect((await c.waitFor('onTopicDeleted', groupID)).args).toEqual([[news]]);
    expect(
      (await member.groups.getTopicInfoList({ groupID })).data!.map((r) => r.topicInfo?.topicID),
    ).toEqual([chosen]);
    // The outsider joins last: the first topic event it hears of is one after its entry.
    expect((await outsider.groups.joinGroup({ groupID })).code).toBe(0);
    await createTopic(owner, groupID, 'late');
    await outsider.waitFor('onTopicCreated', groupID);
    expect(topicNames(outsider, groupID)).toEqual(['onTopicCreated']);
  });

  it('check their fields: name required and at most 150 bytes, other sizes, and the topic calls only', async () => {
    const owner = await clients.login(user('owner'));
    const groupID = await community(owner, []);
    const bad = async (topicInfo: Record<string, unknown>) =>
      (await owner.groups.createTopicInCommunity({ groupID, topicInfo })).code;
    expect(await bad({ topicName: 'x'.repeat(151) })).toBe(ErrorCode.ERR_SVR_GROUP_INVALID_PARAMETERS);
    expect(await bad({ topicName: '' })).toBe(ErrorCode.ERR_SVR_GROUP_INVALID_PARAMETERS);
    expect(await bad({ topicName: 't', introduction: 'x'.repeat(401) })).toBe(
      ErrorCode.ERR_SVR_GROUP_INVALID_PARAMETERS,
    );
    expect(await bad({ topicName: 't', topicFaceUrl: 'x'.repeat(501) })).toBe(
      ErrorCode.ERR_SVR_GROUP_INVALID_PARAMETERS,
    );
    expect(await bad({ topicName: 't', topicID: 'has space' })).toBe(
      ErrorCode.ERR_SVR_GROUP_INVALID_PARAMETERS,
    );
    expect(await bad({ topicName: 't', topicID: '@TGS#_other@TOPIC#_x' })).toBe(
      ErrorCode.ERR_SVR_GROUP_INVALID_PARAMETERS,
    );
    expect(await bad({ topicName: 't', unknownField: 1 })).toBe(ErrorCode.ERR_INVALID_PARAMETERS);
    const topicID = await createTopic(owner, groupID, 'x'.repeat(150));
    // A topic is not a group of its own: the group calls refuse it.
    expect((await owner.groups.joinGroup({ groupID: topicID })).code).toBe(
      ErrorCode.ERR_SVR_GROUP_INVALID_PARAMETERS,
    );
    expect((await owner.groups.setGroupInfo({ info: { groupID: topicID, groupName: 'n' } })).code).toBe(
      ErrorCode.ERR_SVR_GROUP_INVALID_PARAMETERS,
    );
    expect((await owner.groups.setTopicInfo({ topicInfo: { topicID: groupID, topicName: 'n' } })).code).toBe(
      ErrorCode.ERR_SVR_GROUP_NOT_FOUND,
    );
  });

  it('are refused in a community without topic support and in other group types, which work as before', async () => {
    const owner = await clients.login(user('owner'));
    const member = await clients.login(user('member'));
    for (const groupType of ['Community', 'Public'] as const) {
      const groupID = (
        await owner.groups.createGroup({ groupType, groupName: 'g', memberList: [{ userID: member.userID }] })
      ).data!;
      const refused = await owner.groups.createTopicInCommunity({ groupID, topicInfo: { topicName: 't' } });
      expect(refused.code).toBe(ErrorCode.ERR_SVR_GROUP_PERMISSION_DENY);
      expect(refused.desc).toContain('not a community with topics');
      expect((await member.groups.getTopicInfoList({ groupID, topicIDList: [] })).code).toBe(
        ErrorCode.ERR_SVR_GROUP_PERMISSION_DENY,
      );
      await sendToGroup(owner.chat, groupID, 'plain');
      await member.chat.waitFor(() => groupTexts(member.chat, groupID).length === 1, 'the plain message');
    }
  });
});

describe('topic messages', () => {
  it('reach the community members, each topic with its own unread count and history', async () => {
    const owner = await clients.login(user('owner'));
    const [member, outsider] = await Promise.all([
      clients.login(user('member')),
      clients.login(user('outsider')),
    ]);
    const groupID = await community(owner, [member]);
    const news = await createTopic(owner, groupID, 'news');
    const chat = await createTopic(owner, groupID, 'chat');
    await member.waitFor('onTopicCreated', groupID, (x) => x.args[0] === chat);

    await sendToGroup(owner.chat, news, 'n1');
    await sendToGroup(owner.chat, news, 'n2');
    const c1 = await sendToGroup(owner.chat, chat, 'c1');
    expect(c1).toMatchObject({ groupID: chat, seq: 1 });
    await member.chat.waitFor(() => groupTexts(member.chat, chat).length === 1, 'the chat message');
    expect(groupTexts(member.chat, news)).toEqual(['n1', 'n2']);
    expect(groupTexts(outsider.chat, news)).toEqual([]);

    expect((await conversationOf(member.chat, news)).unreadCount).toBe(2);
    expect((await conversationOf(member.chat, chat)).unreadCount).toBe(1);
    expect(await conversationIDs(member.chat)).toEqual(
      expect.arrayContaining([`group_${groupID}`, `group_${news}`, `group_${chat}`]),
    );
    const infos = await member.groups.getTopicInfoList({ groupID, topicIDList: [news, chat] });
    expect(infos.data!.map((r) => r.topicInfo?.unreadCount)).toEqual([2, 1]);
    expect(infos.data![0]!.topicInfo?.lastMessage).toMatchObject({ groupID: news, textElem: { text: 'n2' } });

    const mm = member.chat.im.v2TIMManager.getMessageManager();
    const history = await mm.getGroupHistoryMessageList({ groupID: news, count: 10 });
    expect(history.data!.map((m) => m.textElem?.text)).toEqual(['n2', 'n1']);
    expect((await mm.markGroupMessageAsRead({ groupID: news })).code).toBe(0);
    const read = await member.groups.getTopicInfoList({ groupID, topicIDList: [news] });
    expect(read.data![0]!.topicInfo).toMatchObject({ unreadCount: 0, readSequence: 2 });
    expect((await conversationOf(member.chat, chat)).unreadCount).toBe(1);

    // Mentions and drafts are per topic conversation too.
    await sendToGroup(owner.chat, chat, 'look', { atUserList: [member.userID] });
    await member.chat.waitFor(() => groupTexts(member.chat, chat).includes('look'), 'the mention');
    const cm = member.chat.im.v2TIMManager.getConversationManager();
    expect(
      (await cm.setConversationDraft({ conversationID: `group_${chat}`, draftText: 'typing' })).code,
    ).toBe(0);
    const mentioned = await member.groups.getTopicInfoList({ groupID, topicIDList: [chat, news] });
    expect(
      mentioned.data!.map((r) => [r.topicInfo?.groupAtInfoList?.length, r.topicInfo?.draftText]),
    ).toEqual([
      [1, 'typing'],
      [0, ''],
    ]);
    expect(mentioned.data![0]!.topicInfo!.groupAtInfoList![0]).toMatchObject({ atType: 1 });

    // Members reply in topics; non-members are refused and read nothing.
    await sendToGroup(member.chat, chat, 'c2');
    await owner.chat.waitFor(() => groupTexts(owner.chat, chat).includes('c2'), 'the reply');
    expect((await trySendToGroup(outsider.chat, news, 'intruder')).code).toBe(
      ErrorCode.ERR_SVR_GROUP_PERMISSION_DENY,
    );
    expect(
      (
        await outsider.chat.im.v2TIMManager
          .getMessageManager()
          .getGroupHistoryMessageList({ groupID: news, count: 5 })
      ).code,
    ).toBe(ErrorCode.ERR_SVR_GROUP_PERMISSION_DENY);
    expect((await outsider.groups.getTopicInfoList({ groupID, topicIDList: [] })).code).toBe(
      ErrorCode.ERR_SVR_GROUP_PERMISSION_DENY,
    );
  });

  it('give a member who joins later every topic, with unread from then on and the history before', async () => {
    const owner = await clients.login(user('owner'));
    const early = await clients.login(user('early'));
    const groupID = await community(owner, [early]);
    const old = await createTopic(owner, groupID, 'old');
    await sendToGroup(owner.chat, old, 'before');

    const late = await clients.login(user('late'));
    expect((await late.groups.joinGroup({ groupID })).code).toBe(0);
    await late.chat.waitFor(
      () =>
        late.chat.events.some(
          (e) =>
            e.name === 'onNewConversation' &&
            e.conversations.some((c) => c.conversationID === `group_${old}`),
        ),
      'the old topic conversation',
    );
    expect((await conversationOf(late.chat, old)).unreadCount).toBe(0);
    // A community shows history from before joining (§3.1), topics too.
    const history = await late.chat.im.v2TIMManager
      .getMessageManager()
      .getGroupHistoryMessageList({ groupID: old, count: 10 });
    expect(history.data!.map((m) => m.textElem?.text)).toEqual(['before']);

    // A topic created after both joined starts at its head for both.
    const fresh = await createTopic(owner, groupID, 'fresh');
    await late.waitFor('onTopicCreated', groupID, (x) => x.args[0] === fresh);
    await sendToGroup(owner.chat, fresh, 'f1');
    await sendToGroup(owner.chat, old, 'after');
    for (const c of [early, late]) {
      await c.chat.waitFor(
        () => groupTexts(c.chat, fresh).length === 1 && groupTexts(c.chat, old).includes('after'),
        'the new messages',
      );
      const infos = await c.groups.getTopicInfoList({ groupID, topicIDList: [old, fresh] });
      expect(infos.data!.map((r) => r.topicInfo?.unreadCount)).toEqual([c === early ? 2 : 1, 1]);
    }

    // Leaving the community leaves every topic's conversation.
    expect((await late.groups.quitGroup({ groupID })).code).toBe(0);
    await late.chat.waitFor(
      () =>
        late.chat.events.some(
          (e) => e.name === 'onConversationDeleted' && e.conversationIDs.includes(`group_${fresh}`),
        ),
      'the topic conversation leaving',
    );
    expect(await conversationIDs(late.chat)).not.toContain(`group_${old}`);
    expect((await trySendToGroup(late.chat, fresh, 'gone')).code).toBe(
      ErrorCode.ERR_SVR_GROUP_PERMISSION_DENY,
    );
  });

  it('reach a member who was offline: after login the topic conversations are there with their unread', async () => {
    const owner = await clients.login(user('owner'));
    const away = user('away');
    await t.importAccounts(away);
    const created = await owner.groups.createCommunity({ groupName: 'c', memberList: [{ userID: away }] });
    const groupID = created.data!;
    const topicID = await createTopic(owner, groupID, 'while away');
    await sendToGroup(owner.chat, topicID, 'missed 1');
    await sendToGroup(owner.chat, topicID, 'missed 2');

    const back = await clients.login(away);
    expect(await conversationIDs(back.chat)).toEqual(
      expect.arrayContaining([`group_${groupID}`, `group_${topicID}`]),
    );
    expect(await conversationOf(back.chat, topicID)).toMatchObject({
      unreadCount: 2,
      groupType: 'Community',
      showName: 'while away',
    });
    const infos = await back.groups.getTopicInfoList({ groupID, topicIDList: [topicID] });
    expect(infos.data![0]!.topicInfo).toMatchObject({ unreadCount: 2, readSequence: 0 });
    expect(infos.data![0]!.topicInfo!.lastMessage).toMatchObject({
      textElem: { text: 'missed 2' },
      isRead: false,
    });
  });

  it('follow the community mute and the topic mute-all; a deleted topic leaves the conversation lists', async () => {
    const owner = await clients.login(user('owner'));
    const [admin, member] = await Promise.all([clients.login(user('admin')), clients.login(user('member'))]);
    const groupID = await community(owner, [member], admin);
    const quiet = await createTopic(owner, groupID, 'quiet', { isAllMuted: true });
    const open = await createTopic(owner, groupID, 'open');
    expect((await trySendToGroup(member.chat, quiet, 'no')).code).toBe(ErrorCode.ERR_SVR_GROUP_SHUTUP_DENY);
    await sendToGroup(admin.chat, quiet, 'admins may');
    await sendToGroup(member.chat, open, 'fine');

    expect((await admin.groups.muteGroupMember({ groupID, userID: member.userID, seconds: 60 })).code).toBe(
      0,
    );
    expect((await trySendToGroup(member.chat, open, 'muted')).code).toBe(ErrorCode.ERR_SVR_GROUP_SHUTUP_DENY);
    const mine = await member.groups.getTopicInfoList({ groupID, topicIDList: [open] });
    expect(mine.data![0]!.topicInfo!.selfMuteTime).toBeGreaterThan(0);
    await admin.groups.muteGroupMember({ groupID, userID: member.userID, seconds: 0 });
    await owner.groups.muteAllGroupMembers({ groupID, isMute: true });
    expect((await trySendToGroup(member.chat, open, 'all muted')).code).toBe(
      ErrorCode.ERR_SVR_GROUP_SHUTUP_DENY,
    );
    await owner.groups.muteAllGroupMembers({ groupID, isMute: false });
    await owner.groups.setTopicInfo({ topicInfo: { topicID: quiet, isAllMuted: false } });
    await sendToGroup(member.chat, quiet, 'unmuted');

    expect(await conversationIDs(member.chat)).toContain(`group_${open}`);
    await owner.groups.deleteTopicFromCommunity({ groupID, topicIDList: [open] });
    await member.chat.waitFor(
      () =>
        member.chat.events.some(
          (e) => e.name === 'onConversationDeleted' && e.conversationIDs.includes(`group_${open}`),
        ),
      'the deleted topic conversation',
    );
    expect(await conversationIDs(member.chat)).not.toContain(`group_${open}`);
    expect((await trySendToGroup(member.chat, open, 'gone')).code).toBe(ErrorCode.ERR_SVR_GROUP_NOT_FOUND);

    // Dismissing the community takes its topics along.
    await owner.groups.dismissGroup({ groupID });
    await member.waitFor('onGroupDismissed', groupID);
    expect((await trySendToGroup(owner.chat, quiet, 'gone')).code).toBe(ErrorCode.ERR_SVR_GROUP_NOT_FOUND);
  });
});
