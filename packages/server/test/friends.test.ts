/**
 * Friends and the blocklist with real SDK clients (docs/friends.md): requests under each
 * verification setting, answers seen on every device, lists, remarks, checks, deletes, friend
 * groups, the blocklist's effect on messages and requests, and the friends-only setting.
 */
import { ErrorCode, FriendAllowType } from '@parley/protocol';
import type { V2TimFriendInfo } from '@parley/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FriendClient, friendClients } from './support/friend-clients.js';
import { startTestServer, type TestServer } from './support/harness.js';

let t: TestServer;
const clients = friendClients(() => t);

beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => {
  await clients.closeAll();
  await t.stop();
});

let n = 0;
const user = (name: string) => `${name}${++n}`;
const ids = (list: unknown) => (list as V2TimFriendInfo[]).map((f) => f.userID);

async function allow(userID: string, allowType: number): Promise<void> {
  await t.server.storage.friends.setAllowType(t.sdkAppID, userID, allowType);
}

async function setApp(settings: { c2cFriendsOnly?: boolean; revealBlocked?: boolean }): Promise<void> {
  await t.server.storage.apps.update(t.sdkAppID, settings);
  t.server.apps.invalidate(t.sdkAppID);
}

/** Makes `a` and `b` friends both ways (b accepts anyone for the moment). */
async function befriend(a: FriendClient, b: FriendClient): Promise<void> {
  await allow(b.userID, FriendAllowType.ALLOW_ANY);
  const added = await a.friends.addFriend({ userID: b.userID, addType: 2 });
  expect(added.data).toMatchObject({ resultCode: 0 });
  await allow(b.userID, FriendAllowType.NEED_CONFIRM);
}

async function sendText(from: FriendClient, to: string, text: string) {
  const mm = from.chat.im.v2TIMManager.getMessageManager();
  const created = await mm.createTextMessage({ text });
  return mm.sendMessage({ id: created.data!.id, receiver: to, groupID: '' });
}

