/**
 * Call signaling end to end (docs/signaling.md): real SDK clients invite, answer, cancel and
 * modify; the server runs the timeouts, catches up users who log in later, records every action
 * as a message, and rings away devices through a stand-in push gateway.
 */
import {
  createImSDKPlugin,
  type ImSDK,
  type V2TIMSignalingManager,
  type V2TimMessage,
  type V2TimPlatform,
  V2TimSignalingActionType,
} from '@parley/sdk';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { dbOf, runAppCommand } from './support/app-cli.js';
import { startTestServer, type TestServer } from './support/harness.js';
import { type PushStandIns, startPushStandIns } from './support/push-standins.js';
import { connectRaw } from './support/raw-client.js';

const WEBHOOK_ID = 3003;

let t: TestServer;
let standIns: PushStandIns;
const open: ImSDK[] = [];

beforeAll(async () => {
  standIns = await startPushStandIns();
  t = await startTestServer({ push: { retryBaseMs: 20, retryMaxMs: 100, maxAttempts: 100 } });
  const { code, err } = await runAppCommand([
    'push',
    'add',
    String(t.sdkAppID),
    '--business-id',
    String(WEBHOOK_ID),
    '--type',
    'webhook',
    '--url',
    standIns.webhookUrl,
    ...dbOf(t),
  ]);
  expect(code, err).toBe(0);
});
afterAll(async () => {
  await Promise.all(open.splice(0).map((im) => im.v2TIMManager.unInitSDK()));
  await t.stop();
  await standIns.close();
});

interface Heard {
  name: string;
  args: unknown[];
}

interface SigClient {
  readonly userID: string;
  readonly im: ImSDK;
  readonly sig: V2TIMSignalingManager;
  readonly heard: Heard[];
  readonly messages: V2TimMessage[];
  /** The arguments of each call of one callback, in order. */
  of(name: string): unknown[][];
  close(): Promise<void>;
}

/** A logged-in SDK whose signaling listener was added before the login (so catch-up is heard). */
async function login(userID: string, platform: V2TimPlatform = 'web'): Promise<SigClient> {
  const im = createImSDKPlugin();
  open.push(im);
  expect(
    await im.v2TIMManager.initSDK({
      sdkAppID: t.sdkAppID,
      serverAddr: t.wsUrl,
      platform,
      reconnect: { minDelayMs: 50, maxDelayMs: 400 },
    }),
  ).toMatchObject({ code: 0 });
  const sig = im.v2TIMManager.getSignalingManager();
  const heard: Heard[] = [];
  const messages: V2TimMessage[] = [];
  const record =
    (name: string) =>
    (...args: unknown[]) =>
      heard.push({ name, args });
  expect(
    await sig.addSignalingListener({
      listener: {
        onReceiveNewInvitation: record('onReceiveNewInvitation'),
        onInviteeAccepted: record('onInviteeAccepted'),
        onInviteeRejected: record('onInviteeRejected'),
        onInvitationCancelled: record('onInvitationCancelled'),
        onInvitationTimeout: record('onInvitationTimeout'),
        onInvitationModified: record('onInvitationModified'),
      },
    }),
  ).toMatchObject({ code: 0 });
  await im.v2TIMManager
    .getMessageManager()
    .addAdvancedMsgListener({ onRecvNewMessage: (m) => messages.push(m) });
  expect(await im.v2TIMManager.login(userID, t.ticket(userID))).toMatchObject({ code: 0 });
  return {
    userID,
    im,
    sig,
    heard,
    messages,
    of: (name) => heard.filter((h) => h.name === name).map((h) => h.args),
    close: () => im.v2TIMManager.unInitSDK().then(() => undefined),
  };
}

function until(check: () => boolean, what: string): Promise<void> {
  return vi.waitFor(
    () => {
      if (!check()) throw new Error(`timed out waiting for ${what}`);
    },
    { timeout: 10_000, interval: 10 },
  );
}

