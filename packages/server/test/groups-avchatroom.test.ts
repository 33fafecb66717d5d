/**
 * AVChatRoom with real SDK clients (im-features §3.1, §11): live delivery to the members online in
 * the login they joined in, nothing stored, no conversation or unread, the room's rate of 40
 * messages a second with Low dropped first, membership lasting one login, and the online count.
 */
import { ErrorCode, MessagePriority } from '@parley/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { groupTexts, sendToGroup, trySendToGroup } from './support/group-chat.js';
import { type GroupClient, groupClients } from './support/group-clients.js';
import { startTestServer, type TestServer } from './support/harness.js';

let t: TestServer;
const clients = groupClients(() => t);

beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => {
  await clients.closeAll();
  await t.stop();
});

let n = 0;
const user = (name: string) => `${name}${++n}`;

/** An AVChatRoom owned by `owner`, joined by `joiners`. */
async function room(owner: GroupClient, ...joiners: GroupClient[]): Promise<string> {
  const created = await owner.groups.createGroup({ groupType: 'AVChatRoom', groupName: `live ${++n}` });
  expect(created.code).toBe(0);
  const groupID = created.data!;
  for (const joiner of joiners) expect((await joiner.groups.joinGroup({ groupID })).code).toBe(0);
  return groupID;
}

/** Resolves once `to` has the one-to-one `text` from `from`: what `from` sent before it has arrived. */
async function marker(from: GroupClient, to: GroupClient, text: string): Promise<void> {
  await from.chat.send(to.userID, text);
  await to.chat.waitFor(() => to.chat.texts().includes(text), `the marker "${text}"`);
}

/** Sends `count` texts of one priority at once; resolves with each send's code. */
async function burst(from: GroupClient, groupID: string, count: number, priority: MessagePriority) {
  const mm = from.chat.im.v2TIMManager.getMessageManager();
  const created = await Promise.all(
    Array.from({ length: count }, (_, i) => mm.createTextMessage({ text: `p${priority}-${i}` })),
  );
  return Promise.all(
    created.map(
      async (c) => (await mm.sendMessage({ id: c.data!.id, receiver: '', groupID, priority })).code,
    ),
  );
}

const countOf = (codes: number[], code: number) => codes.filter((c) => c === code).length;

