/**
 * Webhook delivery when the receiver misbehaves: failures, hangs, and stops mid-post. The server's
 * own dispatcher is stopped and one with short timings runs on the same storage, so that retries
 * take milliseconds instead of the production schedule's seconds.
 */
import { Registry } from 'prom-client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLogger } from '../src/logger.js';
import type { DeliveryPolicy } from '../src/webhooks/delivery-policy.js';
import { createWebhookDispatcher, type WebhookDispatcher } from '../src/webhooks/dispatcher.js';
import { recordStateChange, type StateChangeEvent } from '../src/webhooks/state-change.js';
import {
  CALLBACK_OK,
  type CallbackReceiver,
  type ReceivedCallback,
  startCallbackReceiver,
  waitForReports,
} from '../src/webhooks/testing.js';
import { startTestServer, TEST_SDK_APP_ID, type TestServer } from './support/harness.js';

const FAST: Partial<DeliveryPolicy> = {
  timeoutMs: 200,
  retryBaseMs: 20,
  retryMaxMs: 100,
  leaseMs: 2_000,
  pollIntervalMs: 50,
  stopTimeoutMs: 1_000,
};

function login(userID: string): StateChangeEvent {
  return {
    sdkAppID: TEST_SDK_APP_ID,
    userID,
    instanceID: `${userID}-phone`,
    platform: 'android',
    clientIP: '198.51.100.1',
    action: 'Login',
    reason: 'Register',
    eventTime: Date.now(),
  };
}

const userOf = (request: ReceivedCallback): unknown =>
  (request.body as { Info?: { To_Account?: unknown } }).Info?.To_Account;

