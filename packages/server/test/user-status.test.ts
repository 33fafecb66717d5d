/**
 * User status with real clients (im-features §4.2, docs/users.md "Presence"): subscriptions and the
 * `onUserStatusChanged` they bring, `getUserStatus`, the custom status, the 200-subscription limit
 * with the oldest evicted, unsubscribing, and that nobody hears of a user it did not subscribe to.
 * Absence is always shown against a later event that did arrive (a positive control), never a sleep.
 */
import { ErrorCode, STATUS_LIMITS } from '@parley/protocol';
import { V2TimUserStatusType } from '@parley/sdk';
import { describe, expect, it } from 'vitest';
import type { ChatClient } from './support/chat.js';
import { groupTestbed } from './support/group-chat.js';
import { connectRaw } from './support/raw-client.js';
import { watchStatus } from './support/status.js';

const t = groupTestbed();
const {
  V2TIM_USER_STATUS_ONLINE: ONLINE,
  V2TIM_USER_STATUS_OFFLINE: OFFLINE,
  V2TIM_USER_STATUS_UNLOGINED: UNLOGINED,
} = V2TimUserStatusType;

const manager = (client: ChatClient) => client.im.v2TIMManager;

async function subscribe(client: ChatClient, userIDList: string[]): Promise<void> {
  expect(await manager(client).subscribeUserStatus({ userIDList })).toMatchObject({ code: 0 });
}

describe('subscribeUserStatus and onUserStatusChanged', () => {
  it('tells a subscriber when the peer logs in, sets a custom status and logs out', async () => {
    const [watcherID, peerID] = [t.user('watcher'), t.user('peer')];
    const watcher = await t.login(watcherID);
    const watch = await watchStatus(watcher.im);
    await subscribe(watcher, [peerID]);

    const peer = await t.login(peerID);
    expect(await watch.nth(peerID, 1)).toEqual({
      userID: peerID,
      statusType: ONLINE,
      customStatus: '',
      onlineDevices: ['Web'],
    });

    expect(await manager(peer).setSelfStatus({ status: { customStatus: 'in a meeting ☕' } })).toMatchObject({
      code: 0,
    });
    expect(await watch.nth(peerID, 2)).toMatchObject({ statusType: ONLINE, customStatus: 'in a meeting ☕' });

    expect(await manager(peer).logout()).toMatchObject({ code: 0 });
    expect(await watch.nth(peerID, 3)).toEqual({
      userID: peerID,
      statusType: UNLOGINED,
      customStatus: 'in a meeting ☕',
      onlineDevices: [],
    });
  });

  it('says offline (2) for a push-reachable phone that lost its connection, not logged in (3) once kicked', async () => {
    const [watcherID, peerID] = [t.user('watcher'), t.user('phone')];
    const watcher = await t.login(watcherID);
    const watch = await watchStatus(watcher.im);
    await subscribe(watcher, [peerID]);
    const raw = await connectRaw(t.server.wsUrl);
    const login = await raw.request('login', {
      sdkAppID: t.server.sdkAppID,
      userID: peerID,
      userSig: t.server.ticket(peerID),
      platform: 'android',
      instanceID: `${peerID}-phone`,
    });
    expect(login.code).toBe(0);
    expect((await raw.request('setOfflinePushConfig', { businessID: 7, token: 'fcm' })).code).toBe(0);
    expect(await watch.nth(peerID, 1)).toMatchObject({ statusType: ONLINE, onlineDevices: ['Android'] });

    raw.socket.terminate();
    expect(await watch.nth(peerID, 2)).toMatchObject({ statusType: OFFLINE, onlineDevices: [] });
    expect((await t.server.rest('im_open_login_svc/kick', { UserID: peerID })).ActionStatus).toBe('OK');
    expect(await watch.nth(peerID, 3)).toMatchObject({ statusType: UNLOGINED });
  });

  it('reports a status change once per user, not per device', async () => {
    const [watcherID, peerID, laterID] = [t.user('watcher'), t.user('multi'), t.user('later')];
    const watcher = await t.login(watcherID);
    const watch = await watchStatus(watcher.im);
    await subscribe(watcher, [peerID, laterID]);
    await t.login(peerID);
    await watch.nth(peerID, 1);
    // A second device of a user already online changes nothing; the later user's login proves it.
    await t.login(peerID, 'android');
    await t.login(laterID);
    await watch.nth(laterID, 1);
    expect(watch.of(peerID)).toHaveLength(1);
  });

  it('keeps subscriptions per user: another device and a later login hear of changes too', async () => {
    const [watcherID, peerID] = [t.user('watcher'), t.user('peer')];
    const first = await t.login(watcherID);
    await subscribe(first, [peerID]);
    expect(await manager(first).logout()).toMatchObject({ code: 0 });

    const phone = await t.login(watcherID, 'android');
    const desk = await t.login(watcherID, 'mac');
    const [phoneWatch, deskWatch] = await Promise.all([watchStatus(phone.im), watchStatus(desk.im)]);
    await t.login(peerID);
    for (const watch of [phoneWatch, deskWatch]) {
      expect(await watch.nth(peerID, 1)).toMatchObject({ statusType: ONLINE });
    }
  });

  it("sends a user's custom status to its own other devices", async () => {
    const userID = t.user('self');
    const web = await t.login(userID);
    const phone = await t.login(userID, 'android');
    const watch = await watchStatus(phone.im);
    expect(await manager(web).setSelfStatus({ status: { customStatus: 'away' } })).toMatchObject({ code: 0 });
    expect(await watch.nth(userID, 1)).toMatchObject({ statusType: ONLINE, customStatus: 'away' });
    expect((await watch.nth(userID, 1)).onlineDevices.sort()).toEqual(['Android', 'Web']);
  });

  it('never tells a user about someone it did not subscribe to', async () => {
    const [watcherID, strangerID, peerID, controlID] = ['watcher', 'stranger', 'peer', 'control'].map(t.user);
    const watcher = await t.login(watcherID!);
    const stranger = await t.login(strangerID!);
    const [watch, strangerWatch] = await Promise.all([watchStatus(watcher.im), watchStatus(stranger.im)]);
    await subscribe(watcher, [peerID!]);
    await subscribe(stranger, [controlID!]);

    const peer = await t.login(peerID!);
    await manager(peer).setSelfStatus({ status: { customStatus: 'secret' } });
    await manager(peer).logout();
    await watch.nth(peerID!, 3);
    // The control user's change was published after all of the peer's: once it arrives, the peer's
    // would have too.
    await t.login(controlID!);
    await strangerWatch.nth(controlID!, 1);
    expect(strangerWatch.statuses.map((s) => s.userID)).toEqual([controlID]);
  });
});

