/**
 * Group messages across reconnects and in the conversation list: an offline member catches up
 * exactly once (messages and the recalls it missed), a fresh client starts at its read position,
 * group and one-to-one conversations share one order, and leaving or a dismissal takes the group's
 * conversation out of the list.
 */
import { describe, expect, it } from 'vitest';
import { chatClient } from './support/chat.js';
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

describe('catching up', () => {
  it('gives a member back what it missed while disconnected, each message once, recalls included', async () => {
    const alice = await login(user('alice'));
    const bobID = user('bob');
    // Bob reconnects slowly, so that the messages below are sent while he is away.
    const bob = await chatClient({
      wsUrl: bed.server.wsUrl,
      sdkAppID: bed.server.sdkAppID,
      userID: bobID,
      userSig: bed.server.ticket(bobID),
      init: { reconnect: { minDelayMs: 1_500, maxDelayMs: 2_000 } },
    });
    try {
      const groupID = group('work');
      await bed.server.createGroup({ groupID, type: 'Work', ownerID: alice.userID, memberIDs: [bobID] });
      const before = await sendToGroup(alice, groupID, 'before');
      await bob.waitFor(() => groupTexts(bob, groupID).length === 1, 'the first message');
      await bed.server.restart();
      await alice.waitFor(() => alice.connected(), 'alice back');
      const sent = [];
      for (const text of ['one', 'two', 'three']) sent.push(await sendToGroup(alice, groupID, text));
      const mm = alice.im.v2TIMManager.getMessageManager();
      expect((await mm.revokeMessage({ msgID: before.msgID })).code).toBe(0);
      expect((await mm.revokeMessage({ msgID: sent[1]!.msgID })).code).toBe(0);
      await sendToGroup(alice, groupID, 'four');
      await bob.waitFor(() => groupTexts(bob, groupID).length === 5, 'the missed messages');
      await bob.waitFor(() => bob.count('onRecvMessageRevoked') === 2, 'the missed recalls');
      expect(groupTexts(bob, groupID)).toEqual(['before', 'one', 'two', 'three', 'four']);
      const recalled = bob.events.flatMap((e) => (e.name === 'onRecvMessageRevoked' ? [e.msgID] : []));
      expect(recalled.sort()).toEqual([before.msgID, sent[1]!.msgID].sort());
      // Live again: the next message arrives once too.
      await sendToGroup(alice, groupID, 'five');
      await bob.waitFor(() => groupTexts(bob, groupID).length === 6, 'the live message');
      expect(groupTexts(bob, groupID)).toEqual(['before', 'one', 'two', 'three', 'four', 'five']);
      // Six messages, two of them recalled before bob read them.
      expect((await conversationOf(bob, groupID)).unreadCount).toBe(4);
    } finally {
      await bob.close();
    }
  });

  it('starts a fresh client at the read position: unread messages arrive as new, read ones do not', async () => {
    const alice = await login(user('alice'));
    const bobID = user('bob');
    const groupID = group('work');
    await bed.server.createGroup({ groupID, type: 'Work', ownerID: alice.userID, memberIDs: [bobID] });
    await sendToGroup(alice, groupID, 'read');
    const first = await login(bobID);
    await first.im.v2TIMManager.getMessageManager().markGroupMessageAsRead({ groupID });
    await first.close();
    await sendToGroup(alice, groupID, 'unread one');
    await sendToGroup(alice, groupID, 'unread two');
    const second = await login(bobID);
    await second.waitFor(() => groupTexts(second, groupID).length === 2, 'the unread messages');
    expect(groupTexts(second, groupID)).toEqual(['unread one', 'unread two']);
    expect(await conversationOf(second, groupID)).toMatchObject({ unreadCount: 2, showName: groupID });
  });
});

describe('many senders at once', () => {
  it('gives every member every message once, in seq order, with consecutive seqs', async () => {
    const senders = [await login(user('s')), await login(user('s')), await login(user('s'))];
    const reader = await login(user('reader'));
    const groupID = group('busy');
    await bed.server.createGroup({
      groupID,
      type: 'Work',
      ownerID: reader.userID,
      memberIDs: senders.map((s) => s.userID),
    });
    const sent = await Promise.all(
      senders.flatMap((s, i) => Array.from({ length: 20 }, (_, k) => sendToGroup(s, groupID, `${i}-${k}`))),
    );
    // Seq 1 is the tip of the members' arrival at creation.
    const expected = Array.from({ length: 60 }, (_, i) => i + 2);
    expect(sent.map((m) => m.seq).sort((a, b) => a - b)).toEqual(expected);
    await reader.waitFor(() => groupTexts(reader, groupID).length === 60, 'all messages');
    expect(groupMessages(reader, groupID).map((m) => m.seq)).toEqual(expected);
    expect((await conversationOf(reader, groupID)).unreadCount).toBe(60);
  });
});

describe('the conversation list', () => {
  it('orders group and one-to-one conversations by their latest activity, pinned first', async () => {
    const [alice, carol, dave] = [
      await login(user('alice')),
      await login(user('carol')),
      await login(user('dave')),
    ];
    const groupID = group('work');
    await bed.server.createGroup({ groupID, type: 'Work', ownerID: dave.userID, memberIDs: [alice.userID] });
    await carol.send(alice.userID, 'old one-to-one');
    await alice.waitFor(() => alice.texts().includes('old one-to-one'), 'the first message');
    await sendToGroup(dave, groupID, 'group news');
    await alice.waitFor(() => groupTexts(alice, groupID).length === 1, 'the group message');
    await dave.send(alice.userID, 'new one-to-one');
    await alice.waitFor(() => alice.texts().includes('new one-to-one'), 'the last message');
    expect(await conversationIDs(alice)).toEqual([
      `c2c_${dave.userID}`,
      `group_${groupID}`,
      `c2c_${carol.userID}`,
    ]);
    const cm = alice.im.v2TIMManager.getConversationManager();
    expect((await cm.pinConversation({ conversationID: `group_${groupID}`, isPinned: true })).code).toBe(0);
    expect(await conversationIDs(alice)).toEqual([
      `group_${groupID}`,
      `c2c_${dave.userID}`,
      `c2c_${carol.userID}`,
    ]);
    const total = await cm.getTotalUnreadMessageCount();
    expect(total.data).toBe(3);
  });

  it('takes the conversation out when the member leaves and when the group is dismissed', async () => {
    const [alice, bob, carol] = [
      await login(user('alice')),
      await login(user('bob')),
      await login(user('carol')),
    ];
    const groupID = group('work');
    await bed.server.createGroup({
      groupID,
      type: 'Work',
      ownerID: alice.userID,
      memberIDs: [bob.userID, carol.userID],
    });
    await sendToGroup(alice, groupID, 'hi');
    await carol.waitFor(() => groupTexts(carol, groupID).length === 1, 'the message');
    expect(await conversationIDs(bob)).toContain(`group_${groupID}`);
    await bed.server.quitGroup(groupID, [bob.userID]);
    await bob.waitFor(
      () =>
        bob.events.some(
          (e) => e.name === 'onConversationDeleted' && e.conversationIDs.includes(`group_${groupID}`),
        ),
      'the conversation leaving',
    );
    expect(await conversationIDs(bob)).not.toContain(`group_${groupID}`);
    await bed.server.dismissGroup(groupID);
    await carol.waitFor(
      () =>
        carol.events.some(
          (e) => e.name === 'onConversationDeleted' && e.conversationIDs.includes(`group_${groupID}`),
        ),
      'the dismissal',
    );
    const again = await login(carol.userID);
    expect(await conversationIDs(again)).not.toContain(`group_${groupID}`);
  });
});
