/**
 * Group messages with real SDK clients against a real server: sending to several members and
 * devices, unread counts per member and per type, reading, history before joining, the rules of
 * sending (member, mute) and of recalling, mentions, and AVChatRoom.
 */
import { AT_ALL_TAG, ErrorCode, GroupAtType, V2TimElemType } from '@parley/sdk';
import { describe, expect, it } from 'vitest';
import {
  conversationOf,
  groupMessages,
  groupTestbed,
  groupTexts,
  sendToGroup,
  trySendToGroup,
} from './support/group-chat.js';

const bed = groupTestbed();
const { user, group, login } = bed;

describe('sending and receiving in a group', () => {
  it('delivers a message once to every member and device, with the group fields', async () => {
    const [alice, bob, carol] = [
      await login(user('alice')),
      await login(user('bob')),
      await login(user('carol')),
    ];
    const bobPhone = await login(bob.userID, 'android');
    const groupID = group('work');
    await bed.server.createGroup({
      groupID,
      type: 'Work',
      ownerID: alice.userID,
      memberIDs: [bob.userID, carol.userID],
    });
    const sent = await sendToGroup(alice, groupID, 'hello all');
    // The group's first entry is the tip of the members' arrival; this message comes after it.
    expect(sent).toMatchObject({ groupID, sender: alice.userID, isSelf: true, seq: 2 });
    expect(sent.userID).toBeUndefined();
    for (const member of [bob, bobPhone, carol]) {
      await member.waitFor(() => groupTexts(member, groupID).length === 1, `${member.userID}'s copy`);
      expect(groupMessages(member, groupID)[0]).toMatchObject({
        msgID: sent.msgID,
        groupID,
        sender: alice.userID,
        isSelf: false,
        seq: 2,
        textElem: { text: 'hello all' },
      });
    }
    expect(groupMessages(alice, groupID)).toEqual([]);
    const third = await login(user('dave'));
    await sendToGroup(bob, groupID, 'second');
    await carol.waitFor(() => groupTexts(carol, groupID).length === 2, 'the second message');
    expect(groupTexts(third, groupID)).toEqual([]);
  });

  it('stores a resent message (same id) once', async () => {
    const [alice, bob] = [await login(user('alice')), await login(user('bob'))];
    const groupID = group('work');
    await bed.server.createGroup({ groupID, type: 'Work', ownerID: alice.userID, memberIDs: [bob.userID] });
    const mm = alice.im.v2TIMManager.getMessageManager();
    const created = await mm.createTextMessage({ text: 'once' });
    const first = await mm.sendMessage({ id: created.data!.id, receiver: '', groupID });
    const again = await mm.sendMessage({ id: created.data!.id, receiver: '', groupID });
    expect(again.data?.seq).toBe(first.data?.seq);
    const history = await bob.im.v2TIMManager
      .getMessageManager()
      .getGroupHistoryMessageList({ groupID, count: 20 });
    expect(history.data?.filter((m) => m.textElem).map((m) => m.textElem?.text)).toEqual(['once']);
  });

  it('refuses a group that does not exist (10010) and a sender who is not a member (10007)', async () => {
    const [alice, mallory] = [await login(user('alice')), await login(user('mallory'))];
    const groupID = group('work');
    expect((await trySendToGroup(alice, 'no-such-group', 'hi')).code).toBe(ErrorCode.ERR_SVR_GROUP_NOT_FOUND);
    await bed.server.createGroup({ groupID, type: 'Work', ownerID: alice.userID });
    expect((await trySendToGroup(mallory, groupID, 'let me in')).code).toBe(
      ErrorCode.ERR_SVR_GROUP_PERMISSION_DENY,
    );
    const history = await mallory.im.v2TIMManager
      .getMessageManager()
      .getGroupHistoryMessageList({ groupID, count: 5 });
    expect(history.code).toBe(ErrorCode.ERR_SVR_GROUP_PERMISSION_DENY);
  });

  it('refuses a muted member and, when all are muted, every member but the owner and admins (10017)', async () => {
    const [owner, admin, bob] = [
      await login(user('owner')),
      await login(user('admin')),
      await login(user('bob')),
    ];
    const groupID = group('work');
    await bed.server.createGroup({
      groupID,
      type: 'Public',
      ownerID: owner.userID,
      memberIDs: [admin.userID, bob.userID],
      adminIDs: [admin.userID],
    });
    await bed.server.muteGroupMember(groupID, bob.userID, 60);
    expect((await trySendToGroup(bob, groupID, 'shh')).code).toBe(ErrorCode.ERR_SVR_GROUP_SHUTUP_DENY);
    await bed.server.muteGroupMember(groupID, bob.userID, 0);
    await sendToGroup(bob, groupID, 'back');
    await bed.server.muteAllMembers(groupID, true);
    expect((await trySendToGroup(bob, groupID, 'all muted')).code).toBe(ErrorCode.ERR_SVR_GROUP_SHUTUP_DENY);
    await sendToGroup(admin, groupID, 'admins may');
    await sendToGroup(owner, groupID, 'owners may');
  });
});