describe('friend requests', () => {
  it('need confirm (the default): 30539, the request on every device of both, accepted on one device and seen on the other', async () => {
    const alice = await clients.login(user('alice'));
    const bobPhone = await clients.login(user('bob'), 'android');
    const bobWeb = await clients.login(bobPhone.userID, 'web');

    const added = await alice.friends.addFriend({
      userID: bobPhone.userID,
      addWording: 'hi, it is Alice',
      addSource: 'search',
      remark: 'Bobby',
    });
    expect(added).toMatchObject({ code: 0, data: { userID: bobPhone.userID, resultCode: 30539 } });
    const incoming = await bobWeb.waitFor('onFriendApplicationListAdded');
    expect(incoming.args[0]).toEqual([
      expect.objectContaining({
        userID: alice.userID,
        type: 1,
        addWording: 'hi, it is Alice',
        addSource: 'AddSource_Type_search',
      }),
    ]);
    await bobPhone.waitFor('onFriendApplicationListAdded');
    const outgoing = await alice.waitFor('onFriendApplicationListAdded');
    expect(outgoing.args[0]).toEqual([expect.objectContaining({ userID: bobPhone.userID, type: 2 })]);

    const list = await bobPhone.friends.getFriendApplicationList();
    expect(list.data).toMatchObject({
      unreadCount: 1,
      friendApplicationList: [{ userID: alice.userID, type: 1 }],
    });
    expect((await bobPhone.friends.setFriendApplicationRead()).code).toBe(0);
    await bobWeb.waitFor('onFriendApplicationListRead');
    expect((await bobWeb.friends.getFriendApplicationList()).data?.unreadCount).toBe(0);

    const accepted = await bobPhone.friends.acceptFriendApplication({
      userID: alice.userID,
      responseType: 1,
    });
    expect(accepted).toMatchObject({ code: 0, data: { resultCode: 0 } });
    // The other device of the one who accepted sees the new friend and the request gone.
    const onWeb = await bobWeb.waitFor('onFriendListAdded');
    expect(ids(onWeb.args[0])).toEqual([alice.userID]);
    await bobWeb.waitFor('onFriendApplicationListDeleted', (c) =>
      (c.args[0] as string[]).includes(alice.userID),
    );
    const onAlice = await alice.waitFor('onFriendListAdded');
    expect(onAlice.args[0]).toEqual([
      expect.objectContaining({ userID: bobPhone.userID, friendRemark: 'Bobby' }),
    ]);

    const check = await alice.friends.checkFriend({ userIDList: [bobPhone.userID], checkType: 2 });
    expect(check.data).toEqual([{ userID: bobPhone.userID, resultCode: 0, resultInfo: '', resultType: 3 }]);
    expect(ids((await bobWeb.friends.getFriendList()).data)).toEqual([alice.userID]);
    expect((await bobWeb.friends.getFriendApplicationList()).data?.friendApplicationList).toEqual([]);
  });

  it('AGREE makes it one-way (the requester has me); refusing and deleting requests tell both sides', async () => {
    const carol = await clients.login(user('carol'));
    const dave = await clients.login(user('dave'));
    expect((await carol.friends.addFriend({ userID: dave.userID })).data?.resultCode).toBe(30539);
    await dave.waitFor('onFriendApplicationListAdded');
    expect((await dave.friends.acceptFriendApplication({ userID: carol.userID, responseType: 0 })).code).toBe(
      0,
    );
    await carol.waitFor('onFriendListAdded');
    const fromDave = await dave.friends.checkFriend({ userIDList: [carol.userID] });
    expect(fromDave.data?.[0]?.resultType).toBe(2);

    const erin = await clients.login(user('erin'));
    expect((await erin.friends.addFriend({ userID: dave.userID })).data?.resultCode).toBe(30539);
    await dave.waitFor('onFriendApplicationListAdded', (c) =>
      (c.args[0] as { userID: string }[]).some((a) => a.userID === erin.userID),
    );
    expect((await dave.friends.refuseFriendApplication({ userID: erin.userID })).code).toBe(0);
    await erin.waitFor('onFriendApplicationListDeleted', (c) =>
      (c.args[0] as string[]).includes(dave.userID),
    );
    expect((await erin.friends.getFriendList()).data).toEqual([]);
    expect((await dave.friends.refuseFriendApplication({ userID: erin.userID })).code).toBe(
      ErrorCode.ERR_SVR_FRIENDSHIP_INVALID_PARAMETERS,
    );

    // A request I sent, withdrawn from my list (type 2).
    expect((await erin.friends.addFriend({ userID: dave.userID })).data?.resultCode).toBe(30539);
    expect((await erin.friends.deleteFriendApplication({ userID: dave.userID, type: 2 })).code).toBe(0);
    expect(
      (await dave.friends.getFriendApplicationList()).data?.friendApplicationList.map((a) => a.userID),
    ).toEqual([]);
  });

  it('allow any adds at once (SINGLE: only the requester), deny any refuses (30516)', async () => {
    const frank = await clients.login(user('frank'));
    const gina = await clients.login(user('gina'));
    await allow(gina.userID, FriendAllowType.ALLOW_ANY);
    const added = await frank.friends.addFriend({ userID: gina.userID, addType: 1, friendGroup: 'work' });
    expect(added.data?.resultCode).toBe(0);
    const seen = await frank.waitFor('onFriendListAdded');
    expect(seen.args[0]).toEqual([expect.objectContaining({ userID: gina.userID, friendGroups: ['work'] })]);
    expect((await gina.friends.getFriendList()).data).toEqual([]);
    expect(
      (await gina.friends.checkFriend({ userIDList: [frank.userID], checkType: 1 })).data?.[0]?.resultType,
    ).toBe(0);
    expect((await frank.friends.addFriend({ userID: gina.userID, addType: 1 })).data?.resultCode).toBe(
      ErrorCode.ERR_SVR_FRIENDSHIP_INVALID_PARAMETERS,
    );

    // Gina has Frank's side of nothing; someone who has me already needs no asking.
    await allow(frank.userID, FriendAllowType.NEED_CONFIRM);
    expect((await gina.friends.addFriend({ userID: frank.userID })).data?.resultCode).toBe(0);

    const hank = await clients.login(user('hank'));
    await allow(hank.userID, FriendAllowType.DENY_ANY);
    expect((await frank.friends.addFriend({ userID: hank.userID })).data?.resultCode).toBe(
      ErrorCode.ERR_SVR_FRIENDSHIP_ALLOW_TYPE_DENY_ANY,
    );
    expect((await frank.friends.addFriend({ userID: 'nobody-here' })).data?.resultCode).toBe(
      ErrorCode.ERR_SVR_FRIENDSHIP_ACCOUNT_NOT_FOUND,
    );
    expect((await frank.friends.addFriend({ userID: frank.userID })).data?.resultCode).toBe(
      ErrorCode.ERR_SVR_FRIENDSHIP_INVALID_PARAMETERS,
    );
    expect((await frank.friends.addFriend({ userID: gina.userID, remark: 'x'.repeat(97) })).code).toBe(
      ErrorCode.ERR_SVR_FRIENDSHIP_INVALID_PARAMETERS,
    );
    expect((await frank.friends.addFriend({ userID: 42 } as never)).code).toBe(
      ErrorCode.ERR_INVALID_PARAMETERS,
    );
  });
  it('adding someone who asked me first makes us friends at once and clears the request', async () => {
    const xena = await clients.login(user('xena'));
    const yuri = await clients.login(user('yuri'));
    expect((await xena.friends.addFriend({ userID: yuri.userID })).data?.resultCode).toBe(30539);
    await yuri.waitFor('onFriendApplicationListAdded');
    expect((await yuri.friends.addFriend({ userID: xena.userID })).data?.resultCode).toBe(0);
    await xena.waitFor('onFriendListAdded');
    await xena.waitFor('onFriendApplicationListDeleted', (c) =>
      (c.args[0] as string[]).includes(yuri.userID),
    );
    expect((await xena.friends.checkFriend({ userIDList: [yuri.userID] })).data?.[0]?.resultType).toBe(3);
    expect((await yuri.friends.getFriendApplicationList()).data?.friendApplicationList).toEqual([]);
  });
});

