/**
 * State.StateChange end to end on a real server: events recorded through the session layer's API
 * (`recordStateChange`) reach a real HTTP receiver with the original's query and body.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Storage } from '../src/storage/types.js';
import { recordStateChange, type StateChangeEvent } from '../src/webhooks/state-change.js';
import { type CallbackReceiver, startCallbackReceiver, waitForReports } from '../src/webhooks/testing.js';
import { startTestServer, TEST_SDK_APP_ID, type TestServer } from './support/harness.js';

const base = {
  sdkAppID: TEST_SDK_APP_ID,
  userID: 'alice',
  instanceID: 'phone-1',
  platform: 'iphone',
  clientIP: '203.0.113.7',
} as const;

type Kind = Pick<StateChangeEvent, 'action' | 'reason'>;

function stateChange(kind: Kind, extra: Partial<StateChangeEvent> = {}): StateChangeEvent {
  return { ...base, eventTime: Date.now(), ...kind, ...extra } as StateChangeEvent;
}

/** Records in a transaction, as the session layer does with its own writes. */
function record(storage: Storage, event: StateChangeEvent, disconnectGraceMs?: number): Promise<void> {
  return storage.transaction((tx) =>
    recordStateChange(tx, event, disconnectGraceMs === undefined ? {} : { disconnectGraceMs }),
  );
}

const actionOf = (body: unknown): unknown => (body as { Info?: { Action?: unknown } }).Info?.Action;

describe('State.StateChange callbacks', () => {
  let receiver: CallbackReceiver;
  let t: TestServer;
  beforeEach(async () => {
    receiver = await startCallbackReceiver('/im/callback?token=s3cret');
    t = await startTestServer({ app: { callbackUrl: receiver.url } });
  });
  afterEach(async () => {
    await t.stop();
    await receiver.close();
  });

  it('posts a login with the query and body of the original, then forgets it', async () => {
    const delivered = waitForReports(t.server.webhooks, (r) => r.result === 'delivered');
    const eventTime = Date.now();
    await record(
      t.server.storage,
      stateChange({ action: 'Login', reason: 'Register' }, { eventTime, kickedDevices: ['android', 'web'] }),
    );

    const got = await receiver.waitFor(() => true);
    expect(got.method).toBe('POST');
    expect(got.path).toBe('/im/callback');
    expect(got.headers['content-type']).toBe('application/json');
    expect(got.query).toEqual([
      ['token', 's3cret'],
      ['SdkAppid', String(TEST_SDK_APP_ID)],
      ['CallbackCommand', 'State.StateChange'],
      ['contenttype', 'json'],
      ['ClientIP', '203.0.113.7'],
      ['OptPlatform', 'iPhone'],
    ]);
    expect(got.body).toEqual({
      CallbackCommand: 'State.StateChange',
      EventTime: eventTime,
      Info: { Action: 'Login', To_Account: 'alice', Reason: 'Register' },
      KickedDevice: [{ Platform: 'Android' }, { Platform: 'Web' }],
    });
    expect(await delivered).toMatchObject([{ command: 'State.StateChange', attempt: 1 }]);
    expect(await t.server.storage.outbox.count()).toBe(0);
  });

  it('posts one user’s events in the order they were recorded, with each Action and Reason', async () => {
    const kinds: Kind[] = [
      { action: 'Login', reason: 'Register' },
      { action: 'Logout', reason: 'Kicked' },
      { action: 'Login', reason: 'Register' },
      { action: 'Logout', reason: 'UserSigExpired' },
      { action: 'Login', reason: 'Register' },
      { action: 'Logout', reason: 'Unregister' },
    ];
    const delivered = waitForReports(t.server.webhooks, (r) => r.result === 'delivered', kinds.length);
    for (const kind of kinds) await record(t.server.storage, stateChange(kind));
    await delivered;
    expect(receiver.received.map((r) => (r.body as { Info: unknown }).Info)).toEqual(
      kinds.map(({ action, reason }) => ({ Action: action, To_Account: 'alice', Reason: reason })),
    );
  });

  it('sends no Disconnect for a link whose instance logs in again within the grace', async () => {
    const delivered = waitForReports(t.server.webhooks, (r) => r.result === 'delivered', 2);
    await record(t.server.storage, stateChange({ action: 'Disconnect', reason: 'LinkClose' }), 60_000);
    await record(t.server.storage, stateChange({ action: 'Login', reason: 'Register' }));
    // A control: another instance stays away past its (short) grace, so its Disconnect goes out.
    await record(
      t.server.storage,
      stateChange({ action: 'Disconnect', reason: 'TimeOut' }, { instanceID: 'tablet', platform: 'ipad' }),
      50,
    );
    await delivered;

    expect(
      receiver.received.map((r) => [actionOf(r.body), r.query.find(([name]) => name === 'OptPlatform')]),
    ).toEqual([
      ['Login', ['OptPlatform', 'iPhone']],
      ['Disconnect', ['OptPlatform', 'iPad']],
    ]);
    // Nothing is left that could still send the cancelled Disconnect later.
    expect(await t.server.storage.outbox.count()).toBe(0);
  });

  it('delivers after a restart what was recorded while delivery was stopped', async () => {
    await t.server.webhooks.stop();
    await record(t.server.storage, stateChange({ action: 'Logout', reason: 'Unregister' }));
    expect(await t.server.storage.outbox.count()).toBe(1);
    expect(receiver.received).toHaveLength(0);

    await t.restart();
    const got = await receiver.waitFor(() => true);
    expect(got.body).toMatchObject({ Info: { Action: 'Logout', To_Account: 'alice', Reason: 'Unregister' } });
  });

  it('counts deliveries on /metrics', async () => {
    const delivered = waitForReports(t.server.webhooks, (r) => r.result === 'delivered');
    await record(t.server.storage, stateChange({ action: 'Login', reason: 'Register' }));
    await delivered;
    const metrics = await t.server.http.inject({ method: 'GET', url: '/metrics' });
    expect(metrics.body).toContain(
      'parley_webhook_deliveries_total{command="State.StateChange",result="delivered"} 1',
    );
  });
});

describe('State.StateChange without a callback URL', () => {
  let t: TestServer;
  beforeEach(async () => {
    t = await startTestServer();
  });
  afterEach(async () => {
    await t.stop();
  });

  it('writes nothing to the outbox', async () => {
    await record(t.server.storage, stateChange({ action: 'Login', reason: 'Register' }));
    await record(t.server.storage, stateChange({ action: 'Disconnect', reason: 'LinkClose' }));
    expect(await t.server.storage.outbox.count()).toBe(0);
  });
});
