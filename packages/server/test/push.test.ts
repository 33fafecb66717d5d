/**
 * Offline push end to end (docs/push.md): providers added with `parley app push add`, messages
 * sent with the real SDK, and stand-in APNs, FCM and webhook servers on loopback that record what
 * the server hands them.
 */
import type { V2TimPlatform } from '@parley/sdk';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { dbOf, runAppCommand } from './support/app-cli.js';
import { type ChatClient, chatClients } from './support/chat.js';
import { startTestServer, type TestServer } from './support/harness.js';
import { APNS_KEY_ID, APNS_TEAM_ID, type PushStandIns, startPushStandIns } from './support/push-standins.js';
import { connectRaw } from './support/raw-client.js';

const APNS_ID = 1001;
const FCM_ID = 2002;
const WEBHOOK_ID = 3003;
const BUNDLE = 'com.example.parley';

let t: TestServer;
let standIns: PushStandIns;
const clients = chatClients(() => t);

const cli = (...args: string[]) => runAppCommand([...args, ...dbOf(t)]);

beforeAll(async () => {
  standIns = await startPushStandIns();
  t = await startTestServer({ push: { retryBaseMs: 20, retryMaxMs: 100, maxAttempts: 100 } });
  const app = String(t.sdkAppID);
  const added = [
    await cli(
      'push',
      'add',
      app,
      '--business-id',
      String(APNS_ID),
      '--type',
      'apns',
      '--key-file',
      standIns.files.apnsKey,
      '--key-id',
      APNS_KEY_ID,
      '--team-id',
      APNS_TEAM_ID,
      '--bundle-id',
      BUNDLE,
      '--sandbox',
      '--endpoint',
      standIns.apnsUrl,
      '--ca-file',
      standIns.files.caCert,
    ),
    await cli(
      'push',
      'add',
      app,
      '--business-id',
      String(FCM_ID),
      '--type',
      'fcm',
      '--service-account',
      standIns.files.serviceAccount,
      '--endpoint',
      standIns.fcmUrl,
    ),
    await cli(
      'push',
      'add',
      app,
      '--business-id',
      String(WEBHOOK_ID),
      '--type',
      'webhook',
      '--url',
      standIns.webhookUrl,
    ),
  ];
  for (const result of added) expect(result, result.err).toMatchObject({ code: 0 });
});
afterAll(async () => {
  await clients.closeAll();
  await t.stop();
  await standIns.close();
});

/**
 * A phone whose app was killed without logging out: it logged in, registered its token (and, when
 * asked, quiet hours), then its connection dropped.
 */
async function awayPhone(
  userID: string,
  platform: V2TimPlatform,
  businessID: number,
  token: string,
  quietHours = false,
  setup?: (request: (op: string, data: unknown) => Promise<{ code: number }>) => Promise<void>,
): Promise<string> {
  const raw = await connectRaw(t.wsUrl);
  const instanceID = `${userID}-phone`;
  const login = await raw.request('login', {
    sdkAppID: t.sdkAppID,
    userID,
    userSig: t.ticket(userID),
    platform,
    instanceID,
  });
  expect(login.code).toBe(0);
  expect((await raw.request('setOfflinePushConfig', { businessID, token })).code).toBe(0);
  if (quietHours) {
    const set = await raw.request('setAllReceiveMessageOpt', {
      opt: 2,
      startHour: 0,
      startMinute: 0,
      startSecond: 0,
      duration: 86_400,
    });
    expect(set.code).toBe(0);
  }
  await setup?.((op, data) => raw.request(op, data));
  raw.socket.terminate();
  await vi.waitFor(async () => {
    const presences = await t.server.bus.instancesOf(t.sdkAppID, userID);
    expect(presences.find((p) => p.instanceID === instanceID)?.connected ?? false).toBe(false);
  });
  return instanceID;
}

