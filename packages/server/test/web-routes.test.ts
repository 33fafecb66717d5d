/**
 * The HTTP routes behind the web app, without a browser: the demo ticket endpoint (only in demo
 * mode) and the console's API (admin ticket required, settings applied to the next login).
 */

import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ErrorCode } from '@parley/protocol';
import { verifyUserSig } from '@parley/usersig';
import Fastify from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { registerConsoleApi } from '../src/http/console-api.js';
import { createLogger } from '../src/logger.js';
import { RestRateLimiter } from '../src/rest/rate-limit.js';
import { startTestServer, TEST_ADMIN, TEST_SDK_APP_ID, type TestServer } from './support/harness.js';

let harness: TestServer | undefined;
afterEach(async () => {
  await harness?.stop();
  harness = undefined;
});

const post = (server: TestServer, path: string, body: unknown) =>
  fetch(`${server.server.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

/** A console call as the admin (or as `identifier` with its own ticket). */
async function consoleCall(server: TestServer, command: string, body: unknown = {}, identifier = TEST_ADMIN) {
  const query = new URLSearchParams({
    sdkappid: String(TEST_SDK_APP_ID),
    identifier,
    usersig: server.ticket(identifier),
    random: '1',
    contenttype: 'json',
  });
  const response = await post(server, `/console/api/${command}?${query}`, body);
  expect(response.status).toBe(200);
  return (await response.json()) as Record<string, unknown> & { ActionStatus: string; ErrorCode: number };
}

describe('demo mode', () => {
  it('is off by default: /demo/config says so and no ticket is minted', async () => {
    harness = await startTestServer();
    expect(await (await fetch(`${harness.server.url}/demo/config`)).json()).toEqual({ demo: false });
    expect((await post(harness, '/demo/usersig', { userID: 'alice' })).status).toBe(404);
  });

  it('mints a ticket for any UserID that the app key verifies', async () => {
    harness = await startTestServer({ demo: true });
    const config = await (await fetch(`${harness.server.url}/demo/config`)).json();
    expect(config).toMatchObject({ demo: true, sdkAppID: TEST_SDK_APP_ID, admin: TEST_ADMIN });
    const response = await post(harness, '/demo/usersig', { userID: 'alice', expire: 60 });
    expect(response.headers.get('cache-control')).toBe('no-store');
    const minted = (await response.json()) as { userSig: string; expire: number };
    expect(minted.expire).toBe(60);
    const verified = verifyUserSig({
      ticket: minted.userSig,
      sdkAppID: TEST_SDK_APP_ID,
      key: harness.secretKey,
      userID: 'alice',
    });
    expect(verified).toMatchObject({ ok: true, expire: 60 });
  });

  it('answers only requests addressed to a loopback name, so DNS rebinding cannot reach it', async () => {
    harness = await startTestServer({ demo: true });
    const port = harness.server.port;
    const ask = (host: string, path: string, method = 'GET') =>
      new Promise<number>((resolve, reject) => {
        const body = method === 'POST' ? JSON.stringify({ userID: 'administrator' }) : undefined;
        const request = httpRequest(
          { port, host: '127.0.0.1', path, method, headers: { host, 'content-type': 'application/json' } },
          (response) => {
            response.resume();
            resolve(response.statusCode ?? 0);
          },
        );
        request.on('error', reject);
        request.end(body);
      });
    // A page at attacker.example whose name was rebound to 127.0.0.1 sends its own host name.
    expect(await ask(`attacker.example:${port}`, '/demo/usersig', 'POST')).toBe(403);
    expect(await ask(`attacker.example:${port}`, '/demo/config')).toBe(403);
    expect(await ask(`10.0.0.5:${port}`, '/demo/usersig', 'POST')).toBe(403);
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`, 'localhost']) {
      expect(await ask(host, '/demo/usersig', 'POST')).toBe(200);
    }
  });

  it('refuses a malformed UserID with 400', async () => {
    harness = await startTestServer({ demo: true });
    expect((await post(harness, '/demo/usersig', { userID: '' })).status).toBe(400);
  });
});

