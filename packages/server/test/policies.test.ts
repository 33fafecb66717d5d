/**
 * The multi-device login policies with real SDK clients on several platforms (login.md §6), and a
 * policy or message setting changed by `parley app set` reaching a running server.
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { Platform } from '@parley/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppSettings } from '../src/storage/types.js';
import { startTestServer, type TestClient, type TestServer } from './support/harness.js';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(() => t.stop());

let n = 0;

async function settings(patch: Partial<AppSettings>): Promise<void> {
  await t.server.storage.apps.update(t.sdkAppID, patch);
  t.server.apps.invalidate(t.sdkAppID);
}

/** Logs the same fresh user in on each platform in turn; returns the clients by platform. */
async function loginOn(userID: string, platforms: Platform[]): Promise<TestClient[]> {
  const clients: TestClient[] = [];
  for (const platform of platforms) {
    const c = await t.client({ platform });
    expect((await c.v2TIMManager.login(userID, t.ticket(userID))).code).toBe(0);
    clients.push(c);
  }
  return clients;
}

async function onlinePlatforms(userID: string): Promise<string[]> {
  return (await t.server.bus.instancesOf(t.sdkAppID, userID)).map((p) => p.platform).sort();
}

describe('login policies with real clients', () => {
  it('single: one platform at a time, web included', async () => {
    await settings({ loginPolicy: 'single', maxWebInstances: 1, maxInstancesPerPlatform: 1 });
    const u = `pol${++n}`;
    const [phone, web] = await loginOn(u, ['android', 'web']);
    await phone?.next('onKickedOffline');
    expect(await onlinePlatforms(u)).toEqual(['web']);
    expect(web?.calls).not.toContain('onKickedOffline');
  });

  it('dual: one native platform plus web', async () => {
    await settings({ loginPolicy: 'dual' });
    const u = `pol${++n}`;
    const [android, web, iphone] = await loginOn(u, ['android', 'web', 'iphone']);
    await android?.next('onKickedOffline');
    expect(await onlinePlatforms(u)).toEqual(['iphone', 'web']);
    expect([...(web?.calls ?? []), ...(iphone?.calls ?? [])]).not.toContain('onKickedOffline');
  });

  it('triple: one mobile plus one desktop plus web', async () => {
    await settings({ loginPolicy: 'triple' });
    const u = `pol${++n}`;
    const [iphone, mac] = await loginOn(u, ['iphone', 'mac', 'web', 'ipad', 'linux']);
    await iphone?.next('onKickedOffline');
    await mac?.next('onKickedOffline');
    expect(await onlinePlatforms(u)).toEqual(['ipad', 'linux', 'web']);
  });

  it('multi: every platform at once, one instance each by default, more when raised', async () => {
    await settings({ loginPolicy: 'multi' });
    const u = `pol${++n}`;
    const all: Platform[] = ['android', 'iphone', 'ipad', 'windows', 'mac', 'linux', 'web'];
    const clients = await loginOn(u, all);
    expect(await onlinePlatforms(u)).toEqual([...all].sort());
    expect(clients.flatMap((c) => c.calls)).not.toContain('onKickedOffline');

    const [secondAndroid] = await loginOn(u, ['android']);
    await clients[0]?.next('onKickedOffline');
    expect(secondAndroid?.calls).not.toContain('onKickedOffline');

    await settings({ maxInstancesPerPlatform: 2 });
    await loginOn(u, ['android']);
    expect((await onlinePlatforms(u)).filter((p) => p === 'android')).toHaveLength(2);
    await settings({ maxInstancesPerPlatform: 1 });
  });

  it('a policy set with `parley app set` reaches the running server within 5 seconds', async () => {
    await settings({ loginPolicy: 'multi' });
    const cli = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
    await promisify(execFile)(process.execPath, [
      cli,
      'app',
      'set',
      String(t.sdkAppID),
      '--login-policy',
      'single',
      '--db',
      `${t.dataDir}/parley.db`,
    ]);
    // The server's app cache refreshes by itself; wait (bounded) for it to see the new policy.
    await expect
      .poll(async () => (await t.server.apps.get(t.sdkAppID))?.loginPolicy, { timeout: 5_000 })
      .toBe('single');
    const u = `pol${++n}`;
    const [desk] = await loginOn(u, ['windows', 'iphone']);
    await desk?.next('onKickedOffline');
    expect(await onlinePlatforms(u)).toEqual(['iphone']);
  });

  it('message settings set with `parley app set` reach the running server within 5 seconds', async () => {
    const cli = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
    // Read once so the server has the defaults cached, as a server that has been running would.
    expect(await t.server.apps.get(t.sdkAppID)).toMatchObject({
      messageRetentionDays: 7,
      revokeWindowSeconds: 120,
      maxMessageBodyBytes: 12_288,
    });
    await promisify(execFile)(process.execPath, [
      cli,
      'app',
      'set',
      String(t.sdkAppID),
      '--retention-days',
      '90',
      '--recall-window',
      '30',
      '--max-message-bytes',
      '4096',
      '--db',
      `${t.dataDir}/parley.db`,
    ]);
    const deadline = Date.now() + 5_000;
    while ((await t.server.apps.get(t.sdkAppID))?.maxMessageBodyBytes !== 4096) {
      expect(Date.now()).toBeLessThan(deadline);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(await t.server.apps.get(t.sdkAppID)).toMatchObject({
      messageRetentionDays: 90,
      revokeWindowSeconds: 30,
      maxMessageBodyBytes: 4096,
    });
  });
});