describe('listeners', () => {
  it('removeFriendListener stops one listener; the others still hear', async () => {
    const zoe = await clients.login(user('zoe'));
    const heard: string[] = [];
    const extra = { onFriendApplicationListRead: () => heard.push('extra') };
    const friends = zoe.friends;
    expect((await friends.addFriendListener(extra)).code).toBe(0);
    expect((await friends.removeFriendListener(extra)).code).toBe(0);
    expect((await friends.setFriendApplicationRead()).code).toBe(0);
    await zoe.waitFor('onFriendApplicationListRead');
    expect(heard).toEqual([]);
    expect((await friends.addFriendListener({ listener: 42 } as never)).code).toBe(
      ErrorCode.ERR_INVALID_PARAMETERS,
    );
  });
});

describe('friend lists', () => {
  it('remark and custom fields reach my other devices; getFriendsInfo tells relations; deletes one-way and both ways', async () => {
    const ivy = await clients.login(user('ivy'));
    const ivyPad = await clients.login(ivy.userID, 'ipad');
    const jack = await clients.login(user('jack'));
    const kim = await clients.login(user('kim'));
    await befriend(ivy, jack);
    await befriend(ivy, kim);

    const set = await ivy.friends.setFriendInfo({
      userID: jack.userID,
      friendRemark: 'Jacky',
      friendCustomInfo: { Tag_SNS_Custom_City: 'Lyon', Mood: 'ok' },
    });
    expect(set.code).toBe(0);
    const changed = await ivyPad.waitFor('onFriendInfoChanged');
    expect(changed.args[0]).toEqual([
      expect.objectContaining({
        userID: jack.userID,
        friendRemark: 'Jacky',
        friendCustomInfo: { City: 'Lyon', Mood: 'ok' },
      }),
    ]);
    expect(
      (await ivy.friends.setFriendInfo({ userID: jack.userID, friendCustomInfo: { 'bad-key': 'x' } })).code,
    ).toBe(ErrorCode.ERR_SVR_FRIENDSHIP_INVALID_PARAMETERS);
    expect((await ivy.friends.setFriendInfo({ userID: 'stranger', friendRemark: 'x' })).code).toBe(
      ErrorCode.ERR_SVR_FRIENDSHIP_INVALID_PARAMETERS,
    );

    const info = await ivy.friends.getFriendsInfo({ userIDList: [jack.userID, 'stranger'] });
    expect(info.data).toEqual([
      expect.objectContaining({
        userID: jack.userID,
        relation: 3,
        friendInfo: expect.objectContaining({ friendRemark: 'Jacky' }),
      }),
      { userID: 'stranger', resultCode: 0, resultInfo: '', relation: 0 },
    ]);

    // One-way: only my list changes.
    const single = await ivy.friends.deleteFromFriendList({ userIDList: [jack.userID], deleteType: 1 });
    expect(single.data).toEqual([{ userID: jack.userID, resultCode: 0, resultInfo: '' }]);
    await ivyPad.waitFor('onFriendListDeleted', (c) => (c.args[0] as string[]).includes(jack.userID));
    expect((await jack.friends.checkFriend({ userIDList: [ivy.userID] })).data?.[0]?.resultType).toBe(1);

    // Both ways: the peer hears of it.
    expect((await ivy.friends.deleteFromFriendList({ userIDList: [kim.userID] })).data?.[0]?.resultCode).toBe(
      0,
    );
    await kim.waitFor('onFriendListDeleted', (c) => (c.args[0] as string[]).includes(ivy.userID));
    expect((await kim.friends.getFriendList()).data).toEqual([]);
    expect((await ivy.friends.deleteFromFriendList({ userIDList: [kim.userID] })).data?.[0]?.resultCode).toBe(
      ErrorCode.ERR_SVR_FRIENDSHIP_INVALID_PARAMETERS,
    );
  });

  it('friend groups: create, list, rename, add, remove, delete, with events on my other device; at most 32', async () => {
    const leo = await clients.login(user('leo'));
    const leoPad = await clients.login(leo.userID, 'ipad');
    const mia = await clients.login(user('mia'));
    const ned = await clients.login(user('ned'));
    await befriend(leo, mia);
    await befriend(leo, ned);

    const created = await leo.friends.createFriendGroup({
      groupName: 'family',
      userIDList: [mia.userID, 'stranger'],
    });
    expect(created.data).toEqual([
      { userID: mia.userID, resultCode: 0, resultInfo: '' },
      {
        userID: 'stranger',
        resultCode: ErrorCode.ERR_SVR_FRIENDSHIP_INVALID_PARAMETERS,
        resultInfo: 'not a friend',
      },
    ]);
    const createdEvent = await leoPad.waitFor('onFriendGroupCreated');
    expect(createdEvent.args[0]).toBe('family');
    expect(ids(createdEvent.args[1])).toEqual([mia.userID]);
    expect((await leo.friends.createFriendGroup({ groupName: 'family' })).code).toBe(
      ErrorCode.ERR_SVR_FRIENDSHIP_INVALID_PARAMETERS,
    );

    expect(
      (await leo.friends.addFriendsToFriendGroup({ groupName: 'family', userIDList: [ned.userID] })).code,
    ).toBe(0);
    const addedEvent = await leoPad.waitFor('onFriendsAddedToGroup');
    expect(ids(addedEvent.args[1])).toEqual([ned.userID]);
    expect((await leo.friends.getFriendGroups()).data).toEqual([
      { groupName: 'family', userCount: 2, friendList: [mia.userID, ned.userID] },
    ]);

    expect((await leo.friends.renameFriendGroup({ oldName: 'family', newName: 'kin' })).code).toBe(0);
    const renamed = await leoPad.waitFor('onFriendGroupNameChanged');
    expect(renamed.args).toEqual(['family', 'kin']);
    expect(
      (await leo.friends.getFriendsInfo({ userIDList: [mia.userID] })).data?.[0]?.friendInfo?.friendGroups,
    ).toEqual(['kin']);

    expect(
      (await leo.friends.deleteFriendsFromFriendGroup({ groupName: 'kin', userIDList: [mia.userID] })).code,
    ).toBe(0);
    const removed = await leoPad.waitFor('onFriendsDeletedFromGroup');
    expect(removed.args).toEqual(['kin', [mia.userID]]);
    expect((await leo.friends.getFriendGroups({ groupNameList: ['kin'] })).data?.[0]?.friendList).toEqual([
      ned.userID,
    ]);

    expect((await leo.friends.deleteFriendGroup({ groupNameList: ['kin'] })).code).toBe(0);
    expect((await leoPad.waitFor('onFriendGroupDeleted')).args[0]).toEqual(['kin']);
    expect((await leo.friends.getFriendGroups()).data).toEqual([]);
    expect(
      (await leo.friends.getFriendsInfo({ userIDList: [ned.userID] })).data?.[0]?.friendInfo?.friendGroups,
    ).toEqual([]);
    expect(
      (await leo.friends.addFriendsToFriendGroup({ groupName: 'kin', userIDList: [ned.userID] })).code,
    ).toBe(ErrorCode.ERR_SVR_FRIENDSHIP_INVALID_PARAMETERS);

    for (let i = 0; i < 32; i++)
      expect((await leo.friends.createFriendGroup({ groupName: `g${i}` })).code).toBe(0);
    expect((await leo.friends.createFriendGroup({ groupName: 'one too many' })).code).toBe(
      ErrorCode.ERR_SVR_FRIENDSHIP_GROUP_COUNT_LIMIT,
    );
    expect((await leo.friends.createFriendGroup({ groupName: 'x'.repeat(31) })).code).toBe(
      ErrorCode.ERR_SVR_FRIENDSHIP_INVALID_PARAMETERS,
    );
  });
});

