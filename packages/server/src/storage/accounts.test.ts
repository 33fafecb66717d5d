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
      expect(first.account).toMatchObject({ sdkAppID, userID: 'alice' });
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

  describe('#loginState', () => {
    it('says whether the account exists and when its tickets were revoked, in one read', async () => {
      expect(await db.storage.accounts.loginState(sdkAppID, 'judy')).toEqual({
        known: false,
        ticketsNotBefore: 0,
      });
      await db.storage.accounts.revokeTickets(sdkAppID, 'judy', 1_700_000_000);
      expect(await db.storage.accounts.loginState(sdkAppID, 'judy')).toEqual({
        known: false,
        ticketsNotBefore: 1_700_000_000,
      });
      await db.storage.accounts.ensure(sdkAppID, 'judy');
      expect(await db.storage.accounts.loginState(sdkAppID, 'judy')).toEqual({
        known: true,
        ticketsNotBefore: 1_700_000_000,
      });
      await db.storage.accounts.delete(sdkAppID, 'judy');
      expect(await db.storage.accounts.loginState(sdkAppID, 'judy')).toEqual({
        known: false,
        ticketsNotBefore: 1_700_000_000,
      });
    });

    it('never reports an account that a transaction still open inserted and then rolled back', async () => {
      let inserted!: () => void;
      const insertedGate = new Promise<void>((resolve) => {
        inserted = resolve;
      });
      let rollBack!: () => void;
      const rollBackGate = new Promise<void>((resolve) => {
        rollBack = resolve;
      });
      // Asked from outside the transaction, while it is open and holds the uncommitted row.
      const read = insertedGate.then(() => db.storage.accounts.loginState(sdkAppID, 'lee'));
      const transaction = db.storage.transaction(async (tx) => {
        await tx.accounts.ensure(sdkAppID, 'lee');
        inserted();
        await rollBackGate;
        throw new Error('rolled back');
      });
      await insertedGate;
      rollBack();
      await expect(transaction).rejects.toThrow('rolled back');
      expect(await read).toEqual({ known: false, ticketsNotBefore: 0 });
    });

    it('refuses to run through the outer storage inside a transaction instead of hanging', async () => {
      await expect(
        db.storage.transaction(async () => {
          await db.storage.accounts.loginState(sdkAppID, 'mia');
        }),
      ).rejects.toThrow(/use the tx that fn receives/);
    });

    it('keeps apps and UserIDs apart', async () => {
      const other = (await db.storage.apps.create({})).sdkAppID;
      await db.storage.accounts.ensure(sdkAppID, 'kim');
      await db.storage.accounts.revokeTickets(sdkAppID, 'kim', 9);
      expect(await db.storage.accounts.loginState(other, 'kim')).toEqual({
        known: false,
        ticketsNotBefore: 0,
      });
      expect(await db.storage.accounts.loginState(sdkAppID, 'ki')).toEqual({
        known: false,
        ticketsNotBefore: 0,
      });
    });
  });

  describe('#revokeTickets', () => {
    it('records the revocation time of an account, and 0 means none', async () => {
      await db.storage.accounts.ensure(sdkAppID, 'erin');
      expect(await db.storage.accounts.ticketsNotBefore(sdkAppID, 'erin')).toBe(0);
      expect(await db.storage.accounts.revokeTickets(sdkAppID, 'erin', 1_700_000_000)).toBe(1_700_000_000);
      expect(await db.storage.accounts.ticketsNotBefore(sdkAppID, 'erin')).toBe(1_700_000_000);
    });

    it('never moves a revocation back', async () => {
      await db.storage.accounts.revokeTickets(sdkAppID, 'erin', 1_700_000_000);
      expect(await db.storage.accounts.revokeTickets(sdkAppID, 'erin', 1_600_000_000)).toBe(1_700_000_000);
      expect(await db.storage.accounts.revokeTickets(sdkAppID, 'erin', 1_800_000_000)).toBe(1_800_000_000);
    });

    it('revokes the tickets of a UserID without an account, and keeps them revoked across a deletion', async () => {
      await db.storage.accounts.revokeTickets(sdkAppID, 'nobody', 5);
      expect(await db.storage.accounts.ticketsNotBefore(sdkAppID, 'nobody')).toBe(5);
      await db.storage.accounts.ensure(sdkAppID, 'ivan');
      await db.storage.accounts.revokeTickets(sdkAppID, 'ivan', 7);
      expect(await db.storage.accounts.delete(sdkAppID, 'ivan')).toBe(true);
      expect(await db.storage.accounts.ticketsNotBefore(sdkAppID, 'ivan')).toBe(7);
      await db.storage.accounts.ensure(sdkAppID, 'ivan');
      expect(await db.storage.accounts.ticketsNotBefore(sdkAppID, 'ivan')).toBe(7);
    });
  });

  describe('#importAccount', () => {
    it('creates the account with its profile, and a second import is idempotent', async () => {
      const first = await db.storage.accounts.importAccount(sdkAppID, { userID: 'frank', nick: 'Frank' });
      const second = await db.storage.accounts.importAccount(sdkAppID, { userID: 'frank' });
      expect(first.created).toBe(true);
      expect(second.created).toBe(false);
      expect(second.account).toEqual(first.account);
      expect(first.account).toMatchObject({ userID: 'frank', nick: 'Frank', faceUrl: '' });
    });

    it('updates only the profile fields given when the account exists', async () => {
      await db.storage.accounts.ensure(sdkAppID, 'gina');
      await db.storage.accounts.importAccount(sdkAppID, { userID: 'gina', faceUrl: 'https://x/g.png' });
      const { account } = await db.storage.accounts.importAccount(sdkAppID, { userID: 'gina', nick: 'G' });
      expect(account).toMatchObject({ nick: 'G', faceUrl: 'https://x/g.png' });
    });

    it('gives auto-registered accounts an empty profile', async () => {
      const { account } = await db.storage.accounts.ensure(sdkAppID, 'hank');
      expect(account).toMatchObject({ nick: '', faceUrl: '' });
    });
  });

  describe('#getMany', () => {
    it('returns the accounts that exist and leaves unknown ones out', async () => {
      await db.storage.accounts.ensure(sdkAppID, 'ivy');
      await db.storage.accounts.ensure(sdkAppID, 'jack');
      const found = await db.storage.accounts.getMany(sdkAppID, ['ivy', 'nobody', 'jack', 'ivy']);
      expect(found.map((account) => account.userID).sort()).toEqual(['ivy', 'jack']);
      expect(await db.storage.accounts.getMany(sdkAppID, [])).toEqual([]);
    });
  });

  describe('#delete', () => {
    it('deletes the account and its push registrations', async () => {
      await db.storage.accounts.ensure(sdkAppID, 'kim');
      await db.storage.pushRegistrations.upsert({
        sdkAppID,
        userID: 'kim',
        instanceID: 'i1',
        platform: 'android',
        businessID: 1,
        token: 't',
      });
      expect(await db.storage.accounts.delete(sdkAppID, 'kim')).toBe(true);
      expect(await db.storage.accounts.get(sdkAppID, 'kim')).toBeUndefined();
      expect(await db.storage.pushRegistrations.listForUser(sdkAppID, 'kim')).toEqual([]);
    });

    it('returns false for an unknown account', async () => {
      expect(await db.storage.accounts.delete(sdkAppID, 'nobody')).toBe(false);
    });
  });

  describe('#list', () => {
    it("pages through the app's accounts in UserID order", async () => {
      for (const id of ['carol', 'alice', 'bob', 'dave']) await db.storage.accounts.ensure(sdkAppID, id);
      const other = (await db.storage.apps.create({})).sdkAppID;
      await db.storage.accounts.ensure(other, 'aaron');
      const first = await db.storage.accounts.list(sdkAppID, { limit: 3 });
      expect(first.map((a) => a.userID)).toEqual(['alice', 'bob', 'carol']);
      const next = await db.storage.accounts.list(sdkAppID, { after: 'carol', limit: 3 });
      expect(next.map((a) => a.userID)).toEqual(['dave']);
    });
  });
});
