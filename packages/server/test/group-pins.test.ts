/**
 * Pinned group messages with real SDK clients (docs/message-extras.md): the owner and admins pin
 * and unpin, members hear `onGroupMessagePinned`, each change is a group tips message in history,
 * the list shows who pinned what, at most 10 (10070), and nobody else may pin or look.
 */
import { ErrorCode, type V2TimMessage } from '@parley/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
const messagesOf = (client: GroupClient) => client.chat.im.v2TIMManager.getMessageManager();

async function post(client: GroupClient, groupID: string, text: string): Promise<V2TimMessage> {
  const messages = messagesOf(client);
  const created = await messages.createTextMessage({ text });
  const sent = await messages.sendMessage({ id: created.data!.id, receiver: '', groupID });
  expect(sent.code).toBe(0);
  return sent.data!;
}

async function workGroup() {
  const owner = await clients.login(user('owner'));
  const member = await clients.login(user('member'));
  const groupID = (await owner.groups.createGroup({ groupType: 'Work', groupName: 'g' })).data!;
  expect((await owner.groups.inviteUserToGroup({ groupID, userList: [member.userID] })).code).toBe(0);
  return { owner, member, groupID };
}

describe('pinned group messages', () => {
  it('are pinned and unpinned by the owner; members hear it and history keeps tips of both', async () => {
    const { owner, member, groupID } = await workGroup();
    const message = await post(member, groupID, 'rules');
    const pin = (isPinned: boolean) => messagesOf(owner).pinGroupMessage({ groupID, message, isPinned });

    expect((await pin(true)).code).toBe(0);
    const pinned = await member.waitFor('onGroupMessagePinned', groupID);
    expect(pinned.args[0]).toMatchObject({ msgID: message.msgID, textElem: { text: 'rules' } });
    expect(pinned.args.slice(1)).toEqual([true, { userID: owner.userID }]);
    const list = await messagesOf(member).getPinnedGroupMessageList({ groupID });
    expect(list.data?.map((m) => [m.msgID, m.pinnerInfo.userID])).toEqual([[message.msgID, owner.userID]]);
    // Pinning again changes nothing and tells nobody.
    expect((await pin(true)).code).toBe(0);

    expect((await pin(false)).code).toBe(0);
    await member.waitFor('onGroupMessagePinned', groupID, (c) => c.args[1] === false);
    expect(member.seen('onGroupMessagePinned', groupID)).toHaveLength(2);
    expect((await messagesOf(member).getPinnedGroupMessageList({ groupID })).data).toEqual([]);

    const history = await messagesOf(member).getGroupHistoryMessageList({ groupID, count: 10 });
    const tips = (history.data ?? []).flatMap((m) => (m.groupTipsElem ? [m.groupTipsElem] : []));
    expect(
      tips
        .filter((e) => e.type === 10 || e.type === 11)
        .map((e) => [e.type, e.opMember, e.pinnedMessage?.msgID]),
    ).toEqual([
      [11, owner.userID, message.msgID],
      [10, owner.userID, message.msgID],
    ]);
  });

  it('are for the owner and admins only, and only members see the list', async () => {
    const owner = await clients.login(user('owner'));
    const admin = await clients.login(user('admin'));
    const member = await clients.login(user('member'));
    const outsider = await clients.login(user('outsider'));
    const groupID = (await owner.groups.createGroup({ groupType: 'Meeting', groupName: 'm' })).data!;
    for (const who of [admin, member]) expect((await who.groups.joinGroup({ groupID })).code).toBe(0);
    expect((await owner.groups.setGroupMemberRole({ groupID, userID: admin.userID, role: 300 })).code).toBe(
      0,
    );
    const message = await post(owner, groupID, 'agenda');

    expect((await messagesOf(member).pinGroupMessage({ groupID, message, isPinned: true })).code).toBe(
      ErrorCode.ERR_SVR_GROUP_PERMISSION_DENY,
    );
    expect((await messagesOf(outsider).pinGroupMessage({ groupID, message, isPinned: true })).code).toBe(
      ErrorCode.ERR_SVR_GROUP_PERMISSION_DENY,
    );
    expect((await messagesOf(admin).pinGroupMessage({ groupID, message, isPinned: true })).code).toBe(0);
    await owner.waitFor('onGroupMessagePinned', groupID);
    expect((await messagesOf(outsider).getPinnedGroupMessageList({ groupID })).code).toBe(
      ErrorCode.ERR_SVR_GROUP_PERMISSION_DENY,
    );
    expect((await messagesOf(member).getPinnedGroupMessageList({ groupID })).data?.[0]?.pinnerInfo).toEqual({
      userID: admin.userID,
    });
    expect(outsider.seen('onGroupMessagePinned')).toEqual([]);
  });

  it('number at most 10 per group (10070), newest pin first', async () => {
    const { owner, groupID } = await workGroup();
    const posted: V2TimMessage[] = [];
    for (let i = 0; i < 11; i++) posted.push(await post(owner, groupID, `m${i}`));
    for (const message of posted.slice(0, 10))
      expect((await messagesOf(owner).pinGroupMessage({ groupID, message, isPinned: true })).code).toBe(0);
    expect(
      (await messagesOf(owner).pinGroupMessage({ groupID, message: posted[10]!, isPinned: true })).code,
    ).toBe(ErrorCode.ERR_SVR_GROUP_PINNED_MESSAGE_COUNT_LIMIT);
    const list = (await messagesOf(owner).getPinnedGroupMessageList({ groupID })).data!;
    expect(list).toHaveLength(10);
    expect(list.at(-1)?.msgID).toBe(posted[0]!.msgID);
    expect(
      (await messagesOf(owner).pinGroupMessage({ groupID, message: posted[0]!, isPinned: false })).code,
    ).toBe(0);
    expect(
      (await messagesOf(owner).pinGroupMessage({ groupID, message: posted[10]!, isPinned: true })).code,
    ).toBe(0);
  });

  it('refuse a message of another group', async () => {
    const { owner, groupID } = await workGroup();
    const other = (await owner.groups.createGroup({ groupType: 'Work', groupName: 'h' })).data!;
    const message = await post(owner, other, 'elsewhere');
    expect((await messagesOf(owner).pinGroupMessage({ groupID, message, isPinned: true })).code).toBe(
      ErrorCode.ERR_INVALID_PARAMETERS,
    );
  });
});