describe('blocklist', () => {
  it('blocking: my other device hears, the friendship ends both ways, requests are refused either way', async () => {
    const olga = await clients.login(user('olga'));
    const olgaPad = await clients.login(olga.userID, 'ipad');
    const pete = await clients.login(user('pete'));
    await befriend(olga, pete);

    const blocked = await olga.friends.addToBlackList({ userIDList: [pete.userID, 'nobody-here'] });
    expect(blocked.data).toEqual([
      { userID: pete.userID, resultCode: 0, resultInfo: '' },
      {
        userID: 'nobody-here',
        resultCode: ErrorCode.ERR_SVR_FRIENDSHIP_ACCOUNT_NOT_FOUND,
        resultInfo: expect.any(String),
      },
    ]);
    expect(ids((await olgaPad.waitFor('onBlackListAdded')).args[0])).toEqual([pete.userID]);
    await olgaPad.waitFor('onFriendListDeleted', (c) => (c.args[0] as string[]).includes(pete.userID));
    await pete.waitFor('onFriendListDeleted', (c) => (c.args[0] as string[]).includes(olga.userID));
    expect((await pete.friends.getFriendList()).data).toEqual([]);
    expect(ids((await olgaPad.friends.getBlackList()).data)).toEqual([pete.userID]);
    expect((await olga.friends.addToBlackList({ userIDList: [pete.userID] })).data?.[0]?.resultCode).toBe(
      ErrorCode.ERR_SVR_FRIENDSHIP_INVALID_PARAMETERS,
    );

    await allow(olga.userID, FriendAllowType.ALLOW_ANY);
    expect((await pete.friends.addFriend({ userID: olga.userID })).data?.resultCode).toBe(
      ErrorCode.ERR_SVR_FRIENDSHIP_IN_PEER_BLACKLIST,
    );
    expect((await olga.friends.addFriend({ userID: pete.userID })).data?.resultCode).toBe(
      ErrorCode.ERR_SVR_FRIENDSHIP_IN_SELF_BLACKLIST,
    );

    expect(
      (await olga.friends.deleteFromBlackList({ userIDList: [pete.userID] })).data?.[0]?.resultCode,
    ).toBe(0);
    expect((await olgaPad.waitFor('onBlackListDeleted')).args[0]).toEqual([pete.userID]);
    expect((await olga.friends.getBlackList()).data).toEqual([]);
    expect((await pete.friends.addFriend({ userID: olga.userID })).data?.resultCode).toBe(0);
  });

  it('a blocked sender gets 20007 and the blocker sees nothing, stored or live', async () => {
    const quinn = await clients.login(user('quinn'));
    const rex = await clients.login(user('rex'));
    expect((await quinn.friends.addToBlackList({ userIDList: [rex.userID] })).code).toBe(0);
    const refused = await sendText(rex, quinn.userID, 'secret');
    expect(refused.code).toBe(ErrorCode.ERR_SVR_MSG_IN_PEER_BLACKLIST);
    expect((await quinn.friends.deleteFromBlackList({ userIDList: [rex.userID] })).code).toBe(0);
    // Rex's later message arrives; the one sent while blocked never does (same sender, in order).
    expect((await sendText(rex, quinn.userID, 'marker')).code).toBe(0);
    await quinn.chat.waitFor(() => quinn.chat.texts().includes('marker'), 'the marker');
    expect(quinn.chat.texts()).toEqual(['marker']);
    const history = await quinn.chat.im.v2TIMManager
      .getMessageManager()
      .getC2CHistoryMessageList({ userID: rex.userID, count: 20 });
    expect(history.data?.map((m) => m.textElem?.text)).toEqual(['marker']);
  });

  it('with revealBlocked off the blocked sender sees an ordinary send, and the blocker still sees nothing', async () => {
    const sam = await clients.login(user('sam'));
    const tess = await clients.login(user('tess'));
    expect((await sam.friends.addToBlackList({ userIDList: [tess.userID] })).code).toBe(0);
    await setApp({ revealBlocked: false });
    try {
      const sent = await sendText(tess, sam.userID, 'secret');
      expect(sent.code).toBe(0);
      expect(sent.data?.textElem?.text).toBe('secret');
    } finally {
      await setApp({ revealBlocked: true });
    }
    expect((await sam.friends.deleteFromBlackList({ userIDList: [tess.userID] })).code).toBe(0);
    expect((await sendText(tess, sam.userID, 'marker')).code).toBe(0);
    await sam.chat.waitFor(() => sam.chat.texts().includes('marker'), 'the marker');
    expect(sam.chat.texts()).toEqual(['marker']);
  });
});

