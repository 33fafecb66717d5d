/**
 * One-to-one messages with real SDK clients against a real server: sending and receiving, offline
 * recipients, multi-device echo, history, read receipts, recall, edit, delete, clear, online-only
 * messages and the 12 KB limit.
 */
import { ErrorCode, V2TimElemType, V2TimHistoryMessageGetType, V2TimMessageStatus } from '@parley/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chatClients } from './support/chat.js';
import { startTestServer, type TestServer } from './support/harness.js';

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
const login = (userID: string, platform?: 'web' | 'android' | 'mac') => chats.login(userID, platform);

describe('sending and receiving', () => {
  it('delivers a text message with the V2TIM fields, once, to the receiver only', async () => {
    const [alice, bob] = [await login(user('alice')), await login(user('bob'))];
    const sent = await alice.send(bob.userID, 'hello bob', { cloudCustomData: '{"reply":1}' });
    expect(sent).toMatchObject({
      sender: alice.userID,
      userID: bob.userID,
      isSelf: true,
      status: V2TimMessageStatus.V2TIM_MSG_STATUS_SEND_SUCC,
      elemType: V2TimElemType.V2TIM_ELEM_TYPE_TEXT,
      textElem: { text: 'hello bob' },
      cloudCustomData: '{"reply":1}',
      seq: 1,
    });
    await bob.waitFor(() => bob.received().length === 1, 'the message');
    const [got] = bob.received();
    expect(got).toMatchObject({
      msgID: sent.msgID,
      timestamp: sent.timestamp,
      random: sent.random,
      sender: alice.userID,
      userID: alice.userID,
      isSelf: false,
      isRead: false,
      status: V2TimMessageStatus.V2TIM_MSG_STATUS_SEND_SUCC,
      textElem: { text: 'hello bob' },
      cloudCustomData: '{"reply":1}',
    });
    expect(Math.abs((got?.timestamp ?? 0) - Date.now() / 1000)).toBeLessThan(5);
    // The sending instance does not hear its own message as new.
    expect(alice.count('onRecvNewMessage')).toBe(0);
  });

  it('delivers a custom message', async () => {
    const [alice, bob] = [await login(user('alice')), await login(user('bob'))];
    const mm = alice.im.v2TIMManager.getMessageManager();
    const created = await mm.createCustomMessage({ data: '{"type":"card"}', desc: 'a card', extension: 'x' });
    const sent = await mm.sendMessage({ id: created.data!.id, receiver: bob.userID, groupID: '' });
    expect(sent.code).toBe(0);
    await bob.waitFor(() => bob.received().length === 1, 'the custom message');
    expect(bob.received()[0]).toMatchObject({
      elemType: V2TimElemType.V2TIM_ELEM_TYPE_CUSTOM,
      customElem: { data: '{"type":"card"}', desc: 'a card', extension: 'x' },
    });
  });

  it("echoes a message to the sender's other devices, and only there", async () => {
    const alice = user('alice');
    const phone = await login(alice, 'android');
    const laptop = await login(alice, 'mac');
    const bob = await login(user('bob'));
    const sent = await phone.send(bob.userID, 'from the phone');
    await laptop.waitFor(() => laptop.received().length === 1, 'the echo');
    expect(laptop.received()[0]).toMatchObject({ msgID: sent.msgID, isSelf: true, userID: bob.userID });
    await bob.waitFor(() => bob.received().length === 1, "bob's copy");
    expect(phone.count('onRecvNewMessage')).toBe(0);
  });

  it('keeps messages for an offline recipient and delivers them in order at login', async () => {
    const alice = await login(user('alice'));
    const bobID = user('bob');
    await t.importAccounts(bobID);
    for (const text of ['one', 'two', 'three']) await alice.send(bobID, text);
    const bob = await login(bobID);
    expect(bob.texts()).toEqual(['one', 'two', 'three']);
    // Pulled during the post-login sync, between its start and finish callbacks.
    const names = bob.events.map((e) => e.name);
    expect(names.indexOf('onSyncServerStart')).toBeLessThan(names.indexOf('onRecvNewMessage'));
    expect(names.lastIndexOf('onRecvNewMessage')).toBeLessThan(names.indexOf('onSyncServerFinish'));
    const conversation = await bob.im.v2TIMManager
      .getConversationManager()
      .getConversation({ conversationID: `c2c_${alice.userID}` });
    expect(conversation.data).toMatchObject({ unreadCount: 3, lastMessage: { textElem: { text: 'three' } } });
  });

  it('stores a resent message (same id) once', async () => {
    const [alice, bob] = [await login(user('alice')), await login(user('bob'))];
    const mm = alice.im.v2TIMManager.getMessageManager();
    const created = await mm.createTextMessage({ text: 'only once' });
    const first = await mm.sendMessage({ id: created.data!.id, receiver: bob.userID, groupID: '' });
    const again = await mm.sendMessage({ id: created.data!.id, receiver: bob.userID, groupID: '' });
    expect(again.data?.msgID).toBe(first.data?.msgID);
    expect(again.data?.seq).toBe(first.data?.seq);
    await bob.waitFor(() => bob.received().length === 1, 'the message');
    const history = await bob.im.v2TIMManager
      .getMessageManager()
      .getC2CHistoryMessageList({ userID: alice.userID, count: 20 });
    expect(history.data).toHaveLength(1);
  });

  it('refuses a body over 12 KB with 80002 and marks the message failed', async () => {
    const [alice, bob] = [await login(user('alice')), user('bob')];
    await t.importAccounts(bob);
    const mm = alice.im.v2TIMManager.getMessageManager();
    const ok = await mm.createTextMessage({ text: 'é'.repeat(6 * 1024) });
    expect((await mm.sendMessage({ id: ok.data!.id, receiver: bob, groupID: '' })).code).toBe(0);
    const big = await mm.createTextMessage({ text: `${'é'.repeat(6 * 1024)}!` });
    const refused = await mm.sendMessage({ id: big.data!.id, receiver: bob, groupID: '' });
    expect(refused.code).toBe(ErrorCode.ERR_SVR_COMM_BODY_SIZE_LIMIT);
    const [failed] = (await mm.findMessages({ messageIDList: [big.data!.id] })).data ?? [];
    expect(failed?.status).toBe(V2TimMessageStatus.V2TIM_MSG_STATUS_SEND_FAIL);
  });

  it('delivers an online-only message to connected users only, and keeps no trace of it', async () => {
    const [alice, bob] = [await login(user('alice')), await login(user('bob'))];
    await alice.send(bob.userID, 'typing…', { onlineUserOnly: true });
    await bob.waitFor(() => bob.received().length === 1, 'the online message');
    expect(bob.received()[0]).toMatchObject({ isOnlineUserOnly: true, textElem: { text: 'typing…' } });
    const carol = user('carol');
    await t.importAccounts(carol);
    await alice.send(carol, 'typing…', { onlineUserOnly: true });
    const late = await login(carol);
    expect(late.received()).toEqual([]);
    const history = await bob.im.v2TIMManager
      .getMessageManager()
      .getC2CHistoryMessageList({ userID: alice.userID, count: 20 });
    expect(history.data).toEqual([]);
  });

  it('does not count a message excluded from unread', async () => {
    const [alice, bob] = [await login(user('alice')), await login(user('bob'))];
    await alice.send(bob.userID, 'quiet', { isExcludedFromUnreadCount: true });
    await alice.send(bob.userID, 'loud');
    await bob.waitFor(() => bob.received().length === 2, 'both messages');
    const cm = bob.im.v2TIMManager.getConversationManager();
    expect((await cm.getConversation({ conversationID: `c2c_${alice.userID}` })).data?.unreadCount).toBe(1);
    expect((await cm.getTotalUnreadMessageCount()).data).toBe(1);
  });
});

