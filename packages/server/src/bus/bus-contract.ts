/**
 * The behaviour every bus adapter must show, as one suite run against each (model-codebases
 * guideline 10). Each test builds its own bus with a controllable clock.
 */
import { describe, expect, it } from 'vitest';
import {
  type Bus,
  type BusOptions,
  type InstanceAddress,
  type InstanceEvent,
  type LoginClaim,
  pushEvent,
} from './bus.js';

export type BusFactory = (options: BusOptions) => Promise<Bus>;

let seq = 0;
/** A user no other test touches, so suites can share a Redis. */
function freshUser(): string {
  seq += 1;
  return `u${Date.now().toString(36)}${seq}`;
}

export function busContract(name: string, factory: BusFactory): void {
  describe(`${name} bus contract`, () => {
    const setup = async (extra: Partial<BusOptions> = {}) => {
      let now = 1_000_000;
      const bus = await factory({
        nodeID: 'node-a',
        offlineGraceMs: 10_000,
        displacedMemoryMs: 60_000,
        now: () => now,
        ...extra,
      });
      const userID = freshUser();
      const claim = (instanceID: string, extra: Partial<LoginClaim> = {}): LoginClaim => ({
        sdkAppID: 1400000001,
        userID,
        instanceID,
        platform: 'web',
        loginAt: now,
        resume: false,
        ...extra,
      });
      return { bus, userID, claim, advance: (ms: number) => (now += ms) };
    };

    it('registers instances and lists them per user', async () => {
      const { bus, userID, claim } = await setup();
      await bus.claimLogin(claim('i1'), () => []);
      await bus.claimLogin(claim('i2', { platform: 'android' }), () => []);
      const listed = await bus.instancesOf(1400000001, userID);
      expect(listed.map((p) => p.instanceID).sort()).toEqual(['i1', 'i2']);
      expect(listed.every((p) => p.connected && p.nodeID === 'node-a')).toBe(true);
      await bus.close();
    });

    it('lists the connected instances of many users at once, leaving out disconnected ones', async () => {
      const { bus, userID, claim } = await setup();
      await bus.claimLogin(claim('i1'), () => []);
      await bus.claimLogin(claim('i2', { platform: 'android' }), () => []);
      await bus.markDisconnected({ sdkAppID: 1400000001, userID, instanceID: 'i2' });
      const listed = await bus.connectedOf(1400000001, [userID, freshUser()]);
      expect(listed.map((p) => [p.instanceID, p.connected])).toEqual([['i1', true]]);
      // A member map bigger than the users online: the same answer, whichever side the bus walks.
      await bus.claimLogin(claim('other-app', { sdkAppID: 1400000002 }), () => []);
      const members = new Map([userID, freshUser(), freshUser()].map((id) => [id, true]));
      expect((await bus.connectedOf(1400000001, members)).map((p) => p.instanceID)).toEqual(['i1']);
      expect(await bus.connectedOf(1400000001, new Set([freshUser()]))).toEqual([]);
      await bus.close();
    });

    it('applies the decision atomically and remembers the displaced instance', async () => {
      const { bus, userID, claim } = await setup();
      await bus.claimLogin(claim('old'), () => []);
      const result = await bus.claimLogin(claim('new'), (registered) =>
        registered.map((p) => ({ instanceID: p.instanceID, reason: 'multipleAccount' as const })),
      );
      expect(result).toMatchObject({ status: 'registered', resumed: false });
      expect(
        result.status === 'registered' && result.kicked.map((k) => [k.instanceID, k.kickReason]),
      ).toEqual([['old', 'multipleAccount']]);
      expect((await bus.instancesOf(1400000001, userID)).map((p) => p.instanceID)).toEqual(['new']);
      expect(await bus.claimLogin(claim('old', { resume: true }), () => [])).toEqual({ status: 'displaced' });
      await bus.close();
    });

    it('resumes a known instance without running the policy', async () => {
      const { bus, claim, userID } = await setup();
      await bus.claimLogin(claim('i1', { loginAt: 5 }), () => []);
      await bus.markDisconnected({ sdkAppID: 1400000001, userID, instanceID: 'i1' });
      expect((await bus.instancesOf(1400000001, userID))[0]?.connected).toBe(false);
      let decided = false;
      const result = await bus.claimLogin(claim('i1', { resume: true, loginAt: 99 }), () => {
        decided = true;
        return [];
      });
      expect(result).toEqual({ status: 'registered', resumed: true, kicked: [] });
      expect(decided).toBe(false);
      const [presence] = await bus.instancesOf(1400000001, userID);
      expect(presence).toMatchObject({ connected: true, loginAt: 5 });
      await bus.close();
    });

    it('forgets a disconnected instance after the grace period', async () => {
      const { bus, claim, userID, advance } = await setup();
      await bus.claimLogin(claim('i1'), () => []);
      await bus.markDisconnected({ sdkAppID: 1400000001, userID, instanceID: 'i1' });
      advance(9_999);
      expect(await bus.instancesOf(1400000001, userID)).toHaveLength(1);
      advance(2);
      expect(await bus.instancesOf(1400000001, userID)).toHaveLength(0);
      await bus.close();
    });

    it('releases an instance for good', async () => {
      const { bus, claim, userID } = await setup();
      await bus.claimLogin(claim('i1'), () => []);
      await bus.release({ sdkAppID: 1400000001, userID, instanceID: 'i1' });
      expect(await bus.instancesOf(1400000001, userID)).toEqual([]);
      await bus.close();
    });

    it('displaces an instance so that its resume is refused', async () => {
      const { bus, claim, userID } = await setup();
      await bus.claimLogin(claim('i1'), () => []);
      expect(await bus.displace({ sdkAppID: 1400000001, userID, instanceID: 'i1' })).toBe(true);
      expect(await bus.instancesOf(1400000001, userID)).toEqual([]);
      expect(await bus.claimLogin(claim('i1', { resume: true }), () => [])).toEqual({ status: 'displaced' });
      expect(await bus.displace({ sdkAppID: 1400000001, userID, instanceID: 'nope' })).toBe(false);
      // A fresh login (not a resume) with any instance ID is always allowed.
      expect(await bus.claimLogin(claim('i1'), () => [])).toMatchObject({ status: 'registered' });
      await bus.close();
    });

    it('remembers only the most recent displaced instances of a user', async () => {
      const { bus, claim, advance } = await setup({ maxDisplacedPerUser: 3 });
      const kickOthers: Parameters<Bus['claimLogin']>[1] = (registered) =>
        registered.map((p) => ({ instanceID: p.instanceID, reason: 'multipleAccount' as const }));
      // Each login displaces the one before: i0 … i5 are displaced, i6 is registered.
      for (let i = 0; i <= 6; i++) {
        await bus.claimLogin(claim(`i${i}`), kickOthers);
        advance(1);
      }
      for (const recent of ['i3', 'i4', 'i5']) {
        expect(await bus.claimLogin(claim(recent, { resume: true }), () => [])).toEqual({
          status: 'displaced',
        });
      }
      // Forgotten: its resume is a new login (which the policy may then refuse or allow).
      expect(await bus.claimLogin(claim('i0', { resume: true }), () => [])).toMatchObject({
        status: 'registered',
      });
      await bus.close();
    });

    it('delivers events to the handler of the node', async () => {
      const { bus, userID } = await setup();
      const received = new Promise<[InstanceAddress, InstanceEvent]>((resolve) =>
        bus.onEvent((target, event) => resolve([target, event])),
      );
      const target = { sdkAppID: 1400000001, userID, instanceID: 'i9' };
      await bus.send(target, { type: 'kick', reason: 'REST_API_Kick' });
      expect(await received).toEqual([target, { type: 'kick', reason: 'REST_API_Kick' }]);
      await bus.close();
    });

    it('hears its own broadcasts (a node caches what it changes too)', async () => {
      const { bus, userID } = await setup();
      const topic = `contract-${userID}`;
      const heard = new Promise<string>((resolve) =>
        bus.onBroadcast((notice) => {
          if (notice.kind === 'notice' && notice.topic === topic) resolve(notice.payload);
        }),
      );
      await bus.broadcast(topic, '{"a":1}');
      expect(await heard).toBe('{"a":1}');
      await bus.close();
    });

    it('carries push frames unchanged (message and conversation events)', async () => {
      const { bus, userID } = await setup();
      const received = new Promise<InstanceEvent>((resolve) =>
        bus.onEvent((_target, event) => resolve(event)),
      );
      const event: InstanceEvent = pushEvent({
        push: 'syncEvent',
        data: { events: [{ seq: 7, kind: 'historyCleared', peerID: 'p' }], conversations: [] },
      });
      await bus.send({ sdkAppID: 1400000001, userID, instanceID: 'i9' }, event);
      expect(await received).toEqual(event);
      await bus.close();
    });
  });
}