/** Every queued push has been handed over (or dropped): the queue is empty. */
async function drained(): Promise<void> {
  await vi.waitFor(async () => expect(await t.server.storage.push.count()).toBe(0), { timeout: 10_000 });
}

const apnsTo = (token: string) => standIns.apns.filter((r) => r.token === token);
const fcmTo = (token: string) => standIns.fcm.filter((r) => r.message.token === token);

async function sendText(from: ChatClient, to: string, text: string, extra: Record<string, unknown> = {}) {
  return from.send(to, text, extra);
}

describe('who gets a push', () => {
  it('sends an offline iPhone user exactly one APNs request with token, topic, title, body and badge', async () => {
    await awayPhone('ios-away', 'iphone', APNS_ID, 'tok-ios-away');
    const alice = await clients.login('alice-1');
    await sendText(alice, 'ios-away', 'hello there');
    await vi.waitFor(() => expect(apnsTo('tok-ios-away')).toHaveLength(1));
    await drained();
    const [request] = apnsTo('tok-ios-away');
    expect(request).toMatchObject({
      topic: BUNDLE,
      pushType: 'alert',
      teamID: APNS_TEAM_ID,
      keyID: APNS_KEY_ID,
      body: { aps: { alert: { title: 'alice-1', body: 'hello there' }, badge: 1, sound: 'default' } },
    });
    expect(request?.body.conversationID).toBe('c2c_alice-1');

    // The badge is the user's total unread.
    await sendText(alice, 'ios-away', 'second');
    await vi.waitFor(() => expect(apnsTo('tok-ios-away')).toHaveLength(2));
    expect(apnsTo('tok-ios-away')[1]?.body.aps).toMatchObject({ alert: { body: 'second' }, badge: 2 });
  });

  it('sends an offline Android user one FCM request, with a token from the OAuth2 grant', async () => {
    await awayPhone('droid-away', 'android', FCM_ID, 'tok-droid-away');
    const alice = await clients.login('alice-2');
    await sendText(alice, 'droid-away', 'hi android', {
      offlinePushInfo: { androidFCMChannelID: 'chat', ext: '{"to":"chat"}' },
    });
    await vi.waitFor(() => expect(fcmTo('tok-droid-away')).toHaveLength(1));
    await drained();
    expect(fcmTo('tok-droid-away')).toHaveLength(1);
    expect(standIns.grants).toBeGreaterThanOrEqual(1);
    expect(fcmTo('tok-droid-away')[0]).toMatchObject({
      project: 'parley-test',
      message: {
        notification: { title: 'alice-2', body: 'hi android' },
        data: { ext: '{"to":"chat"}', conversationID: 'c2c_alice-2' },
        android: { notification: { channel_id: 'chat', notification_count: 1 } },
      },
    });
  });

  it('pushes nothing to an online foreground device, one push once it is backgrounded, none after foreground', async () => {
    const bob = await clients.login('bob-3', 'iphone');
    const push = bob.im.v2TIMManager.getOfflinePushManager();
    expect(await push.setOfflinePushConfig({ businessID: APNS_ID, token: 'tok-bob-3' })).toMatchObject({
      code: 0,
    });
    const alice = await clients.login('alice-3');

    await sendText(alice, 'bob-3', 'while in front');
    await bob.waitFor(() => bob.texts().includes('while in front'), 'the live message');
    expect(await t.server.storage.push.count()).toBe(0);
    expect(apnsTo('tok-bob-3')).toHaveLength(0);

    expect(await push.doBackground({ unreadCount: 1 })).toMatchObject({ code: 0 });
    await sendText(alice, 'bob-3', 'while behind');
    await vi.waitFor(() => expect(apnsTo('tok-bob-3')).toHaveLength(1));
    await drained();
    expect(apnsTo('tok-bob-3')[0]?.body.aps.alert?.body).toBe('while behind');

    expect(await push.doForeground()).toMatchObject({ code: 0 });
    await sendText(alice, 'bob-3', 'in front again');
    expect(await t.server.storage.push.count()).toBe(0);
    expect(apnsTo('tok-bob-3')).toHaveLength(1);
  });

  it('treats a fresh login as foreground: a background mark left by a killed app is cleared', async () => {
    const first = await clients.login('fresh-12', 'iphone');
    const push = first.im.v2TIMManager.getOfflinePushManager();
    await push.setOfflinePushConfig({ businessID: APNS_ID, token: 'tok-fresh-12' });
    await push.doBackground();
    const [registration] = await t.server.storage.pushRegistrations.listForUser(t.sdkAppID, 'fresh-12');
    expect(registration?.background).toBe(true);
    // The app is killed and started again: a new login of the same instance.
    const raw = await connectRaw(t.wsUrl);
    const login = await raw.request('login', {
      sdkAppID: t.sdkAppID,
      userID: 'fresh-12',
      userSig: t.ticket('fresh-12'),
      platform: 'iphone',
      instanceID: registration?.instanceID,
    });
    expect(login.code).toBe(0);
    await vi.waitFor(async () => {
      const [after] = await t.server.storage.pushRegistrations.listForUser(t.sdkAppID, 'fresh-12');
      expect(after?.background).toBeUndefined();
    });
    raw.close();
  });

  it("never pushes to the sender's own devices", async () => {
    await awayPhone('self-4', 'iphone', APNS_ID, 'tok-self-4');
    const web = await clients.login('self-4');
    await t.importAccounts('peer-4');
    await sendText(web, 'peer-4', 'from my web');
    expect(await t.server.storage.push.count()).toBe(0);
    expect(apnsTo('tok-self-4')).toHaveLength(0);
  });

  it('is suppressed by disablePush, by receive option 2 and by quiet hours', async () => {
    await awayPhone('dnd-5', 'iphone', APNS_ID, 'tok-dnd-5');
    await awayPhone('quiet-5', 'iphone', APNS_ID, 'tok-quiet-5', true);
    const alice = await clients.login('alice-5');

    await sendText(alice, 'dnd-5', 'no push please', { offlinePushInfo: { disablePush: true } });
    await sendText(alice, 'quiet-5', 'at night');
    // Option 2 for alice: received, not pushed.
    const dnd = await clients.login('dnd-5');
    const mm = dnd.im.v2TIMManager.getMessageManager();
    expect(await mm.setC2CReceiveMessageOpt({ userIDList: ['alice-5'], opt: 2 })).toMatchObject({ code: 0 });
    await sendText(alice, 'dnd-5', 'muted conversation');
    expect(await t.server.storage.push.count()).toBe(0);
    expect(apnsTo('tok-dnd-5')).toHaveLength(0);
    expect(apnsTo('tok-quiet-5')).toHaveLength(0);
  });

  it('says what offlinePushInfo says: title, desc, ext, sound, and no badge with ignoreIOSBadge', async () => {
    await awayPhone('info-6', 'iphone', APNS_ID, 'tok-info-6');
    const alice = await clients.login('alice-6');
    await sendText(alice, 'info-6', 'secret text', {
      offlinePushInfo: {
        title: 'New message',
        desc: 'You have a message',
        ext: 'route:1',
        iOSSound: 'ding.caf',
        ignoreIOSBadge: true,
      },
    });
    await vi.waitFor(() => expect(apnsTo('tok-info-6')).toHaveLength(1));
    const [request] = apnsTo('tok-info-6');
    expect(request?.body.aps).toEqual({
      alert: { title: 'New message', body: 'You have a message' },
      sound: 'ding.caf',
    });
    expect(request?.body.ext).toBe('route:1');
  });
});