describe('friends-only messaging', () => {
  it('when on: 20009 between strangers, 20010 when only the sender has the receiver, friends send', async () => {
    const uma = await clients.login(user('uma'));
    const vic = await clients.login(user('vic'));
    const walt = await clients.login(user('walt'));
    await allow(vic.userID, FriendAllowType.ALLOW_ANY);
    expect((await uma.friends.addFriend({ userID: vic.userID, addType: 1 })).data?.resultCode).toBe(0);
    await befriend(uma, walt);
    expect((await sendText(uma, vic.userID, 'before')).code).toBe(0);
    await setApp({ c2cFriendsOnly: true });
    try {
      expect((await sendText(vic, walt.userID, 'stranger')).code).toBe(ErrorCode.ERR_SVR_MSG_BOTH_NOT_FRIEND);
      expect((await sendText(uma, vic.userID, 'one-way')).code).toBe(ErrorCode.ERR_SVR_MSG_NOT_PEER_FRIEND);
      expect((await sendText(uma, walt.userID, 'friends')).code).toBe(0);
      await walt.chat.waitFor(() => walt.chat.texts().includes('friends'), 'the friends message');
    } finally {
      await setApp({ c2cFriendsOnly: false });
    }
    expect((await sendText(vic, walt.userID, 'anyone again')).code).toBe(0);
  });
});