/** The signaling messages among those a client received (group tips and others left out). */
function signalingMessages(client: SigClient): V2TimMessage[] {
  return client.messages.filter((m) => m.customElem?.data.startsWith('{"businessID":1,') === true);
}

/** The action types of the signaling messages a client received, in order. */
async function actionsOf(client: SigClient): Promise<number[]> {
  const infos = await Promise.all(client.messages.map((message) => client.sig.getSignalingInfo({ message })));
  return infos.flatMap((r) => (r.data ? [r.data.actionType] : []));
}

async function invite(
  from: SigClient,
  invitee: string,
  extra: Record<string, unknown> = {},
): Promise<string> {
  const result = await from.sig.invite({ invitee, data: `call ${invitee}`, timeout: 0, ...extra });
  expect(result).toMatchObject({ code: 0 });
  return result.data!;
}

describe('one-to-one invitations', () => {
  it('rings the invitee, records the invitation as a message, and tells the inviter of the accept', async () => {
    const [alice, bob] = await Promise.all([login('sig-alice-1'), login('sig-bob-1')]);
    const inviteID = await invite(alice, bob.userID, { data: '{"call":"video"}' });
    await until(() => bob.of('onReceiveNewInvitation').length === 1, 'the invitation');
    expect(bob.of('onReceiveNewInvitation')[0]).toEqual([
      inviteID,
      alice.userID,
      '',
      [bob.userID],
      '{"call":"video"}',
    ]);
    // The same action arrived as a custom message, decodable with getSignalingInfo.
    await until(() => signalingMessages(bob).length === 1, 'the invitation message');
    const decoded = await bob.sig.getSignalingInfo({ message: signalingMessages(bob)[0]! });
    expect(decoded.data).toEqual({
      inviteID,
      groupID: '',
      inviter: alice.userID,
      inviteeList: [bob.userID],
      data: '{"call":"video"}',
      timeout: 0,
      actionType: V2TimSignalingActionType.SIGNALING_ACTION_TYPE_INVITE,
    });

    expect(await bob.sig.accept({ inviteID, data: 'on my way' })).toMatchObject({ code: 0 });
    await until(() => alice.of('onInviteeAccepted').length === 1, 'the accept');
    expect(alice.of('onInviteeAccepted')[0]).toEqual([inviteID, bob.userID, 'on my way']);
    await until(() => signalingMessages(alice).length === 2, 'the accept message');
    // The inviter's SDK did not send the invitation message itself (the server did, as the
    // inviter): it arrives like a message sent from another device.
    expect(await actionsOf(alice)).toEqual([
      V2TimSignalingActionType.SIGNALING_ACTION_TYPE_INVITE,
      V2TimSignalingActionType.SIGNALING_ACTION_TYPE_ACCEPT_INVITE,
    ]);

    // Answered: nothing is pending any more.
    expect(await bob.sig.accept({ inviteID })).toMatchObject({ code: 8010 });
    expect(await bob.sig.reject({ inviteID })).toMatchObject({ code: 8010 });
    expect(await alice.sig.cancel({ inviteID })).toMatchObject({ code: 8010 });
    // Both sides' history holds both actions.
    const history = await alice.im.v2TIMManager
      .getMessageManager()
      .getC2CHistoryMessageList({ userID: bob.userID, count: 10 });
    const stored = await Promise.all(history.data!.map((message) => alice.sig.getSignalingInfo({ message })));
    expect(stored.map((r) => r.data?.actionType).sort()).toEqual([1, 3]);
  });

  it('lets only the inviter cancel and only the invitee answer, while pending', async () => {
    const [carol, dave, eve] = await Promise.all([
      login('sig-carol-2'),
      login('sig-dave-2'),
      login('sig-eve-2'),
    ]);
    const first = await invite(carol, dave.userID);
    expect(await eve.sig.accept({ inviteID: first })).toMatchObject({ code: 8011 });
    expect(await carol.sig.accept({ inviteID: first })).toMatchObject({ code: 8011 });
    expect(await dave.sig.cancel({ inviteID: first })).toMatchObject({ code: 8011 });
    expect(await eve.sig.modifyInvitation({ inviteID: first, data: 'x' })).toMatchObject({ code: 8011 });
    expect(await dave.sig.reject({ inviteID: 'no-such-invitation' })).toMatchObject({ code: 8010 });
    expect(await dave.sig.reject({ inviteID: first, data: 'busy' })).toMatchObject({ code: 0 });
    await until(() => carol.of('onInviteeRejected').length === 1, 'the reject');
    expect(carol.of('onInviteeRejected')[0]).toEqual([first, dave.userID, 'busy']);

    const second = await invite(carol, dave.userID);
    await until(() => dave.of('onReceiveNewInvitation').length === 2, 'the second invitation');
    expect(await carol.sig.cancel({ inviteID: second, data: 'never mind' })).toMatchObject({ code: 0 });
    await until(() => dave.of('onInvitationCancelled').length === 1, 'the cancel');
    expect(dave.of('onInvitationCancelled')[0]).toEqual([second, carol.userID, 'never mind']);
    expect(await dave.sig.accept({ inviteID: second })).toMatchObject({ code: 8010 });
    expect(await carol.sig.cancel({ inviteID: second })).toMatchObject({ code: 8010 });
    expect(eve.heard).toEqual([]);

    expect(await carol.sig.invite({ invitee: carol.userID, data: '' })).toMatchObject({ code: 6017 });
    expect(await carol.sig.invite({ invitee: 'sig-nobody-2', data: '' })).toMatchObject({ code: 20003 });
    expect(await carol.sig.invite({ invitee: dave.userID, data: '', timeout: -1 })).toMatchObject({
      code: 6017,
    });
    expect(await carol.sig.invite({ invitee: '', data: '' })).toMatchObject({ code: 6017 });
  });

  it('shows an invitation to an offline user when it logs in within the timeout', async () => {
    await t.importAccounts('sig-frank-4');
    const alice = await login('sig-alice-4');
    const inviteID = await invite(alice, 'sig-frank-4', { timeout: 60, data: 'ring' });
    const frank = await login('sig-frank-4');
    await until(() => frank.of('onReceiveNewInvitation').length === 1, 'the caught-up invitation');
    expect(frank.of('onReceiveNewInvitation')[0]).toEqual([
      inviteID,
      alice.userID,
      '',
      ['sig-frank-4'],
      'ring',
    ]);
    expect(await frank.sig.accept({ inviteID, data: 'late but here' })).toMatchObject({ code: 0 });
    await until(() => alice.of('onInviteeAccepted').length === 1, 'the accept');
    // Its message sync brought the invitation message as well, once.
    expect(frank.of('onReceiveNewInvitation')).toHaveLength(1);
  });

  it('changes the data of a pending invitation for its invitees (not online-only ones)', async () => {
    const [alice, bob, outsider] = await Promise.all([
      login('sig-alice-6'),
      login('sig-bob-6'),
      login('sig-out-6'),
    ]);
    const inviteID = await invite(alice, bob.userID, { data: 'audio' });
    expect(await alice.sig.modifyInvitation({ inviteID, data: 'video' })).toMatchObject({ code: 0 });
    await until(() => bob.of('onInvitationModified').length === 1, 'the change');
    expect(bob.of('onInvitationModified')[0]).toEqual([inviteID, 'video']);
    expect(await bob.sig.modifyInvitation({ inviteID, data: 'x' })).toMatchObject({ code: 8011 });

    const online = await invite(alice, bob.userID, { onlineUserOnly: true });
    expect(await alice.sig.modifyInvitation({ inviteID: online, data: 'video' })).toMatchObject({
      code: 6017,
    });
    expect(await bob.sig.reject({ inviteID })).toMatchObject({ code: 0 });
    expect(await alice.sig.modifyInvitation({ inviteID, data: 'again' })).toMatchObject({ code: 8010 });
    expect(outsider.heard).toEqual([]);
  });

  it('decodes only signaling messages and refuses re-adding a known invitation', async () => {
    const [alice, bob] = await Promise.all([login('sig-alice-8'), login('sig-bob-8')]);
    const inviteID = await invite(alice, bob.userID);
    await until(() => signalingMessages(bob).length === 1, 'the invitation message');
    const info = (await bob.sig.getSignalingInfo({ message: signalingMessages(bob)[0]! })).data!;
    expect(await bob.sig.addInvitedSignaling({ info })).toMatchObject({ code: 8012 });
    expect(await bob.sig.addInvitedSignaling({ info: { ...info, inviteID: 'from-a-push' } })).toMatchObject({
      code: 0,
    });
    expect(await bob.sig.addInvitedSignaling({ info: { ...info, inviteID: 'from-a-push' } })).toMatchObject({
      code: 8012,
    });
    expect(await bob.sig.addInvitedSignaling({ info: {} as never })).toMatchObject({ code: 6017 });
    expect(info.inviteID).toBe(inviteID);

    const messages = bob.im.v2TIMManager.getMessageManager();
    const text = await messages.createTextMessage({ text: 'plain' });
    expect(await bob.sig.getSignalingInfo({ message: text.data!.messageInfo! })).toEqual({
      code: 0,
      desc: '',
      data: null,
    });
    const custom = await messages.createCustomMessage({ data: '{"businessID":2}' });
    expect((await bob.sig.getSignalingInfo({ message: custom.data!.messageInfo! })).data).toBeNull();
    expect(await bob.sig.getSignalingInfo({} as never)).toMatchObject({ code: 6017 });
  });
});