describe('history', () => {
  it('pages newest first by the last message, and newer pages oldest first', async () => {
    const [alice, bob] = [await login(user('alice')), await login(user('bob'))];
    for (let i = 1; i <= 5; i++) await alice.send(bob.userID, `m${i}`);
    const mm = bob.im.v2TIMManager.getMessageManager();
    const first = await mm.getC2CHistoryMessageList({ userID: alice.userID, count: 2 });
    expect(first.data?.map((m) => m.textElem?.text)).toEqual(['m5', 'm4']);
    const second = await mm.getC2CHistoryMessageList({
      userID: alice.userID,
      count: 2,
      lastMsgID: first.data?.[1]?.msgID,
    });
    expect(second.data?.map((m) => m.textElem?.text)).toEqual(['m3', 'm2']);
    const newer = await mm.getHistoryMessageList({
      getType: V2TimHistoryMessageGetType.V2TIM_GET_CLOUD_NEWER_MSG,
      userID: alice.userID,
      count: 10,
      lastMsgID: second.data?.[1]?.msgID,
    });
    expect(newer.data?.map((m) => m.textElem?.text)).toEqual(['m3', 'm4', 'm5']);
    // The sender sees the same history, as its own messages.
    const own = await alice.im.v2TIMManager
      .getMessageManager()
      .getC2CHistoryMessageList({ userID: bob.userID, count: 10 });
    expect(own.data?.map((m) => [m.textElem?.text, m.isSelf])).toEqual([
      ['m5', true],
      ['m4', true],
      ['m3', true],
      ['m2', true],
      ['m1', true],
    ]);
  });

  it('answers from the local cache when not logged in', async () => {
    const [alice, bob] = [await login(user('alice')), await login(user('bob'))];
    await alice.send(bob.userID, 'kept');
    await bob.waitFor(() => bob.received().length === 1, 'the message');
    await bob.im.v2TIMManager.logout();
    const mm = bob.im.v2TIMManager.getMessageManager();
    const local = await mm.getHistoryMessageList({ userID: alice.userID, count: 10 });
    expect(local).toMatchObject({ code: 0, data: [{ textElem: { text: 'kept' } }] });
    const list = await bob.im.v2TIMManager
      .getConversationManager()
      .getConversationList({ nextSeq: '0', count: 10 });
    expect(list.data?.conversationList.map((c) => c.conversationID)).toEqual([`c2c_${alice.userID}`]);
    expect((await mm.markC2CMessageAsRead({ userID: alice.userID })).code).toBe(
      ErrorCode.ERR_SDK_NOT_LOGGED_IN,
    );
  });
});