describe('groups', () => {
  it('pushes a group message to offline members, titled with the group, and @-mentions through option 3', async () => {
    await t.importAccounts('gm-7a', 'gm-7b');
    await t.createGroup({
      groupID: 'push-7',
      type: 'Work',
      ownerID: 'owner-7',
      memberIDs: ['gm-7a', 'gm-7b'],
      name: 'Team',
    });
    await awayPhone('gm-7a', 'iphone', APNS_ID, 'tok-gm-7a');
    // gm-7b is pushed only when mentioned (option 3).
    await awayPhone('gm-7b', 'android', FCM_ID, 'tok-gm-7b', false, async (request) => {
      expect((await request('setGroupReceiveMessageOpt', { groupID: 'push-7', opt: 3 })).code).toBe(0);
    });
    const owner = await clients.login('owner-7');
    const mm = owner.im.v2TIMManager.getMessageManager();
    const created = await mm.createTextMessage({ text: 'standup now' });
    expect(await mm.sendMessage({ id: created.data!.id, receiver: '', groupID: 'push-7' })).toMatchObject({
      code: 0,
    });
    await vi.waitFor(() => expect(apnsTo('tok-gm-7a')).toHaveLength(1));
    expect(apnsTo('tok-gm-7a')[0]?.body.aps.alert).toEqual({ title: 'Team', body: 'owner-7: standup now' });
    // The badge counts the group's unread too: one unread message in Team.
    expect(apnsTo('tok-gm-7a')[0]?.body.aps.badge).toBe(1);
    await drained();
    expect(fcmTo('tok-gm-7b')).toHaveLength(0);

    const at = await mm.createTextAtMessage({ text: '@gm-7b please look', atUserList: ['gm-7b'] });
    expect(await mm.sendMessage({ id: at.data!.id, receiver: '', groupID: 'push-7' })).toMatchObject({
      code: 0,
    });
    await vi.waitFor(() => expect(fcmTo('tok-gm-7b')).toHaveLength(1));
    expect(fcmTo('tok-gm-7b')[0]?.message.notification).toEqual({
      title: 'Team',
      body: 'owner-7: @gm-7b please look',
    });
    // The owner sent it: the owner's devices are never pushed, the others' are once each.
    await drained();
    expect(apnsTo('tok-gm-7a')).toHaveLength(2);
    expect(apnsTo('tok-gm-7a')[1]?.body.aps.badge).toBe(2);
  });
});

