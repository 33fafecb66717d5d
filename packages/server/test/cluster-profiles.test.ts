/**
 * Profiles in cluster mode: a profile change made through one `parley serve` process reaches the
 * user's device and a subscriber connected to another process (PostgreSQL and Redis shared).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCluster, type TestCluster } from './support/cluster.js';
import { testServices } from './support/services.js';
import { userEvents } from './support/users.js';

const services = testServices();

describe.skipIf(!services.has('postgres') || !services.has('redis'))(
  'profiles on a cluster of two nodes',
  () => {
    let c: TestCluster;
    beforeAll(async () => {
      c = await startCluster({ nodes: 2 });
    });
    afterAll(() => c?.stop());

    it('tells the user’s device and a subscriber on the other node', async () => {
      const star = await c.chat('cp-star', [0]);
      const starPhone = await c.chat('cp-star', [1], 'android');
      const fan = await c.chat('cp-fan', [1]);
      const [phoneEvents, fanEvents] = await Promise.all([userEvents(starPhone), userEvents(fan)]);
      expect(await fan.im.v2TIMManager.subscribeUserInfo({ userIDList: [star.userID] })).toMatchObject({
        code: 0,
      });
      expect(
        await star.im.v2TIMManager.setSelfInfo({
          userFullInfo: { nickName: 'Across', selfSignature: 'nodes' },
        }),
      ).toMatchObject({ code: 0 });
      await phoneEvents.until(() => phoneEvents.self.length === 1, 'onSelfInfoUpdated on node 1');
      await fanEvents.until(() => fanEvents.changed.length === 1, 'onUserInfoChanged on node 1');
      expect(phoneEvents.self[0]).toMatchObject({
        userID: star.userID,
        nickName: 'Across',
        selfSignature: 'nodes',
      });
      expect(fanEvents.changed[0]).toMatchObject({ userID: star.userID, nickName: 'Across' });

      // The REST change through node 1 reaches the user's device on node 0 too.
      const starEvents = await userEvents(star);
      const set = await c.rest(1, 'profile/portrait_set', {
        From_Account: star.userID,
        ProfileItem: [{ Tag: 'Tag_Profile_IM_Nick', Value: 'By REST' }],
      });
      expect(set).toMatchObject({ ActionStatus: 'OK' });
      await starEvents.until(() => starEvents.self.length === 1, 'onSelfInfoUpdated on node 0');
      await fanEvents.until(() => fanEvents.changed.length === 2, 'the subscriber’s second event');
      expect(fanEvents.changed[1]).toMatchObject({ nickName: 'By REST' });
    });
  },
);