describe('read receipts', () => {
  it('clears unread on every device of the reader and shows isPeerRead to the sender', async () => {
    const alice = await login(user('alice'));
    const bobID = user('bob');
    const [bobPhone, bobLaptop] = [await login(bobID, 'android'), await login(bobID, 'mac')];
    await alice.send(bobID, 'read me');
    await bobLaptop.waitFor(() => bobLaptop.received().length === 1, 'the message on the laptop');
    const before = await alice.im.v2TIMManager
      .getMessageManager()
      .getC2CHistoryMessageList({ userID: bobID, count: 1 });
    expect(before.data?.[0]?.isPeerRead).toBe(false);

    expect(
      (await bobPhone.im.v2TIMManager.getMessageManager().markC2CMessageAsRead({ userID: alice.userID }))
        .code,
    ).toBe(0);

    await alice.waitFor(() => alice.count('onRecvC2CReadReceipt') === 1, 'the receipt');
    const receipt = alice.events.find((e) => e.name === 'onRecvC2CReadReceipt');
    expect(receipt).toMatchObject({ receipts: [{ userID: bobID, isPeerRead: true }] });
    const after = await alice.im.v2TIMManager
      .getMessageManager()
      .getC2CHistoryMessageList({ userID: bobID, count: 1 });
    expect(after.data?.[0]?.isPeerRead).toBe(true);

    const laptopConversations = bobLaptop.im.v2TIMManager.getConversationManager();
    await bobLaptop.waitFor(
      () => bobLaptop.events.some((e) => e.name === 'onTotalUnreadMessageCountChanged' && e.total === 0),
      'unread 0 on the laptop',
    );
    expect(
      (await laptopConversations.getConversation({ conversationID: `c2c_${alice.userID}` })).data,
    ).toMatchObject({
      unreadCount: 0,
    });
    const history = await bobLaptop.im.v2TIMManager
      .getMessageManager()
      .getC2CHistoryMessageList({ userID: alice.userID, count: 1 });
    expect(history.data?.[0]?.isRead).toBe(true);
  });
});

