/**
 * The per-node caches of the users features in cluster mode: a profile, a blocklist or a receive
 * option changed through one `parley serve` process holds for the very next message sent through
 * the other, which had read and cached the old value (PostgreSQL and Redis shared). Each test first
 * sends through the second node so that it holds the old value, then changes it through the first.
 */
import { ErrorCode } from '@parley/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCluster, type TestCluster } from './support/cluster.js';
import { testServices } from './support/services.js';

const services = testServices();

const textBody = (text: string) => [{ MsgType: 'TIMTextElem', MsgContent: { Text: text } }];

describe.skipIf(!services.has('postgres') || !services.has('redis'))(
  'user caches on a cluster of two nodes',
  () => {
    let c: TestCluster;
    beforeAll(async () => {
      c = await startCluster({ nodes: 2 });
    });
    afterAll(() => c?.stop());

    it('a profile change through node 0 shows on the next message sent through node 1', async () => {
      const sender = await c.chat('uc-sender', [1]);
      const senderElsewhere = await c.chat('uc-sender', [0], 'android');
      const reader = await c.chat('uc-reader', [0]);
      expect(
        await sender.im.v2TIMManager.setSelfInfo({ userFullInfo: { nickName: 'Old Name' } }),
      ).toMatchObject({ code: 0 });
      await sender.send(reader.userID, 'first');
      await reader.waitFor(() => reader.texts().includes('first'), 'the first message');
      expect(reader.received()[0]).toMatchObject({ sender: sender.userID, nickName: 'Old Name' });

      // The user's other device, on node 0, renames them; node 1 had cached the old name.
      expect(
        await senderElsewhere.im.v2TIMManager.setSelfInfo({ userFullInfo: { nickName: 'New Name' } }),
      ).toMatchObject({ code: 0 });
      await sender.send(reader.userID, 'second');
      await reader.waitFor(() => reader.texts().includes('second'), 'the second message');
      expect(reader.received()[1]).toMatchObject({ nickName: 'New Name' });

      // The same through REST on node 0, for a send through node 1.
      const set = await c.rest(0, 'profile/portrait_set', {
        From_Account: sender.userID,
        ProfileItem: [{ Tag: 'Tag_Profile_IM_Nick', Value: 'REST Name' }],
      });
      expect(set).toMatchObject({ ActionStatus: 'OK' });
      await sender.send(reader.userID, 'third');
      await reader.waitFor(() => reader.texts().includes('third'), 'the third message');
      expect(reader.received()[2]).toMatchObject({ nickName: 'REST Name' });

      // And a second account_import that renames the account.
      const reimported = await c.rest(0, 'im_open_login_svc/account_import', {
        UserID: sender.userID,
        Nick: 'Imported Name',
      });
      expect(reimported).toMatchObject({ ActionStatus: 'OK' });
      await sender.send(reader.userID, 'fourth');
      await reader.waitFor(() => reader.texts().includes('fourth'), 'the fourth message');
      expect(reader.received()[3]).toMatchObject({ nickName: 'Imported Name' });
    });

    it('a block through node 0 stops at once a send through node 1, which holds neither user', async () => {
      const blocker = await c.chat('uc-blocker', [0]);
      const blocked = await c.chat('uc-blocked', [0]);
      const sendThroughNode1 = (text: string) =>
        c.rest(1, 'openim/sendmsg', {
          From_Account: blocked.userID,
          To_Account: blocker.userID,
          MsgRandom: Math.floor(Math.random() * 1e9),
          MsgBody: textBody(text),
        });
      // Node 1 reads the blocker's (empty) blocklist for this send and keeps it.
      expect(await sendThroughNode1('before')).toMatchObject({ ActionStatus: 'OK' });
      await blocker.waitFor(() => blocker.texts().includes('before'), 'the first message');

      const friends = blocker.im.v2TIMManager.getFriendshipManager();
      expect((await friends.addToBlackList({ userIDList: [blocked.userID] })).code).toBe(0);
      expect(await sendThroughNode1('blocked')).toMatchObject({
        ErrorCode: ErrorCode.ERR_SVR_MSG_IN_PEER_BLACKLIST,
      });

      expect((await friends.deleteFromBlackList({ userIDList: [blocked.userID] })).code).toBe(0);
      expect(await sendThroughNode1('after')).toMatchObject({ ActionStatus: 'OK' });
      await blocker.waitFor(() => blocker.texts().includes('after'), 'the last message');
      expect(blocker.texts()).toEqual(['before', 'after']);
    });

    it('a receive option set through node 0 applies to a send through node 1', async () => {
      const quiet = await c.chat('uc-quiet', [0]);
      const talker = await c.chat('uc-talker', [1]);
      await talker.send(quiet.userID, 'heard');
      await quiet.waitFor(() => quiet.texts().includes('heard'), 'the first message');

      const mm = quiet.im.v2TIMManager.getMessageManager();
      expect((await mm.setC2CReceiveMessageOpt({ userIDList: [talker.userID], opt: 1 })).code).toBe(0);
      await talker.send(quiet.userID, 'kept out');
      expect((await mm.setC2CReceiveMessageOpt({ userIDList: [talker.userID], opt: 0 })).code).toBe(0);
      await talker.send(quiet.userID, 'heard again');
      await quiet.waitFor(() => quiet.texts().includes('heard again'), 'the last message');
      expect(quiet.texts()).toEqual(['heard', 'heard again']);

      // Tag_Profile_IM_MsgSettings bit 0, set through node 0, refuses the next send through node 1.
      const refuse = async (value: number) =>
        expect(
          await c.rest(0, 'profile/portrait_set', {
            From_Account: quiet.userID,
            ProfileItem: [{ Tag: 'Tag_Profile_IM_MsgSettings', Value: value }],
          }),
        ).toMatchObject({ ActionStatus: 'OK' });
      await refuse(1);
      await talker.send(quiet.userID, 'refused');
      await refuse(0);
      await talker.send(quiet.userID, 'welcome');
      await quiet.waitFor(() => quiet.texts().includes('welcome'), 'the message after');
      expect(quiet.texts()).toEqual(['heard', 'heard again', 'welcome']);
    });
  },
);
