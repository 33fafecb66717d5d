import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openTestStorage, TEST_DIALECTS, type TestStorage } from './testing.js';

describe.each(TEST_DIALECTS)('AccountStore (%s)', (dialect) => {
  let db: TestStorage;
  let sdkAppID: number;
  beforeEach(async () => {
    db = await openTestStorage(dialect);
    sdkAppID = (await db.storage.apps.create({})).sdkAppID;
  });
  afterEach(async () => {
    await db.dispose();
  });

  describe('#ensure', () => {
    it('creates the account on the first call only', async () => {
      const first = await db.storage.accounts.ensure(sdkAppID, 'alice');
      const second = await db.storage.accounts.ensure(sdkAppID, 'alice');
      expect(first.created).toBe(true);
      expect(second.created).toBe(false);
      expect(second.account).toEqual(first.account);
      expect(first.account).toMatchObject({ sdkAppID, userID: 'alice', sigNotBefore: 0 });
    });

    it('creates exactly one account when first logins race', async () => {
      const results = await Promise.all(
        Array.from({ length: 8 }, () => db.storage.accounts.ensure(sdkAppID, 'bob')),
      );
      expect(results.filter((result) => result.created)).toHaveLength(1);
      expect(new Set(results.map((result) => result.account.createdAt)).size).toBe(1);
    });

    it('keeps accounts of different apps apart', async () => {
      const other = (await db.storage.apps.create({})).sdkAppID;
      await db.storage.accounts.ensure(sdkAppID, 'carol');
      expect(await db.storage.accounts.get(other, 'carol')).toBeUndefined();
      expect((await db.storage.accounts.ensure(other, 'carol')).created).toBe(true);
    });

    it('refuses an account of an app that does not exist', async () => {
      await expect(db.storage.accounts.ensure(123, 'dave')).rejects.toThrow();
    });
  });

  describe('#get', () => {
    it('returns undefined for an unknown account', async () => {
      expect(await db.storage.accounts.get(sdkAppID, 'nobody')).toBeUndefined();
    });
  });

  describe('#setSigNotBefore', () => {
    it('records the revocation time of an account', async () => {
      await db.storage.accounts.ensure(sdkAppID, 'erin');
      expect(await db.storage.accounts.setSigNotBefore(sdkAppID, 'erin', 1_700_000_000)).toBe(true);
      expect((await db.storage.accounts.get(sdkAppID, 'erin'))?.sigNotBefore).toBe(1_700_000_000);
    });

    it('returns false for an unknown account', async () => {
      expect(await db.storage.accounts.setSigNotBefore(sdkAppID, 'nobody', 1)).toBe(false);
    });
  });
});