describe('recall, edit, delete and clear', () => {
  it('recalls a message for both parties, leaving a placeholder in history', async () => {
    const [alice, bob] = [await login(user('alice')), await login(user('bob'))];
    const sent = await alice.send(bob.userID, 'oops');
    await bob.waitFor(() => bob.received().length === 1, 'the message');
    const mm = alice.im.v2TIMManager.getMessageManager();
    expect((await mm.revokeMessage({ msgID: sent.msgID, reason: 'typo' })).code).toBe(0);
    await bob.waitFor(() => bob.count('onRecvMessageRevoked') === 1, 'the recall');
    expect(bob.events.find((e) => e.name === 'onRecvMessageRevoked')).toMatchObject({
      msgID: sent.msgID,
      operateUser: alice.userID,
      reason: 'typo',
    });
    const history = await bob.im.v2TIMManager
      .getMessageManager()
      .getC2CHistoryMessageList({ userID: alice.userID, count: 5 });
    expect(history.data?.[0]).toMatchObject({
      msgID: sent.msgID,
      status: V2TimMessageStatus.V2TIM_MSG_STATUS_LOCAL_REVOKED,
      revokerInfo: { userID: alice.userID },
    });
    // Only the sender may recall a one-to-one message.
    const theirs = await alice.send(bob.userID, 'mine');
    const byBob = await bob.im.v2TIMManager.getMessageManager().revokeMessage({ msgID: theirs.msgID });
    expect(byBob.code).toBe(ErrorCode.ERR_INVALID_PARAMETERS);
  });

  it('edits a message for both parties and refuses an edit of an older version with 2480', async () => {
    const [alice, bob] = [await login(user('alice')), await login(user('bob'))];
    const sent = await alice.send(bob.userID, 'helo');
    await bob.waitFor(() => bob.received().length === 1, 'the message');
    const mm = alice.im.v2TIMManager.getMessageManager();
    const edited = await mm.modifyMessage({ message: { ...sent, textElem: { text: 'hello' } } });
    expect(edited).toMatchObject({ code: 0, data: { message: { textElem: { text: 'hello' }, version: 1 } } });
    await bob.waitFor(() => bob.count('onRecvMessageModified') === 1, 'the edit');
    expect(bob.events.find((e) => e.name === 'onRecvMessageModified')).toMatchObject({
      message: { msgID: sent.msgID, textElem: { text: 'hello' } },
    });
    // Bob edits the version he received first; Alice's stale copy then conflicts.
    const stale = await mm.modifyMessage({ message: { ...sent, textElem: { text: 'hullo' } } });
    expect(stale).toMatchObject({
      code: ErrorCode.ERR_SDK_MSG_MODIFY_CONFLICT,
      data: { message: { textElem: { text: 'hello' }, version: 1 } },
    });
  });

  it("deletes messages for the user only, on all the user's devices", async () => {
    const [alice, bob] = [await login(user('alice')), await login(user('bob'))];
    const keep = await alice.send(bob.userID, 'keep');
    const drop = await alice.send(bob.userID, 'drop');
    const mm = alice.im.v2TIMManager.getMessageManager();
    expect((await mm.deleteMessages({ msgIDs: [drop.msgID] })).code).toBe(0);
    const mine = await mm.getC2CHistoryMessageList({ userID: bob.userID, count: 10 });
    expect(mine.data?.map((m) => m.msgID)).toEqual([keep.msgID]);
    const theirs = await bob.im.v2TIMManager
      .getMessageManager()
      .getC2CHistoryMessageList({ userID: alice.userID, count: 10 });
    expect(theirs.data?.map((m) => m.msgID)).toEqual([drop.msgID, keep.msgID]);
    const conversation = await alice.im.v2TIMManager
      .getConversationManager()
      .getConversation({ conversationID: `c2c_${bob.userID}` });
    await alice.waitFor(() => alice.count('onConversationChanged') > 0, 'the conversation change');
    expect(conversation.data?.lastMessage?.msgID).toBe(keep.msgID);
  });

  it('clears the history but keeps the conversation', async () => {
    const [alice, bob] = [await login(user('alice')), await login(user('bob'))];
    await alice.send(bob.userID, 'one');
    await alice.send(bob.userID, 'two');
    await bob.waitFor(() => bob.received().length === 2, 'both');
    const mm = bob.im.v2TIMManager.getMessageManager();
    expect((await mm.clearC2CHistoryMessage({ userID: alice.userID })).code).toBe(0);
    expect((await mm.getC2CHistoryMessageList({ userID: alice.userID, count: 10 })).data).toEqual([]);
    const cm = bob.im.v2TIMManager.getConversationManager();
    await bob.waitFor(
      () => bob.events.some((e) => e.name === 'onTotalUnreadMessageCountChanged' && e.total === 0),
      'unread 0',
    );
    const conversation = await cm.getConversation({ conversationID: `c2c_${alice.userID}` });
    expect(conversation.data).toMatchObject({ unreadCount: 0 });
    expect(conversation.data?.lastMessage).toBeUndefined();
  });
});