describe('unread counts and reading', () => {
  it("counts unread per member, never the sender's own messages, and clears on read on every device", async () => {
    const [alice, bob] = [await login(user('alice')), await login(user('bob'))];
    const groupID = group('work');
    await bed.server.createGroup({ groupID, type: 'Work', ownerID: alice.userID, memberIDs: [bob.userID] });
    await sendToGroup(alice, groupID, 'one');
    await sendToGroup(alice, groupID, 'two');
    await sendToGroup(bob, groupID, 'mine');
    await bob.waitFor(() => groupTexts(bob, groupID).length === 2, 'two messages');
    const bobLaptop = await login(bob.userID, 'mac');
    expect((await conversationOf(bobLaptop, groupID)).unreadCount).toBe(2);
    expect((await conversationOf(bobLaptop, groupID)).lastMessage?.textElem?.text).toBe('mine');
    expect((await conversationOf(alice, groupID)).unreadCount).toBe(1);
    const total = await bobLaptop.im.v2TIMManager.getConversationManager().getTotalUnreadMessageCount();
    expect(total.data).toBe(2);
    expect((await bob.im.v2TIMManager.getMessageManager().markGroupMessageAsRead({ groupID })).code).toBe(0);
    await bobLaptop.waitFor(
      () => bobLaptop.events.some((e) => e.name === 'onTotalUnreadMessageCountChanged' && e.total === 0),
      'the read on the other device',
    );
    expect((await conversationOf(bobLaptop, groupID)).unreadCount).toBe(0);
  });

  it('has no unread counts in Meeting groups', async () => {
    const [alice, bob] = [await login(user('alice')), await login(user('bob'))];
    const groupID = group('meeting');
    await bed.server.createGroup({
      groupID,
      type: 'Meeting',
      ownerID: alice.userID,
      memberIDs: [bob.userID],
    });
    await sendToGroup(alice, groupID, 'agenda');
    await bob.waitFor(() => groupTexts(bob, groupID).length === 1, 'the message');
    const late = await login(bob.userID, 'mac');
    expect(await conversationOf(late, groupID)).toMatchObject({ unreadCount: 0, groupType: 'Meeting' });
  });

  it('cleans the unread count through cleanConversationUnreadMessageCount', async () => {
    const [alice, bobID] = [await login(user('alice')), user('bob')];
    const groupID = group('work');
    await bed.server.createGroup({ groupID, type: 'Work', ownerID: alice.userID, memberIDs: [bobID] });
    await sendToGroup(alice, groupID, 'ping');
    const bob = await login(bobID);
    expect((await conversationOf(bob, groupID)).unreadCount).toBe(1);
    const cm = bob.im.v2TIMManager.getConversationManager();
    expect((await cm.cleanConversationUnreadMessageCount({ conversationID: `group_${groupID}` })).code).toBe(
      0,
    );
    expect((await conversationOf(bob, groupID)).unreadCount).toBe(0);
  });
});