describe('group invitations', () => {
  it('rings listed members, tells every party of each answer, and checks membership', async () => {
    const groupID = 'sig-group-9';
    await t.importAccounts('sig-owner-9', 'sig-m1-9', 'sig-m2-9', 'sig-m3-9', 'sig-out-9');
    await t.createGroup({
      groupID,
      type: 'Work',
      ownerID: 'sig-owner-9',
      memberIDs: ['sig-m1-9', 'sig-m2-9', 'sig-m3-9'],
    });
    const [owner, m1, m2, m3] = await Promise.all([
      login('sig-owner-9'),
      login('sig-m1-9'),
      login('sig-m2-9'),
      login('sig-m3-9'),
    ]);
    const result = await owner.sig.inviteInGroup({
      groupID,
      inviteeList: [m1.userID, m2.userID],
      data: 'standup',
      timeout: 0,
    });
    expect(result).toMatchObject({ code: 0 });
    const inviteID = result.data!;
    for (const member of [m1, m2]) {
      await until(() => member.of('onReceiveNewInvitation').length === 1, `${member.userID}'s invitation`);
      expect(member.of('onReceiveNewInvitation')[0]).toEqual([
        inviteID,
        owner.userID,
        groupID,
        [m1.userID, m2.userID],
        'standup',
      ]);
    }
    // The invitation is a group message: every member sees it, only invitees are rung.
    await until(() => signalingMessages(m3).length === 1, "the non-invitee's copy of the message");
    expect(signalingMessages(m3)[0]?.groupID).toBe(groupID);
    expect(m3.of('onReceiveNewInvitation')).toEqual([]);
    expect(await m3.sig.accept({ inviteID })).toMatchObject({ code: 8011 });

    expect(await m1.sig.accept({ inviteID, data: 'joining' })).toMatchObject({ code: 0 });
    await until(
      () => owner.of('onInviteeAccepted').length === 1 && m2.of('onInviteeAccepted').length === 1,
      'the accept',
    );
    expect(owner.of('onInviteeAccepted')[0]).toEqual([inviteID, m1.userID, 'joining']);
    expect(await m2.sig.reject({ inviteID, data: 'later' })).toMatchObject({ code: 0 });
    await until(
      () => owner.of('onInviteeRejected').length === 1 && m1.of('onInviteeRejected').length === 1,
      'the reject',
    );
    expect(m1.of('onInviteeRejected')[0]).toEqual([inviteID, m2.userID, 'later']);
    expect(await owner.sig.cancel({ inviteID })).toMatchObject({ code: 8010 });

    expect(await owner.sig.inviteInGroup({ groupID, inviteeList: ['sig-out-9'], data: '' })).toMatchObject({
      code: 6017,
    });
    const outsider = await login('sig-out-9');
    expect(await outsider.sig.inviteInGroup({ groupID, inviteeList: [m1.userID], data: '' })).toMatchObject({
      code: 10007,
    });
    expect(
      await owner.sig.inviteInGroup({ groupID: 'sig-no-group-9', inviteeList: [m1.userID], data: '' }),
    ).toMatchObject({
      code: 10010,
    });
    expect(await owner.sig.inviteInGroup({ groupID, inviteeList: [], data: '' })).toMatchObject({
      code: 6017,
    });
  });
});

