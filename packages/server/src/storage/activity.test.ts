import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openTestStorage, TEST_DIALECTS, type TestStorage } from './testing.js';

describe.each(TEST_DIALECTS)('ActivityStore (%s)', (dialect) => {
  let db: TestStorage;
  let sdkAppID: number;
  beforeEach(async () => {
    db = await openTestStorage(dialect);
    sdkAppID = (await db.storage.apps.create({})).sdkAppID;
  });
  afterEach(async () => {
    await db.dispose();
  });

  describe('#recordLogin and #dailyActiveUsers', () => {
    it('counts a user who logs in twice on one day once', async () => {
      expect(await db.storage.activity.recordLogin(sdkAppID, 'alice', '2025-03-14')).toBe(true);
      expect(await db.storage.activity.recordLogin(sdkAppID, 'alice', '2025-03-14')).toBe(false);
      await db.storage.activity.recordLogin(sdkAppID, 'bob', '2025-03-14');
      expect(await db.storage.activity.dailyActiveUsers(sdkAppID, '2025-03-14')).toBe(2);
      expect(await db.storage.activity.dailyActiveUsers(sdkAppID, '2025-03-15')).toBe(0);
    });

    it('refuses a day that is not YYYY-MM-DD', async () => {
      await expect(db.storage.activity.recordLogin(sdkAppID, 'alice', '2025-3-14')).rejects.toBeInstanceOf(
        RangeError,
      );
    });
  });

  describe('#monthlyActiveUsers', () => {
    it('counts a user active on two days of a month once', async () => {
      await db.storage.activity.recordLogin(sdkAppID, 'alice', '2025-03-01');
      await db.storage.activity.recordLogin(sdkAppID, 'alice', '2025-03-31');
      expect(await db.storage.activity.monthlyActiveUsers(sdkAppID, '2025-03')).toBe(1);
    });

    it('counts each month and each app on its own', async () => {
      const other = (await db.storage.apps.create({})).sdkAppID;
      await db.storage.activity.recordLogin(sdkAppID, 'alice', '2025-03-31');
      await db.storage.activity.recordLogin(sdkAppID, 'bob', '2025-03-02');
      await db.storage.activity.recordLogin(sdkAppID, 'carol', '2025-04-01');
      await db.storage.activity.recordLogin(other, 'alice', '2025-03-10');
      expect(await db.storage.activity.monthlyActiveUsers(sdkAppID, '2025-03')).toBe(2);
      expect(await db.storage.activity.monthlyActiveUsers(sdkAppID, '2025-04')).toBe(1);
      expect(await db.storage.activity.monthlyActiveUsers(other, '2025-03')).toBe(1);
    });

    it('refuses a month that is not YYYY-MM', async () => {
      await expect(db.storage.activity.monthlyActiveUsers(sdkAppID, '2025-%')).rejects.toBeInstanceOf(
        RangeError,
      );
    });
  });

  describe('#dailyActiveUsersBetween', () => {
    it('lists the DAU of each day in the range that had a login, in day order', async () => {
      await db.storage.activity.recordLogin(sdkAppID, 'alice', '2025-03-02');
      await db.storage.activity.recordLogin(sdkAppID, 'bob', '2025-03-02');
      await db.storage.activity.recordLogin(sdkAppID, 'alice', '2025-03-01');
      await db.storage.activity.recordLogin(sdkAppID, 'alice', '2025-03-05');
      await db.storage.activity.recordLogin(sdkAppID, 'carol', '2025-02-28');
      const other = (await db.storage.apps.create({})).sdkAppID;
      await db.storage.activity.recordLogin(other, 'dave', '2025-03-02');
      expect(await db.storage.activity.dailyActiveUsersBetween(sdkAppID, '2025-03-01', '2025-03-04')).toEqual(
        [
          { day: '2025-03-01', users: 1 },
          { day: '2025-03-02', users: 2 },
        ],
      );
    });
  });
});
