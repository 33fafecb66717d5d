/**
 * Targeted group messages (§1.17) with real SDK clients: only the listed receivers and the sender
 * see one, live, in history, through sync and as a conversation's last message; it never counts as
 * unread; not in AVChatRoom or Community groups; at most 50 receivers and no mentions.
 */
import { ErrorCode, type V2TimMessage } from '@parley/sdk';
import { describe, expect, it } from 'vitest';
import type { ChatClient } from './support/chat.js';
import { conversationOf, groupTestbed, groupTexts, sendToGroup } from './support/group-chat.js';

const bed = groupTestbed();
const { user, group, login } = bed;

/** Creates a text message, makes it targeted at `receiverList` and sends it to the group. */
async function sendTargeted(client: ChatClient, groupID: string, text: string, receiverList: string[]) {
  const mm = client.im.v2TIMManager.getMessageManager();
  const created = await mm.createTextMessage({ text });
  const targeted = await mm.createTargetedGroupMessage({ id: created.data!.id, receiverList });
  if (targeted.code !== 0) return targeted;
  return mm.sendMessage({ id: targeted.data!.id, receiver: '', groupID });
}

async function historyTexts(client: ChatClient, groupID: string): Promise<string[]> {
  const page = await client.im.v2TIMManager
    .getMessageManager()
    .getGroupHistoryMessageList({ groupID, count: 50 });
  expect(page.code).toBe(0);
  return (page.data ?? []).filter((m: V2TimMessage) => m.textElem).map((m) => m.textElem?.text ?? '');
}

describe('targeted group messages', () => {
  it('reach only the listed receivers and the sender, live, in history and through sync', async () => {
    const [alice, bob, carol, dave] = [
      await login(user('alice')),
      await login(user('bob')),
      await login(user('carol')),
      await login(user('dave')),
    ];
    const groupID = group('work');
    await bed.server.createGroup({
      groupID,
      type: 'Work',
      ownerID: alice.userID,
      memberIDs: [bob.userID, carol.userID, dave.userID],
    });
    const sent = await sendTargeted(alice, groupID, 'for bob and carol', [bob.userID, carol.userID]);
    expect(sent).toMatchObject({ code: 0, data: { groupID, isExcludedFromUnreadCount: true } });
    for (const receiver of [bob, carol])
      await receiver.waitFor(() => groupTexts(receiver, groupID).length === 1, `${receiver.userID}'s copy`);

    // A device of dave's that logs in now: no trace of it in his snapshot, history or sync.
    const davePhone = await login(dave.userID, 'android');
    const daveView = await conversationOf(davePhone, groupID);
    expect(daveView.lastMessage?.textElem).toBeUndefined();
    expect(daveView.unreadCount).toBe(0);
    expect(await historyTexts(davePhone, groupID)).toEqual([]);
    // bob's new device gets it by sync, as his last message, not counted as unread.
    const bobPhone = await login(bob.userID, 'android');
    await bobPhone.waitFor(() => groupTexts(bobPhone, groupID).length === 1, "bob's phone's sync");
    expect(await conversationOf(bobPhone, groupID)).toMatchObject({
      unreadCount: 0,
      lastMessage: { textElem: { text: 'for bob and carol' } },
    });
    expect(await historyTexts(bob, groupID)).toEqual(['for bob and carol']);
    expect(await historyTexts(alice, groupID)).toEqual(['for bob and carol']);

    // The next message to everyone: dave's devices get that one only, with no gap left unfilled.
    await sendToGroup(alice, groupID, 'for everyone');
    for (const device of [dave, davePhone]) {
      await device.waitFor(() => groupTexts(device, groupID).length === 1, `${device.userID}'s message`);
      expect(groupTexts(device, groupID)).toEqual(['for everyone']);
    }
    await carol.waitFor(() => groupTexts(carol, groupID).length === 2, "carol's second message");
    expect(groupTexts(carol, groupID)).toEqual(['for bob and carol', 'for everyone']);
    expect(await historyTexts(dave, groupID)).toEqual(['for everyone']);
    expect((await conversationOf(bob, groupID)).unreadCount).toBe(1);
  });

  it('is refused in AVChatRoom and Community groups (10007)', async () => {
    const [alice, bob] = [await login(user('alice')), await login(user('bob'))];
    for (const type of ['AVChatRoom', 'Community'] as const) {
      const groupID = group(type.toLowerCase());
      await bed.server.createGroup({ groupID, type, ownerID: alice.userID, memberIDs: [bob.userID] });
      expect((await sendTargeted(alice, groupID, 'no', [bob.userID])).code).toBe(
        ErrorCode.ERR_SVR_GROUP_PERMISSION_DENY,
      );
    }
  });

  it('takes 1 to 50 receivers and no mentions', async () => {
    const alice = await login(user('alice'));
    const mm = alice.im.v2TIMManager.getMessageManager();
    const text = await mm.createTextMessage({ text: 'hi' });
    const many = Array.from({ length: 51 }, (_, i) => `user${i}`);
    for (const receiverList of [[], many]) {
      expect((await mm.createTargetedGroupMessage({ id: text.data!.id, receiverList })).code).toBe(
        ErrorCode.ERR_INVALID_PARAMETERS,
      );
    }
    expect(
      (await mm.createTargetedGroupMessage({ id: text.data!.id, receiverList: many.slice(0, 50) })).code,
    ).toBe(0);
    const at = await mm.createTextAtMessage({ text: '@bob', atUserList: ['bob'] });
    expect((await mm.createTargetedGroupMessage({ id: at.data!.id, receiverList: ['bob'] })).code).toBe(
      ErrorCode.ERR_INVALID_PARAMETERS,
    );
  });
});