describe('an AVChatRoom', () => {
  it('delivers live to the members who joined, stores nothing and makes no conversation', async () => {
    const [owner, bob, carol] = [
      await clients.login(user('owner')),
      await clients.login(user('bob')),
      await clients.login(user('carol')),
    ];
    const groupID = await room(owner, bob);
    const sent = await sendToGroup(owner.chat, groupID, 'live!');
    expect(sent.seq).toBe(0);
    await bob.chat.waitFor(() => groupTexts(bob.chat, groupID).includes('live!'), 'the live message');
    // Carol is online but no member: the marker sent after the message arrives, the message never.
    await marker(owner, carol, 'after the live message');
    expect(groupTexts(carol.chat, groupID)).toEqual([]);
    const history = await bob.chat.im.v2TIMManager
      .getMessageManager()
      .getGroupHistoryMessageList({ groupID, count: 10 });
    expect(history).toMatchObject({ code: 0, data: [] });
    const list = await bob.chat.im.v2TIMManager
      .getConversationManager()
      .getConversationList({ nextSeq: '0', count: 100 });
    expect(list.code).toBe(0);
    expect(list.data?.conversationList.map((c) => c.conversationID)).not.toContain(`group_${groupID}`);
    expect(bob.chat.events.filter((e) => e.name === 'onTotalUnreadMessageCountChanged')).toEqual([]);
  });

  it('drops Low messages first above 40 a second (10023), then Normal, and keeps High', async () => {
    const [owner, bob] = [await clients.login(user('owner')), await clients.login(user('bob'))];
    // Each connection may send 100 frames at once (9506 beyond): the burst comes from six members.
    const senders = await Promise.all(Array.from({ length: 6 }, () => clients.login(user('fan'))));
    const groupID = await room(owner, bob, ...senders);
    const perSender = 80;
    const sent = await Promise.all(
      senders.map((s, i) =>
        burst(s, groupID, perSender, i % 2 === 0 ? MessagePriority.LOW : MessagePriority.NORMAL),
      ),
    );
    const low = sent.filter((_, i) => i % 2 === 0).flat();
    const normal = sent.filter((_, i) => i % 2 === 1).flat();
    const high = await burst(owner, groupID, 40, MessagePriority.HIGH);
    for (const codes of [low, normal, high])
      expect(codes.every((c) => c === 0 || c === ErrorCode.ERR_SVR_GROUP_FREQ_LIMIT)).toBe(true);
    const dropped = {
      low: countOf(low, ErrorCode.ERR_SVR_GROUP_FREQ_LIMIT),
      normal: countOf(normal, ErrorCode.ERR_SVR_GROUP_FREQ_LIMIT),
      high: countOf(high, ErrorCode.ERR_SVR_GROUP_FREQ_LIMIT),
    };
    expect(dropped.low).toBeGreaterThan(0);
    expect(dropped.low).toBeGreaterThan(dropped.normal);
    expect(dropped.high).toBe(0);
    // Every accepted message reaches the member; the dropped ones never do.
    const accepted = low.length + normal.length + high.length - dropped.low - dropped.normal;
    const texts = () => groupTexts(bob.chat, groupID);
    await bob.chat.waitFor(() => texts().length >= accepted, `${accepted} live messages`);
    await marker(owner, bob, 'after the burst');
    expect(texts()).toHaveLength(accepted);
  });

  it('holds a member for one login: after logging in again it must join again to hear, send or list', async () => {
    const owner = await clients.login(user('owner'));
    const bobID = user('bob');
    const first = await clients.login(bobID);
    const groupID = await room(owner, first);
    await first.chat.close();
    const bob = await clients.login(bobID);
    expect((await trySendToGroup(bob.chat, groupID, 'not yet')).code).toBe(
      ErrorCode.ERR_SVR_GROUP_PERMISSION_DENY,
    );
    await sendToGroup(owner.chat, groupID, 'before the re-join');
    await marker(owner, bob, 'after the first message');
    expect(groupTexts(bob.chat, groupID)).toEqual([]);
    expect((await owner.groups.getGroupOnlineMemberCount({ groupID })).data).toBe(1);
    const listing = { groupID, nextSeq: '0' };
    expect((await bob.groups.getGroupMemberList(listing)).code).toBe(ErrorCode.ERR_SVR_GROUP_PERMISSION_DENY);

    expect((await bob.groups.joinGroup({ groupID })).code).toBe(0);
    await sendToGroup(owner.chat, groupID, 'after the re-join');
    await bob.chat.waitFor(
      () => groupTexts(bob.chat, groupID).includes('after the re-join'),
      'the message after re-joining',
    );
    expect((await trySendToGroup(bob.chat, groupID, 'back')).code).toBe(0);
    expect((await owner.groups.getGroupOnlineMemberCount({ groupID })).data).toBe(2);
    expect(
      (await bob.groups.getGroupMemberList(listing)).data?.memberInfoList.map((m) => m.userID).sort(),
    ).toEqual([owner.userID, bobID].sort());
  });

  it('counts the members online now', async () => {
    const [owner, bob, carol] = [
      await clients.login(user('owner')),
      await clients.login(user('bob')),
      await clients.login(user('carol')),
    ];
    const groupID = await room(owner, bob, carol);
    expect((await owner.groups.getGroupOnlineMemberCount({ groupID })).data).toBe(3);
    await carol.chat.close();
    await expect.poll(async () => (await owner.groups.getGroupOnlineMemberCount({ groupID })).data).toBe(2);
  });

  it('tells the members of a join by a tip, and answers a non-member with 10007', async () => {
    const [owner, bob, eve] = [
      await clients.login(user('owner')),
      await clients.login(user('bob')),
      await clients.login(user('eve')),
    ];
    const groupID = await room(owner);
    expect((await bob.groups.joinGroup({ groupID })).code).toBe(0);
    await owner.chat.waitFor(
      () => owner.chat.received().some((m) => m.groupID === groupID && m.groupTipsElem !== undefined),
      'the join tip',
    );
    expect((await trySendToGroup(eve.chat, groupID, 'let me in')).code).toBe(
      ErrorCode.ERR_SVR_GROUP_PERMISSION_DENY,
    );
    expect((await eve.groups.getGroupOnlineMemberCount({ groupID })).code).toBe(
      ErrorCode.ERR_SVR_GROUP_PERMISSION_DENY,
    );
  });

  it('tells a burst of joins in a few tips that name every joiner, not one tip per join', async () => {
    const owner = await clients.login(user('owner'));
    const joiners = await Promise.all(Array.from({ length: 6 }, () => clients.login(user('fan'))));
    const groupID = await room(owner);
    await Promise.all(joiners.map(async (j) => expect((await j.groups.joinGroup({ groupID })).code).toBe(0)));
    const joinTips = () =>
      owner.chat
        .received()
        .flatMap((m) => (m.groupID === groupID && m.groupTipsElem?.type === 1 ? [m.groupTipsElem] : []));
    const named = () => new Set(joinTips().flatMap((t) => t.memberList));
    await owner.chat.waitFor(() => joiners.every((j) => named().has(j.userID)), 'every joiner named');
    // The first join is told at once, the rest gathered per second: fewer tips than joins.
    expect(joinTips().length).toBeLessThan(joiners.length);
    expect(Math.max(...joinTips().map((t) => t.memberCount ?? 0))).toBe(joiners.length + 1);
  });
});