describe('webhook delivery with a misbehaving receiver', () => {
  let receiver: CallbackReceiver;
  let t: TestServer;
  const dispatchers: WebhookDispatcher[] = [];

  /** Replaces the server's dispatcher by one with short timings on the same storage. */
  async function fastDispatcher(policy: Partial<DeliveryPolicy> = {}): Promise<WebhookDispatcher> {
    await t.server.webhooks.stop();
    const dispatcher = createWebhookDispatcher({
      storage: t.server.storage,
      logger: createLogger({ level: 'silent' }),
      registry: new Registry(),
      policy: { ...FAST, ...policy },
    });
    dispatchers.push(dispatcher);
    dispatcher.start();
    return dispatcher;
  }

  const record = (event: StateChangeEvent) => recordStateChange(t.server.storage, event);

  beforeEach(async () => {
    receiver = await startCallbackReceiver();
    t = await startTestServer({ app: { callbackUrl: receiver.url } });
  });
  afterEach(async () => {
    await Promise.all(dispatchers.splice(0).map((dispatcher) => dispatcher.stop()));
    await t.stop();
    await receiver.close();
  });

  it('retries after the receiver answers 500, and stops once it answers 200', async () => {
    const dispatcher = await fastDispatcher();
    receiver.answer((_request, index) => (index === 0 ? { status: 500, body: 'oops' } : { status: 200 }));
    const delivered = waitForReports(dispatcher, (r) => r.result === 'delivered');
    await record(login('alice'));

    expect(await delivered).toMatchObject([{ attempt: 2 }]);
    expect(receiver.received).toHaveLength(2);
    expect(receiver.received[1]?.text).toBe(receiver.received[0]?.text);
    expect(await t.server.storage.outbox.count()).toBe(0);
  });

  it('keeps delivering other users’ events while a receiver hangs, and retries the hung one', async () => {
    const dispatcher = await fastDispatcher();
    receiver.answer((request, index) =>
      userOf(request) === 'alice' && index === 0 ? 'hang' : { status: 200, body: CALLBACK_OK },
    );
    const aliceDone = waitForReports(dispatcher, (r) => r.result === 'delivered' && r.attempt === 2);
    await record(login('alice'));
    await receiver.waitFor((r) => userOf(r) === 'alice');

    // Recording is not slowed by the hanging post, and bob's callback overtakes it.
    await record(login('bob'));
    await receiver.waitFor((r) => userOf(r) === 'bob');
    expect(receiver.received.filter((r) => userOf(r) === 'alice')).toHaveLength(1);

    await aliceDone;
    expect(receiver.received.map(userOf)).toEqual(['alice', 'bob', 'alice']);
  });

  it('posts the next event of the same user once the hung post has timed out', async () => {
    const dispatcher = await fastDispatcher({ retryBaseMs: 1_000 });
    receiver.answer((_request, index) => (index === 0 ? 'hang' : { status: 200 }));
    const failed = waitForReports(dispatcher, (r) => r.result === 'retry');
    const second = waitForReports(dispatcher, (r) => r.result === 'delivered');
    await record(login('carol'));
    await record({ ...login('carol'), action: 'Logout', reason: 'Unregister' });

    expect(await failed).toMatchObject([{ error: 'no reply within 200 ms' }]);
    await second;
    expect(receiver.received.map((r) => (r.body as { Info: { Action: string } }).Info.Action)).toEqual([
      'Login',
      'Logout',
    ]);
  });

  it('drops an event with a warning after its last attempt', async () => {
    const lines: string[] = [];
    await t.server.webhooks.stop();
    const dispatcher = createWebhookDispatcher({
      storage: t.server.storage,
      logger: createLogger({
        level: 'warn',
        destination: { write: (line: string) => void lines.push(line) },
      }),
      registry: new Registry(),
      policy: { ...FAST, maxAttempts: 3 },
    });
    dispatchers.push(dispatcher);
    dispatcher.start();
    receiver.answer(() => ({ status: 200, body: JSON.stringify({ ActionStatus: 'FAIL', ErrorCode: 1 }) }));
    const dropped = waitForReports(dispatcher, (r) => r.result === 'dropped');
    await record(login('dave'));

    expect(await dropped).toMatchObject([{ attempt: 3, error: 'ErrorCode 1' }]);
    expect(receiver.received).toHaveLength(3);
    expect(await t.server.storage.outbox.count()).toBe(0);
    expect(lines.join('')).toContain('webhook dropped after its last attempt');
  });

  it('starts no more posts than allowed while earlier ones are in flight', async () => {
    const dispatcher = await fastDispatcher({ maxInFlight: 2 });
    // One log for both sides, so the test reads cause and effect rather than timings.
    const log: string[] = [];
    receiver.answer((_request, index) => {
      log.push('received');
      return index < 2 ? 'hang' : { status: 200 };
    });
    dispatcher.onReport((report) => log.push(report.result));
    const delivered = waitForReports(dispatcher, (r) => r.result === 'delivered', 3);
    for (const user of ['erin', 'fay', 'gus']) await record(login(user));

    await delivered;
    const arrivals = log.flatMap((entry, index) => (entry === 'received' ? [index] : []));
    // The third post waited for a slot: it went out only after one of the two hung posts gave up.
    expect(arrivals[2]).toBeGreaterThan(log.indexOf('retry'));
  });

  it('aborts a post still hanging when stopped, and the next start delivers it', async () => {
    const first = await fastDispatcher({ timeoutMs: 30_000, leaseMs: 60_000, stopTimeoutMs: 50 });
    receiver.answer((_request, index) => (index === 0 ? 'hang' : { status: 200 }));
    await record(login('hank'));
    await receiver.waitFor(() => true);

    await first.stop();
    const [left] = await t.server.storage.outbox.due(Date.now(), 10);
    expect(left).toMatchObject({ attempts: 1, lastError: 'aborted by a server stop' });

    const second = await fastDispatcher();
    const delivered = waitForReports(second, (r) => r.result === 'delivered');
    second.nudge();
    expect(await delivered).toMatchObject([{ attempt: 2 }]);
  });
});
