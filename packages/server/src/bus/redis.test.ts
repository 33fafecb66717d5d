import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { deleteRedisKeys, TEST_REDIS_URL, testServices } from '../../test/support/services.js';
import type { BusOptions, InstanceAddress, InstanceEvent, KickDecision, LoginClaim } from './bus.js';
import { busContract } from './bus-contract.js';
import { createRedisBus, type RedisBus, type RedisBusOptions, RedisUnavailableError } from './redis.js';
import { RedisKeys } from './redis-keys.js';

const available = testServices().has('redis');
/** One prefix per run of this file, so parallel runs and other files never share keys. */
const keyPrefix = `parley-test-${randomBytes(4).toString('hex')}`;

const opened: RedisBus[] = [];
async function open(options: BusOptions & Partial<RedisBusOptions>): Promise<RedisBus> {
  const bus = await createRedisBus({ url: TEST_REDIS_URL, keyPrefix, ...options });
  opened.push(bus);
  return bus;
}
afterAll(async () => {
  await Promise.all(opened.map((bus) => bus.close()));
  // Every key of this run carries the prefix; the TTLs would remove them anyway, later.
  if (available) await deleteRedisKeys(TEST_REDIS_URL, keyPrefix);
});

describe.skipIf(!available)('RedisBus', () => {
  busContract('redis', (options) => open(options));

  const options = (nodeID: string): BusOptions => ({
    nodeID,
    offlineGraceMs: 10_000,
    displacedMemoryMs: 60_000,
  });
  let users = 0;
  const claimFor =
    (userID: string) =>
    (instanceID: string, extra: Partial<LoginClaim> = {}): LoginClaim => ({
      sdkAppID: 1400000001,
      userID,
      instanceID,
      platform: 'web',
      loginAt: Date.now(),
      resume: false,
      ...extra,
    });
  const newUser = () => `cross${++users}`;
  /** The `single` policy: a new login kicks every other instance. */
  const kickAll: KickDecision = (registered) =>
    registered.map((p) => ({ instanceID: p.instanceID, reason: 'multipleAccount' as const }));

  describe('#claimLogin across nodes', () => {
    it('lets exactly one of two simultaneous logins on two nodes keep its instance under a one-instance policy', async () => {
      const [a, b] = await Promise.all([open(options('race-a')), open(options('race-b'))]);
      for (let round = 0; round < 20; round++) {
        const userID = newUser();
        const claim = claimFor(userID);
        const [first, second] = await Promise.all([
          a.claimLogin(claim('on-a'), kickAll),
          b.claimLogin(claim('on-b'), kickAll),
        ]);
        const kicked = [first, second].flatMap((r) => (r.status === 'registered' ? r.kicked : []));
        expect(kicked).toHaveLength(1);
        const left = await a.instancesOf(1400000001, userID);
        expect(left).toHaveLength(1);
        expect(left[0]?.instanceID).not.toBe(kicked[0]?.instanceID);
      }
    });

    it('serializes a burst of logins of one user from two nodes without losing one', async () => {
      const [a, b] = await Promise.all([open(options('burst-a')), open(options('burst-b'))]);
      const userID = newUser();
      const claim = claimFor(userID);
      await Promise.all(
        Array.from({ length: 10 }, (_, i) => (i % 2 === 0 ? a : b).claimLogin(claim(`i${i}`), () => [])),
      );
      expect((await b.instancesOf(1400000001, userID)).map((p) => p.instanceID).sort()).toEqual(
        Array.from({ length: 10 }, (_, i) => `i${i}`).sort(),
      );
    });

    it('resumes on another node an instance whose node went away', async () => {
      const [a, b] = await Promise.all([open(options('resume-a')), open(options('resume-b'))]);
      const userID = newUser();
      const claim = claimFor(userID);
      await a.claimLogin(claim('phone', { loginAt: 7 }), () => []);
      expect(await b.claimLogin(claim('phone', { resume: true }), kickAll)).toEqual({
        status: 'registered',
        resumed: true,
        kicked: [],
      });
      expect(await a.instancesOf(1400000001, userID)).toMatchObject([{ nodeID: 'resume-b', loginAt: 7 }]);
      // The old node noticing its dead socket late must not mark the resumed instance offline.
      await a.markDisconnected({ sdkAppID: 1400000001, userID, instanceID: 'phone' });
      await a.release({ sdkAppID: 1400000001, userID, instanceID: 'phone' });
      expect(await a.instancesOf(1400000001, userID)).toMatchObject([
        { nodeID: 'resume-b', connected: true },
      ]);
    });
  });

  describe('#send across nodes', () => {
    const delivered = (bus: RedisBus) =>
      new Promise<[InstanceAddress, InstanceEvent]>((resolve) =>
        bus.onEvent((target, event) => resolve([target, event])),
      );

    it('delivers an event to the node that holds the instance', async () => {
      const [a, b] = await Promise.all([open(options('send-a')), open(options('send-b'))]);
      const userID = newUser();
      await b.claimLogin(claimFor(userID)('tab'), () => []);
      const onB = delivered(b);
      let onA = false;
      a.onEvent(() => {
        onA = true;
      });
      const target = { sdkAppID: 1400000001, userID, instanceID: 'tab' };
      await a.send(target, { type: 'kick', reason: 'REST_API_Kick' });
      expect(await onB).toEqual([target, { type: 'kick', reason: 'REST_API_Kick' }]);
      expect(onA).toBe(false);
    });

    it('routes the kick of an instance displaced by a login on another node to its old node', async () => {
      const [a, b] = await Promise.all([open(options('kick-a')), open(options('kick-b'))]);
      const userID = newUser();
      const claim = claimFor(userID);
      await a.claimLogin(claim('old'), () => []);
      const result = await b.claimLogin(claim('new'), kickAll);
      expect(result).toMatchObject({
        status: 'registered',
        kicked: [{ instanceID: 'old', nodeID: 'kick-a' }],
      });
      const onA = delivered(a);
      const target = { sdkAppID: 1400000001, userID, instanceID: 'old' };
      await b.send(target, { type: 'kick', reason: 'multipleAccount' });
      expect(await onA).toEqual([target, { type: 'kick', reason: 'multipleAccount' }]);
    });

    it('keeps events sent while the inbox reader was cut off, and delivers them on reconnect', async () => {
      const [a, b] = await Promise.all([open(options('blip-a')), open(options('blip-b'))]);
      const userID = newUser();
      await b.claimLogin(claimFor(userID)('tab'), () => []);
      const received: string[] = [];
      const all = new Promise<void>((resolve) =>
        b.onEvent((_, event) => {
          if (event.type === 'kick') received.push(event.reason);
          if (received.length === 3) resolve();
        }),
      );
      // Kill the reader's connection from the Redis side, as a network blip would.
      const admin = new Redis(TEST_REDIS_URL);
      const clients = await admin.client('LIST');
      const readerID = /id=(\d+) [^\n]*name=parley:blip-b:inbox/.exec(String(clients))?.[1];
      expect(readerID).toBeDefined();
      await admin.client('KILL', 'ID', readerID ?? '');
      await admin.quit();
      const target = { sdkAppID: 1400000001, userID, instanceID: 'tab' };
      for (const reason of ['REST_API_Kick', 'multipleAccount', 'deviceSignOut'] as const) {
        await a.send(target, { type: 'kick', reason });
      }
      await all;
      expect(received).toEqual(['REST_API_Kick', 'multipleAccount', 'deviceSignOut']);
    });
  });

  describe('presence TTL', () => {
    it('lets the instances of a node that stopped refreshing expire on their own', async () => {
      const a = await open({ ...options('ttl-a'), presenceTtlMs: 300 });
      const b = await open(options('ttl-b'));
      const userID = newUser();
      await a.claimLogin(claimFor(userID)('tab'), () => []);
      // Still there at every look for two TTLs, measured by the Redis clock that expires keys: a live
      // node refreshes it.
      const admin = new Redis(TEST_REDIS_URL);
      const start = await redisMs(admin);
      await expect
        .poll(
          async () => {
            expect(await b.instancesOf(1400000001, userID)).toHaveLength(1);
            return (await redisMs(admin)) - start;
          },
          { timeout: 5_000, interval: 50 },
        )
        .toBeGreaterThan(600);
      await admin.quit();
      await a.close();
      await expect.poll(() => b.instancesOf(1400000001, userID), { timeout: 3_000 }).toEqual([]);
    });
  });

  describe('presence refresh', () => {
    it('writes back the presence of a live connection that Redis lost (a restart without persistence)', async () => {
      const a = await open({ ...options('lost-a'), presenceTtlMs: 300 });
      const userID = newUser();
      await a.claimLogin(claimFor(userID)('tab', { loginAt: 42 }), () => []);
      const admin = new Redis(TEST_REDIS_URL);
      const keys = await admin.keys(`${keyPrefix}:*${encodeURIComponent(userID)}*`);
      expect(keys.length).toBeGreaterThan(0);
      await admin.del(...keys);
      await admin.quit();
      expect(await a.instancesOf(1400000001, userID)).toEqual([]);
      await expect
        .poll(() => a.instancesOf(1400000001, userID), { timeout: 3_000 })
        .toMatchObject([{ instanceID: 'tab', loginAt: 42, nodeID: 'lost-a', connected: true }]);
    });

    it('never brings back an instance that was released, displaced or kicked', async () => {
      const a = await open({ ...options('gone-a'), presenceTtlMs: 300 });
      const b = await open(options('gone-b'));
      const userID = newUser();
      const claim = claimFor(userID);
      await a.claimLogin(claim('released'), () => []);
      await a.claimLogin(claim('displaced'), () => []);
      await a.claimLogin(claim('kicked'), () => []);
      await a.release({ sdkAppID: 1400000001, userID, instanceID: 'released' });
      await b.displace({ sdkAppID: 1400000001, userID, instanceID: 'displaced' });
      await b.claimLogin(claim('winner'), (registered) =>
        registered
          .filter((p) => p.instanceID === 'kicked')
          .map((p) => ({ instanceID: p.instanceID, reason: 'multipleDevice' as const })),
      );
      // Several refresh rounds of node a, each of which would have written back an instance it wrongly
      // still counted as its own; seen as the TTL of a witness instance it holds going back up.
      const witness = { sdkAppID: 1400000001, userID: newUser(), instanceID: 'witness' };
      await a.claimLogin({ ...claimFor(witness.userID)('witness') }, () => []);
      const admin = new Redis(TEST_REDIS_URL);
      await waitForRefreshes(admin, new RedisKeys(keyPrefix).instance(witness), 3);
      await admin.quit();
      expect((await b.instancesOf(1400000001, userID)).map((p) => p.instanceID)).toEqual(['winner']);
    });
  });

  describe('broadcast', () => {
    it('reaches every node of the deployment and no other deployment', async () => {
      const a = await open(options('bc-a'));
      const b = await open(options('bc-b'));
      const elsewhere = await open({ ...options('bc-other'), keyPrefix: `${keyPrefix}-other` });
      const heardBy = (bus: RedisBus, name: string, log: string[]) =>
        bus.onBroadcast((notice) => {
          if (notice.kind === 'notice' && notice.topic === 'bc-test') log.push(`${name}:${notice.payload}`);
        });
      const log: string[] = [];
      heardBy(a, 'a', log);
      heardBy(b, 'b', log);
      heardBy(elsewhere, 'other', log);
      await a.broadcast('bc-test', 'first');
      // A second notice through the other deployment's channel, then one more here: once b has the
      // last one, the other deployment's bus would have heard ours had it been on the same channel.
      await elsewhere.broadcast('bc-test', 'theirs');
      await b.broadcast('bc-test', 'second');
      await expect.poll(() => log.filter((entry) => entry.startsWith('a:')).length).toBe(2);
      await expect.poll(() => log.filter((entry) => entry.startsWith('b:')).length).toBe(2);
      await expect.poll(() => log.filter((entry) => entry.startsWith('other:')).length).toBe(1);
      expect(log.filter((entry) => entry.startsWith('b:'))).toEqual(['b:first', 'b:second']);
      expect(log.filter((entry) => entry.startsWith('other:'))).toEqual(['other:theirs']);
    });
  });

  describe('createRedisBus', () => {
    it('fails fast with a clear error when Redis is unreachable', async () => {
      await expect(
        createRedisBus({ url: 'redis://127.0.0.1:1', keyPrefix, ...options('nowhere') }),
      ).rejects.toThrow(RedisUnavailableError);
    });
  });
});

/** The Redis server's clock in milliseconds: the clock that expires keys. */
async function redisMs(admin: Redis): Promise<number> {
  const [seconds, micros] = await admin.time();
  return Number(seconds) * 1000 + Math.floor(Number(micros) / 1000);
}

/** Resolves once the key's TTL went back up `times` times, i.e. its owner refreshed it. */
async function waitForRefreshes(admin: Redis, key: string, times: number): Promise<void> {
  let last = await admin.pttl(key);
  let refreshes = 0;
  await expect
    .poll(
      async () => {
        const ttl = await admin.pttl(key);
        if (ttl > last) refreshes += 1;
        last = ttl;
        return refreshes;
      },
      { timeout: 5_000, interval: 10 },
    )
    .toBeGreaterThanOrEqual(times);
}