describe('history', () => {
  it('hides messages from before joining in Work groups and shows them in Meeting groups', async () => {
    const [alice, bobID, carolID] = [await login(user('alice')), user('bob'), user('carol')];
    const work = group('work');
    const meeting = group('meeting');
    await bed.server.createGroup({ groupID: work, type: 'Work', ownerID: alice.userID });
    await bed.server.createGroup({ groupID: meeting, type: 'Meeting', ownerID: alice.userID });
    for (const g of [work, meeting]) await sendToGroup(alice, g, 'before');
    await bed.server.joinGroup(work, [bobID]);
    await bed.server.joinGroup(meeting, [carolID]);
    for (const g of [work, meeting]) await sendToGroup(alice, g, 'after');
    const [bob, carol] = [await login(bobID), await login(carolID)];
    const history = async (c: typeof bob, groupID: string) =>
      (await c.im.v2TIMManager.getMessageManager().getGroupHistoryMessageList({ groupID, count: 20 })).data ??
      [];
    const texts = async (c: typeof bob, groupID: string) =>
      (await history(c, groupID)).flatMap((m) => (m.textElem ? [m.textElem.text] : []));
    expect(await texts(bob, work)).toEqual(['after']);
    expect(await texts(carol, meeting)).toEqual(['after', 'before']);
    // The join is in the history as a tips message, and not counted as unread.
    const tips = (await history(bob, work)).find(
      (m) => m.elemType === V2TimElemType.V2TIM_ELEM_TYPE_GROUP_TIPS,
    );
    expect(tips?.groupTipsElem).toMatchObject({ groupID: work, type: 1, memberList: [bobID] });
    expect((await conversationOf(bob, work)).unreadCount).toBe(1);
  });

  it('pages older history by lastMsgSeq', async () => {
    const alice = await login(user('alice'));
    const groupID = group('work');
    await bed.server.createGroup({ groupID, type: 'Work', ownerID: alice.userID });
    for (const text of ['1', '2', '3', '4', '5']) await sendToGroup(alice, groupID, text);
    const mm = alice.im.v2TIMManager.getMessageManager();
    const first = await mm.getGroupHistoryMessageList({ groupID, count: 2 });
    expect(first.data?.map((m) => m.textElem?.text)).toEqual(['5', '4']);
    const next = await mm.getGroupHistoryMessageList({ groupID, count: 2, lastMsgSeq: first.data![1]!.seq });
    expect(next.data?.map((m) => m.textElem?.text)).toEqual(['3', '2']);
  });
});

describe('recall in a group', () => {
  it('lets the sender recall, lets an admin recall others, and refuses a member', async () => {
    const [owner, admin, bob, carol] = [
      await login(user('owner')),
      await login(user('admin')),
      await login(user('bob')),
      await login(user('carol')),
    ];
    const groupID = group('public');
    await bed.server.createGroup({
      groupID,
      type: 'Public',
      ownerID: owner.userID,
      memberIDs: [admin.userID, bob.userID, carol.userID],
      adminIDs: [admin.userID],
    });
    const mine = await sendToGroup(bob, groupID, 'oops');
    const other = await sendToGroup(bob, groupID, 'rude');
    const mmCarol = carol.im.v2TIMManager.getMessageManager();
    expect((await mmCarol.revokeMessage({ msgID: other.msgID })).code).toBe(
      ErrorCode.ERR_SVR_GROUP_PERMISSION_DENY,
    );
    expect((await bob.im.v2TIMManager.getMessageManager().revokeMessage({ msgID: mine.msgID })).code).toBe(0);
    expect((await admin.im.v2TIMManager.getMessageManager().revokeMessage({ msgID: other.msgID })).code).toBe(
      0,
    );
    await carol.waitFor(() => carol.count('onRecvMessageRevoked') === 2, 'both recalls');
    const revoked = carol.events.flatMap((e) =>
      e.name === 'onRecvMessageRevoked' ? [[e.msgID, e.operateUser]] : [],
    );
    expect(revoked).toEqual([
      [mine.msgID, bob.userID],
      [other.msgID, admin.userID],
    ]);
    const history = await mmCarol.getGroupHistoryMessageList({ groupID, count: 5 });
    expect(history.data?.filter((m) => m.textElem).map((m) => m.status)).toEqual([6, 6]);
  });
});

describe('mentions', () => {
  it('shows @me and @all in groupAtInfoList until the member reads', async () => {
    const [alice, bobID, carolID] = [await login(user('alice')), user('bob'), user('carol')];
    const groupID = group('work');
    await bed.server.createGroup({
      groupID,
      type: 'Work',
      ownerID: alice.userID,
      memberIDs: [bobID, carolID],
    });
    const atBob = await sendToGroup(alice, groupID, '@bob look', { atUserList: [bobID] });
    const atAll = await sendToGroup(alice, groupID, '@all lunch', { atUserList: [AT_ALL_TAG] });
    expect(atBob.groupAtUserList).toEqual([bobID]);
    const [bob, carol] = [await login(bobID), await login(carolID)];
    expect((await conversationOf(bob, groupID)).groupAtInfoList).toEqual([
      { seq: atBob.seq, atType: GroupAtType.AT_ME },
      { seq: atAll.seq, atType: GroupAtType.AT_ALL },
    ]);
    expect((await conversationOf(carol, groupID)).groupAtInfoList).toEqual([
      { seq: atAll.seq, atType: GroupAtType.AT_ALL },
    ]);
    await bob.im.v2TIMManager.getMessageManager().markGroupMessageAsRead({ groupID });
    expect((await conversationOf(bob, groupID)).groupAtInfoList).toEqual([]);
  });
});

