/**
 * `openim/query_online_status` and the legacy `openim/querystate` (login.md §7.1, §7.2).
 */
import { ErrorCode } from '@parley/protocol';
import type { V2TimPlatform } from '@parley/sdk';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { PUSH_ONLINE_WINDOW_MS } from '../src/storage/types.js';
import { startTestServer, type TestServer } from './support/harness.js';
import { connectRaw } from './support/raw-client.js';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(() => t.stop());

const QUERY = 'openim/query_online_status';
const LEGACY = 'openim/querystate';

async function loggedIn(userID: string, platform: V2TimPlatform = 'web') {
  const c = await t.client({ platform });
  expect((await c.v2TIMManager.login(userID, t.ticket(userID))).code).toBe(0);
  return c;
}

const instanceOf = async (userID: string, platform: V2TimPlatform) =>
  (await t.server.bus.instancesOf(t.sdkAppID, userID)).find((p) => p.platform === platform)?.instanceID;

/** An imported account whose only instance is a phone that left with a push token registered. */
async function pushReachable(userID: string, platform: V2TimPlatform, ageMs = 0) {
  await t.server.storage.accounts.importAccount(t.sdkAppID, { userID });
  await t.server.storage.pushRegistrations.upsert({
    sdkAppID: t.sdkAppID,
    userID,
    instanceID: `${userID}-phone`,
    platform,
    businessID: 1,
    token: 'device-token',
    updatedAt: Date.now() - ageMs,
  });
}

describe('query_online_status', () => {
  it('reports Online, PushOnline and Offline users, and unknown ones in ErrorList', async () => {
    await loggedIn('os-online');
    await pushReachable('os-push', 'android');
    await t.rest('im_open_login_svc/account_import', { UserID: 'os-offline' });
    const res = await t.rest(QUERY, { To_Account: ['os-online', 'os-push', 'os-offline', 'os-nobody'] });
    expect(res).toEqual({
      ActionStatus: 'OK',
      ErrorCode: 0,
      ErrorInfo: '',
      QueryResult: [
        { To_Account: 'os-online', Status: 'Online' },
        { To_Account: 'os-push', Status: 'PushOnline' },
        { To_Account: 'os-offline', Status: 'Offline' },
      ],
      ErrorList: [{ To_Account: 'os-nobody', ErrorCode: ErrorCode.ERR_ACCOUNT_NOT_FOUND }],
    });
  });

  it('gives per-instance Detail with platform names, and InstID when asked', async () => {
    await loggedIn('os-multi', 'web');
    await loggedIn('os-multi', 'iphone');
    const webID = await instanceOf('os-multi', 'web');
    const phoneID = await instanceOf('os-multi', 'iphone');

    const detail = await t.rest(QUERY, { To_Account: ['os-multi'], IsNeedDetail: 1 });
    expect(detail.QueryResult).toEqual([
      {
        To_Account: 'os-multi',
        Status: 'Online',
        Detail: expect.arrayContaining([
          { Platform: 'Web', Status: 'Online' },
          { Platform: 'iPhone', Status: 'Online' },
        ]),
      },
    ]);

    const withIDs = await t.rest(QUERY, { To_Account: ['os-multi'], IsNeedDetail: 1, IsReturnInstid: 1 });
    const [user] = withIDs.QueryResult as { Detail: unknown[] }[];
    expect(user?.Detail).toHaveLength(2);
    expect(user?.Detail).toEqual(
      expect.arrayContaining([
        { Platform: 'Web', Status: 'Online', InstID: webID },
        { Platform: 'iPhone', Status: 'Online', InstID: phoneID },
      ]),
    );
  });

  it('shows a disconnected phone with a push registration as PushOnline next to an online web instance', async () => {
    await pushReachable('os-mixed', 'android');
    await loggedIn('os-mixed', 'web');
    const res = await t.rest(QUERY, { To_Account: ['os-mixed'], IsNeedDetail: 1, IsReturnInstid: 1 });
    expect(res.QueryResult).toEqual([
      {
        To_Account: 'os-mixed',
        Status: 'Online',
        Detail: [
          { Platform: 'Web', Status: 'Online', InstID: await instanceOf('os-mixed', 'web') },
          { Platform: 'Android', Status: 'PushOnline', InstID: 'os-mixed-phone' },
        ],
      },
    ]);
  });

  it('shows a phone that lost its connection as PushOnline when it registered for push, else not at all', async () => {
    for (const [userID, registers] of [
      ['os-drop-push', true],
      ['os-drop-none', false],
    ] as const) {
      const raw = await connectRaw(t.wsUrl);
      const login = await raw.request('login', {
        sdkAppID: t.sdkAppID,
        userID,
        userSig: t.ticket(userID),
        platform: 'android',
        instanceID: `${userID}-phone`,
      });
      expect(login.code).toBe(0);
      if (registers) {
        await t.server.storage.pushRegistrations.upsert({
          sdkAppID: t.sdkAppID,
          userID,
          instanceID: `${userID}-phone`,
          platform: 'android',
          businessID: 7,
          token: 'fcm-token',
        });
      }
      raw.socket.terminate();
      // The instance stays registered (resumable) but no longer connected.
      await vi.waitFor(async () => {
        const [presence] = await t.server.bus.instancesOf(t.sdkAppID, userID);
        expect(presence?.connected).toBe(false);
      });
    }
    const res = await t.rest(QUERY, { To_Account: ['os-drop-push', 'os-drop-none'], IsNeedDetail: 1 });
    expect(res.QueryResult).toEqual([
      {
        To_Account: 'os-drop-push',
        Status: 'PushOnline',
        Detail: [{ Platform: 'Android', Status: 'PushOnline' }],
      },
      { To_Account: 'os-drop-none', Status: 'Offline' },
    ]);
  });

  it('says Offline once a push registration is older than 7 days, and for a desktop registration', async () => {
    await pushReachable('os-stale', 'iphone', PUSH_ONLINE_WINDOW_MS + 60_000);
    await pushReachable('os-desktop', 'windows');
    const res = await t.rest(QUERY, { To_Account: ['os-stale', 'os-desktop'], IsNeedDetail: 1 });
    expect(res.QueryResult).toEqual([
      { To_Account: 'os-stale', Status: 'Offline' },
      { To_Account: 'os-desktop', Status: 'Offline' },
    ]);
  });

  it('says Offline after a logout, and after a REST kick even with a push registration', async () => {
    const c = await loggedIn('os-left', 'android');
    await c.v2TIMManager.logout();
    await pushReachable('os-kicked', 'ipad');
    expect((await t.rest('im_open_login_svc/kick', { UserID: 'os-kicked' })).ActionStatus).toBe('OK');
    const res = await t.rest(QUERY, { To_Account: ['os-left', 'os-kicked'] });
    expect(res.QueryResult).toEqual([
      { To_Account: 'os-left', Status: 'Offline' },
      { To_Account: 'os-kicked', Status: 'Offline' },
    ]);
  });

  it("returns each user's custom status when asked", async () => {
    const c = await loggedIn('os-custom');
    expect((await c.v2TIMManager.setSelfStatus({ status: { customStatus: 'at lunch' } })).code).toBe(0);
    await t.rest('im_open_login_svc/account_import', { UserID: 'os-plain' });
    const res = await t.rest(QUERY, { To_Account: ['os-custom', 'os-plain'], IsReturnCustomStatus: 1 });
    expect(res.QueryResult).toEqual([
      { To_Account: 'os-custom', Status: 'Online', CustomStatus: 'at lunch' },
      { To_Account: 'os-plain', Status: 'Offline', CustomStatus: '' },
    ]);
  });

  it('takes 500 UserIDs and answers each once', async () => {
    const many = Array.from({ length: 500 }, (_, i) => `os-many${i % 250}`);
    const res = await t.rest(QUERY, { To_Account: many });
    expect(res.ActionStatus).toBe('OK');
    expect(res.ErrorList).toHaveLength(250);
  });

  it.each([
    ['no To_Account', {}],
    ['To_Account that is not an array', { To_Account: 'os-online' }],
    ['an empty To_Account', { To_Account: [] }],
    ['501 UserIDs', { To_Account: Array.from({ length: 501 }, (_, i) => `u${i}`) }],
    ['a UserID that is not a string', { To_Account: ['os-online', 7] }],
    ['IsNeedDetail 2', { To_Account: ['os-online'], IsNeedDetail: 2 }],
    ['IsReturnInstid as a string', { To_Account: ['os-online'], IsReturnInstid: '1' }],
  ])('refuses %s with 70402', async (_case, body) => {
    expect(await t.rest(QUERY, body)).toMatchObject({
      ActionStatus: 'FAIL',
      ErrorCode: ErrorCode.ERR_INVALID_PARAMS,
    });
  });

  it('refuses a body that is not JSON with 60003', async () => {
    expect(await t.rest(QUERY, undefined, { rawBody: 'To_Account=a' })).toMatchObject({
      ActionStatus: 'FAIL',
      ErrorCode: ErrorCode.ERR_REST_BAD_JSON,
    });
  });
});

