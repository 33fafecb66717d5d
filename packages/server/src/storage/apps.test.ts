import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InvalidAppSettingsError } from './app-settings.js';
import { AppExistsError, FIRST_SDK_APP_ID } from './apps.js';
import { openTestStorage, TEST_DIALECTS, type TestStorage } from './testing.js';

describe.each(TEST_DIALECTS)('AppStore (%s)', (dialect) => {
  let db: TestStorage;
  beforeEach(async () => {
    db = await openTestStorage(dialect);
  });
  afterEach(async () => {
    await db.dispose();
  });

  describe('#create', () => {
    it('allocates SDKAppIDs from 1400000001 upwards with a 64-hex-character key and default settings', async () => {
      const first = await db.storage.apps.create({});
      const second = await db.storage.apps.create({ name: 'Second' });
      expect(first.sdkAppID).toBe(FIRST_SDK_APP_ID);
      expect(second.sdkAppID).toBe(FIRST_SDK_APP_ID + 1);
      expect(first.secretKey).toMatch(/^[0-9a-f]{64}$/);
      expect(second.secretKey).not.toBe(first.secretKey);
      expect(first).toMatchObject({
        admins: ['administrator'],
        loginPolicy: 'multi',
        maxWebInstances: 1,
        maxInstancesPerPlatform: 1,
        callbackUrl: null,
      });
      expect(second.name).toBe('Second');
    });

    it('keeps a chosen SDKAppID and key, and allocates above it afterwards', async () => {
      const chosen = await db.storage.apps.create({
        sdkAppID: 1_400_000_500,
        secretKey: 'my key',
        admins: ['boss'],
      });
      expect(chosen).toMatchObject({ sdkAppID: 1_400_000_500, secretKey: 'my key', admins: ['boss'] });
      expect((await db.storage.apps.create({})).sdkAppID).toBe(1_400_000_501);
    });

    it('refuses an SDKAppID that exists', async () => {
      await db.storage.apps.create({ sdkAppID: 7 });
      await expect(db.storage.apps.create({ sdkAppID: 7 })).rejects.toBeInstanceOf(AppExistsError);
    });

    it('gives concurrent creations distinct SDKAppIDs', async () => {
      const apps = await Promise.all(Array.from({ length: 5 }, () => db.storage.apps.create({})));
      expect(new Set(apps.map((app) => app.sdkAppID)).size).toBe(5);
    });

    it('refuses settings that break a rule', async () => {
      await expect(db.storage.apps.create({ maxWebInstances: 11 })).rejects.toBeInstanceOf(
        InvalidAppSettingsError,
      );
      expect(await db.storage.apps.list()).toEqual([]);
    });
  });

  describe('#get and #list', () => {
    it('returns undefined for an unknown app', async () => {
      expect(await db.storage.apps.get(FIRST_SDK_APP_ID)).toBeUndefined();
    });

    it('returns what was created, listed in SDKAppID order', async () => {
      const high = await db.storage.apps.create({});
      const low = await db.storage.apps.create({ sdkAppID: 42, callbackUrl: 'https://example.com/hook' });
      expect(await db.storage.apps.get(42)).toEqual(low);
      expect(await db.storage.apps.list()).toEqual([low, high]);
    });
  });

  describe('#update', () => {
    it('changes only the given settings and moves updatedAt', async () => {
      const app = await db.storage.apps.create({ name: 'Chat' });
      const updated = await db.storage.apps.update(app.sdkAppID, {
        loginPolicy: 'dual',
        maxWebInstances: 10,
      });
      expect(updated).toEqual({
        ...app,
        loginPolicy: 'dual',
        maxWebInstances: 10,
        updatedAt: expect.any(Number),
      });
      expect(updated?.updatedAt).toBeGreaterThanOrEqual(app.updatedAt);
      expect(await db.storage.apps.get(app.sdkAppID)).toEqual(updated);
    });

    it('clears the callback URL with null and replaces the key and the admins', async () => {
      const app = await db.storage.apps.create({ callbackUrl: 'http://localhost:9000/cb' });
      const updated = await db.storage.apps.update(app.sdkAppID, {
        callbackUrl: null,
        secretKey: 'rotated',
        admins: ['a', 'b'],
      });
      expect(updated).toMatchObject({ callbackUrl: null, secretKey: 'rotated', admins: ['a', 'b'] });
    });

    it('returns undefined for an unknown app', async () => {
      expect(await db.storage.apps.update(99, { name: 'x' })).toBeUndefined();
    });

    it('refuses a bad setting and leaves the app as it was', async () => {
      const app = await db.storage.apps.create({});
      await expect(db.storage.apps.update(app.sdkAppID, { maxInstancesPerPlatform: 4 })).rejects.toThrow(
        /maxInstancesPerPlatform must be an integer from 1 to 3/,
      );
      expect(await db.storage.apps.get(app.sdkAppID)).toEqual(app);
    });
  });
});
