/**
 * Signaling on a cluster of two `parley serve` processes (PostgreSQL and Redis): every node learns
 * each deadline and races to fire it, and the claim in the database lets exactly one win; when the
 * node that made an invitation dies, the other still fires its timeout.
 */
import type { V2TIMSignalingManager } from '@parley/sdk';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { ChatClient } from './support/chat.js';
import { startCluster, type TestCluster } from './support/cluster.js';
import { testServices } from './support/services.js';

const services = testServices();

interface Ringing {
  chat: ChatClient;
  sig: V2TIMSignalingManager;
  /** Callback name → the arguments of each call. */
  heard: Map<string, unknown[][]>;
}

function until(check: () => boolean, what: string): Promise<void> {
  return vi.waitFor(
    () => {
      if (!check()) throw new Error(`timed out waiting for ${what}`);
    },
    { timeout: 15_000, interval: 10 },
  );
}

describe.skipIf(!services.has('postgres') || !services.has('redis'))(
  'signaling on a cluster of two nodes',
  () => {
    let c: TestCluster;
    beforeAll(async () => {
      c = await startCluster({ nodes: 2 });
    });
    afterAll(() => c?.stop());

    async function login(userID: string, nodes: number[]): Promise<Ringing> {
      const chat = await c.chat(userID, nodes);
      const sig = chat.im.v2TIMManager.getSignalingManager();
      const heard = new Map<string, unknown[][]>();
      const record =
        (name: string) =>
        (...args: unknown[]) =>
          heard.set(name, [...(heard.get(name) ?? []), args]);
      await sig.addSignalingListener({
        onReceiveNewInvitation: record('onReceiveNewInvitation'),
        onInviteeAccepted: record('onInviteeAccepted'),
        onInvitationTimeout: record('onInvitationTimeout'),
      });
      return { chat, sig, heard };
    }
    const count = (r: Ringing, name: string) => r.heard.get(name)?.length ?? 0;

    it('fires a timeout once though both nodes race for it, and tells each side across nodes', async () => {
      const [alice, bob] = await Promise.all([login('cs-alice', [0]), login('cs-bob', [1])]);
      const invited = await alice.sig.invite({ invitee: 'cs-bob', data: 'ring', timeout: 1 });
      expect(invited).toMatchObject({ code: 0 });
      await until(() => count(bob, 'onReceiveNewInvitation') === 1, 'the invitation on the other node');
      await until(
        () => count(alice, 'onInvitationTimeout') > 0 && count(bob, 'onInvitationTimeout') > 0,
        'both timeouts',
      );
      // A later round trip across the nodes: any repeat pushed meanwhile would be here first.
      const later = (await alice.sig.invite({ invitee: 'cs-bob', data: '', timeout: 0 })).data!;
      await until(() => count(bob, 'onReceiveNewInvitation') === 2, 'the second invitation');
      expect(await bob.sig.accept({ inviteID: later })).toMatchObject({ code: 0 });
      await until(() => count(alice, 'onInviteeAccepted') === 1, 'the round trip');
      expect(alice.heard.get('onInvitationTimeout')).toEqual([[invited.data, ['cs-bob']]]);
      expect(bob.heard.get('onInvitationTimeout')).toEqual([[invited.data, ['cs-bob']]]);
    });

    it('fires the timeout of an invitation whose node was killed, from the other node', async () => {
      const [carol, dave] = await Promise.all([login('cs-carol', [1, 0]), login('cs-dave', [0])]);
      const invited = await carol.sig.invite({ invitee: 'cs-dave', data: '', timeout: 1 });
      expect(invited).toMatchObject({ code: 0 });
      await until(() => count(dave, 'onReceiveNewInvitation') === 1, 'the invitation');
      await c.kill(1);
      await until(() => count(dave, 'onInvitationTimeout') === 1, "the invitee's timeout from node 0");
      // Carol reconnects to node 0 and is told once, live or by her catch-up.
      await until(() => count(carol, 'onInvitationTimeout') === 1, "the inviter's timeout after moving");
      expect(carol.heard.get('onInvitationTimeout')).toEqual([[invited.data, ['cs-dave']]]);
      expect(dave.heard.get('onInvitationTimeout')).toEqual([[invited.data, ['cs-dave']]]);
    });
  },
);
