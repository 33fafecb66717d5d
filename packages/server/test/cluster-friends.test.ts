/**
 * Friends in cluster mode: a user's devices and their peers connected to different `parley serve`
 * processes (sharing PostgreSQL and Redis) hear every friendship change, and a block made through
 * one node stops messages sent through the other.
 */
import { ErrorCode } from '@parley/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCluster, type TestCluster } from './support/cluster.js';
import { type FriendClient, withFriendListener } from './support/friend-clients.js';
import { testServices } from './support/services.js';

const services = testServices();

describe.skipIf(!services.has('postgres') || !services.has('redis'))(
  'friends on a cluster of two nodes',
  () => {
    let c: TestCluster;
    beforeAll(async () => {
      c = await startCluster({ nodes: 2 });
    });
    afterAll(() => c?.stop());

    const login = async (userID: string, node: number, platform: 'web' | 'android' = 'web') =>
      withFriendListener(await c.chat(userID, [node], platform));

    async function sendText(from: FriendClient, to: string, text: string) {
      const mm = from.chat.im.v2TIMManager.getMessageManager();
      const created = await mm.createTextMessage({ text });
      return mm.sendMessage({ id: created.data!.id, receiver: to, groupID: '' });
    }

    it('a request accepted on a device on one node shows on the other device and to the requester on the other node', async () => {
      const alice = await login('cf-alice', 0);
      const bobPhone = await login('cf-bob', 1, 'android');
      const bobWeb = await login('cf-bob', 0);
      expect((await alice.friends.addFriend({ userID: bobPhone.userID })).data?.resultCode).toBe(30539);
      await bobWeb.waitFor('onFriendApplicationListAdded');
      await bobPhone.waitFor('onFriendApplicationListAdded');
      expect((await bobPhone.friends.acceptFriendApplication({ userID: alice.userID })).code).toBe(0);
      const onWeb = await bobWeb.waitFor('onFriendListAdded');
      expect(onWeb.args[0]).toEqual([expect.objectContaining({ userID: alice.userID })]);
      const onAlice = await alice.waitFor('onFriendListAdded');
      expect(onAlice.args[0]).toEqual([expect.objectContaining({ userID: bobPhone.userID })]);
    });

    it('a block and an unblock made through one node hold at once for sends through the other', async () => {
      const carol = await login('cf-carol', 0);
      const dave = await login('cf-dave', 1);
      // Node 1 reads Carol's blocklist for this send and keeps it.
      expect((await sendText(dave, carol.userID, 'before')).code).toBe(0);
      await carol.chat.waitFor(() => carol.chat.texts().includes('before'), 'the first message');

      /** A message from Carol reaching Dave shows node 1 has read what was posted to it before. */
      const roundTrip = async (text: string) => {
        expect((await sendText(carol, dave.userID, text)).code).toBe(0);
        await dave.chat.waitFor(() => dave.chat.texts().includes(text), text);
      };
      expect((await carol.friends.addToBlackList({ userIDList: [dave.userID] })).code).toBe(0);
      await roundTrip('ping');
      expect((await sendText(dave, carol.userID, 'secret')).code).toBe(
        ErrorCode.ERR_SVR_MSG_IN_PEER_BLACKLIST,
      );

      expect((await carol.friends.deleteFromBlackList({ userIDList: [dave.userID] })).code).toBe(0);
      await roundTrip('pong');
      expect((await sendText(dave, carol.userID, 'marker')).code).toBe(0);
      await carol.chat.waitFor(() => carol.chat.texts().includes('marker'), 'the marker');
      expect(carol.chat.texts()).toEqual(['before', 'marker']);
    });

    it('a profile change through one node reaches the friend’s devices on both nodes', async () => {
      const star = await login('cf-star', 0);
      const fanHere = await login('cf-fan', 0);
      const fanThere = await login('cf-fan', 1, 'android');
      const imported = await c.rest(1, 'sns/friend_import', {
        From_Account: fanHere.userID,
        AddFriendItem: [{ To_Account: star.userID, Remark: 'Starry', AddSource: 'AddSource_Type_Test' }],
      });
      expect(imported).toMatchObject({ ActionStatus: 'OK' });
      expect(
        (await star.chat.im.v2TIMManager.setSelfInfo({ userFullInfo: { nickName: 'Across' } })).code,
      ).toBe(0);
      for (const device of [fanHere, fanThere]) {
        const heard = await device.waitFor('onFriendProfileChanged');
        expect(heard.args[0]).toEqual([
          expect.objectContaining({
            userID: star.userID,
            friendRemark: 'Starry',
            userProfile: expect.objectContaining({ nickName: 'Across' }),
          }),
        ]);
      }
    });
  },
);