describe('delivery', () => {
  it('removes the token when APNs answers 410, and when FCM says UNREGISTERED', async () => {
    standIns.answerApns('tok-dead-8', { status: 410, reason: 'Unregistered' });
    standIns.answerFcm('tok-dead-8b', { status: 404, reason: 'UNREGISTERED' });
    await awayPhone('dead-8', 'iphone', APNS_ID, 'tok-dead-8');
    await awayPhone('dead-8b', 'android', FCM_ID, 'tok-dead-8b');
    const alice = await clients.login('alice-8');
    await sendText(alice, 'dead-8', 'anyone there?');
    await sendText(alice, 'dead-8b', 'anyone there?');
    await vi.waitFor(async () => {
      expect(await t.server.storage.pushRegistrations.listForUser(t.sdkAppID, 'dead-8')).toEqual([]);
      expect(await t.server.storage.pushRegistrations.listForUser(t.sdkAppID, 'dead-8b')).toEqual([]);
    });
    expect(apnsTo('tok-dead-8')).toHaveLength(1);
    expect(fcmTo('tok-dead-8b')).toHaveLength(1);
    // No token, no push.
    await sendText(alice, 'dead-8', 'still there?');
    expect(await t.server.storage.push.count()).toBe(0);
  });

  it('retries a push the provider could not take, and sends it once', async () => {
    standIns.answerApns('tok-busy-9', { status: 503, reason: 'ServiceUnavailable' });
    await awayPhone('busy-9', 'iphone', APNS_ID, 'tok-busy-9');
    const reports: string[] = [];
    const stop = t.server.push.onReport((r) => {
      if (r.job.token === 'tok-busy-9') reports.push(r.result);
    });
    const alice = await clients.login('alice-9');
    await sendText(alice, 'busy-9', 'try again');
    await vi.waitFor(() => expect(reports).toContain('retry'));
    standIns.answerApns('tok-busy-9', { status: 200 });
    await vi.waitFor(() => expect(reports).toContain('sent'), { timeout: 10_000 });
    stop();
    expect(reports.filter((r) => r === 'sent')).toHaveLength(1);
  });

  it('posts to a webhook provider as JSON', async () => {
    await awayPhone('hook-10', 'android', WEBHOOK_ID, 'tok-hook-10');
    const alice = await clients.login('alice-10');
    await sendText(alice, 'hook-10', 'via gateway', {
      offlinePushInfo: { vendorParams: { huaweiCategory: 'IM' } },
    });
    await vi.waitFor(() => expect(standIns.webhook.filter((b) => b.token === 'tok-hook-10')).toHaveLength(1));
    expect(standIns.webhook.find((b) => b.token === 'tok-hook-10')).toMatchObject({
      sdkAppID: t.sdkAppID,
      businessID: WEBHOOK_ID,
      platform: 'android',
      title: 'alice-10',
      body: 'via gateway',
      badge: 1,
      vendorParams: { huaweiCategory: 'IM' },
    });
  });

  it('follows a provider changed with the parley command while the server runs, within 5 seconds', async () => {
    await awayPhone('hook-14', 'android', WEBHOOK_ID, 'tok-hook-14');
    const moved = `${standIns.webhookUrl}-moved`;
    const changed = await cli(
      'push',
      'add',
      String(t.sdkAppID),
      '--business-id',
      String(WEBHOOK_ID),
      '--type',
      'webhook',
      '--url',
      moved,
    );
    expect(changed.code).toBe(0);
    const alice = await clients.login('alice-14');
    const started = Date.now();
    // Until the server's 2-second provider cache has the new row: each message is pushed once,
    // to the old URL or the new one.
    for (let n = 1; ; n++) {
      await sendText(alice, 'hook-14', `move ${n}`);
      await vi.waitFor(() =>
        expect(standIns.webhook.filter((b) => b.token === 'tok-hook-14')).toHaveLength(n),
      );
      if (standIns.webhook.some((b) => b.token === 'tok-hook-14' && b.path === '/push-moved')) break;
      expect(Date.now() - started).toBeLessThan(5_000);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    await cli(
      'push',
      'add',
      String(t.sdkAppID),
      '--business-id',
      String(WEBHOOK_ID),
      '--type',
      'webhook',
      '--url',
      standIns.webhookUrl,
    );
  });

  it('counts pushes per provider in the metrics', async () => {
    const text = await t.server.registry.metrics();
    expect(text).toMatch(/parley_push_results_total\{provider="apns",result="sent"\} [1-9]/);
    expect(text).toMatch(/parley_push_results_total\{provider="apns",result="invalid_token"\} [1-9]/);
    expect(text).toContain('parley_push_latency_seconds_bucket{le="0.01",provider="fcm"}');
    expect(text).toContain('parley_push_queue_depth');
  });
});

describe('REST and the parley command', () => {
  it('all_member_push/im_push pushes to the named users', async () => {
    await awayPhone('rest-11', 'iphone', APNS_ID, 'tok-rest-11');
    const reply = await t.rest('all_member_push/im_push', {
      To_Account: ['rest-11'],
      OfflinePushInfo: { Title: 'Sale', Desc: 'Half price today', Ext: 'promo' },
    });
    expect(reply).toMatchObject({ ActionStatus: 'OK', ErrorCode: 0, TaskId: expect.any(String) });
    await vi.waitFor(() => expect(apnsTo('tok-rest-11')).toHaveLength(1));
    expect(apnsTo('tok-rest-11')[0]?.body).toMatchObject({
      aps: { alert: { title: 'Sale', body: 'Half price today' } },
      ext: 'promo',
    });
    const empty = await t.rest('all_member_push/im_push', { To_Account: ['rest-11'] });
    expect(empty).toMatchObject({ ActionStatus: 'FAIL', ErrorCode: 70402 });
  });

  it('openim/sendmsg and send_group_msg take OfflinePushInfo, PushFlag 1 suppresses the push', async () => {
    await awayPhone('rest-13', 'android', FCM_ID, 'tok-rest-13');
    await t.importAccounts('admin-13');
    const send = (random: number, info: Record<string, unknown>) =>
      t.rest('openim/sendmsg', {
        From_Account: 'admin-13',
        To_Account: 'rest-13',
        MsgRandom: random,
        MsgBody: [{ MsgType: 'TIMTextElem', MsgContent: { Text: `body ${random}` } }],
        OfflinePushInfo: info,
      });
    expect(await send(1, { PushFlag: 1 })).toMatchObject({ ActionStatus: 'OK' });
    expect(await t.server.storage.push.count()).toBe(0);
    expect(
      await send(2, {
        Title: 'Order',
        Desc: 'Shipped',
        Ext: 'o:2',
        AndroidInfo: { GoogleChannelID: 'orders' },
      }),
    ).toMatchObject({ ActionStatus: 'OK' });
    await vi.waitFor(() => expect(fcmTo('tok-rest-13')).toHaveLength(1));
    expect(fcmTo('tok-rest-13')[0]?.message).toMatchObject({
      notification: { title: 'Order', body: 'Shipped' },
      data: { ext: 'o:2' },
      android: { notification: { channel_id: 'orders' } },
    });

    await t.createGroup({
      groupID: 'push-13',
      type: 'Public',
      ownerID: 'admin-13',
      memberIDs: ['rest-13'],
      name: 'News',
    });
    const group = await t.rest('group_open_http_svc/send_group_msg', {
      GroupId: 'push-13',
      Random: 13,
      MsgBody: [{ MsgType: 'TIMTextElem', MsgContent: { Text: 'big news' } }],
      OfflinePushInfo: { Ext: 'g' },
    });
    expect(group).toMatchObject({ ActionStatus: 'OK' });
    await vi.waitFor(() => expect(fcmTo('tok-rest-13')).toHaveLength(2));
    expect(fcmTo('tok-rest-13')[1]?.message).toMatchObject({
      notification: { title: 'News', body: 'administrator: big news' },
      data: { ext: 'g' },
    });
  });

  it('lists providers without their secrets, refuses bad flags, removes a provider', async () => {
    const app = String(t.sdkAppID);
    const list = await cli('push', 'list', app, '--json');
    expect(list.code).toBe(0);
    expect(list.out).not.toMatch(/PRIVATE KEY/);
    const rows = list.out
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(rows.map((r: { businessID: number; type: string }) => [r.businessID, r.type])).toEqual([
      [APNS_ID, 'apns'],
      [FCM_ID, 'fcm'],
      [WEBHOOK_ID, 'webhook'],
    ]);
    expect((await cli('push', 'add', app, '--business-id', '9', '--type', 'gcm')).code).toBe(2);
    expect(
      (await cli('push', 'add', app, '--business-id', '9', '--type', 'webhook', '--url', 'ftp://x')).code,
    ).toBe(2);
    expect(
      (
        await cli(
          'push',
          'add',
          app,
          '--business-id',
          '9',
          '--type',
          'webhook',
          '--url',
          'http://x',
          '--sandbox',
        )
      ).code,
    ).toBe(2);
    expect(
      (
        await cli(
          'push',
          'add',
          app,
          '--business-id',
          '9',
          '--type',
          'webhook',
          '--url',
          'http://127.0.0.1:9/x',
        )
      ).code,
    ).toBe(0);
    expect((await cli('push', 'remove', app, '--business-id', '9')).code).toBe(0);
    expect((await cli('push', 'remove', app, '--business-id', '9')).code).toBe(1);
  });
});
