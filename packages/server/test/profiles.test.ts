/**
 * User profiles with real SDK clients (im-features §4.1): get/set with the limits and declared
 * custom keys, search, subscriptions with `onUserInfoChanged`, `onSelfInfoUpdated` on the user's
 * devices, the sender's profile on messages and the peer's on conversations, the `profile` REST
 * endpoints and `Profile.CallbackPortraitSet`.
 */
import { ErrorCode } from '@parley/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CallbackReceiver, startCallbackReceiver } from './support/callback-receiver.js';
import { chatClients } from './support/chat.js';
import { startTestServer, type TestServer } from './support/harness.js';
import { userEvents } from './support/users.js';

let receiver: CallbackReceiver;
let t: TestServer;
const chats = chatClients(() => t);

beforeAll(async () => {
  receiver = await startCallbackReceiver();
  t = await startTestServer({
    app: { profileCustomKeys: ['Hobby', 'City'], callbackUrl: receiver.url },
  });
});
afterAll(async () => {
  await chats.closeAll();
  await t.stop();
  await receiver.close();
});

const waitForPost: CallbackReceiver['waitForPost'] = (check) => receiver.waitForPost(check);

let n = 0;
const user = (name: string) => `${name}${++n}`;

describe('profiles', () => {
  it('stores every field, reads them back, and tells the user’s devices', async () => {
    const id = user('ann');
    const web = await chats.login(id);
    const phone = await chats.login(id, 'android');
    const [webEvents, phoneEvents] = await Promise.all([userEvents(web), userEvents(phone)]);
    const info = {
      nickName: 'Ann',
      faceUrl: 'https://img.example/ann.png',
      selfSignature: 'hello',
      gender: 2,
      birthday: 19900102,
      level: 3,
      role: 7,
      allowType: 0,
      customInfo: { Hobby: 'chess' },
    };
    expect(await web.im.v2TIMManager.setSelfInfo({ userFullInfo: info })).toMatchObject({ code: 0 });
    const got = await web.im.v2TIMManager.getUsersInfo({ userIDList: [id, 'nobody-here'] });
    expect(got).toMatchObject({ code: 0, data: [{ userID: id, ...info }] });
    expect(got.data).toHaveLength(1);
    await phoneEvents.until(() => phoneEvents.self.length === 1, 'the other device’s onSelfInfoUpdated');
    await webEvents.until(() => webEvents.self.length === 1, 'onSelfInfoUpdated on the device that set it');
    expect(phoneEvents.self[0]).toEqual({ userID: id, ...info });
    expect(webEvents.self[0]).toEqual({ userID: id, ...info });

    // A partial change keeps the rest, custom keys merge, '' removes one.
    await web.im.v2TIMManager.setSelfInfo({
      userFullInfo: { nickName: 'Annie', customInfo: { City: 'Oslo' } },
    });
    await web.im.v2TIMManager.setSelfInfo({ userFullInfo: { customInfo: { Hobby: '' } } });
    const after = await phone.im.v2TIMManager.getUsersInfo({ userIDList: [id] });
    expect(after.data?.[0]).toMatchObject({
      nickName: 'Annie',
      selfSignature: 'hello',
      customInfo: { City: 'Oslo' },
    });
    await phoneEvents.until(() => phoneEvents.self.length === 3, 'three updates on the other device');
  });

  it('keeps both of two devices’ concurrent changes of different custom keys', async () => {
    const id = user('both');
    const web = await chats.login(id);
    const phone = await chats.login(id, 'android');
    for (let round = 0; round < 5; round++) {
      const [a, b] = await Promise.all([
        web.im.v2TIMManager.setSelfInfo({ userFullInfo: { customInfo: { Hobby: `h${round}` } } }),
        phone.im.v2TIMManager.setSelfInfo({ userFullInfo: { customInfo: { City: `c${round}` } } }),
      ]);
      expect([a.code, b.code]).toEqual([0, 0]);
      const got = await web.im.v2TIMManager.getUsersInfo({ userIDList: [id] });
      expect(got.data?.[0]?.customInfo).toEqual({ Hobby: `h${round}`, City: `c${round}` });
    }
  });

  it('refuses long values, undeclared custom keys and malformed fields', async () => {
    const c = await chats.login(user('limits'));
    const set = (userFullInfo: Record<string, unknown>) => c.im.v2TIMManager.setSelfInfo({ userFullInfo });
    expect(await set({ nickName: 'x'.repeat(501) })).toMatchObject({
      code: ErrorCode.ERR_PROFILE_VALUE_TOO_LONG,
    });
    expect(await set({ nickName: 'é'.repeat(251) })).toMatchObject({
      code: ErrorCode.ERR_PROFILE_VALUE_TOO_LONG,
    });
    expect(await set({ nickName: 'x'.repeat(500) })).toMatchObject({ code: 0 });
    expect(await set({ customInfo: { Pet: 'cat' } })).toMatchObject({
      code: ErrorCode.ERR_PROFILE_UNKNOWN_TAG,
    });
    expect(await set({ customInfo: { Hobby: 'y'.repeat(501) } })).toMatchObject({
      code: ErrorCode.ERR_PROFILE_VALUE_TOO_LONG,
    });
    expect(await set({ gender: 5 })).toMatchObject({ code: ErrorCode.ERR_INVALID_PARAMETERS });
    expect(await set({ level: -1 })).toMatchObject({ code: ErrorCode.ERR_INVALID_PARAMETERS });
    expect(await set({ unknownField: 1 })).toMatchObject({ code: ErrorCode.ERR_INVALID_PARAMETERS });
    const tooMany = Array.from({ length: 101 }, (_, i) => `u${i}`);
    expect(await c.im.v2TIMManager.getUsersInfo({ userIDList: tooMany })).toMatchObject({
      code: ErrorCode.ERR_INVALID_PARAMETERS,
    });
    expect((await c.im.v2TIMManager.getUsersInfo({ userIDList: [c.userID] })).data?.[0]?.nickName).toBe(
      'x'.repeat(500),
    );
  });

  it('searches UserIDs and nicknames, with AND/OR, gender and pages', async () => {
    const tag = `srch${Date.now() % 100000}`;
    const ids = [`${tag}a`, `${tag}b`, `${tag}c`];
    const clients = await Promise.all(ids.map((id) => chats.login(id)));
    await clients[0]!.im.v2TIMManager.setSelfInfo({ userFullInfo: { nickName: 'Blue Whale', gender: 1 } });
    await clients[1]!.im.v2TIMManager.setSelfInfo({ userFullInfo: { nickName: 'blue fish', gender: 2 } });
    await clients[2]!.im.v2TIMManager.setSelfInfo({ userFullInfo: { nickName: 'Red Fox', gender: 2 } });
    const search = (searchParam: Record<string, unknown>) =>
      clients[0]!.im.v2TIMManager.searchUsers({ searchParam: searchParam as never });

    const blue = await search({ keywordList: [tag, 'BLUE'] });
    expect(blue.data?.userList.map((u) => u.userID)).toEqual([ids[0], ids[1]]);
    const either = await search({ keywordList: [`${tag}c`, 'whale'], keywordListMatchType: 1 });
    expect(either.data?.userList.map((u) => u.userID)).toEqual([ids[0], ids[2]]);
    const women = await search({ keywordList: [tag], userGender: 2 });
    expect(women.data?.userList.map((u) => u.userID)).toEqual([ids[1], ids[2]]);

    const first = await search({ keywordList: [tag], searchCount: 2 });
    expect(first.data).toMatchObject({ totalCount: 3, isFinished: false });
    expect(first.data?.userList.map((u) => u.userID)).toEqual([ids[0], ids[1]]);
    const second = await search({
      keywordList: [tag],
      searchCount: 2,
      searchCursor: first.data!.searchCursor,
    });
    expect(second.data).toMatchObject({ isFinished: true, searchCursor: '' });
    expect(second.data?.userList.map((u) => u.userID)).toEqual([ids[2]]);
    expect(await search({ keywordList: [] })).toMatchObject({ code: ErrorCode.ERR_INVALID_PARAMETERS });
    expect(await search({ keywordList: ['a', 'b', 'c', 'd', 'e', 'f'] })).toMatchObject({
      code: ErrorCode.ERR_INVALID_PARAMETERS,
    });
  });

  it('pushes changes to subscribers only, until they unsubscribe', async () => {
    const target = await chats.login(user('star'));
    const targetPhone = await chats.login(target.userID, 'android');
    const fan = await chats.login(user('fan'));
    const late = await chats.login(user('late'));
    const [fanEvents, lateEvents, phoneEvents] = await Promise.all([
      userEvents(fan),
      userEvents(late),
      userEvents(targetPhone),
    ]);
    expect(await fan.im.v2TIMManager.subscribeUserInfo({ userIDList: [target.userID] })).toMatchObject({
      code: 0,
    });
    const setNick = (nickName: string) => target.im.v2TIMManager.setSelfInfo({ userFullInfo: { nickName } });

    await setNick('one');
    await fanEvents.until(() => fanEvents.changed.length === 1, 'the subscriber’s onUserInfoChanged');
    expect(fanEvents.changed[0]).toMatchObject({ userID: target.userID, nickName: 'one' });

    // `late` subscribes only now: the next change is the first it hears of.
    await late.im.v2TIMManager.subscribeUserInfo({ userIDList: [target.userID] });
    await fan.im.v2TIMManager.unsubscribeUserInfo({ userIDList: [target.userID] });
    await setNick('two');
    await lateEvents.until(() => lateEvents.changed.length === 1, 'the late subscriber’s event');
    expect(lateEvents.changed.map((u) => u.nickName)).toEqual(['two']);

    // The fan re-subscribes: its next event is the third change, never the second.
    await fan.im.v2TIMManager.subscribeUserInfo({ userIDList: [target.userID] });
    await setNick('three');
    await fanEvents.until(() => fanEvents.changed.length === 2, 'the re-subscribed fan’s event');
    expect(fanEvents.changed.map((u) => u.nickName)).toEqual(['one', 'three']);

    // Unsubscribing from everyone ends every subscription.
    await fan.im.v2TIMManager.unsubscribeUserInfo();
    await late.im.v2TIMManager.unsubscribeUserInfo({ userIDList: [] });
    await fan.im.v2TIMManager.subscribeUserInfo({ userIDList: [user('someone')] });
    await setNick('four');
    // The target's other device hears of it after the subscribers were read: nobody is subscribed.
    await phoneEvents.until(
      () => phoneEvents.self.some((u) => u.nickName === 'four'),
      'the target’s own event',
    );
    await late.im.v2TIMManager.subscribeUserInfo({ userIDList: [target.userID] });
    await fan.im.v2TIMManager.subscribeUserInfo({ userIDList: [target.userID] });
    await setNick('five');
    await fanEvents.until(() => fanEvents.changed.length === 3, 'the fan’s event after re-subscribing');
    await lateEvents.until(() => lateEvents.changed.length === 3, 'late’s event after re-subscribing');
    expect(fanEvents.changed.map((u) => u.nickName)).toEqual(['one', 'three', 'five']);
    expect(lateEvents.changed.map((u) => u.nickName)).toEqual(['two', 'three', 'five']);
  });

  it('keeps at most 200 subscriptions, evicting the oldest', async () => {
    const target = await chats.login(user('old'));
    const fan = await chats.login(user('crowd'));
    const fanEvents = await userEvents(fan);
    await fan.im.v2TIMManager.subscribeUserInfo({ userIDList: [target.userID] });
    const others = Array.from({ length: 200 }, (_, i) => `${fan.userID}-x${i}`);
    expect(await fan.im.v2TIMManager.subscribeUserInfo({ userIDList: others })).toMatchObject({ code: 0 });
    await target.im.v2TIMManager.setSelfInfo({ userFullInfo: { nickName: 'evicted' } });
    await fan.im.v2TIMManager.subscribeUserInfo({ userIDList: [target.userID] });
    await target.im.v2TIMManager.setSelfInfo({ userFullInfo: { nickName: 'back' } });
    await fanEvents.until(() => fanEvents.changed.length === 1, 'the event after re-subscribing');
    expect(fanEvents.changed.map((u) => u.nickName)).toEqual(['back']);
    expect(
      await fan.im.v2TIMManager.subscribeUserInfo({ userIDList: [...others, 'one-more'] }),
    ).toMatchObject({ code: ErrorCode.ERR_INVALID_PARAMETERS });
  });

  it('puts the sender’s nickname and avatar on messages and the peer’s on conversations', async () => {
    const alice = await chats.login(user('alice'));
    const bob = await chats.login(user('bob'));
    await alice.im.v2TIMManager.setSelfInfo({
      userFullInfo: { nickName: 'Alice A.', faceUrl: 'https://img.example/a.png' },
    });
    await bob.im.v2TIMManager.setSelfInfo({ userFullInfo: { nickName: 'Bob B.' } });
    await alice.send(bob.userID, 'hi bob');
    await bob.waitFor(() => bob.texts().includes('hi bob'), 'hi bob');
    expect(bob.received().at(-1)).toMatchObject({
      nickName: 'Alice A.',
      faceUrl: 'https://img.example/a.png',
    });

    const bobList = await bob.im.v2TIMManager
      .getConversationManager()
      .getConversationList({ nextSeq: '0', count: 10 });
    expect(bobList.data?.conversationList.find((c) => c.userID === alice.userID)).toMatchObject({
      showName: 'Alice A.',
      faceUrl: 'https://img.example/a.png',
    });
    const aliceConversation = await alice.im.v2TIMManager
      .getConversationManager()
      .getConversation({ conversationID: `c2c_${bob.userID}` });
    expect(aliceConversation.data).toMatchObject({ showName: 'Bob B.' });

    // Group messages carry the sender's profile too.
    const groupID = `pg${n}`;
    const created = await alice.im.v2TIMManager.getGroupManager().createGroup({
      groupType: 'Work',
      groupID,
      groupName: 'profiles',
      memberList: [{ userID: bob.userID }],
    });
    expect(created.code).toBe(0);
    const mm = alice.im.v2TIMManager.getMessageManager();
    const text = await mm.createTextMessage({ text: 'to the group' });
    expect(await mm.sendMessage({ id: text.data!.id, receiver: '', groupID })).toMatchObject({ code: 0 });
    await bob.waitFor(() => bob.texts().includes('to the group'), 'the group message');
    expect(bob.received().at(-1)).toMatchObject({ groupID, nickName: 'Alice A.' });

    // A new device reads both back from the server (sync and history) with the sender's profile.
    const bobPhone = await chats.login(bob.userID, 'android');
    const pm = bobPhone.im.v2TIMManager.getMessageManager();
    const c2c = await pm.getC2CHistoryMessageList({ userID: alice.userID, count: 10 });
    expect(c2c.data?.find((m) => m.textElem?.text === 'hi bob')).toMatchObject({
      nickName: 'Alice A.',
      faceUrl: 'https://img.example/a.png',
    });
    const group = await pm.getGroupHistoryMessageList({ groupID, count: 10 });
    expect(group.data?.find((m) => m.textElem?.text === 'to the group')).toMatchObject({
      nickName: 'Alice A.',
    });
  });
});

