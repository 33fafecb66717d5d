/**
 * Conversations with real SDK clients: the list (pinned first, then last activity, paged), single
 * conversations, unread counts across devices, pin, draft, delete, and the listener events.
 */
import { ErrorCode } from '@parley/sdk';
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

const ids = (list: { conversationID: string }[] | undefined) => list?.map((c) => c.conversationID);

describe('the conversation list', () => {
  it('orders pinned conversations first, then by last activity, and pages by nextSeq', async () => {
    const me = await login(user('me'));
    const [a, b, c] = [user('a'), user('b'), user('c')];
    await t.importAccounts(a, b, c);
    for (const peer of [a, b, c]) await me.send(peer, `hi ${peer}`);
    const cm = me.im.v2TIMManager.getConversationManager();
    // The list follows the echo of each send, which may reach the SDK just after the send's reply.
    await expect
      .poll(
        async () => (await cm.getConversationList({ nextSeq: '0', count: 10 })).data?.conversationList.length,
      )
      .toBe(3);
    const all = await cm.getConversationList({ nextSeq: '0', count: 10 });
    expect(ids(all.data?.conversationList)).toEqual([`c2c_${c}`, `c2c_${b}`, `c2c_${a}`]);

    expect((await cm.pinConversation({ conversationID: `c2c_${a}`, isPinned: true })).code).toBe(0);
    const first = await cm.getConversationList({ nextSeq: '0', count: 2 });
    expect(first.data).toMatchObject({ isFinished: false, nextSeq: '2' });
    expect(ids(first.data?.conversationList)).toEqual([`c2c_${a}`, `c2c_${c}`]);
    expect(first.data?.conversationList[0]).toMatchObject({ isPinned: true });
    const rest = await cm.getConversationList({ nextSeq: '2', count: 2 });
    expect(rest.data).toMatchObject({ isFinished: true, nextSeq: '0' });
    expect(ids(rest.data?.conversationList)).toEqual([`c2c_${b}`]);

    // New activity moves an unpinned conversation to the top of the unpinned ones.
    await me.send(b, 'again');
    await expect
      .poll(async () =>
        ids((await cm.getConversationList({ nextSeq: '0', count: 10 })).data?.conversationList),
      )
      .toEqual([`c2c_${a}`, `c2c_${b}`, `c2c_${c}`]);
  });

  it('announces new conversations and the total unread count, and serves a fresh device from the server', async () => {
    const bobID = user('bob');
    const bob = await login(bobID, 'android');
    const alice = await login(user('alice'));
    await alice.send(bobID, 'one');
    await alice.send(bobID, 'two');
    await bob.waitFor(
      () => bob.events.some((e) => e.name === 'onTotalUnreadMessageCountChanged' && e.total === 2),
      'total unread 2',
    );
    expect(bob.events.find((e) => e.name === 'onNewConversation')).toMatchObject({
      conversations: [{ conversationID: `c2c_${alice.userID}`, unreadCount: 1 }],
    });
    expect(bob.count('onConversationChanged')).toBeGreaterThan(0);

    // A device that logs in later gets the list, counts and last messages from the server.
    const laptop = await login(bobID, 'mac');
    const cm = laptop.im.v2TIMManager.getConversationManager();
    expect((await cm.getTotalUnreadMessageCount()).data).toBe(2);
    const conversation = await cm.getConversation({ conversationID: `c2c_${alice.userID}` });
    expect(conversation.data).toMatchObject({
      type: 1,
      userID: alice.userID,
      unreadCount: 2,
      lastMessage: { textElem: { text: 'two' }, isSelf: false },
    });
    expect(laptop.events.find((e) => e.name === 'onNewConversation')).toBeDefined();
  });

  it('answers getConversation for an unknown peer with a blank conversation, and refuses bad IDs', async () => {
    const me = await login(user('me'));
    const cm = me.im.v2TIMManager.getConversationManager();
    expect((await cm.getConversation({ conversationID: 'c2c_nobody' })).data).toMatchObject({
      conversationID: 'c2c_nobody',
      unreadCount: 0,
    });
    expect((await cm.getConversation({ conversationID: 'nope' })).code).toBe(
      ErrorCode.ERR_INVALID_PARAMETERS,
    );
    // A group the user is not in yet: a blank group conversation, as for an unknown peer.
    expect((await cm.getConversation({ conversationID: 'group_x' })).data).toMatchObject({
      conversationID: 'group_x',
      groupID: 'x',
      unreadCount: 0,
    });
  });
});

describe('changes on one device reach the others', () => {
  it('pin, draft and delete', async () => {
    const meID = user('me');
    const [phone, laptop] = [await login(meID, 'android'), await login(meID, 'mac')];
    const peer = user('peer');
    await t.importAccounts(peer);
    await phone.send(peer, 'hello');
    await laptop.waitFor(() => laptop.received().length === 1, 'the echo');
    const conversationID = `c2c_${peer}`;
    const phoneCM = phone.im.v2TIMManager.getConversationManager();
    const laptopCM = laptop.im.v2TIMManager.getConversationManager();

    expect((await phoneCM.pinConversation({ conversationID, isPinned: true })).code).toBe(0);
    await laptop.waitFor(
      () =>
        laptop.events.some(
          (e) => e.name === 'onConversationChanged' && e.conversations.some((c) => c.isPinned === true),
        ),
      'the pin on the laptop',
    );

    expect((await phoneCM.setConversationDraft({ conversationID, draftText: 'half a thought' })).code).toBe(
      0,
    );
    await laptop.waitFor(
      () =>
        laptop.events.some(
          (e) =>
            e.name === 'onConversationChanged' &&
            e.conversations.some((c) => c.draftText === 'half a thought'),
        ),
      'the draft on the laptop',
    );
    expect((await laptopCM.getConversation({ conversationID })).data).toMatchObject({
      isPinned: true,
      draftText: 'half a thought',
    });

    expect((await phoneCM.deleteConversation({ conversationID })).code).toBe(0);
    expect(
      ids((await phoneCM.getConversationList({ nextSeq: '0', count: 10 })).data?.conversationList),
    ).toEqual([]);
    await laptop.waitFor(() => laptop.count('onConversationDeleted') === 1, 'the deletion on the laptop');
    expect(
      ids((await laptopCM.getConversationList({ nextSeq: '0', count: 10 })).data?.conversationList),
    ).toEqual([]);
    const history = await laptop.im.v2TIMManager
      .getMessageManager()
      .getC2CHistoryMessageList({ userID: peer, count: 10 });
    expect(history.data).toEqual([]);

    // A new message brings the conversation back.
    await phone.send(peer, 'back');
    await laptop.waitFor(() => laptop.count('onNewConversation') >= 2, 'the conversation back on the laptop');
  });

  it('needs a login for changes, but not for reading the cached list', async () => {
    const me = await login(user('me'));
    const peer = user('peer');
    await t.importAccounts(peer);
    await me.send(peer, 'x');
    // The conversation arrives with the send's echo, which may follow the send's reply.
    await me.waitFor(() => me.count('onNewConversation') > 0, 'the new conversation');
    await me.im.v2TIMManager.logout();
    const cm = me.im.v2TIMManager.getConversationManager();
    expect((await cm.getConversationList({ nextSeq: '0', count: 10 })).data?.conversationList).toHaveLength(
      1,
    );
    expect((await cm.getTotalUnreadMessageCount()).code).toBe(0);
    expect((await cm.pinConversation({ conversationID: 'c2c_x', isPinned: true })).code).toBe(
      ErrorCode.ERR_SDK_NOT_LOGGED_IN,
    );
  });
});
