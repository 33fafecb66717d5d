import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openTestStorage, TEST_DIALECTS, type TestStorage } from '../storage/testing.js';
import {
  recordStateChange,
  STATE_CHANGE_COMMAND,
  type StateChangeEvent,
  type StateChangeKind,
  stateChangeCallback,
  stateChangeInstanceKey,
} from './state-change.js';

const login: StateChangeEvent = {
  sdkAppID: 1400000001,
  userID: 'alice',
  instanceID: 'phone-1',
  platform: 'iphone',
  clientIP: '203.0.113.7',
  action: 'Login',
  reason: 'Register',
  eventTime: 1_700_000_000_123,
};

describe('stateChangeCallback', () => {
  it('puts the address and the display name of the platform in the query', () => {
    expect(stateChangeCallback(login).query).toEqual({ ClientIP: '203.0.113.7', OptPlatform: 'iPhone' });
  });

  it('builds the body of the original, without KickedDevice when nothing was kicked', () => {
    expect(stateChangeCallback({ ...login, kickedDevices: [] }).body).toEqual({
      CallbackCommand: 'State.StateChange',
      EventTime: 1_700_000_000_123,
      Info: { Action: 'Login', To_Account: 'alice', Reason: 'Register' },
    });
  });

  it('lists the platforms a policy kick displaced as KickedDevice', () => {
    const { body } = stateChangeCallback({ ...login, kickedDevices: ['android', 'web', 'ipad'] });
    expect(body.KickedDevice).toEqual([{ Platform: 'Android' }, { Platform: 'Web' }, { Platform: 'iPad' }]);
  });

  it.each([
    ['Logout', 'Unregister'],
    ['Logout', 'Kicked'],
    ['Logout', 'UserSigExpired'],
    ['Disconnect', 'LinkClose'],
    ['Disconnect', 'TimeOut'],
  ] as const)('reports %s with reason %s as given', (action, reason) => {
    const event = { ...login, action, reason } as StateChangeEvent;
    expect(stateChangeCallback(event).body.Info).toEqual({
      Action: action,
      To_Account: 'alice',
      Reason: reason,
    });
  });
});

describe('stateChangeInstanceKey', () => {
  it('keeps instances apart even when a UserID contains separators', () => {
    const a = stateChangeInstanceKey({ sdkAppID: 1, userID: 'a:b', instanceID: 'c' });
    const b = stateChangeInstanceKey({ sdkAppID: 1, userID: 'a', instanceID: 'b:c' });
    expect(a).not.toBe(b);
  });
});

describe.each(TEST_DIALECTS)('recordStateChange (%s)', (dialect) => {
  let db: TestStorage;
  let sdkAppID: number;
  const event = (extra: Partial<StateChangeEvent>): StateChangeEvent =>
    ({ ...login, sdkAppID, eventTime: Date.now(), ...extra }) as StateChangeEvent;

  beforeEach(async () => {
    db = await openTestStorage(dialect);
    sdkAppID = (await db.storage.apps.create({ callbackUrl: 'http://127.0.0.1:9/callback' })).sdkAppID;
  });
  afterEach(async () => {
    await db.dispose();
  });

  it('enqueues a Login at once, ordered by user', async () => {
    await recordStateChange(db.storage, event({}));
    const [entry] = await db.storage.outbox.due(Date.now(), 10);
    expect(entry).toMatchObject({
      sdkAppID,
      command: STATE_CHANGE_COMMAND,
      query: { ClientIP: '203.0.113.7', OptPlatform: 'iPhone' },
      orderKey: JSON.stringify([sdkAppID, 'alice']),
      instanceKey: null,
    });
  });

  it('holds a Disconnect back for the grace', async () => {
    const eventTime = Date.now();
    await recordStateChange(db.storage, event({ action: 'Disconnect', reason: 'LinkClose', eventTime }), {
      disconnectGraceMs: 10_000,
    });
    expect(await db.storage.outbox.due(eventTime + 9_999, 10)).toEqual([]);
    expect(await db.storage.outbox.due(eventTime + 10_000, 10)).toMatchObject([
      { deliverAfter: eventTime + 10_000 },
    ]);
  });

  it.each<StateChangeKind>([
    { action: 'Login', reason: 'Register' },
    { action: 'Logout', reason: 'Kicked' },
  ])('drops a pending Disconnect of the same instance when a $action follows', async (kind) => {
    await recordStateChange(db.storage, event({ action: 'Disconnect', reason: 'TimeOut' }));
    await recordStateChange(
      db.storage,
      event({ instanceID: 'tablet', action: 'Disconnect', reason: 'TimeOut' }),
    );
    await recordStateChange(db.storage, event(kind));
    const left = await db.storage.outbox.due(Date.now() + 60_000, 10);
    expect(left.map((entry) => [entry.body, entry.instanceKey !== null])).toEqual([
      [expect.objectContaining({ Info: expect.objectContaining({ Action: 'Disconnect' }) }), true],
      [expect.objectContaining({ Info: expect.objectContaining({ Action: kind.action }) }), false],
    ]);
  });

  it('records nothing when the app has no callback URL', async () => {
    const silent = (await db.storage.apps.create({})).sdkAppID;
    await recordStateChange(db.storage, event({ sdkAppID: silent }));
    await recordStateChange(
      db.storage,
      event({ sdkAppID: silent, action: 'Disconnect', reason: 'LinkClose' }),
    );
    expect(await db.storage.outbox.count()).toBe(0);
  });

  it('writes nothing when the transaction it joined rolls back', async () => {
    await db.storage
      .transaction(async (tx) => {
        await recordStateChange(tx, event({}));
        throw new Error('login failed later');
      })
      .catch(() => undefined);
    expect(await db.storage.outbox.count()).toBe(0);
  });
});
