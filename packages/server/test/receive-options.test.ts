/**
 * Receive options with real SDK clients (im-features §1.18, docs/users.md): per peer (option 1 keeps
 * the message out of the receiver's view; 1/2/3 leave the conversation out of the total unread),
 * per group, global quiet hours in both forms, the change reaching the user's other devices, and
 * `Tag_Profile_IM_MsgSettings` bit 0.
 */
import { ErrorCode } from '@parley/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ChatClient, chatClients } from './support/chat.js';
import { startTestServer, type TestServer } from './support/harness.js';
import { userEvents } from './support/users.js';

let t: TestServer;
const chats = chatClients(() => t);

beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => {
  await chats.closeAll();
  await t.stop();
});

let n = 0;
const user = (name: string) => `${name}${++n}`;
const mm = (c: ChatClient) => c.im.v2TIMManager.getMessageManager();
const cm = (c: ChatClient) => c.im.v2TIMManager.getConversationManager();

describe('one-to-one receive options', () => {
  it('option 1 keeps a peer’s messages out of my view; 0 lets them in again', async () => {
    const me = await chats.login(user('quiet'));
    const pest = await chats.login(user('pest'));
    const friend = await chats.login(user('friend'));
    expect(await mm(me).setC2CReceiveMessageOpt({ userIDList: [pest.userID], opt: 1 })).toMatchObject({
      code: 0,
    });
    expect(await mm(me).getC2CReceiveMessageOpt({ userIDList: [pest.userID, friend.userID] })).toMatchObject({
      code: 0,
      data: [
        { userID: pest.userID, c2CReceiveMessageOpt: 1 },
        { userID: friend.userID, c2CReceiveMessageOpt: 0 },
      ],
    });
    // The sender sees an ordinary send, and has the message in its own history.
    await pest.send(me.userID, 'not for you');
    await friend.send(me.userID, 'from a friend');
    await me.waitFor(() => me.texts().includes('from a friend'), 'the friend’s message');
    expect(me.texts()).not.toContain('not for you');
    const pestHistory = await mm(pest).getC2CHistoryMessageList({ userID: me.userID, count: 10 });
    expect(pestHistory.data?.map((m) => m.textElem?.text)).toContain('not for you');
    const myHistory = await mm(me).getC2CHistoryMessageList({ userID: pest.userID, count: 10 });
    expect(myHistory.data ?? []).toEqual([]);

    await mm(me).setC2CReceiveMessageOpt({ userIDList: [pest.userID], opt: 0 });
    await pest.send(me.userID, 'now you hear me');
    await me.waitFor(() => me.texts().includes('now you hear me'), 'the message after opt 0');
    expect(me.texts().filter((text) => text === 'not for you')).toEqual([]);
  });

  it('options 2 and 3 deliver but leave the conversation out of the total unread count', async () => {
    const me = await chats.login(user('muted'));
    const peer = await chats.login(user('chatty'));
    const other = await chats.login(user('other'));
    await mm(me).setC2CReceiveMessageOpt({ userIDList: [peer.userID], opt: 2 });
    await peer.send(me.userID, 'muted one');
    await other.send(me.userID, 'counted one');
    await me.waitFor(
      () => me.texts().includes('counted one') && me.texts().includes('muted one'),
      'both messages',
    );
    const conversation = await cm(me).getConversation({ conversationID: `c2c_${peer.userID}` });
    expect(conversation.data).toMatchObject({ recvOpt: 2, unreadCount: 1 });
    expect((await cm(me).getTotalUnreadMessageCount()).data).toBe(1);
    // Back to 0: the conversation counts again.
    await mm(me).setC2CReceiveMessageOpt({ userIDList: [peer.userID], opt: 0 });
    expect((await cm(me).getTotalUnreadMessageCount()).data).toBe(2);
  });

  it('reaches the user’s other device and shows on a fresh login’s conversation list', async () => {
    const id = user('twodev');
    const web = await chats.login(id);
    const phone = await chats.login(id, 'android');
    const peer = await chats.login(user('peer'));
    await peer.send(id, 'hello');
    await phone.waitFor(() => phone.texts().includes('hello'), 'hello on the phone');
    await mm(web).setC2CReceiveMessageOpt({ userIDList: [peer.userID], opt: 3 });
    await phone.waitFor(
      () =>
        phone.events.some(
          (e) => e.name === 'onConversationChanged' && e.conversations.some((c) => c.recvOpt === 3),
        ),
      'the phone’s conversation with recvOpt 3',
    );
    expect((await cm(phone).getTotalUnreadMessageCount()).data).toBe(0);
    const fresh = await chats.login(id, 'mac');
    const list = await cm(fresh).getConversationList({ nextSeq: '0', count: 10 });
    expect(list.data?.conversationList.find((c) => c.userID === peer.userID)).toMatchObject({ recvOpt: 3 });
  });

  it('are gone with the account: a UserID registered again starts afresh', async () => {
    const id = user('reborn');
    const first = await chats.login(id);
    const peer = await chats.login(user('known'));
    await mm(first).setC2CReceiveMessageOpt({ userIDList: [peer.userID], opt: 1 });
    await mm(first).setAllReceiveMessageOpt({ opt: 2, startTimeStamp: 1, duration: 86_400 });
    await mm(peer).setC2CReceiveMessageOpt({ userIDList: [id], opt: 2 });
    expect(await t.rest('im_open_login_svc/account_delete', { DeleteItem: [{ UserID: id }] })).toMatchObject({
      ActionStatus: 'OK',
    });
    await first.close();
    const again = await chats.login(id, 'android');
    expect((await mm(again).getC2CReceiveMessageOpt({ userIDList: [peer.userID] })).data).toEqual([
      { userID: peer.userID, c2CReceiveMessageOpt: 0 },
    ]);
    expect((await mm(again).getAllReceiveMessageOpt()).data).toMatchObject({ allReceiveMessageOpt: 0 });
    expect(
      (await mm(peer).getC2CReceiveMessageOpt({ userIDList: [id] })).data?.[0]?.c2CReceiveMessageOpt,
    ).toBe(0);
  });

  it('refuses more than 30 users, unknown options and bad UserIDs', async () => {
    const me = await chats.login(user('bad'));
    const many = Array.from({ length: 31 }, (_, i) => `u${i}`);
    for (const params of [
      { userIDList: many, opt: 1 },
      { userIDList: ['a'], opt: 7 },
      { userIDList: [], opt: 1 },
      { userIDList: ['x'.repeat(33)], opt: 1 },
    ]) {
      expect(await mm(me).setC2CReceiveMessageOpt(params)).toMatchObject({
        code: ErrorCode.ERR_INVALID_PARAMETERS,
      });
    }
    expect(await mm(me).getC2CReceiveMessageOpt({ userIDList: many })).toMatchObject({
      code: ErrorCode.ERR_INVALID_PARAMETERS,
    });
  });

  it('MsgSettings bit 0 (set by REST) refuses every one-to-one message', async () => {
    const me = await chats.login(user('closed'));
    const a = await chats.login(user('knock'));
    const set = (value: number) =>
      t.rest('profile/portrait_set', {
        From_Account: me.userID,
        ProfileItem: [{ Tag: 'Tag_Profile_IM_MsgSettings', Value: value }],
      });
    expect(await set(1)).toMatchObject({ ActionStatus: 'OK' });
    await a.send(me.userID, 'refused');
    expect(await set(0)).toMatchObject({ ActionStatus: 'OK' });
    await a.send(me.userID, 'accepted');
    await me.waitFor(() => me.texts().includes('accepted'), 'the message after MsgSettings 0');
    expect(me.texts()).not.toContain('refused');
  });
});