describe('console API', () => {
  it('refuses a caller who is not an app admin', async () => {
    harness = await startTestServer();
    const answer = await consoleCall(harness, 'get_app_settings', {}, 'alice');
    expect(answer).toMatchObject({ ActionStatus: 'FAIL', ErrorCode: 60010 });
  });

  it('changes the login policy, and the next login follows it at once', async () => {
    harness = await startTestServer();
    expect(await consoleCall(harness, 'get_app_settings')).toMatchObject({
      ActionStatus: 'OK',
      Settings: { sdkAppID: TEST_SDK_APP_ID, loginPolicy: 'multi', admins: [TEST_ADMIN] },
    });
    // Read once under `multi` so the gateway has the old settings cached.
    const web = await harness.client({ platform: 'web' });
    expect((await web.v2TIMManager.login('carol', harness.ticket('carol'))).code).toBe(0);

    const changed = await consoleCall(harness, 'set_app_settings', { loginPolicy: 'single' });
    expect(changed).toMatchObject({ ActionStatus: 'OK', Settings: { loginPolicy: 'single' } });

    const phone = await harness.client({ platform: 'android' });
    expect((await phone.v2TIMManager.login('carol', harness.ticket('carol'))).code).toBe(0);
    await web.next('onKickedOffline');
  });

  it('shows and changes the message settings, which the server uses at once', async () => {
    harness = await startTestServer();
    expect(await consoleCall(harness, 'get_app_settings')).toMatchObject({
      Settings: { messageRetentionDays: 7, revokeWindowSeconds: 120, maxMessageBodyBytes: 12_288 },
    });
    const settings = { messageRetentionDays: 90, revokeWindowSeconds: 0, maxMessageBodyBytes: 1024 };
    const changed = await consoleCall(harness, 'set_app_settings', settings);
    expect(changed).toMatchObject({ ActionStatus: 'OK', Settings: settings });
    expect(await harness.server.apps.get(TEST_SDK_APP_ID)).toMatchObject(settings);

    const invalid = await consoleCall(harness, 'set_app_settings', { revokeWindowSeconds: 604_801 });
    expect(invalid).toMatchObject({ ActionStatus: 'FAIL', ErrorCode: 70402 });
    expect(String(invalid.ErrorInfo)).toContain('revokeWindowSeconds: expected an integer from 0 to 604800');
  });

  it('refuses an invalid or unknown setting and names it', async () => {
    harness = await startTestServer();
    const invalid = await consoleCall(harness, 'set_app_settings', { maxWebInstances: 11 });
    expect(invalid).toMatchObject({ ActionStatus: 'FAIL', ErrorCode: 70402 });
    expect(String(invalid.ErrorInfo)).toContain('maxWebInstances');
    const unknown = await consoleCall(harness, 'set_app_settings', { secretKey: 'x' });
    expect(unknown).toMatchObject({ ActionStatus: 'FAIL', ErrorCode: 70402 });
  });

  it('lists accounts a page at a time and counts today’s active users', async () => {
    harness = await startTestServer();
    for (const user of ['bob', 'alice']) {
      const client = await harness.client();
      expect((await client.v2TIMManager.login(user, harness.ticket(user))).code).toBe(0);
    }
    const first = await consoleCall(harness, 'list_accounts', { limit: 1 });
    expect(first).toMatchObject({ Accounts: [{ userID: 'alice' }], Next: 'alice' });
    const second = await consoleCall(harness, 'list_accounts', { limit: 5, after: 'alice' });
    expect(second).toMatchObject({ Accounts: [{ userID: 'bob' }], Next: null });

    const activity = (await consoleCall(harness, 'get_activity', { days: 7, months: 2 })) as unknown as {
      Daily: { day: string; users: number }[];
      Monthly: { month: string; users: number }[];
    };
    expect(activity.Daily).toHaveLength(7);
    expect(activity.Daily.at(-1)).toEqual({ day: new Date().toISOString().slice(0, 10), users: 2 });
    expect(activity.Monthly.at(-1)?.users).toBe(2);
  });
});

describe('console API checks', () => {
  it('checks `random` and counts calls against the same per-app rate limit as REST', async () => {
    harness = await startTestServer();
    // A second console mount over the same server's storage, with a tiny rate and a stopped clock,
    // so the limit is reached by call count and never by timing.
    const http = Fastify();
    const frozen = Date.now();
    await registerConsoleApi(http, {
      storage: harness.server.storage,
      apps: harness.server.apps,
      logger: createLogger({ level: 'silent' }),
      limiter: new RestRateLimiter(() => frozen),
      rates: { 'console/get_app_settings': 1 },
      now: () => frozen,
    });
    await http.listen({ host: '127.0.0.1', port: 0 });
    try {
      const { port } = http.server.address() as AddressInfo;
      const server = harness;
      const call = async (random: string) => {
        const query = `sdkappid=${TEST_SDK_APP_ID}&identifier=${TEST_ADMIN}&usersig=${server.ticket(TEST_ADMIN)}&random=${random}`;
        const res = await fetch(`http://127.0.0.1:${port}/console/api/get_app_settings?${query}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: '{}',
        });
        expect(res.status).toBe(200);
        return ((await res.json()) as { ErrorCode: number }).ErrorCode;
      };
      expect(await call('not-a-number')).toBe(ErrorCode.ERR_REST_BAD_URL);
      expect(await call('1')).toBe(0);
      expect(await call('2')).toBe(ErrorCode.ERR_REST_RATE_LIMITED);
    } finally {
      await http.close();
    }
  });

  it('answers an unknown console command and broken JSON with the envelope', async () => {
    harness = await startTestServer();
    expect(await consoleCall(harness, 'no_such_command')).toMatchObject({
      ActionStatus: 'FAIL',
      ErrorCode: ErrorCode.ERR_REST_BAD_RESOURCE,
    });
    const query = new URLSearchParams({
      sdkappid: String(TEST_SDK_APP_ID),
      identifier: TEST_ADMIN,
      usersig: harness.ticket(TEST_ADMIN),
    });
    const res = await fetch(`${harness.server.url}/console/api/get_activity?${query}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{',
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ ActionStatus: 'FAIL', ErrorCode: ErrorCode.ERR_REST_BAD_JSON });
  });
});
