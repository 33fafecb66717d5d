/**
 * State.StateChange end to end: real SDK clients log in, get kicked, log out and drop their
 * connections, and a real HTTP listener receives what the app's callback URL would.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type CallbackReceiver,
  type ReceivedCallback,
  startCallbackReceiver,
} from '../src/webhooks/testing.js';
import { startTestServer, type TestServer } from './support/harness.js';
import { connectRaw } from './support/raw-client.js';

let receiver: CallbackReceiver;
let t: TestServer;

beforeAll(async () => {
  receiver = await startCallbackReceiver('/im-callback?token=abc');
  t = await startTestServer({
    app: { callbackUrl: receiver.url },
    webhooks: { disconnectGraceMs: 200, pollIntervalMs: 50 },
  });
});
afterAll(async () => {
  await t.stop();
  await receiver.close();
});

interface StateBody {
  CallbackCommand: string;
  EventTime: number;
  Info: { Action: string; To_Account: string; Reason: string };
  KickedDevice?: { Platform: string }[];
}

const body = (r: ReceivedCallback) => r.body as StateBody;
const about = (userID: string, action: string) => (r: ReceivedCallback) =>
  body(r)?.Info?.To_Account === userID && body(r).Info.Action === action;
const eventsOf = (userID: string) =>
  receiver.received.filter((r) => body(r)?.Info?.To_Account === userID).map((r) => body(r).Info);

describe('State.StateChange callbacks', () => {
  it('posts Login/Register with the original query parameters after a login', async () => {
    const c = await t.client({ platform: 'android' });
    await c.v2TIMManager.login('cb-login', t.ticket('cb-login'));
    const got = await receiver.waitFor(about('cb-login', 'Login'));
    expect(body(got)).toMatchObject({
      CallbackCommand: 'State.StateChange',
      Info: { Action: 'Login', To_Account: 'cb-login', Reason: 'Register' },
    });
    const query = Object.fromEntries(got.query);
    expect(query).toMatchObject({
      token: 'abc',
      SdkAppid: String(t.sdkAppID),
      CallbackCommand: 'State.StateChange',
      contenttype: 'json',
      ClientIP: expect.stringMatching(/127\.0\.0\.1/),
      OptPlatform: 'Android',
    });
  });

  it('reports a policy kick once, as KickedDevice on the new Login', async () => {
    const first = await t.client();
    await first.v2TIMManager.login('cb-kick', t.ticket('cb-kick'));
    await receiver.waitFor(about('cb-kick', 'Login'));
    const second = await t.client();
    await second.v2TIMManager.login('cb-kick', t.ticket('cb-kick'));
    await first.next('onKickedOffline');
    const logins = await receiver.waitFor(
      (r) => about('cb-kick', 'Login')(r) && body(r).KickedDevice !== undefined,
    );
    expect(body(logins).KickedDevice).toEqual([{ Platform: 'Web' }]);
    await second.v2TIMManager.logout();
    await receiver.waitFor(about('cb-kick', 'Logout'));
    expect(eventsOf('cb-kick').map((i) => `${i.Action}/${i.Reason}`)).toEqual([
      'Login/Register',
      'Login/Register',
      'Logout/Unregister',
    ]);
  });

  it('posts Disconnect/LinkClose when a connection drops and the client does not come back', async () => {
    const c = await connectRaw(t.wsUrl);
    const login = {
      sdkAppID: t.sdkAppID,
      userID: 'cb-drop',
      userSig: t.ticket('cb-drop'),
      platform: 'iphone',
      instanceID: 'drop1',
    };
    expect((await c.request('login', login)).code).toBe(0);
    c.socket.terminate();
    const got = await receiver.waitFor(about('cb-drop', 'Disconnect'));
    expect(body(got).Info.Reason).toBe('LinkClose');
  });

  it('posts Logout/Kicked when the admin kicks the user', async () => {
    const c = await t.client();
    await c.v2TIMManager.login('cb-admin', t.ticket('cb-admin'));
    await t.server.sessions.kickUser(t.sdkAppID, 'cb-admin', { reason: 'REST_API_Kick' });
    await c.next('onKickedOffline');
    const got = await receiver.waitFor(about('cb-admin', 'Logout'));
    expect(body(got).Info.Reason).toBe('Kicked');
  });
});

// A grace far longer than any restart plus reconnect: whether the resume cancels the Disconnect is
// then read from the outbox, not raced against a short timer.
describe('State.StateChange across a server restart', () => {
  let r: CallbackReceiver;
  let u: TestServer;
  beforeAll(async () => {
    r = await startCallbackReceiver('/im-callback');
    u = await startTestServer({
      app: { callbackUrl: r.url },
      webhooks: { disconnectGraceMs: 600_000, pollIntervalMs: 50 },
    });
  });
  afterAll(async () => {
    await u.stop();
    await r.close();
  });

  it('sends no Disconnect when the client resumes within the grace', async () => {
    const actions = () =>
      r.received.filter((x) => body(x)?.Info?.To_Account === 'cb-resume').map((x) => body(x).Info.Action);
    const c = await u.client({ platform: 'mac' });
    await c.v2TIMManager.login('cb-resume', u.ticket('cb-resume'));
    await r.waitFor(about('cb-resume', 'Login'));
    await u.restart();
    await c.next('onConnectSuccess', 2);
    await c.v2TIMManager.logout();
    await r.waitFor(about('cb-resume', 'Logout'));
    // The Logout is deleted once delivered; a Disconnect the resume failed to cancel would stay.
    await expect.poll(() => u.server.storage.outbox.count(), { timeout: 10_000 }).toBe(0);
    expect(actions()).toEqual(['Login', 'Login', 'Logout']);
  });
});