// Each waits for a timeout of a second: they wait at the same time.
describe.concurrent('timeouts', () => {
  it('tells inviter and invitee of a timeout exactly once each', async () => {
    const [alice, bob] = await Promise.all([login('sig-alice-3'), login('sig-bob-3')]);
    const inviteID = await invite(alice, bob.userID, { timeout: 1 });
    await until(
      () => alice.of('onInvitationTimeout').length > 0 && bob.of('onInvitationTimeout').length > 0,
      'both timeouts',
    );
    expect(alice.of('onInvitationTimeout')).toEqual([[inviteID, [bob.userID]]]);
    expect(bob.of('onInvitationTimeout')).toEqual([[inviteID, [bob.userID]]]);
    expect(await bob.sig.accept({ inviteID })).toMatchObject({ code: 8010 });
    expect(await alice.sig.cancel({ inviteID })).toMatchObject({ code: 8010 });
    // A later round trip on the same connections: any repeat pushed meanwhile would be here first.
    const later = await invite(alice, bob.userID);
    expect(await bob.sig.accept({ inviteID: later })).toMatchObject({ code: 0 });
    await until(() => alice.of('onInviteeAccepted').length === 1, 'the round trip');
    expect(alice.of('onInvitationTimeout')).toEqual([[inviteID, [bob.userID]]]);
    expect(bob.of('onInvitationTimeout')).toEqual([[inviteID, [bob.userID]]]);
    // The timeout is a message too: invitation, timeout, then the round trip's invitation and
    // bob's own accept (sent by the server as bob, so it shows like one from another device).
    await until(() => signalingMessages(bob).length === 4, 'the timeout message');
    expect(await actionsOf(bob)).toEqual([1, 5, 1, 3]);
  });

  it('tells a user who logs in after the timeout of the timeout, once, and never rings', async () => {
    await t.importAccounts('sig-george-5');
    const alice = await login('sig-alice-5');
    const inviteID = await invite(alice, 'sig-george-5', { timeout: 1 });
    await until(() => alice.of('onInvitationTimeout').length === 1, "the inviter's timeout");
    const george = await login('sig-george-5');
    await until(() => george.of('onInvitationTimeout').length === 1, 'the caught-up timeout');
    expect(george.of('onInvitationTimeout')[0]).toEqual([inviteID, ['sig-george-5']]);
    expect(george.of('onReceiveNewInvitation')).toEqual([]);
    await george.close();

    // Logging in again: a pending invitation is reported by the same catch-up, the timeout not again.
    const marker = await invite(alice, 'sig-george-5', { timeout: 60 });
    const again = await login('sig-george-5');
    await until(() => again.of('onReceiveNewInvitation').length === 1, 'the catch-up');
    expect(again.of('onReceiveNewInvitation')[0]?.[0]).toBe(marker);
    expect(again.of('onInvitationTimeout')).toEqual([]);
    expect(alice.of('onInvitationTimeout')).toHaveLength(1);
  });

  it('keeps online-only invitations out of history and of later logins', async () => {
    await t.importAccounts('sig-away-7');
    const [alice, bob] = await Promise.all([login('sig-alice-7'), login('sig-bob-7')]);
    const inviteID = await invite(alice, bob.userID, { onlineUserOnly: true, timeout: 1 });
    await until(() => bob.of('onReceiveNewInvitation').length === 1, 'the live invitation');
    await until(
      () => bob.of('onInvitationTimeout').length === 1 && alice.of('onInvitationTimeout').length === 1,
      'timeouts',
    );
    // Delivered live as messages, stored nowhere.
    expect(await actionsOf(bob)).toEqual([1, 5]);
    const history = await bob.im.v2TIMManager
      .getMessageManager()
      .getC2CHistoryMessageList({ userID: alice.userID, count: 10 });
    expect(history).toMatchObject({ code: 0, data: [] });
    expect(inviteID).toMatch(/^[0-9a-f]{32}$/);

    // An away invitee: never rung at login, only the stored marker invitation is.
    await invite(alice, 'sig-away-7', { onlineUserOnly: true, timeout: 60 });
    const marker = await invite(alice, 'sig-away-7', { timeout: 60 });
    const away = await login('sig-away-7');
    await until(() => away.of('onReceiveNewInvitation').length === 1, 'the catch-up');
    expect(away.of('onReceiveNewInvitation')[0]?.[0]).toBe(marker);
  });

  it('times a group invitation out once for the inviter and each pending member', async () => {
    const groupID = 'sig-group-10';
    await t.importAccounts('sig-owner-10', 'sig-m1-10', 'sig-m2-10');
    await t.createGroup({
      groupID,
      type: 'Work',
      ownerID: 'sig-owner-10',
      memberIDs: ['sig-m1-10', 'sig-m2-10'],
    });
    const [owner, m1, m2] = await Promise.all([
      login('sig-owner-10'),
      login('sig-m1-10'),
      login('sig-m2-10'),
    ]);
    const inviteID = (
      await owner.sig.inviteInGroup({ groupID, inviteeList: [m1.userID, m2.userID], data: '', timeout: 1 })
    ).data!;
    await until(() => m1.of('onReceiveNewInvitation').length === 1, 'the invitation');
    expect(await m1.sig.accept({ inviteID })).toMatchObject({ code: 0 });
    await until(
      () => owner.of('onInvitationTimeout').length === 1 && m2.of('onInvitationTimeout').length === 1,
      'timeouts',
    );
    expect(owner.of('onInvitationTimeout')).toEqual([[inviteID, [m2.userID]]]);
    expect(m2.of('onInvitationTimeout')).toEqual([[inviteID, [m2.userID]]]);
    // The one who accepted is not timed out; the group's messages say so too.
    expect(m1.of('onInvitationTimeout')).toEqual([]);
    await until(() => signalingMessages(m2).length === 3, 'invite, accept and timeout messages');
    expect(await actionsOf(m2)).toEqual([1, 3, 5]);
  });
});