describe('friends’ profile changes', () => {
  it('reach everyone who lists the user, on every device, with their own entry and the new profile', async () => {
    const star = await clients.login(user('star'));
    const fanPhone = await clients.login(user('fan'), 'android');
    const fanWeb = await clients.login(fanPhone.userID, 'web');
    await befriend(fanPhone, star);
    expect(
      (await fanPhone.friends.setFriendInfo({ userID: star.userID, friendRemark: 'My Star' })).code,
    ).toBe(0);

    expect(
      (await star.chat.im.v2TIMManager.setSelfInfo({ userFullInfo: { nickName: 'Shining', faceUrl: 'f1' } }))
        .code,
    ).toBe(0);
    for (const device of [fanPhone, fanWeb]) {
      const heard = await device.waitFor('onFriendProfileChanged');
      expect(heard.args[0]).toEqual([
        expect.objectContaining({
          userID: star.userID,
          friendRemark: 'My Star',
          userProfile: expect.objectContaining({ userID: star.userID, nickName: 'Shining', faceUrl: 'f1' }),
        }),
      ]);
    }

    // The app's backend changes the profile: the friend hears that too.
    const set = await t.rest('profile/portrait_set', {
      From_Account: star.userID,
      ProfileItem: [{ Tag: 'Tag_Profile_IM_SelfSignature', Value: 'by REST' }],
    });
    expect(set).toMatchObject({ ActionStatus: 'OK' });
    const second = await fanWeb.waitFor(
      'onFriendProfileChanged',
      (c) => (c.args[0] as V2TimFriendInfo[])[0]?.userProfile?.selfSignature === 'by REST',
    );
    expect((second.args[0] as V2TimFriendInfo[])[0]?.userProfile).toMatchObject({ nickName: 'Shining' });

    // Friend lists read afterwards carry the profile too.
    const list = (await fanPhone.friends.getFriendList()).data as V2TimFriendInfo[];
    expect(list.find((f) => f.userID === star.userID)?.userProfile).toMatchObject({
      nickName: 'Shining',
      selfSignature: 'by REST',
    });
    const info = await fanPhone.friends.getFriendsInfo({ userIDList: [star.userID] });
    expect(info.data?.[0]?.friendInfo?.userProfile).toMatchObject({ nickName: 'Shining', faceUrl: 'f1' });

    // The star lists the fan too, but is not told of its own change.
    expect(star.seen('onFriendProfileChanged')).toEqual([]);
    expect(fanWeb.seen('onFriendProfileChanged')).toHaveLength(2);
  });
});

