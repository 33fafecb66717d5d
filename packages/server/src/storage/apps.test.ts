import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kysely, sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InvalidAppSettingsError } from './app-settings.js';
import { AppExistsError, FIRST_SDK_APP_ID } from './apps.js';
import { openStorage } from './database.js';
import { createDialect } from './dialects/index.js';
import { migrateTo } from './migrations/index.js';
import {
  dropPostgresSchema,
  newTestSchema,
  openTestStorage,
  TEST_DIALECTS,
  TEST_PG_URL,
  type TestStorage,
  withSchema,
} from './testing.js';
import type { DatabaseConfig } from './types.js';

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
        messageRetentionDays: 7,
        revokeWindowSeconds: 120,
        maxMessageBodyBytes: 12_288,
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

    it('keeps the message settings it is given', async () => {
      const app = await db.storage.apps.create({
        messageRetentionDays: 90,
        revokeWindowSeconds: 0,
        maxMessageBodyBytes: 65_536,
      });
      const stored = { messageRetentionDays: 90, revokeWindowSeconds: 0, maxMessageBodyBytes: 65_536 };
      expect(app).toMatchObject(stored);
      expect(await db.storage.apps.get(app.sdkAppID)).toMatchObject(stored);
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

    it('changes the message settings one at a time', async () => {
      const app = await db.storage.apps.create({});
      await db.storage.apps.update(app.sdkAppID, { messageRetentionDays: 30 });
      await db.storage.apps.update(app.sdkAppID, { revokeWindowSeconds: 600 });
      const updated = await db.storage.apps.update(app.sdkAppID, { maxMessageBodyBytes: 1024 });
      expect(updated).toEqual({
        ...app,
        messageRetentionDays: 30,
        revokeWindowSeconds: 600,
        maxMessageBodyBytes: 1024,
        updatedAt: expect.any(Number),
      });
      expect(await db.storage.apps.get(app.sdkAppID)).toEqual(updated);
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

    it('refuses a recall window over a week', async () => {
      const app = await db.storage.apps.create({});
      await expect(db.storage.apps.update(app.sdkAppID, { revokeWindowSeconds: 604_801 })).rejects.toThrow(
        /revokeWindowSeconds must be an integer from 0 to 604800/,
      );
      expect(await db.storage.apps.get(app.sdkAppID)).toEqual(app);
    });
  });
});

describe.each(TEST_DIALECTS)('migration 0006-app-message-settings (%s)', (dialect) => {
  let database: { config: DatabaseConfig; dispose(): Promise<void> };
  beforeEach(async () => {
    database = await emptyDatabase(dialect);
  });
  afterEach(async () => {
    await database.dispose();
  });

  it('gives the apps that existed before it the default message settings', async () => {
    // The schema as it was before 0006, with an app written by a release that knew nothing of it.
    const { dialect: kyselyDialect, capabilities, schema, stopHelpers } = createDialect(database.config);
    const db = new Kysely<unknown>({ dialect: kyselyDialect });
    try {
      await migrateTo(db, '0005-message-logs', capabilities, schema === undefined ? {} : { schema });
      await sql`insert into apps (sdk_app_id, name, secret_key, admins, login_policy, max_web_instances,
          max_instances_per_platform, callback_url, created_at, updated_at)
        values (42, 'Old', 'key', '["administrator"]', 'dual', 2, 1, null, 1, 1)`.execute(db);
    } finally {
      await stopHelpers?.();
      await db.destroy();
    }

    const storage = await openStorage(database.config);
    try {
      expect(await storage.apps.get(42)).toEqual({
        sdkAppID: 42,
        name: 'Old',
        secretKey: 'key',
        admins: ['administrator'],
        loginPolicy: 'dual',
        maxWebInstances: 2,
        maxInstancesPerPlatform: 1,
        callbackUrl: null,
        messageRetentionDays: 7,
        revokeWindowSeconds: 120,
        maxMessageBodyBytes: 12_288,
        // and the group limits of 0008
        maxMembersWork: 200,
        maxMembersPublic: 2000,
        maxMembersMeeting: 6000,
        maxMembersCommunity: 100_000,
        maxJoinedGroups: 1000,
        // and the status switch of 0014
        pushFriendStatus: false,
        // and the relationship settings of 0013
        c2cFriendsOnly: false,
        revealBlocked: true,
        // and the custom profile keys of 0012
        profileCustomKeys: [],
        // and the upload limits of 0016
        maxImageBytes: 28 * 1024 * 1024,
        maxFileBytes: 100 * 1024 * 1024,
        maxSoundBytes: 28 * 1024 * 1024,
        maxVideoBytes: 100 * 1024 * 1024,
        // and the read receipt group types of 0019
        readReceiptGroupTypes: ['Work', 'Public', 'Meeting', 'Community'],
        createdAt: 1,
        updatedAt: 1,
      });
    } finally {
      await storage.close();
    }
  });
});

/** A database of the dialect that nothing has opened yet, and how to throw it away. */
async function emptyDatabase(dialect: string): Promise<{ config: DatabaseConfig; dispose(): Promise<void> }> {
  if (dialect === 'postgres') {
    const schema = newTestSchema();
    return {
      config: { kind: 'postgres', url: withSchema(TEST_PG_URL, schema) },
      dispose: () => dropPostgresSchema(TEST_PG_URL, schema),
    };
  }
  const dir = await mkdtemp(join(tmpdir(), 'parley-migration-'));
  return {
    config: { kind: 'sqlite', path: join(dir, 'parley.db') },
    dispose: () => rm(dir, { recursive: true, force: true }),
  };
}