describe('querystate (legacy alias)', () => {
  it('answers the same data with State instead of Status', async () => {
    await loggedIn('qs-online', 'android');
    await pushReachable('qs-push', 'mac');
    const res = await t.rest(LEGACY, { To_Account: ['qs-online', 'qs-push', 'qs-nobody'], IsNeedDetail: 1 });
    expect(res).toEqual({
      ActionStatus: 'OK',
      ErrorCode: 0,
      ErrorInfo: '',
      QueryResult: [
        { To_Account: 'qs-online', State: 'Online', Detail: [{ Platform: 'Android', Status: 'Online' }] },
        { To_Account: 'qs-push', State: 'PushOnline', Detail: [{ Platform: 'Mac', Status: 'PushOnline' }] },
      ],
      ErrorList: [{ To_Account: 'qs-nobody', ErrorCode: ErrorCode.ERR_ACCOUNT_NOT_FOUND }],
    });
  });

  it.each([
    ['a body that is not JSON', '{', ErrorCode.ERR_QUERYSTATE_BAD_REQUEST],
    ['an empty body', '', ErrorCode.ERR_QUERYSTATE_BAD_REQUEST],
    ['no To_Account', '{}', ErrorCode.ERR_QUERYSTATE_BAD_REQUEST],
    ['an empty To_Account', '{"To_Account":[]}', ErrorCode.ERR_QUERYSTATE_BAD_REQUEST],
    ['To_Account with a number', '{"To_Account":["a",1]}', ErrorCode.ERR_QUERYSTATE_NOT_STRINGS],
    [
      '501 UserIDs',
      JSON.stringify({ To_Account: Array.from({ length: 501 }, (_, i) => `u${i}`) }),
      ErrorCode.ERR_QUERYSTATE_TOO_MANY,
    ],
    ['IsNeedDetail 5', '{"To_Account":["a"],"IsNeedDetail":5}', ErrorCode.ERR_QUERYSTATE_BAD_REQUEST],
  ])('refuses %s with its own code', async (_case, rawBody, code) => {
    expect(await t.rest(LEGACY, undefined, { rawBody })).toMatchObject({
      ActionStatus: 'FAIL',
      ErrorCode: code,
    });
  });
});