describe('offline push', () => {
  /** A phone whose app was killed without logging out, with a push token of the webhook gateway. */
  async function awayPhone(userID: string, token: string): Promise<void> {
    const raw = await connectRaw(t.wsUrl);
    const instanceID = `${userID}-phone`;
    const login = await raw.request('login', {
      sdkAppID: t.sdkAppID,
      userID,
      userSig: t.ticket(userID),
      platform: 'android',
      instanceID,
    });
    expect(login.code).toBe(0);
    expect((await raw.request('setOfflinePushConfig', { businessID: WEBHOOK_ID, token })).code).toBe(0);
    raw.socket.terminate();
    await vi.waitFor(async () => {
      const presences = await t.server.bus.instancesOf(t.sdkAppID, userID);
      expect(presences.find((p) => p.instanceID === instanceID)?.connected ?? false).toBe(false);
    });
  }
  const pushesTo = (token: string) => standIns.webhook.filter((body) => body.token === token);

  it('rings an away invitee through the push gateway, with its own text or "Incoming call"', async () => {
    await awayPhone('sig-phone-11', 'tok-sig-11');
    const alice = await login('sig-alice-11');
    await invite(alice, 'sig-phone-11', { timeout: 60 });
    await vi.waitFor(() => expect(pushesTo('tok-sig-11')).toHaveLength(1));
    expect(pushesTo('tok-sig-11')[0]).toMatchObject({
      title: alice.userID,
      body: 'Incoming call',
      platform: 'android',
    });

    await invite(alice, 'sig-phone-11', {
      timeout: 60,
      offlinePushInfo: { title: 'Alice', desc: 'Video call', ext: '{"call":1}' },
    });
    await vi.waitFor(() => expect(pushesTo('tok-sig-11')).toHaveLength(2));
    expect(pushesTo('tok-sig-11')[1]).toMatchObject({
      title: 'Alice',
      body: 'Video call',
      ext: '{"call":1}',
    });

    // Neither an online-only invitation nor the other actions ring; a marker message shows the
    // queue has moved past them.
    const online = await invite(alice, 'sig-phone-11', { onlineUserOnly: true, timeout: 60 });
    const stored = await invite(alice, 'sig-phone-11', { timeout: 60, offlinePushInfo: { desc: 'marker' } });
    expect(await alice.sig.cancel({ inviteID: stored })).toMatchObject({ code: 0 });
    expect(await alice.sig.cancel({ inviteID: online })).toMatchObject({ code: 0 });
    await vi.waitFor(() => expect(pushesTo('tok-sig-11')).toHaveLength(3));
    await vi.waitFor(async () => expect(await t.server.storage.push.count()).toBe(0));
    expect(pushesTo('tok-sig-11').map((body) => body.body)).toEqual([
      'Incoming call',
      'Video call',
      'marker',
    ]);
  });

  it('rings away group invitees only when the invitation carries offlinePushInfo', async () => {
    const groupID = 'sig-group-12';
    await t.importAccounts('sig-owner-12', 'sig-phone-12', 'sig-other-12');
    await t.createGroup({
      groupID,
      type: 'Work',
      ownerID: 'sig-owner-12',
      memberIDs: ['sig-phone-12', 'sig-other-12'],
    });
    await awayPhone('sig-phone-12', 'tok-sig-12');
    await awayPhone('sig-other-12', 'tok-sig-12-other');
    const owner = await login('sig-owner-12');
    expect(await owner.sig.inviteInGroup({ groupID, inviteeList: ['sig-phone-12'], data: '' })).toMatchObject(
      { code: 0 },
    );
    expect(
      await owner.sig.inviteInGroup({
        groupID,
        inviteeList: ['sig-phone-12'],
        data: '',
        offlinePushInfo: { desc: 'Group call' },
      }),
    ).toMatchObject({ code: 0 });
    await vi.waitFor(() => expect(pushesTo('tok-sig-12')).toHaveLength(1));
    await vi.waitFor(async () => expect(await t.server.storage.push.count()).toBe(0));
    expect(pushesTo('tok-sig-12')[0]).toMatchObject({ title: owner.userID, body: 'Group call' });
    expect(pushesTo('tok-sig-12-other')).toEqual([]);
  });
});

describe('restarts', () => {
  it('fires a timeout that fell due while the server was down, once, to both sides on reconnect', async () => {
    const [alice, bob] = await Promise.all([login('sig-alice-13'), login('sig-bob-13')]);
    const inviteID = await invite(alice, bob.userID, { timeout: 1 });
    await until(() => bob.of('onReceiveNewInvitation').length === 1, 'the invitation');
    await t.restart();
    await until(
      () => alice.of('onInvitationTimeout').length === 1 && bob.of('onInvitationTimeout').length === 1,
      'both timeouts after the restart',
    );
    expect(alice.of('onInvitationTimeout')).toEqual([[inviteID, [bob.userID]]]);
    expect(bob.of('onInvitationTimeout')).toEqual([[inviteID, [bob.userID]]]);
    // A later round trip: no repeat arrived before it.
    const later = await invite(alice, bob.userID);
    expect(await bob.sig.reject({ inviteID: later })).toMatchObject({ code: 0 });
    await until(() => alice.of('onInviteeRejected').length === 1, 'the round trip');
    expect(alice.of('onInvitationTimeout')).toHaveLength(1);
    expect(bob.of('onInvitationTimeout')).toHaveLength(1);
  });
});
