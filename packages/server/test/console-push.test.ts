/**
 * The console's push-provider calls (docs/push.md, docs/demo.md): admin only, the same checks as
 * `parley app push add`, secrets taken in but never answered or logged, and a provider added in the
 * console is what a running server pushes through.
 */
import { readFileSync } from 'node:fs';
import { ErrorCode } from '@parley/protocol';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { dbOf, runAppCommand } from './support/app-cli.js';
import { chatClients } from './support/chat.js';
import { startTestServer, TEST_ADMIN, type TestServer } from './support/harness.js';
import { type PushStandIns, startPushStandIns } from './support/push-standins.js';
import { connectRaw } from './support/raw-client.js';

let t: TestServer;
let standIns: PushStandIns;
const logLines: string[] = [];
const clients = chatClients(() => t);

interface Answer {
  ActionStatus: string;
  ErrorCode: number;
  ErrorInfo: string;
  [field: string]: unknown;
}

/** `POST /console/api/<command>` as `identifier` (the admin unless told), with a fresh ticket. */
async function consoleCall(command: string, body: unknown, identifier = TEST_ADMIN): Promise<Answer> {
  const query = new URLSearchParams({
    sdkappid: String(t.sdkAppID),
    identifier,
    usersig: t.ticket(identifier),
    random: String(Math.floor(Math.random() * 2 ** 32)),
    contenttype: 'json',
  });
  const response = await fetch(`${t.server.url}/console/api/${command}?${query}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  expect(response.status).toBe(200);
  return (await response.json()) as Answer;
}

/** `parley app push list N --json` on the server's database. */
async function cliList(): Promise<Record<string, unknown>[]> {
  const { out } = await runAppCommand(['push', 'list', String(t.sdkAppID), '--json', ...dbOf(t)]);
  return out
    .trim()
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line));
}

beforeAll(async () => {
  standIns = await startPushStandIns();
  t = await startTestServer({ logLines, push: { retryBaseMs: 20, retryMaxMs: 100 } });
});

afterAll(async () => {
  await clients.closeAll();
  await t?.stop();
  await standIns?.close();
});

describe('console push providers', () => {
  it('answers only the app admin', async () => {
    await t.importAccounts('mallory');
    for (const [command, body] of [
      ['list_push_providers', {}],
      ['add_push_provider', { businessID: 1, type: 'webhook', url: standIns.webhookUrl }],
      ['remove_push_provider', { businessID: 1 }],
    ] as const) {
      expect(await consoleCall(command, body, 'mallory')).toMatchObject({
        ActionStatus: 'FAIL',
        ErrorCode: ErrorCode.ERR_REST_NOT_ADMIN,
      });
    }
    const unsigned = await fetch(
      `${t.server.url}/console/api/list_push_providers?sdkappid=${t.sdkAppID}&identifier=${TEST_ADMIN}&random=1`,
      { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } },
    );
    expect(((await unsigned.json()) as Answer).ActionStatus).toBe('FAIL');
    expect(await t.server.storage.push.listProviders(t.sdkAppID)).toEqual([]);
  });

  it('stores APNs and FCM providers whose secrets are neither answered, listed nor logged', async () => {
    const key = readFileSync(standIns.files.apnsKey, 'utf8');
    const serviceAccount = readFileSync(standIns.files.serviceAccount, 'utf8');
    const privateKey = (JSON.parse(serviceAccount) as { private_key: string }).private_key;
    // The middle line of a PEM: a piece of the secret that no redaction of headers would hide.
    const pieceOf = (pem: string) => pem.split('\n')[1] ?? '';
    expect(pieceOf(key).length).toBeGreaterThan(20);

    const apns = await consoleCall('add_push_provider', {
      businessID: 11,
      type: 'apns',
      key,
      keyID: 'KEY1234567',
      teamID: 'TEAM123456',
      bundleID: 'com.example.console',
      sandbox: true,
      endpoint: standIns.apnsUrl,
    });
    expect(apns).toMatchObject({
      ActionStatus: 'OK',
      Provider: {
        businessID: 11,
        type: 'apns',
        keyID: 'KEY1234567',
        teamID: 'TEAM123456',
        bundleID: 'com.example.console',
        sandbox: true,
        endpoint: standIns.apnsUrl,
        secretSet: true,
      },
    });
    const fcm = await consoleCall('add_push_provider', { businessID: 12, type: 'fcm', serviceAccount });
    expect(fcm).toMatchObject({ ActionStatus: 'OK', Provider: { type: 'fcm', secretSet: true } });

    const listed = await consoleCall('list_push_providers', {});
    expect((listed.Providers as { businessID: number }[]).map((p) => p.businessID)).toEqual([11, 12]);
    const stored = await t.server.storage.push.getProvider(t.sdkAppID, 11);
    expect(stored?.type === 'apns' && stored.config.key).toBe(key);

    for (const text of [
      JSON.stringify([apns, fcm, listed]),
      JSON.stringify(await cliList()),
      logLines.join(''),
    ]) {
      expect(text).not.toContain(pieceOf(key));
      expect(text).not.toContain(pieceOf(privateKey));
      expect(text).not.toMatch(/PRIVATE KEY/);
    }
    expect(logLines.length).toBeGreaterThan(0);
  });

  it('refuses what the parley command refuses, with clear codes', async () => {
    const refused = async (body: unknown) => {
      const answer = await consoleCall('add_push_provider', body);
      expect(answer.ActionStatus).toBe('FAIL');
      return [answer.ErrorCode, answer.ErrorInfo];
    };
    const invalid = ErrorCode.ERR_INVALID_PARAMS;
    expect(await refused({ businessID: 9, type: 'gcm' })).toEqual([
      invalid,
      'type: expected apns, fcm or webhook',
    ]);
    expect(await refused({ businessID: 9, type: 'webhook', url: 'ftp://x' })).toEqual([
      invalid,
      'url: expected an http(s) URL',
    ]);
    expect(await refused({ businessID: 9, type: 'webhook', url: 'http://x', sandbox: true })).toEqual([
      invalid,
      'sandbox: does not apply to type webhook',
    ]);
    expect(
      await refused({
        businessID: 9,
        type: 'apns',
        key: 'not a key',
        keyID: 'K',
        teamID: 'T',
        bundleID: 'B',
      }),
    ).toEqual([invalid, 'key: not a PEM private key (.p8)']);
    expect(await refused({ businessID: 9, type: 'fcm', serviceAccount: '{"project_id":"p"}' })).toEqual([
      invalid,
      'serviceAccount: no client_email',
    ]);
    expect((await refused({ businessID: 9, type: 'fcm', serviceAccount: '{' }))[1]).toBe(
      'serviceAccount: not JSON',
    );
    // Shapes the form never sends: a negative or huge ID, an unknown field.
    for (const body of [
      { businessID: -1, type: 'webhook', url: 'http://x' },
      { businessID: 1e11, type: 'webhook', url: 'http://x' },
      { businessID: 9, type: 'webhook', url: 'http://x', password: 'x' },
    ]) {
      expect((await refused(body))[0]).not.toBe(0);
    }
    expect(await t.server.storage.push.getProvider(t.sdkAppID, 9)).toBeUndefined();
    expect(await consoleCall('remove_push_provider', { businessID: 9 })).toMatchObject({
      ActionStatus: 'FAIL',
      ErrorCode: ErrorCode.ERR_PUSH_PROVIDER_NOT_FOUND,
    });
  });

  it('pushes through a webhook provider added in the console, which the parley command lists, until it is removed', async () => {
    const added = await consoleCall('add_push_provider', {
      businessID: 13,
      type: 'webhook',
      url: standIns.webhookUrl,
    });
    expect(added).toMatchObject({
      ActionStatus: 'OK',
      Provider: { businessID: 13, url: standIns.webhookUrl },
    });
    expect(await cliList()).toContainEqual(expect.objectContaining({ businessID: 13, type: 'webhook' }));

    // A phone that registered its token under business ID 13, then went away.
    const raw = await connectRaw(t.wsUrl);
    const login = await raw.request('login', {
      sdkAppID: t.sdkAppID,
      userID: 'hook-phone',
      userSig: t.ticket('hook-phone'),
      platform: 'android',
      instanceID: 'hook-phone-1',
    });
    expect(login.code).toBe(0);
    expect((await raw.request('setOfflinePushConfig', { businessID: 13, token: 'tok-console' })).code).toBe(
      0,
    );
    raw.socket.terminate();
    await vi.waitFor(async () => {
      const presences = await t.server.bus.instancesOf(t.sdkAppID, 'hook-phone');
      expect(presences.find((p) => p.instanceID === 'hook-phone-1')?.connected ?? false).toBe(false);
    });

    const alice = await clients.login('alice-console');
    await alice.send('hook-phone', 'through the console’s gateway');
    await vi.waitFor(() => expect(standIns.webhook.filter((b) => b.token === 'tok-console')).toHaveLength(1));
    expect(standIns.webhook.find((b) => b.token === 'tok-console')).toMatchObject({
      businessID: 13,
      body: 'through the console’s gateway',
    });

    expect(await consoleCall('remove_push_provider', { businessID: 13 })).toMatchObject({
      ActionStatus: 'OK',
    });
    expect(await cliList()).not.toContainEqual(expect.objectContaining({ businessID: 13 }));
  });
});
