import { ErrorCode } from '@parley/protocol';
import { V2TimLoginStatus } from '@parley/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './support/harness.js';
import { connectRaw } from './support/raw-client.js';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(() => t.stop());

describe('a user’s own devices (getOnlineDevices, kickOnlineDevice)', () => {
  it('lists every logged-in instance with platform and login time, marking the current one', async () => {
    const phone = await t.client({ platform: 'android' });
    await phone.v2TIMManager.login('dev-a', t.ticket('dev-a'));
    const laptop = await t.client({ platform: 'mac' });
    await laptop.v2TIMManager.login('dev-a', t.ticket('dev-a'));

    const res = await laptop.v2TIMManager.getOnlineDevices();
    expect(res.code).toBe(0);
    expect(res.data?.map((d) => [d.platform, d.isCurrent, d.connected])).toEqual([
      ['android', false, true],
      ['mac', true, true],
    ]);
    expect(res.data?.[0]?.loginAt).toBeLessThanOrEqual(res.data?.[1]?.loginAt ?? 0);
  });

  it('signs out another device, which gets onKickedOffline and cannot resume', async () => {
    const phone = await t.client({ platform: 'iphone' });
    await phone.v2TIMManager.login('dev-b', t.ticket('dev-b'));
    const laptop = await t.client({ platform: 'windows' });
    await laptop.v2TIMManager.login('dev-b', t.ticket('dev-b'));
    const devices = (await laptop.v2TIMManager.getOnlineDevices()).data ?? [];
    const phoneID = devices.find((d) => d.platform === 'iphone')?.instanceID ?? '';

    expect((await laptop.v2TIMManager.kickOnlineDevice(phoneID)).code).toBe(0);
    await phone.next('onKickedOffline');
    expect((await phone.v2TIMManager.getLoginStatus()).data).toBe(V2TimLoginStatus.V2TIM_STATUS_LOGOUT);
    expect((await laptop.v2TIMManager.getOnlineDevices()).data?.map((d) => d.platform)).toEqual(['windows']);

    const resume = await connectRaw(t.wsUrl);
    const reply = await resume.request('login', {
      sdkAppID: t.sdkAppID,
      userID: 'dev-b',
      userSig: t.ticket('dev-b'),
      platform: 'iphone',
      instanceID: phoneID,
      resume: true,
    });
    expect(reply.code).toBe(ErrorCode.ERR_LOGIN_KICKED_OFF_BY_OTHER);
    resume.close();
  });

  it('refuses to sign out the current instance or one that is not online', async () => {
    const c = await t.client();
    await c.v2TIMManager.login('dev-c', t.ticket('dev-c'));
    const [self] = (await c.v2TIMManager.getOnlineDevices()).data ?? [];
    expect((await c.v2TIMManager.kickOnlineDevice(self?.instanceID ?? '')).code).toBe(
      ErrorCode.ERR_INVALID_PARAMETERS,
    );
    expect((await c.v2TIMManager.kickOnlineDevice('nope')).code).toBe(ErrorCode.ERR_INVALID_PARAMETERS);
    expect(c.calls).not.toContain('onKickedOffline');
  });

  it('needs a login', async () => {
    const c = await t.client();
    expect((await c.v2TIMManager.getOnlineDevices()).code).toBe(ErrorCode.ERR_SDK_NOT_LOGGED_IN);
    expect((await c.v2TIMManager.kickOnlineDevice('x')).code).toBe(ErrorCode.ERR_SDK_NOT_LOGGED_IN);
  });

  it('cannot reach another user’s devices', async () => {
    const victim = await t.client({ platform: 'android' });
    await victim.v2TIMManager.login('dev-victim', t.ticket('dev-victim'));
    const [device] = (await victim.v2TIMManager.getOnlineDevices()).data ?? [];
    const other = await t.client();
    await other.v2TIMManager.login('dev-other', t.ticket('dev-other'));
    expect((await other.v2TIMManager.getOnlineDevices()).data?.map((d) => d.instanceID)).not.toContain(
      device?.instanceID,
    );
    expect((await other.v2TIMManager.kickOnlineDevice(device?.instanceID ?? '')).code).toBe(
      ErrorCode.ERR_INVALID_PARAMETERS,
    );
    expect((await victim.v2TIMManager.getLoginStatus()).data).toBe(V2TimLoginStatus.V2TIM_STATUS_LOGINED);
  });

  it('stores the push token of a native instance and forgets it at logout', async () => {
    const phone = await t.client({ platform: 'android' });
    await phone.v2TIMManager.login('dev-push', t.ticket('dev-push'));
    const push = phone.v2TIMManager.getOfflinePushManager();
    expect((await push.setOfflinePushConfig({ businessID: 7, token: 'tok-1' })).code).toBe(0);
    const [registration] = await t.server.storage.pushRegistrations.listForUser(t.sdkAppID, 'dev-push');
    expect(registration).toMatchObject({ platform: 'android', businessID: 7, token: 'tok-1' });
    expect((await push.setOfflinePushConfig({ businessID: -1, token: 'x' })).code).toBe(
      ErrorCode.ERR_INVALID_PARAMETERS,
    );
    await phone.v2TIMManager.logout();
    expect(await t.server.storage.pushRegistrations.listForUser(t.sdkAppID, 'dev-push')).toEqual([]);
    expect((await push.setOfflinePushConfig({ businessID: 7, token: 'tok-2' })).code).toBe(
      ErrorCode.ERR_SDK_NOT_LOGGED_IN,
    );
  });
});
