/**
 * A member's group conversation beyond sending and reading: recalls lower unread counts, deleting
 * the conversation (the member stays in the group), deleting messages for oneself on every
 * device, and the sender's name card, nickname and avatar on group messages.
 */
import { ErrorCode } from '@parley/sdk';
import { describe, expect, it } from 'vitest';
import {
  conversationIDs,
  conversationOf,
  groupMessages,
  groupTestbed,
  groupTexts,
  sendToGroup,
} from './support/group-chat.js';

const bed = groupTestbed();
const { user, group, login } = bed;

describe('recalls and unread counts', () => {
  it("lowers a member's unread count when a message they have not read is recalled", async () => {
    const [alice, bob] = [await login(user('alice')), await login(user('bob'))];
    const groupID = group('work');
    await bed.server.createGroup({ groupID, type: 'Work', ownerID: alice.userID, memberIDs: [bob.userID] });
    await sendToGroup(alice, groupID, 'one');
    const two = await sendToGroup(alice, groupID, 'two');
    await sendToGroup(alice, groupID, 'three');
    await bob.waitFor(() => groupTexts(bob, groupID).length === 3, 'three messages');
    expect((await conversationOf(bob, groupID)).unreadCount).toBe(3);

    const mm = alice.im.v2TIMManager.getMessageManager();
    expect((await mm.revokeMessage({ msgID: two.msgID })).code).toBe(0);
    // Live, on the device that has the message.
    await bob.waitFor(() => bob.count('onRecvMessageRevoked') === 1, 'the recall');
    const totals = bob.events.flatMap((e) =>
      e.name === 'onTotalUnreadMessageCountChanged' ? [e.total] : [],
    );
    expect(totals.at(-1)).toBe(2);
    expect((await conversationOf(bob, groupID)).unreadCount).toBe(2);
    // From the server, on a device that logs in afterwards.
    const bobLaptop = await login(bob.userID, 'mac');
    expect((await conversationOf(bobLaptop, groupID)).unreadCount).toBe(2);
    // The sender's own count is untouched.
    expect((await conversationOf(alice, groupID)).unreadCount).toBe(0);
  });

  it('leaves the count alone for a recall of a message already read or of their own', async () => {
    const [alice, bob] = [await login(user('alice')), await login(user('bob'))];
    const groupID = group('work');
    await bed.server.createGroup({ groupID, type: 'Work', ownerID: alice.userID, memberIDs: [bob.userID] });
    const read = await sendToGroup(alice, groupID, 'read');
    await bob.waitFor(() => groupTexts(bob, groupID).length === 1, 'the first message');
    expect((await bob.im.v2TIMManager.getMessageManager().markGroupMessageAsRead({ groupID })).code).toBe(0);
    const own = await sendToGroup(bob, groupID, 'mine');
    await sendToGroup(alice, groupID, 'unread');
    await bob.waitFor(() => groupTexts(bob, groupID).length === 2, 'the unread message');
    expect((await conversationOf(bob, groupID)).unreadCount).toBe(1);

    const mm = alice.im.v2TIMManager.getMessageManager();
    expect((await mm.revokeMessage({ msgID: read.msgID })).code).toBe(0);
    expect((await bob.im.v2TIMManager.getMessageManager().revokeMessage({ msgID: own.msgID })).code).toBe(0);
    await bob.waitFor(() => bob.count('onRecvMessageRevoked') === 2, 'both recalls');
    expect((await conversationOf(bob, groupID)).unreadCount).toBe(1);
    const bobLaptop = await login(bob.userID, 'mac');
    expect((await conversationOf(bobLaptop, groupID)).unreadCount).toBe(1);
  });
});

describe('deleting a group conversation', () => {
  it('removes it and its history from every device of the member, who stays in the group until the next message', async () => {
    const [alice, bob] = [await login(user('alice')), await login(user('bob'))];
    const bobPhone = await login(bob.userID, 'android');
    const groupID = group('work');
    const conversationID = `group_${groupID}`;
    await bed.server.createGroup({ groupID, type: 'Work', ownerID: alice.userID, memberIDs: [bob.userID] });
    await sendToGroup(alice, groupID, 'before');
    await bobPhone.waitFor(() => groupTexts(bobPhone, groupID).length === 1, 'the first message');
    await bob.waitFor(() => groupTexts(bob, groupID).length === 1, 'the first message');

    const cm = bob.im.v2TIMManager.getConversationManager();
    expect((await cm.deleteConversation({ conversationID })).code).toBe(0);
    expect(await conversationIDs(bob)).not.toContain(conversationID);
    await bobPhone.waitFor(
      () =>
        bobPhone.events.some(
          (e) => e.name === 'onConversationDeleted' && e.conversationIDs.includes(conversationID),
        ),
      "the deletion on bob's phone",
    );
    expect(await conversationIDs(bobPhone)).not.toContain(conversationID);
    expect((await bobPhone.im.v2TIMManager.getConversationManager().getTotalUnreadMessageCount()).data).toBe(
      0,
    );
    const history = await bob.im.v2TIMManager
      .getMessageManager()
      .getGroupHistoryMessageList({ groupID, count: 20 });
    expect(history).toMatchObject({ code: 0, data: [] });
    // Still a member: a device logging in now has no such conversation, but may post to the group.
    const bobLaptop = await login(bob.userID, 'mac');
    expect(await conversationIDs(bobLaptop)).not.toContain(conversationID);

    const marks = new Map([bob, bobPhone, bobLaptop].map((d) => [d, d.events.length]));
    await sendToGroup(alice, groupID, 'after');
    for (const device of [bob, bobPhone, bobLaptop]) {
      await device.waitFor(
        () =>
          device.events
            .slice(marks.get(device))
            .some(
              (e) =>
                e.name === 'onNewConversation' &&
                e.conversations.some((c) => c.conversationID === conversationID),
            ),
        `the conversation back on ${device.userID}'s device`,
      );
      expect(await conversationOf(device, groupID)).toMatchObject({
        unreadCount: 1,
        lastMessage: { textElem: { text: 'after' } },
      });
    }
    const again = await bob.im.v2TIMManager
      .getMessageManager()
      .getGroupHistoryMessageList({ groupID, count: 20 });
    expect(again.data?.map((m) => m.textElem?.text)).toEqual(['after']);
    await sendToGroup(bobLaptop, groupID, 'still a member');
  });

  it('refuses a group the user is not a member of', async () => {
    const [alice, mallory] = [await login(user('alice')), await login(user('mallory'))];
    const groupID = group('work');
    await bed.server.createGroup({ groupID, type: 'Work', ownerID: alice.userID });
    const cm = mallory.im.v2TIMManager.getConversationManager();
    expect((await cm.deleteConversation({ conversationID: `group_${groupID}` })).code).toBe(
      ErrorCode.ERR_SVR_GROUP_PERMISSION_DENY,
    );
    expect((await cm.deleteConversation({ conversationID: 'group_no-such-group' })).code).toBe(
      ErrorCode.ERR_SVR_GROUP_NOT_FOUND,
    );
  });
});