describe('account_delete', () => {
  it('removes the account’s friends, groups, requests, blocks, status subscriptions and custom status, and others’ about it', async () => {
    const goneID = user('gone');
    const gone = await clients.login(goneID);
    const [pal, foe, hater, asked, asker, watched, watcher] = await Promise.all(
      ['pal', 'foe', 'hater', 'asked', 'asker', 'watched', 'watcher'].map((name) =>
        clients.login(user(name)),
      ),
    );
    await befriend(gone, pal!);
    expect((await gone.friends.createFriendGroup({ groupName: 'old', userIDList: [pal!.userID] })).code).toBe(
      0,
    );
    expect((await gone.friends.addToBlackList({ userIDList: [foe!.userID] })).code).toBe(0);
    expect((await hater!.friends.addToBlackList({ userIDList: [goneID] })).code).toBe(0);
    expect((await gone.friends.addFriend({ userID: asked!.userID })).data?.resultCode).toBe(30539);
    expect((await asker!.friends.addFriend({ userID: goneID })).data?.resultCode).toBe(30539);
    const status = (c: FriendClient) => c.chat.im.v2TIMManager;
    expect((await status(gone).subscribeUserStatus({ userIDList: [watched!.userID] })).code).toBe(0);
    expect((await status(watcher!).subscribeUserStatus({ userIDList: [goneID] })).code).toBe(0);
    expect((await status(gone).setSelfStatus({ status: { customStatus: 'leaving' } })).code).toBe(0);
    // The send path now holds the hater's blocklist, which names the account.
    expect((await sendText(gone, hater!.userID, 'let me in')).code).toBe(
      ErrorCode.ERR_SVR_MSG_IN_PEER_BLACKLIST,
    );

    expect(
      await t.rest('im_open_login_svc/account_delete', { DeleteItem: [{ UserID: goneID }] }),
    ).toMatchObject({
      ActionStatus: 'OK',
    });
    const { storage } = t.server;
    expect(await storage.presence.subscriptionsOf(t.sdkAppID, goneID)).toEqual([]);
    expect(await storage.presence.subscribersOf(t.sdkAppID, goneID)).toEqual([]);
    expect(await storage.presence.customStatuses(t.sdkAppID, [goneID])).toEqual(new Map());

    // The others no longer hold it anywhere.
    expect(ids((await pal!.friends.getFriendList()).data)).toEqual([]);
    expect((await hater!.friends.getBlackList()).data).toEqual([]);
    expect((await asked!.friends.getFriendApplicationList()).data?.friendApplicationList).toEqual([]);
    expect((await asker!.friends.getFriendApplicationList()).data?.friendApplicationList).toEqual([]);

    // Registered again, the UserID starts afresh, and the hater's old block no longer stops it.
    const again = await clients.login(goneID, 'android');
    expect((await again.friends.getFriendList()).data).toEqual([]);
    expect((await again.friends.getFriendGroups()).data).toEqual([]);
    expect((await again.friends.getBlackList()).data).toEqual([]);
    expect((await again.friends.getFriendApplicationList()).data?.friendApplicationList).toEqual([]);
    expect((await status(again).getUserStatus({ userIDList: [goneID] })).data?.[0]).toMatchObject({
      customStatus: '',
    });
    expect((await sendText(again, hater!.userID, 'hello again')).code).toBe(0);
  });
});
