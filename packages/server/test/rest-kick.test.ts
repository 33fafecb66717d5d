/**
 * `im_open_login_svc/kick` (login.md §3.3): revoke every earlier ticket and kick every device, or with
 * our `InstanceID` extension sign out one device only.
 */
import { ErrorCode } from '@parley/protocol';
import { V2TimLoginStatus, type V2TimPlatform } from '@parley/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, TEST_ADMIN, type TestClient, type TestServer } from './support/harness.js';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(() => t.stop());

const KICK = 'im_open_login_svc/kick';
const CHECK = 'im_open_login_svc/account_check';
const LOGOUT = V2TimLoginStatus.V2TIM_STATUS_LOGOUT;
const LOGINED = V2TimLoginStatus.V2TIM_STATUS_LOGINED;

/** A ticket signed a minute ago: issued before any kick these tests make. */
const oldTicket = (userID: string) => t.ticket(userID, { now: Math.floor(Date.now() / 1000) - 60 });

async function loggedIn(userID: string, platform: V2TimPlatform = 'web', ticket = t.ticket(userID)) {
  const c = await t.client({ platform });
  expect((await c.v2TIMManager.login(userID, ticket)).code).toBe(0);
  return c;
}

const status = async (c: TestClient) => (await c.v2TIMManager.getLoginStatus()).data;
const instances = (userID: string) => t.server.bus.instancesOf(t.sdkAppID, userID);

describe('kick', () => {
  it.each([
    ['UserID', 'kick-new'],
    ['Identifier', 'kick-old'],
  ])('with %s kicks every device and revokes earlier tickets; a fresh ticket works', async (key, userID) => {
    const ticket = oldTicket(userID);
    const web = await loggedIn(userID, 'web', ticket);
    const phone = await loggedIn(userID, 'android', ticket);

    expect(await t.rest(KICK, { [key]: userID })).toEqual({
      ActionStatus: 'OK',
      ErrorCode: 0,
      ErrorInfo: '',
    });
    await Promise.all([web.next('onKickedOffline'), phone.next('onKickedOffline')]);
    expect(await status(web)).toBe(LOGOUT);
    expect(await status(phone)).toBe(LOGOUT);
    expect(await instances(userID)).toEqual([]);

    const again = await t.client();
    expect((await again.v2TIMManager.login(userID, ticket)).code).toBe(ErrorCode.ERR_USERSIG_REVOKED);
    expect((await again.v2TIMManager.login(userID, t.ticket(userID))).code).toBe(0);
  });

  it('kicks a user who is offline too: the revocation holds for the next login', async () => {
    const ticket = oldTicket('kick-offline');
    const c = await loggedIn('kick-offline', 'web', ticket);
    await c.v2TIMManager.logout();
    expect((await t.rest(KICK, { UserID: 'kick-offline' })).ActionStatus).toBe('OK');
    const again = await t.client();
    expect((await again.v2TIMManager.login('kick-offline', ticket)).code).toBe(ErrorCode.ERR_USERSIG_REVOKED);
  });

  it('with InstanceID signs out that device only and revokes nothing', async () => {
    const userID = 'kick-one';
    const ticket = oldTicket(userID);
    const web = await loggedIn(userID, 'web', ticket);
    const phone = await loggedIn(userID, 'android', ticket);
    const phoneID = (await instances(userID)).find((p) => p.platform === 'android')?.instanceID;
    expect(phoneID).toBeDefined();

    expect((await t.rest(KICK, { UserID: userID, InstanceID: phoneID })).ActionStatus).toBe('OK');
    await phone.next('onKickedOffline');
    expect(await status(phone)).toBe(LOGOUT);
    expect(await status(web)).toBe(LOGINED);
    expect(web.calls).not.toContain('onKickedOffline');
    expect((await instances(userID)).map((p) => p.platform)).toEqual(['web']);

    const tablet = await t.client({ platform: 'ipad' });
    expect((await tablet.v2TIMManager.login(userID, ticket)).code).toBe(0);
  });

  it('with an InstanceID that is not online changes nothing and succeeds', async () => {
    const web = await loggedIn('kick-miss');
    expect((await t.rest(KICK, { UserID: 'kick-miss', InstanceID: 'no-such-instance' })).ActionStatus).toBe(
      'OK',
    );
    expect(await status(web)).toBe(LOGINED);
  });

  it('answers an unknown user with 70107', async () => {
    expect(await t.rest(KICK, { UserID: 'kick-nobody' })).toMatchObject({
      ActionStatus: 'FAIL',
      ErrorCode: ErrorCode.ERR_ACCOUNT_NOT_FOUND,
    });
  });

  it('refuses a ticket dated a day ahead, which would otherwise outlive the kick', async () => {
    const ahead = t.ticket('kick-ahead', { now: Math.floor(Date.now() / 1000) + 86_400 });
    await loggedIn('kick-ahead');
    expect((await t.rest(KICK, { UserID: 'kick-ahead' })).ActionStatus).toBe('OK');
    const c = await t.client();
    expect((await c.v2TIMManager.login('kick-ahead', ahead)).code).toBe(ErrorCode.ERR_USERSIG_CHECK_FAILED);
  });

  it('lets the admin kick itself without an imported account: its older tickets stop working', async () => {
    const leaked = t.ticket(TEST_ADMIN, { now: Math.floor(Date.now() / 1000) - 60 });
    expect(
      (await t.rest(CHECK, { CheckItem: [{ UserID: 'kick-probe' }] }, { usersig: leaked })).ActionStatus,
    ).toBe('OK');
    expect(await t.rest(KICK, { UserID: TEST_ADMIN })).toEqual({
      ActionStatus: 'OK',
      ErrorCode: 0,
      ErrorInfo: '',
    });
    expect(await t.rest(CHECK, { CheckItem: [{ UserID: 'kick-probe' }] }, { usersig: leaked })).toMatchObject(
      {
        ActionStatus: 'FAIL',
        ErrorCode: ErrorCode.ERR_USERSIG_REVOKED,
      },
    );
    // A fresh admin ticket still works (the harness signs one per call).
    expect((await t.rest(CHECK, { CheckItem: [{ UserID: 'kick-probe' }] })).ActionStatus).toBe('OK');
  });

  it.each([
    ['no UserID', {}],
    ['a numeric UserID', { UserID: 12 }],
    ['a numeric Identifier', { Identifier: 12 }],
    ['a UserID of 33 bytes', { UserID: 'k'.repeat(33) }],
    ['an empty InstanceID', { UserID: 'kick-new', InstanceID: '' }],
    ['a numeric InstanceID', { UserID: 'kick-new', InstanceID: 3 }],
  ])('refuses %s with 70402', async (_case, body) => {
    expect(await t.rest(KICK, body)).toMatchObject({
      ActionStatus: 'FAIL',
      ErrorCode: ErrorCode.ERR_INVALID_PARAMS,
    });
  });

  it('refuses a non-admin caller with 70403, kicking nobody', async () => {
    const victim = await loggedIn('kick-safe');
    expect(await t.rest(KICK, { UserID: 'kick-safe' }, { identifier: 'kick-safe' })).toMatchObject({
      ActionStatus: 'FAIL',
      ErrorCode: ErrorCode.ERR_ADMIN_REQUIRED,
    });
    expect(await status(victim)).toBe(LOGINED);
  });
});
