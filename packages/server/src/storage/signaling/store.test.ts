import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openTestStorage, TEST_DIALECTS, type TestStorage } from '../testing.js';
import { InviteeState, type NewInvitation } from './store.js';

describe.each(TEST_DIALECTS)('SignalingStore (%s)', (dialect) => {
  let db: TestStorage;
  const APP = 1400000001;
  beforeEach(async () => {
    db = await openTestStorage(dialect);
  });
  afterEach(async () => {
    await db.dispose();
  });

  const invitation = (inviteID: string, deadline: number | null, onlineOnly = false): NewInvitation => ({
    sdkAppID: APP,
    inviteID,
    inviter: 'alice',
    groupID: '',
    data: 'd',
    timeoutSeconds: deadline === null ? 0 : 1,
    onlineOnly,
    createdAt: 1_000,
    deadline,
    invitees: ['bob', 'carol'],
  });

  it('moves each invitee out of pending once, and settles the deadline when nobody is left', async () => {
    const { signaling } = db.storage;
    await signaling.create(invitation('i1', 5_000));
    expect(await signaling.answer(APP, 'i1', 'bob', InviteeState.ACCEPTED)).toBe(true);
    expect(await signaling.answer(APP, 'i1', 'bob', InviteeState.REJECTED)).toBe(false);
    expect(await signaling.answer(APP, 'i1', 'zed', InviteeState.ACCEPTED)).toBe(false);
    await signaling.settleIfAnswered(APP, 'i1');
    expect((await signaling.get(APP, 'i1'))?.deadline).toBe(5_000);
    expect(await signaling.cancel(APP, 'i1')).toEqual(['carol']);
    expect(await signaling.cancel(APP, 'i1')).toEqual([]);
    await signaling.settleIfAnswered(APP, 'i1');
    const settled = await signaling.get(APP, 'i1');
    expect(settled?.deadline).toBeNull();
    expect(settled?.invitees.map((i) => [i.userID, i.state])).toEqual([
      ['bob', InviteeState.ACCEPTED],
      ['carol', InviteeState.CANCELLED],
    ]);
  });

  it('fires a due timeout for one caller only, and tells each party once', async () => {
    const { signaling } = db.storage;
    await signaling.create(invitation('i2', 5_000));
    await signaling.create(invitation('i3', 9_000));
    await signaling.answer(APP, 'i2', 'carol', InviteeState.REJECTED);
    expect(await signaling.due(5_000, 10)).toEqual([{ sdkAppID: APP, inviteID: 'i2' }]);
    expect(await signaling.nextDeadline()).toBe(5_000);
    expect(await db.storage.transaction((tx) => tx.signaling.expire(APP, 'i2', 4_999))).toBeUndefined();
    const [first, second] = await Promise.all([
      db.storage.transaction((tx) => tx.signaling.expire(APP, 'i2', 5_000)),
      db.storage.transaction((tx) => tx.signaling.expire(APP, 'i2', 5_000)),
    ]);
    expect([first, second].filter((r) => r !== undefined)).toEqual([['bob']]);
    expect(await signaling.due(10_000, 10)).toEqual([{ sdkAppID: APP, inviteID: 'i3' }]);
    expect(await signaling.nextDeadline()).toBe(9_000);

    expect((await signaling.untoldTimeouts(APP, 'alice')).map((i) => i.inviteID)).toEqual(['i2']);
    expect((await signaling.untoldTimeouts(APP, 'bob')).map((i) => i.inviteID)).toEqual(['i2']);
    expect(await signaling.untoldTimeouts(APP, 'carol')).toEqual([]);
    expect(await signaling.claimTold(APP, 'i2', 'alice', true)).toBe(true);
    expect(await signaling.claimTold(APP, 'i2', 'alice', true)).toBe(false);
    expect(await signaling.claimTold(APP, 'i2', 'bob', false)).toBe(true);
    expect(await signaling.claimTold(APP, 'i2', 'bob', false)).toBe(false);
    expect(await signaling.claimTold(APP, 'i2', 'carol', false)).toBe(false);
    expect(await signaling.untoldTimeouts(APP, 'alice')).toEqual([]);
  });

  it('lists stored pending invitations of a user, and purges old ones', async () => {
    const { signaling } = db.storage;
    await signaling.create(invitation('i4', null));
    await signaling.create(invitation('i5', null, true));
    expect((await signaling.pendingFor(APP, 'bob')).map((i) => i.inviteID)).toEqual(['i4']);
    expect(await signaling.pendingFor(APP + 1, 'bob')).toEqual([]);
    expect(await signaling.purge(1_000, 10)).toBe(0);
    expect(await signaling.purge(1_001, 10)).toBe(2);
    expect(await signaling.get(APP, 'i4')).toBeUndefined();
    expect(await signaling.pendingFor(APP, 'bob')).toEqual([]);
  });
});