describe('AVChatRoom', () => {
  it('delivers to online members only and keeps nothing in history', async () => {
    const [alice, bob] = [await login(user('alice')), await login(user('bob'))];
    const carolID = user('carol');
    const groupID = group('live');
    await bed.server.createGroup({
      groupID,
      type: 'AVChatRoom',
      ownerID: alice.userID,
      memberIDs: [bob.userID, carolID],
    });
    const sent = await sendToGroup(alice, groupID, 'live!');
    expect(sent.seq).toBe(0);
    await bob.waitFor(() => groupTexts(bob, groupID).length === 1, 'the live message');
    const carol = await login(carolID);
    expect(groupTexts(carol, groupID)).toEqual([]);
    const history = await bob.im.v2TIMManager
      .getMessageManager()
      .getGroupHistoryMessageList({ groupID, count: 5 });
    expect(history).toMatchObject({ code: 0, data: [] });
    expect(await conversationOf(bob, groupID)).toMatchObject({ unreadCount: 0 });
  });
});

describe('editing and deleting in a group', () => {
  it('lets only the sender edit, and every member hears of the edit', async () => {
    const [alice, bob] = [await login(user('alice')), await login(user('bob'))];
    const groupID = group('work');
    await bed.server.createGroup({ groupID, type: 'Work', ownerID: alice.userID, memberIDs: [bob.userID] });
    const sent = await sendToGroup(bob, groupID, 'teh typo');
    await alice.waitFor(() => groupTexts(alice, groupID).length === 1, 'the message');
    const edited = { ...sent, textElem: { text: 'the typo' } };
    const byOwner = await alice.im.v2TIMManager.getMessageManager().modifyMessage({ message: edited });
    expect(byOwner.code).toBe(ErrorCode.ERR_SVR_GROUP_PERMISSION_DENY);
    const bySender = await bob.im.v2TIMManager.getMessageManager().modifyMessage({ message: edited });
    expect(bySender.code).toBe(0);
    await alice.waitFor(() => alice.count('onRecvMessageModified') === 1, 'the edit');
    const stale = await bob.im.v2TIMManager.getMessageManager().modifyMessage({ message: edited });
    expect(stale.code).toBe(ErrorCode.ERR_SDK_MSG_MODIFY_CONFLICT);
  });

  it("deletes messages and clears history for the member only, keeping others' history", async () => {
    const [alice, bob] = [await login(user('alice')), await login(user('bob'))];
    const groupID = group('work');
    await bed.server.createGroup({ groupID, type: 'Work', ownerID: alice.userID, memberIDs: [bob.userID] });
    const one = await sendToGroup(alice, groupID, 'one');
    await sendToGroup(alice, groupID, 'two');
    const bm = bob.im.v2TIMManager.getMessageManager();
    const texts = async (c: typeof bob) =>
      (
        (await c.im.v2TIMManager.getMessageManager().getGroupHistoryMessageList({ groupID, count: 10 }))
          .data ?? []
      ).flatMap((m) => (m.textElem ? [m.textElem.text] : []));
    expect((await bm.deleteMessages({ msgIDs: [one.msgID] })).code).toBe(0);
    expect(await texts(bob)).toEqual(['two']);
    expect(await texts(alice)).toEqual(['two', 'one']);
    expect((await bm.clearGroupHistoryMessage({ groupID })).code).toBe(0);
    expect(await texts(bob)).toEqual([]);
    expect(await conversationOf(bob, groupID)).toMatchObject({ unreadCount: 0 });
    expect((await conversationOf(bob, groupID)).lastMessage).toBeUndefined();
    await sendToGroup(alice, groupID, 'three');
    expect(await texts(bob)).toEqual(['three']);
  });
});
