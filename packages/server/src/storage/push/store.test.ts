import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openTestStorage, TEST_DIALECTS, type TestStorage } from '../testing.js';
import type { NewPushJob } from './types.js';

describe.each(TEST_DIALECTS)('PushStore (%s)', (dialect) => {
  let db: TestStorage;
  let sdkAppID: number;
  const job = (msgKey: string, instanceID: string, token = `tok-${instanceID}`): NewPushJob => ({
    sdkAppID,
    msgKey,
    userID: 'alice',
    instanceID,
    businessID: 7,
    token,
    platform: 'iphone',
    payload: {
      title: 't',
      body: 'b',
      ext: '',
      badge: 3,
      sender: 'bob',
      conversationID: 'c2c_bob',
      msgID: 'm1',
    },
  });

  beforeEach(async () => {
    db = await openTestStorage(dialect);
    sdkAppID = (await db.storage.apps.create({})).sdkAppID;
    await db.storage.accounts.ensure(sdkAppID, 'alice');
  });
  afterEach(async () => {
    await db.dispose();
  });

  it('adds, replaces, lists and removes providers by businessID', async () => {
    const push = db.storage.push;
    await push.putProvider({
      sdkAppID,
      businessID: 2,
      type: 'webhook',
      config: { url: 'http://a' },
      updatedAt: 1,
    });
    await push.putProvider({
      sdkAppID,
      businessID: 2,
      type: 'webhook',
      config: { url: 'http://b' },
      updatedAt: 2,
    });
    await push.putProvider({
      sdkAppID,
      businessID: 1,
      type: 'apns',
      config: { key: 'k', keyID: 'K', teamID: 'T', bundleID: 'B', sandbox: true },
      updatedAt: 3,
    });
    expect((await push.listProviders(sdkAppID)).map((p) => [p.businessID, p.type])).toEqual([
      [1, 'apns'],
      [2, 'webhook'],
    ]);
    expect(await push.getProvider(sdkAppID, 2)).toEqual({
      sdkAppID,
      businessID: 2,
      type: 'webhook',
      config: { url: 'http://b' },
      updatedAt: 2,
    });
    expect(await push.removeProvider(sdkAppID, 2)).toBe(true);
    expect(await push.removeProvider(sdkAppID, 2)).toBe(false);
    expect(await push.getProvider(sdkAppID, 2)).toBeUndefined();
  });

  it('queues one push per message and instance, claims each once, and retries or finishes it', async () => {
    const push = db.storage.push;
    expect(await push.enqueue([job('c2c:m1', 'a'), job('c2c:m1', 'b')], 1_000)).toBe(2);
    // The same message and instance again (a resend, a second node): skipped.
    expect(await push.enqueue([job('c2c:m1', 'a'), job('c2c:m2', 'a')], 1_000)).toBe(1);
    expect(await push.count()).toBe(3);
    const due = await push.due(1_000, 10);
    expect(due.map((j) => [j.msgKey, j.instanceID])).toEqual([
      ['c2c:m1', 'a'],
      ['c2c:m1', 'b'],
      ['c2c:m2', 'a'],
    ]);
    expect(due[0]?.payload).toEqual(job('c2c:m1', 'a').payload);
    const [first, second, third] = due;
    if (!first || !second || !third) throw new Error('three jobs expected');
    expect(await push.claim(first.id, 1_000, 5_000)).toBe(true);
    expect(await push.claim(first.id, 1_000, 5_000)).toBe(false);
    expect(await push.claimMany([first.id, second.id], 1_000, 1_000)).toEqual([second.id]);
    expect(await push.claimMany([second.id], 1_000, 1_000)).toEqual([second.id]);
    expect((await push.due(1_000, 10)).map((j) => j.id)).toEqual([second.id, third.id]);
    await push.retryAt(first.id, 2_000, 'APNs 503');
    expect(await push.nextDueAt()).toBe(1_000);
    await push.finish(second.id);
    await push.finish(third.id);
    expect(await push.nextDueAt()).toBe(2_000);
    const [retried] = await push.due(2_000, 10);
    expect(retried).toMatchObject({ id: first.id, attempts: 1, lastError: 'APNs 503' });
    expect(await push.dropToken(sdkAppID, 'tok-a')).toBe(1);
    expect(await push.count()).toBe(0);
  });

  it("drops a deleted account's queued pushes with it", async () => {
    await db.storage.push.enqueue([job('c2c:m9', 'a')], 1_000);
    await db.storage.accounts.delete(sdkAppID, 'alice');
    expect(await db.storage.push.count()).toBe(0);
  });

  it('reads the registrations of many users and their group options', async () => {
    const { storage } = db;
    for (const userID of ['u1', 'u2', 'u3']) await storage.accounts.ensure(sdkAppID, userID);
    for (const userID of ['u1', 'u3'])
      await storage.pushRegistrations.upsert({
        sdkAppID,
        userID,
        instanceID: `${userID}-i`,
        platform: 'android',
        businessID: 1,
        token: `t-${userID}`,
      });
    const found = await storage.push.registrationsOf(sdkAppID, ['u1', 'u2', 'u3']);
    expect(found.map((r) => r.userID).sort()).toEqual(['u1', 'u3']);
    expect(await storage.push.groupRecvOpts(sdkAppID, 'no-group', ['u1'])).toEqual(new Map());
  });
});