describe('profile REST and callback', () => {
  it('portrait_set changes a profile as the admin, tells the user’s devices and reports it', async () => {
    const id = user('rest');
    const device = await chats.login(id);
    const events = await userEvents(device);
    const set = await t.rest('profile/portrait_set', {
      From_Account: id,
      ProfileItem: [
        { Tag: 'Tag_Profile_IM_Nick', Value: 'From REST' },
        { Tag: 'Tag_Profile_IM_Gender', Value: 'Gender_Type_Female' },
        { Tag: 'Tag_Profile_IM_AllowType', Value: 'AllowType_Type_DenyAny' },
        { Tag: 'Tag_Profile_IM_BirthDay', Value: 20000101 },
        { Tag: 'Tag_Profile_Custom_City', Value: 'Rome' },
      ],
    });
    expect(set).toMatchObject({ ActionStatus: 'OK', ErrorCode: 0 });
    await events.until(() => events.self.length === 1, 'onSelfInfoUpdated after portrait_set');
    expect(events.self[0]).toMatchObject({
      nickName: 'From REST',
      gender: 2,
      allowType: 2,
      birthday: 20000101,
      customInfo: { City: 'Rome' },
    });
    const callback = await waitForPost(
      (p) => p.command === 'Profile.CallbackPortraitSet' && p.body.From_Account === id,
    );
    expect(callback.body).toMatchObject({
      CallbackCommand: 'Profile.CallbackPortraitSet',
      Operator_Account: 'administrator',
      From_Account: id,
      ProfileItem: expect.arrayContaining([
        { Tag: 'Tag_Profile_IM_Nick', Value: 'From REST' },
        { Tag: 'Tag_Profile_IM_Gender', Value: 'Gender_Type_Female' },
        { Tag: 'Tag_Profile_Custom_City', Value: 'Rome' },
      ]),
    });

    const got = await t.rest('profile/portrait_get', {
      To_Account: [id, 'no-such-user'],
      TagList: [
        'Tag_Profile_IM_Nick',
        'Tag_Profile_IM_Gender',
        'Tag_Profile_IM_AllowType',
        'Tag_Profile_Custom_City',
      ],
    });
    expect(got).toMatchObject({
      ActionStatus: 'OK',
      UserProfileItem: [
        {
          To_Account: id,
          ResultCode: 0,
          ProfileItem: [
            { Tag: 'Tag_Profile_IM_Nick', Value: 'From REST' },
            { Tag: 'Tag_Profile_IM_Gender', Value: 'Gender_Type_Female' },
            { Tag: 'Tag_Profile_IM_AllowType', Value: 'AllowType_Type_DenyAny' },
            { Tag: 'Tag_Profile_Custom_City', Value: 'Rome' },
          ],
        },
        { To_Account: 'no-such-user', ResultCode: ErrorCode.ERR_ACCOUNT_NOT_FOUND },
      ],
      Fail_Account: ['no-such-user'],
    });
  });

  it('reports an SDK change with the user as operator, and refuses bad REST items', async () => {
    const c = await chats.login(user('cb'));
    await c.im.v2TIMManager.setSelfInfo({ userFullInfo: { selfSignature: 'sig', level: 4 } });
    const callback = await waitForPost(
      (p) => p.command === 'Profile.CallbackPortraitSet' && p.body.From_Account === c.userID,
    );
    expect(callback.body).toMatchObject({
      Operator_Account: c.userID,
      ProfileItem: [
        { Tag: 'Tag_Profile_IM_SelfSignature', Value: 'sig' },
        { Tag: 'Tag_Profile_IM_Level', Value: 4 },
      ],
    });
    const item = (Tag: string, Value: unknown) => ({ From_Account: c.userID, ProfileItem: [{ Tag, Value }] });
    expect(await t.rest('profile/portrait_set', item('Tag_Profile_IM_Whatever', 1))).toMatchObject({
      ErrorCode: ErrorCode.ERR_PROFILE_UNKNOWN_TAG,
    });
    expect(await t.rest('profile/portrait_set', item('Tag_Profile_Custom_Pet', 'cat'))).toMatchObject({
      ErrorCode: ErrorCode.ERR_PROFILE_UNKNOWN_TAG,
    });
    expect(
      await t.rest('profile/portrait_set', item('Tag_Profile_IM_Gender', 'Gender_Type_Robot')),
    ).toMatchObject({
      ErrorCode: ErrorCode.ERR_INVALID_PARAMS,
    });
    expect(await t.rest('profile/portrait_set', item('Tag_Profile_IM_Nick', 'n'.repeat(501)))).toMatchObject({
      ErrorCode: ErrorCode.ERR_PROFILE_VALUE_TOO_LONG,
    });
    expect(
      await t.rest('profile/portrait_set', {
        From_Account: 'never-seen',
        ProfileItem: [{ Tag: 'Tag_Profile_IM_Nick', Value: 'x' }],
      }),
    ).toMatchObject({ ErrorCode: ErrorCode.ERR_ACCOUNT_NOT_FOUND });
    expect(await t.rest('profile/portrait_get', { To_Account: [] })).toMatchObject({ ActionStatus: 'FAIL' });
  });
});