describe('group and global receive options', () => {
  it('sets a member’s option in a group, seen in the group’s info; outsiders get 10007', async () => {
    const owner = await chats.login(user('gowner'));
    const outsider = await chats.login(user('gout'));
    const groupID = `rog${n}`;
    const gm = owner.im.v2TIMManager.getGroupManager();
    expect(await gm.createGroup({ groupType: 'Work', groupID, groupName: 'opts' })).toMatchObject({
      code: 0,
    });
    expect(await mm(owner).setGroupReceiveMessageOpt({ groupID, opt: 2 })).toMatchObject({ code: 0 });
    const info = await gm.getGroupsInfo({ groupIDList: [groupID] });
    expect(info.data?.[0]?.groupInfo).toMatchObject({ recvOpt: 2 });
    expect(await mm(outsider).setGroupReceiveMessageOpt({ groupID, opt: 2 })).toMatchObject({
      code: ErrorCode.ERR_SVR_GROUP_PERMISSION_DENY,
    });
    expect(await mm(owner).setGroupReceiveMessageOpt({ groupID, opt: 9 })).toMatchObject({
      code: ErrorCode.ERR_INVALID_PARAMETERS,
    });
    // The app's backend sets it with the original's MsgFlag.
    const modify = (Member_Account: string, MsgFlag: string) =>
      t.rest('group_open_http_svc/modify_group_member_info', { GroupId: groupID, Member_Account, MsgFlag });
    expect(await modify(owner.userID, 'Discard')).toMatchObject({ ActionStatus: 'OK' });
    expect((await gm.getGroupsInfo({ groupIDList: [groupID] })).data?.[0]?.groupInfo).toMatchObject({
      recvOpt: 1,
    });
    expect(await modify(outsider.userID, 'AcceptNotNotify')).toMatchObject({
      ErrorCode: ErrorCode.ERR_SVR_GROUP_PERMISSION_DENY,
    });
    expect(await modify(owner.userID, 'Sometimes')).toMatchObject({ ActionStatus: 'FAIL' });
  });

  it('shows a group’s option on its conversation and leaves it out of the total unread', async () => {
    const owner = await chats.login(user('gsend'));
    const member = await chats.login(user('gmem'));
    const groupID = `rogc${n}`;
    const gm = owner.im.v2TIMManager.getGroupManager();
    expect(
      await gm.createGroup({
        groupType: 'Work',
        groupID,
        groupName: 'quiet',
        memberList: [{ userID: member.userID }],
      }),
    ).toMatchObject({ code: 0 });
    const phone = await chats.login(member.userID, 'android');
    expect(await mm(member).setGroupReceiveMessageOpt({ groupID, opt: 2 })).toMatchObject({ code: 0 });
    const text = await mm(owner).createTextMessage({ text: 'quiet group' });
    expect(await mm(owner).sendMessage({ id: text.data!.id, receiver: '', groupID })).toMatchObject({
      code: 0,
    });
    for (const device of [member, phone]) {
      await device.waitFor(() => device.texts().includes('quiet group'), 'the group message');
      await device.waitFor(
        () =>
          device.events.some(
            (e) =>
              e.name === 'onConversationChanged' &&
              e.conversations.some((c) => c.groupID === groupID && c.recvOpt === 2),
          ),
        'the group conversation with recvOpt 2',
      );
    }
    const conversation = await cm(member).getConversation({ conversationID: `group_${groupID}` });
    expect(conversation.data).toMatchObject({ recvOpt: 2, unreadCount: 1 });
    expect((await cm(member).getTotalUnreadMessageCount()).data).toBe(0);
    const fresh = await chats.login(member.userID, 'mac');
    const again = await cm(fresh).getConversation({ conversationID: `group_${groupID}` });
    expect(again.data).toMatchObject({ recvOpt: 2 });
    expect((await cm(fresh).getTotalUnreadMessageCount()).data).toBe(0);
  });

  it('stores quiet hours in both forms and tells every device', async () => {
    const id = user('night');
    const web = await chats.login(id);
    const phone = await chats.login(id, 'android');
    const [webEvents, phoneEvents] = await Promise.all([userEvents(web), userEvents(phone)]);
    expect((await mm(web).getAllReceiveMessageOpt()).data).toEqual({
      allReceiveMessageOpt: 0,
      startHour: 0,
      startMinute: 0,
      startSecond: 0,
      startTimeStamp: 0,
      duration: 0,
    });
    const daily = { opt: 2, startHour: 22, startMinute: 30, startSecond: 0, duration: 8 * 3600 };
    expect(await mm(web).setAllReceiveMessageOpt(daily)).toMatchObject({ code: 0 });
    const expected = {
      allReceiveMessageOpt: 2,
      startHour: 22,
      startMinute: 30,
      startSecond: 0,
      startTimeStamp: 0,
      duration: 8 * 3600,
    };
    await phoneEvents.until(
      () => phoneEvents.allOpt.length === 1,
      'the phone’s onAllReceiveMessageOptChanged',
    );
    await webEvents.until(() => webEvents.allOpt.length === 1, 'onAllReceiveMessageOptChanged here');
    expect(phoneEvents.allOpt[0]).toEqual(expected);
    expect((await mm(phone).getAllReceiveMessageOpt()).data).toEqual(expected);

    const from = { opt: 2, startTimeStamp: 1_800_000_000, duration: 86_400 * 3 };
    expect(await mm(phone).setAllReceiveMessageOpt(from)).toMatchObject({ code: 0 });
    await webEvents.until(() => webEvents.allOpt.length === 2, 'the web device’s second event');
    expect(webEvents.allOpt[1]).toEqual({
      allReceiveMessageOpt: 2,
      startHour: 0,
      startMinute: 0,
      startSecond: 0,
      startTimeStamp: 1_800_000_000,
      duration: 86_400 * 3,
    });
    // Quiet hours only silence: options 1, 3 and 4 are not for them; hours stay in range.
    for (const params of [
      { ...daily, opt: 1 },
      { ...daily, opt: 4 },
      { ...daily, startHour: 24 },
      { opt: 2, duration: 60 },
    ]) {
      expect(await mm(web).setAllReceiveMessageOpt(params as never)).toMatchObject({
        code: ErrorCode.ERR_INVALID_PARAMETERS,
      });
    }
  });
});
