/**
 * Group messages in cluster mode: members connected to different `parley serve` processes (sharing
 * PostgreSQL and Redis) each receive a group message once, and a member who joins through one node
 * receives at once what is sent through another (each node's member cache follows the group's
 * member version).
 */
import { GroupAddOpt } from '@parley/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChatClient } from './support/chat.js';
import { startCluster, type TestCluster } from './support/cluster.js';
import { groupMessages, groupTexts, sendToGroup } from './support/group-chat.js';
import { testServices } from './support/services.js';

const services = testServices();

describe.skipIf(!services.has('postgres') || !services.has('redis'))(
  'groups on a cluster of two nodes',
  () => {
    let c: TestCluster;
    beforeAll(async () => {
      c = await startCluster({ nodes: 2 });
    });
    afterAll(() => c?.stop());

    /** Waits until `client` has `texts` of the group, then checks it got each exactly once. */
    async function receivedOnce(client: ChatClient, groupID: string, texts: string[]): Promise<void> {
      await client.waitFor(
        () => groupTexts(client, groupID).length >= texts.length,
        `${client.userID}'s ${texts.length} messages`,
      );
      expect(groupTexts(client, groupID)).toEqual(texts);
      expect(new Set(groupMessages(client, groupID).map((m) => m.msgID)).size).toBe(texts.length);
    }

    it('delivers a group message once to members on every node and device', async () => {
      const alice = await c.chat('cg-alice', [0]);
      const bob = await c.chat('cg-bob', [1]);
      const carolWeb = await c.chat('cg-carol', [0]);
      const carolPhone = await c.chat('cg-carol', [1], 'android');
      const created = await alice.im.v2TIMManager.getGroupManager().createGroup({
        groupType: 'Work',
        groupID: 'cluster-work',
        groupName: 'across nodes',
        memberList: [{ userID: bob.userID }, { userID: carolWeb.userID }],
      });
      expect(created.code).toBe(0);
      await sendToGroup(alice, 'cluster-work', 'first');
      // A second message through the other node: its arrival after the first shows nothing came twice.
      await sendToGroup(bob, 'cluster-work', 'second');
      for (const member of [carolWeb, carolPhone])
        await receivedOnce(member, 'cluster-work', ['first', 'second']);
      await receivedOnce(bob, 'cluster-work', ['first']);
      await receivedOnce(alice, 'cluster-work', ['second']);
    });

    it('lets a member who joined through node B receive what is sent through node A right after', async () => {
      const owner = await c.chat('cg-owner', [0]);
      const early = await c.chat('cg-early', [1]);
      const groupManager = owner.im.v2TIMManager.getGroupManager();
      const created = await groupManager.createGroup({
        groupType: 'Public',
        groupID: 'cluster-public',
        groupName: 'open',
        addOpt: GroupAddOpt.ANY,
        memberList: [{ userID: early.userID }],
      });
      expect(created.code).toBe(0);
      // Node A has the member list cached before the join.
      await sendToGroup(owner, 'cluster-public', 'before');
      await receivedOnce(early, 'cluster-public', ['before']);

      const late = await c.chat('cg-late', [1]);
      const joined = await late.im.v2TIMManager.getGroupManager().joinGroup({ groupID: 'cluster-public' });
      expect(joined.code).toBe(0);
      await sendToGroup(owner, 'cluster-public', 'after');
      await receivedOnce(late, 'cluster-public', ['after']);
      await receivedOnce(early, 'cluster-public', ['before', 'after']);
      const conversation = await late.im.v2TIMManager
        .getConversationManager()
        .getConversation({ conversationID: 'group_cluster-public' });
      expect(conversation.data).toMatchObject({
        unreadCount: 1,
        lastMessage: { textElem: { text: 'after' } },
      });
    });
  },
);
