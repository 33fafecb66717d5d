/**
 * User status in cluster mode: a subscriber connected to one `parley serve` process hears of changes
 * made through another (sharing PostgreSQL and Redis), and a subscription made through one node
 * reaches a node that had already indexed the watched user's (then empty) subscriber list.
 */
import { V2TimUserStatusType } from '@parley/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCluster, type TestCluster } from './support/cluster.js';
import { testServices } from './support/services.js';
import { watchStatus } from './support/status.js';

const services = testServices();

describe.skipIf(!services.has('postgres') || !services.has('redis'))(
  'user status on a cluster of two nodes',
  () => {
    let c: TestCluster;
    beforeAll(async () => {
      c = await startCluster({ nodes: 2 });
    });
    afterAll(() => c?.stop());

    it('reaches a subscriber on another node: login, custom status, logout', async () => {
      const watcher = await c.chat('cs-watcher', [0]);
      const watch = await watchStatus(watcher.im);
      expect(await watcher.im.v2TIMManager.subscribeUserStatus({ userIDList: ['cs-peer'] })).toMatchObject({
        code: 0,
      });

      const peer = await c.chat('cs-peer', [1]);
      expect(await watch.nth('cs-peer', 1)).toMatchObject({
        statusType: V2TimUserStatusType.V2TIM_USER_STATUS_ONLINE,
      });
      await peer.im.v2TIMManager.setSelfStatus({ status: { customStatus: 'on node 1' } });
      expect(await watch.nth('cs-peer', 2)).toMatchObject({ customStatus: 'on node 1' });
      await peer.im.v2TIMManager.logout();
      expect(await watch.nth('cs-peer', 3)).toMatchObject({
        statusType: V2TimUserStatusType.V2TIM_USER_STATUS_UNLOGINED,
      });
    });

    it("keeps each node's subscriber index in step with subscriptions made through another node", async () => {
      // The peer's node indexes its subscribers (none) when the peer's own login is fanned out.
      const peer = await c.chat('cs-early', [1]);
      const control = await c.chat('cs-control', [1]);
      const controlWatch = await watchStatus(control.im);
      await control.im.v2TIMManager.subscribeUserStatus({ userIDList: ['cs-early'] });
      await peer.im.v2TIMManager.setSelfStatus({ status: { customStatus: 'indexed' } });
      await controlWatch.nth('cs-early', 1);

      // A subscription through node 0 must reach node 1's index before the peer's next change.
      const watcher = await c.chat('cs-late', [0]);
      const watch = await watchStatus(watcher.im);
      await watcher.im.v2TIMManager.subscribeUserStatus({ userIDList: ['cs-early'] });
      await peer.im.v2TIMManager.setSelfStatus({ status: { customStatus: 'heard on node 0' } });
      expect(await watch.nth('cs-early', 1)).toMatchObject({ customStatus: 'heard on node 0' });
    });
  },
);