describe('deleting group messages for oneself', () => {
  it("drops them from the member's other devices too, and from no one else's", async () => {
    const [alice, bob] = [await login(user('alice')), await login(user('bob'))];
    const bobPhone = await login(bob.userID, 'android');
    const groupID = group('work');
    await bed.server.createGroup({ groupID, type: 'Work', ownerID: alice.userID, memberIDs: [bob.userID] });
    const drop = await sendToGroup(alice, groupID, 'drop');
    const keep = await sendToGroup(alice, groupID, 'keep');
    for (const device of [bob, bobPhone])
      await device.waitFor(() => groupTexts(device, groupID).length === 2, 'both messages');
    const cached = async (client: typeof bob) =>
      (
        await client.im.v2TIMManager
          .getMessageManager()
          .findMessages({ messageIDList: [drop.msgID, keep.msgID] })
      ).data?.map((m) => m.msgID);
    expect(await cached(bobPhone)).toEqual([drop.msgID, keep.msgID]);

    const changedBefore = bobPhone.count('onConversationChanged');
    expect(
      (await bob.im.v2TIMManager.getMessageManager().deleteMessages({ msgIDs: [drop.msgID] })).code,
    ).toBe(0);
    expect(await cached(bob)).toEqual([keep.msgID]);
    // The phone drops the message as it applies the member's new snapshot, which it announces.
    await bobPhone.waitFor(
      () => bobPhone.count('onConversationChanged') > changedBefore,
      'the snapshot on the phone',
    );
    expect(await cached(bobPhone)).toEqual([keep.msgID]);
    const history = await bobPhone.im.v2TIMManager
      .getMessageManager()
      .getGroupHistoryMessageList({ groupID, count: 20 });
    expect(history.data?.filter((m) => m.textElem).map((m) => m.msgID)).toEqual([keep.msgID]);
    expect(await cached(alice)).toEqual([drop.msgID, keep.msgID]);
  });
});

describe("the sender's fields on group messages", () => {
  it('carry the name card, nickname and avatar as they are when the message is sent', async () => {
    const aliceID = user('alice');
    const imported = await bed.server.rest('im_open_login_svc/account_import', {
      UserID: aliceID,
      Nick: 'Alice A.',
      FaceUrl: 'https://example.com/alice.png',
    });
    expect(imported.ErrorCode).toBe(0);
    const [alice, bob] = [await login(aliceID), await login(user('bob'))];
    const groupID = group('work');
    await bed.server.createGroup({ groupID, type: 'Work', ownerID: alice.userID, memberIDs: [bob.userID] });
    const first = await sendToGroup(alice, groupID, 'no card yet');
    expect(first).toMatchObject({ nickName: 'Alice A.', faceUrl: 'https://example.com/alice.png' });
    expect(first.nameCard).toBeUndefined();
    const groups = alice.im.v2TIMManager.getGroupManager();
    expect(
      (await groups.setGroupMemberInfo({ groupID, userID: alice.userID, nameCard: 'The Owner' })).code,
    ).toBe(0);
    await sendToGroup(alice, groupID, 'with a card');
    await bob.waitFor(() => groupTexts(bob, groupID).length === 2, 'both messages');
    const [before, after] = groupMessages(bob, groupID);
    expect(before).toMatchObject({ nickName: 'Alice A.', faceUrl: 'https://example.com/alice.png' });
    expect(before?.nameCard).toBeUndefined();
    expect(after).toMatchObject({
      nameCard: 'The Owner',
      nickName: 'Alice A.',
      faceUrl: 'https://example.com/alice.png',
    });

    // Read back from history (a new device, nothing cached), both carry today's name card.
    const laptop = await login(bob.userID, 'mac');
    const history = await laptop.im.v2TIMManager
      .getMessageManager()
      .getGroupHistoryMessageList({ groupID, count: 20 });
    expect(history.code).toBe(0);
    expect(history.data?.map((m) => [m.textElem?.text, m.nameCard, m.nickName])).toEqual(
      expect.arrayContaining([
        ['no card yet', 'The Owner', 'Alice A.'],
        ['with a card', 'The Owner', 'Alice A.'],
      ]),
    );
  });
});