describe('getUserStatus', () => {
  it("answers anyone's status, the caller's own included", async () => {
    const [askerID, onlineID, neverID] = [t.user('asker'), t.user('online'), t.user('never')];
    const asker = await t.login(askerID);
    const online = await t.login(onlineID, 'android');
    await manager(online).setSelfStatus({ status: { customStatus: 'hello' } });
    const reply = await manager(asker).getUserStatus({ userIDList: [askerID, onlineID, neverID] });
    expect(reply.code).toBe(0);
    expect(reply.data).toEqual([
      { userID: askerID, statusType: ONLINE, customStatus: '', onlineDevices: ['Web'] },
      { userID: onlineID, statusType: ONLINE, customStatus: 'hello', onlineDevices: ['Android'] },
      { userID: neverID, statusType: UNLOGINED, customStatus: '', onlineDevices: [] },
    ]);
  });

  it('refuses bad lists and a custom status over 100 bytes', async () => {
    const client = await t.login(t.user('bad'));
    const m = manager(client);
    const tooMany = Array.from({ length: STATUS_LIMITS.userIDsPerCall + 1 }, (_, i) => `u${i}`);
    expect((await m.getUserStatus({ userIDList: [] })).code).toBe(ErrorCode.ERR_INVALID_PARAMETERS);
    expect((await m.getUserStatus({ userIDList: tooMany })).code).toBe(ErrorCode.ERR_INVALID_PARAMETERS);
    expect(
      (await m.subscribeUserStatus({ userIDList: ['bad user id that is far too long for one'] })).code,
    ).toBe(ErrorCode.ERR_INVALID_PARAMETERS);
    const overLimit = 'é'.repeat(51); // 102 bytes of UTF-8, 51 characters
    expect((await m.setSelfStatus({ status: { customStatus: overLimit } })).code).toBe(
      ErrorCode.ERR_INVALID_PARAMETERS,
    );
    expect((await m.setSelfStatus({ status: { customStatus: 'é'.repeat(50) } })).code).toBe(0);
  });
});

describe('subscription limits and unsubscribing', () => {
  it('refuses a subscription to oneself', async () => {
    const userID = t.user('narcissus');
    const client = await t.login(userID);
    const reply = await manager(client).subscribeUserStatus({ userIDList: ['someone', userID] });
    expect(reply.code).toBe(ErrorCode.ERR_INVALID_PARAMETERS);
  });

  it(`keeps the newest ${STATUS_LIMITS.subscriptions} subscriptions, evicting the oldest`, async () => {
    const watcher = await t.login(t.user('collector'));
    const watch = await watchStatus(watcher.im);
    const prefix = t.user('w');
    const watched = Array.from({ length: STATUS_LIMITS.subscriptions }, (_, i) => `${prefix}-${i}`);
    await subscribe(watcher, watched);
    const newest = `${prefix}-new`;
    await subscribe(watcher, [newest]);

    // The first subscription was evicted; the second and the newest are kept.
    await t.login(watched[0]!);
    await t.login(watched[1]!);
    await t.login(newest);
    await watch.nth(watched[1]!, 1);
    await watch.nth(newest, 1);
    expect(watch.of(watched[0]!)).toEqual([]);
  });

  it('stops events for the users unsubscribed, and for everyone with an empty list', async () => {
    const watcher = await t.login(t.user('fickle'));
    const watch = await watchStatus(watcher.im);
    const [a, b, c] = [t.user('a'), t.user('b'), t.user('c')];
    await subscribe(watcher, [a, b]);
    expect(await manager(watcher).unsubscribeUserStatus({ userIDList: [a] })).toMatchObject({ code: 0 });
    await t.login(a);
    await t.login(b);
    await watch.nth(b, 1);
    expect(watch.of(a)).toEqual([]);

    expect(await manager(watcher).unsubscribeUserStatus({ userIDList: [] })).toMatchObject({ code: 0 });
    await subscribe(watcher, [c]);
    const bClient = await t.login(b, 'android');
    await manager(bClient).setSelfStatus({ status: { customStatus: 'unheard' } });
    await t.login(c);
    await watch.nth(c, 1);
    expect(watch.of(b)).toHaveLength(1);
  });
});
