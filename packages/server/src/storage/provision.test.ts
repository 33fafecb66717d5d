import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_APP_FILE, ensureDefaultApp, ensureEnvApp } from './provision.js';
import { openTestStorage, TEST_DIALECTS, type TestStorage } from './testing.js';

describe.each(TEST_DIALECTS)('app provisioning at start (%s)', (dialect) => {
  let db: TestStorage;
  let dataDir: string;
  beforeEach(async () => {
    db = await openTestStorage(dialect);
    dataDir = await mkdtemp(join(tmpdir(), 'parley-provision-'));
  });
  afterEach(async () => {
    await db.dispose();
    await rm(dataDir, { recursive: true, force: true });
  });

  describe('#ensureEnvApp', () => {
    it('creates the app with the environment settings', async () => {
      const { app, created } = await ensureEnvApp(db.storage.apps, {
        sdkAppID: 1_400_000_123,
        secretKey: 'env-key',
        admin: 'boss',
        loginPolicy: 'single',
        maxWebInstances: 3,
      });
      expect(created).toBe(true);
      expect(app).toMatchObject({
        sdkAppID: 1_400_000_123,
        secretKey: 'env-key',
        admins: ['boss'],
        loginPolicy: 'single',
        maxWebInstances: 3,
      });
    });

    it('succeeds in every process of a cluster starting at once, creating the app once', async () => {
      const env = { sdkAppID: 1_400_000_124, secretKey: 'env-key', admin: 'boss' };
      const results = await Promise.all(Array.from({ length: 4 }, () => ensureEnvApp(db.storage.apps, env)));
      expect(results.filter((result) => result.created)).toHaveLength(1);
      expect(results.every((result) => result.app.secretKey === 'env-key')).toBe(true);
    });

    it('updates an existing app, keeping its other admins and the settings the environment leaves out', async () => {
      await db.storage.apps.create({
        sdkAppID: 9,
        secretKey: 'old',
        admins: ['ops', 'boss'],
        maxWebInstances: 5,
      });
      const { app, created } = await ensureEnvApp(db.storage.apps, {
        sdkAppID: 9,
        secretKey: 'new',
        admin: 'boss',
        callbackUrl: 'https://example.com/cb',
      });
      expect(created).toBe(false);
      expect(app).toMatchObject({
        secretKey: 'new',
        admins: ['boss', 'ops'],
        maxWebInstances: 5,
        callbackUrl: 'https://example.com/cb',
      });
    });

    it('applies the message settings the environment gives, and keeps the others', async () => {
      const created = await ensureEnvApp(db.storage.apps, {
        sdkAppID: 10,
        secretKey: 'k',
        admin: 'boss',
        messageRetentionDays: 30,
      });
      expect(created.app).toMatchObject({
        messageRetentionDays: 30,
        revokeWindowSeconds: 120,
        maxMessageBodyBytes: 12_288,
      });
      await db.storage.apps.update(10, { maxMessageBodyBytes: 2048 });
      const { app } = await ensureEnvApp(db.storage.apps, {
        sdkAppID: 10,
        secretKey: 'k',
        admin: 'boss',
        revokeWindowSeconds: 600,
      });
      expect(app).toMatchObject({
        messageRetentionDays: 30,
        revokeWindowSeconds: 600,
        maxMessageBodyBytes: 2048,
      });
    });
  });

  describe('#ensureDefaultApp', () => {
    it('creates an app on an empty database and writes its key to a file only the owner can read', async () => {
      const made = await ensureDefaultApp(db.storage.apps, dataDir);
      expect(made?.file).toBe(join(dataDir, DEFAULT_APP_FILE));
      const content: unknown = JSON.parse(await readFile(join(dataDir, DEFAULT_APP_FILE), 'utf8'));
      expect(content).toEqual({
        sdkAppID: made?.app.sdkAppID,
        secretKey: made?.app.secretKey,
        admin: 'administrator',
      });
      expect((await stat(join(dataDir, DEFAULT_APP_FILE))).mode & 0o777).toBe(0o600);
    });

    it('does nothing when an app exists', async () => {
      await db.storage.apps.create({});
      expect(await ensureDefaultApp(db.storage.apps, dataDir)).toBeUndefined();
      expect(await db.storage.apps.list()).toHaveLength(1);
    });
  });
});
