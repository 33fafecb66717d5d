import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openTestStorage, TEST_DIALECTS, type TestStorage } from './testing.js';
import type { PushRegistration } from './types.js';

describe.each(TEST_DIALECTS)('PushRegistrationStore (%s)', (dialect) => {
  let db: TestStorage;
  let sdkAppID: number;
  const registration = (instanceID: string, updatedAt: number): PushRegistration => ({
    sdkAppID,
    userID: 'alice',
    instanceID,
    platform: 'iphone',
    businessID: 42,
    token: `token-${instanceID}`,
    updatedAt,
  });

  beforeEach(async () => {
    db = await openTestStorage(dialect);
    sdkAppID = (await db.storage.apps.create({})).sdkAppID;
    await db.storage.accounts.ensure(sdkAppID, 'alice');
  });
  afterEach(async () => {
    await db.dispose();
  });

  it('lists the registrations of a user, least recently registered first', async () => {
    await db.storage.pushRegistrations.upsert(registration('b', 2_000));
    await db.storage.pushRegistrations.upsert(registration('a', 1_000));
    expect(await db.storage.pushRegistrations.listForUser(sdkAppID, 'alice')).toEqual([
      registration('a', 1_000),
      registration('b', 2_000),
    ]);
    expect(await db.storage.pushRegistrations.listForUser(sdkAppID, 'bob')).toEqual([]);
  });

  it('keeps one registration per instance: registering again replaces it', async () => {
    await db.storage.pushRegistrations.upsert(registration('a', 1_000));
    await db.storage.pushRegistrations.upsert({
      ...registration('a', 5_000),
      token: 'new',
      platform: 'ipad',
    });
    expect(await db.storage.pushRegistrations.listForUser(sdkAppID, 'alice')).toEqual([
      { ...registration('a', 5_000), token: 'new', platform: 'ipad' },
    ]);
  });

  it('stamps the registration with the current time when none is given', async () => {
    const before = Date.now();
    const { updatedAt: _ignored, ...rest } = registration('a', 0);
    const saved = await db.storage.pushRegistrations.upsert(rest);
    expect(saved.updatedAt).toBeGreaterThanOrEqual(before);
    expect((await db.storage.pushRegistrations.listForUser(sdkAppID, 'alice'))[0]?.updatedAt).toBe(
      saved.updatedAt,
    );
  });

  it('removes one instance and says whether it was there', async () => {
    await db.storage.pushRegistrations.upsert(registration('a', 1_000));
    await db.storage.pushRegistrations.upsert(registration('b', 2_000));
    expect(await db.storage.pushRegistrations.remove(sdkAppID, 'alice', 'a')).toBe(true);
    expect(await db.storage.pushRegistrations.remove(sdkAppID, 'alice', 'a')).toBe(false);
    expect(await db.storage.pushRegistrations.listForUser(sdkAppID, 'alice')).toEqual([
      registration('b', 2_000),
    ]);
  });

  it('marks an instance backgrounded and back, and keeps the mark across a new token', async () => {
    await db.storage.pushRegistrations.upsert(registration('a', 1_000));
    expect(await db.storage.pushRegistrations.setBackground(sdkAppID, 'alice', 'a', true)).toBe(true);
    await db.storage.pushRegistrations.upsert({ ...registration('a', 2_000), token: 'new' });
    expect(await db.storage.pushRegistrations.listForUser(sdkAppID, 'alice')).toEqual([
      { ...registration('a', 2_000), token: 'new', background: true },
    ]);
    await db.storage.pushRegistrations.setBackground(sdkAppID, 'alice', 'a', false);
    expect(
      (await db.storage.pushRegistrations.listForUser(sdkAppID, 'alice'))[0]?.background,
    ).toBeUndefined();
    expect(await db.storage.pushRegistrations.setBackground(sdkAppID, 'alice', 'none', true)).toBe(false);
  });

  it('refuses a registration for an account that does not exist', async () => {
    await expect(
      db.storage.pushRegistrations.upsert({ ...registration('a', 1), userID: 'nobody' }),
    ).rejects.toThrow();
  });
});
