/**
 * Per-message read receipts with real SDK clients against a real server (docs/read-receipts.md):
 * the flag on sends and in history, one-to-one and group reports, counts, reader and non-reader
 * pages, the sender's `onRecvMessageReadReceipts`, the per-group-type setting, the REST endpoints
 * and the group webhook. The bulk readers of the 200-member group speak the protocol directly (one
 * short login each) to keep the file fast; every API is also exercised through the SDK.
 */
import type { ReplyFrame } from '@parley/protocol';
import { ErrorCode, type V2TimMessage, type V2TimMessageReceipt } from '@parley/sdk';
import { describe, expect, it } from 'vitest';
import type { AppSettings } from '../src/storage/types.js';
import { startCallbackReceiver } from './support/callback-receiver.js';
import type { ChatClient } from './support/chat.js';
import { groupMessages, groupTestbed, sendToGroup } from './support/group-chat.js';
import { connectRaw } from './support/raw-client.js';
import { recorded } from './support/recorded.js';

const bed = groupTestbed();
const { user, group, login } = bed;

const mm = (client: ChatClient) => client.im.v2TIMManager.getMessageManager();

/** The receipts a client was told of, and a wait for the next ones. */
interface ReceiptLog {
  readonly list: V2TimMessageReceipt[];
  /** Resolves once `count` receipts arrived; rejects after 10 s. */
  waitFor(count: number, what: string): Promise<void>;
}

/** Records the receipts `client` is told of. */
async function receiptsOf(client: ChatClient): Promise<ReceiptLog> {
  const heard = recorded<V2TimMessageReceipt>();
  await mm(client).addAdvancedMsgListener({
    onRecvMessageReadReceipts: (receipts) => {
      for (const receipt of receipts) heard.record(receipt);
    },
  });
  return {
    list: heard.entries,
    async waitFor(count, what) {
      await heard.waitFor(() => heard.entries[count - 1], `${what} (${count})`);
    },
  };
}

async function setApp(settings: Partial<AppSettings>): Promise<void> {
  await bed.server.server.storage.apps.update(bed.server.sdkAppID, settings);
  bed.server.server.apps.invalidate(bed.server.sdkAppID);
}

/** Logs `userID` in over a bare socket, sends one request, and logs out. */
async function asUser<D>(userID: string, op: string, data: unknown): Promise<ReplyFrame<D>> {
  const raw = await connectRaw(bed.server.wsUrl);
  try {
    const login = await raw.request('login', {
      sdkAppID: bed.server.sdkAppID,
      userID,
      userSig: bed.server.ticket(userID),
      platform: 'web',
      instanceID: `${userID}-raw`,
    });
    expect(login.code).toBe(0);
    return await raw.request<D>(op, data);
  } finally {
    raw.close();
  }
}

describe('one-to-one receipts', () => {
  it('keeps the flag, tells every device of the sender, and leaves the unread count alone', async () => {
    const [alice, bob] = [await login(user('alice')), await login(user('bob'))];
    const alicePhone = await login(alice.userID, 'android');
    const [onWeb, onPhone] = [await receiptsOf(alice), await receiptsOf(alicePhone)];
    const flagged = await alice.send(bob.userID, 'please read', { needReadReceipt: true });
    const plain = await alice.send(bob.userID, 'no receipt');
    expect(flagged.needReadReceipt).toBe(true);
    expect(plain.needReadReceipt).toBeUndefined();
    await bob.waitFor(() => bob.received().length === 2, 'both messages');
    expect(bob.received()[0]).toMatchObject({ msgID: flagged.msgID, needReadReceipt: true });
    const history = await mm(bob).getC2CHistoryMessageList({ userID: alice.userID, count: 10 });
    expect(history.data?.find((m) => m.msgID === flagged.msgID)?.needReadReceipt).toBe(true);

    const before = await mm(alice).getMessageReadReceipts({ messageList: [flagged] });
    expect(before.data).toEqual([
      expect.objectContaining({
        msgID: flagged.msgID,
        userID: bob.userID,
        isPeerRead: false,
        readCount: 0,
        unreadCount: 1,
      }),
    ]);
    expect((await mm(bob).sendMessageReadReceipts({ messageList: [plain] })).code).toBe(
      ErrorCode.ERR_SVR_MSG_RECEIPT_NOT_FOUND,
    );
    expect((await mm(bob).sendMessageReadReceipts({ messageList: [flagged] })).code).toBe(0);
    for (const [client, seen] of [
      [alice, onWeb],
      [alicePhone, onPhone],
    ] as const) {
      await seen.waitFor(1, `${client.userID}'s receipt`);
      expect(seen.list[0]).toMatchObject({
        msgID: flagged.msgID,
        userID: bob.userID,
        isPeerRead: true,
        readCount: 1,
        unreadCount: 0,
      });
    }
    const after = await mm(alice).getMessageReadReceipts({ messageList: [flagged.msgID] });
    expect(after.data?.[0]).toMatchObject({ isPeerRead: true, readCount: 1, unreadCount: 0 });
    expect(after.data?.[0]?.timestamp).toBeGreaterThan(0);
    // An edit keeps the flag.
    const edited = await mm(alice).modifyMessage({
      message: { ...flagged, textElem: { text: 'please read (edited)' } },
    });
    expect(edited.code).toBe(0);
    expect(edited.data?.message.needReadReceipt).toBe(true);
    // A second report changes nothing and tells nobody again.
    expect((await mm(bob).sendMessageReadReceipts({ messageList: [flagged] })).code).toBe(0);
    const conversation = await bob.im.v2TIMManager
      .getConversationManager()
      .getConversation({ conversationID: `c2c_${alice.userID}` });
    expect(conversation.data?.unreadCount).toBe(2);
    expect(onWeb.list).toHaveLength(1);
  });

  it('refuses reports by the sender and any look by a third user', async () => {
    const [alice, bob, mallory] = [
      await login(user('alice')),
      await login(user('bob')),
      await login(user('mallory')),
    ];
    const flagged = await alice.send(bob.userID, 'for bob', { needReadReceipt: true });
    expect((await mm(alice).sendMessageReadReceipts({ messageList: [flagged] })).code).toBe(
      ErrorCode.ERR_INVALID_PARAMETERS,
    );
    expect((await mm(mallory).getMessageReadReceipts({ messageList: [flagged] })).code).toBe(
      ErrorCode.ERR_INVALID_PARAMETERS,
    );
    expect((await mm(mallory).sendMessageReadReceipts({ messageList: [flagged] })).code).toBe(
      ErrorCode.ERR_INVALID_PARAMETERS,
    );
    expect((await mm(bob).sendMessageReadReceipts({ messageList: [] })).code).toBe(
      ErrorCode.ERR_INVALID_PARAMETERS,
    );
    expect((await mm(bob).getMessageReadReceipts({ messageList: ['no-such-message'] })).code).toBe(
      ErrorCode.ERR_INVALID_PARAMETERS,
    );
  });
});

describe('group receipts', () => {
  it('counts are right in a 200-member group after 50 members read, with readers and non-readers paged', async () => {
    const alice = await login(user('alice'));
    const seen = await receiptsOf(alice);
    const groupID = group('work');
    const members = Array.from({ length: 199 }, (_, i) => `${groupID}-m${String(i).padStart(3, '0')}`);
    // Accounts are imported 100 at a time (REST's limit), members added in one REST call.
    await bed.server.createGroup({
      groupID,
      type: 'Work',
      ownerID: alice.userID,
      memberIDs: members.slice(0, 99),
    });
    await bed.server.importAccounts(...members.slice(99));
    const added = await bed.server.rest('group_open_http_svc/add_group_member', {
      GroupId: groupID,
      MemberList: members.slice(99).map((id) => ({ Member_Account: id })),
    });
    expect(added.ErrorCode).toBe(0);
    const sent = await sendToGroup(alice, groupID, 'all hands', { needReadReceipt: true });
    expect(sent.needReadReceipt).toBe(true);
    const readers = members.slice(0, 50);
    for (const reader of readers) {
      const reply = await asUser(reader, 'sendMessageReadReceipts', { msgIDs: [sent.msgID] });
      expect(reply.code).toBe(0);
    }
    await seen.waitFor(50, 'a receipt per reader');
    expect(seen.list.map((r) => r.readCount).sort((a, b) => (a ?? 0) - (b ?? 0))).toEqual(
      Array.from({ length: 50 }, (_, i) => i + 1),
    );
    // Pushes may overtake each other between nodes: the last report's receipt is the one with 50.
    expect(seen.list.find((r) => r.readCount === 50)).toMatchObject({
      msgID: sent.msgID,
      groupID,
      unreadCount: 149,
    });

    const counts = await mm(alice).getMessageReadReceipts({ messageList: [sent] });
    expect(counts.data).toEqual([
      expect.objectContaining({ msgID: sent.msgID, groupID, readCount: 50, unreadCount: 149 }),
    ]);
    // Any member may read the counts; a reader's own report counts once.
    const fromMember = await asUser<{ receipts: { readCount: number }[] }>(
      members[120]!,
      'getMessageReadReceipts',
      {
        msgIDs: [sent.msgID],
      },
    );
    expect(fromMember.data?.receipts[0]?.readCount).toBe(50);

    const unread: string[] = [];
    let nextSeq = 0;
    for (let page = 0; page < 3; page++) {
      const reply = await mm(alice).getGroupMessageReadMemberList({
        message: sent,
        filter: 1,
        nextSeq,
        count: 100,
      });
      expect(reply.code).toBe(0);
      unread.push(...reply.data!.memberInfoList.map((m) => m.userID));
      if (reply.data!.isFinished) break;
      nextSeq = reply.data!.nextSeq;
    }
    expect(unread).toEqual(members.slice(50));
    const read = await mm(alice).getGroupMessageReadMemberList({
      message: sent,
      filter: 0,
      nextSeq: 0,
      count: 100,
    });
    expect(read.data).toMatchObject({ isFinished: true, nextSeq: 0 });
    expect(read.data?.memberInfoList.map((m) => m.userID)).toEqual(readers);

    const rest = await bed.server.rest('group_open_http_svc/get_group_msg_receipt', {
      GroupId: groupID,
      MsgSeqList: [{ MsgSeq: sent.seq }, { MsgSeq: 9999 }],
    });
    expect(rest).toMatchObject({
      ErrorCode: 0,
      GroupMsgReceiptList: [
        { Code: 0, MsgSeq: sent.seq, ReadNum: 50, UnreadNum: 149 },
        { Code: ErrorCode.ERR_INVALID_PARAMS, MsgSeq: 9999 },
      ],
    });
    const restUnread: string[] = [];
    let cursor = '';
    do {
      const page = await bed.server.rest('group_open_http_svc/get_group_msg_receipt_detail', {
        GroupId: groupID,
        MsgSeq: sent.seq,
        Filter: 1,
        Count: 100,
        Cursor: cursor,
      });
      expect(page.ErrorCode).toBe(0);
      restUnread.push(...(page.UnreadList as { Member_Account: string }[]).map((m) => m.Member_Account));
      cursor = page.Cursor as string;
    } while (cursor !== '');
    expect(restUnread).toEqual(members.slice(50));
    const restRead = await bed.server.rest('group_open_http_svc/get_group_msg_receipt_detail', {
      GroupId: groupID,
      MsgSeq: sent.seq,
      Filter: 0,
      Count: 200,
    });
    expect(restRead).toMatchObject({ ErrorCode: 0, IsFinished: 1, Cursor: '' });
    expect((restRead.ReadList as { Member_Account: string }[]).map((m) => m.Member_Account)).toEqual(readers);
    expect(
      (
        await bed.server.rest('group_open_http_svc/get_group_msg_receipt_detail', {
          GroupId: groupID,
          MsgSeq: 1,
          Count: 201,
        })
      ).ErrorCode,
    ).not.toBe(0);
  });

  it('refuses non-members, messages without receipts, and types with receipts off', async () => {
    const [alice, bob, mallory] = [
      await login(user('alice')),
      await login(user('bob')),
      await login(user('mallory')),
    ];
    const groupID = group('work');
    await bed.server.createGroup({ groupID, type: 'Work', ownerID: alice.userID, memberIDs: [bob.userID] });
    const flagged = await sendToGroup(alice, groupID, 'flagged', { needReadReceipt: true });
    const plain = await sendToGroup(alice, groupID, 'plain');
    await bob.waitFor(() => groupMessages(bob, groupID).length === 2, 'both messages');
    expect(groupMessages(bob, groupID).map((m: V2TimMessage) => m.needReadReceipt)).toEqual([
      true,
      undefined,
    ]);

    for (const reply of [
      await mm(mallory).sendMessageReadReceipts({ messageList: [flagged] }),
      await mm(mallory).getMessageReadReceipts({ messageList: [flagged] }),
      await mm(mallory).getGroupMessageReadMemberList({ message: flagged, filter: 0 }),
    ])
      expect(reply.code).toBe(ErrorCode.ERR_SVR_GROUP_PERMISSION_DENY);
    expect((await mm(bob).sendMessageReadReceipts({ messageList: [plain] })).code).toBe(
      ErrorCode.ERR_SVR_MSG_RECEIPT_NOT_FOUND,
    );
    expect((await mm(bob).getGroupMessageReadMemberList({ message: plain, filter: 1 })).code).toBe(
      ErrorCode.ERR_SVR_MSG_RECEIPT_NOT_FOUND,
    );
    expect((await mm(bob).getGroupMessageReadMemberList({ message: flagged, filter: 2 })).code).toBe(
      ErrorCode.ERR_INVALID_PARAMETERS,
    );
    // The sender's own message is not its to report: skipped, nothing counted.
    expect((await mm(alice).sendMessageReadReceipts({ messageList: [flagged] })).code).toBe(0);
    expect((await mm(alice).getMessageReadReceipts({ messageList: [flagged] })).data?.[0]).toMatchObject({
      readCount: 0,
      unreadCount: 1,
    });

    await setApp({ readReceiptGroupTypes: ['Public'] });
    try {
      expect((await mm(bob).sendMessageReadReceipts({ messageList: [flagged] })).code).toBe(
        ErrorCode.ERR_SDK_INTERFACE_NOT_SUPPORT,
      );
      // Sent while the type has receipts off: the flag is dropped, the message is sent.
      const unflagged = await sendToGroup(alice, groupID, 'off now', { needReadReceipt: true });
      expect(unflagged.needReadReceipt).toBeUndefined();
    } finally {
      await setApp({ readReceiptGroupTypes: ['Work', 'Public', 'Meeting', 'Community'] });
    }
    // A member who joined after the message (Work: no history before joining) cannot reach it.
    const late = await login(user('late'));
    await bed.server.joinGroup(groupID, [late.userID]);
    expect((await mm(late).getMessageReadReceipts({ messageList: [flagged] })).code).toBe(
      ErrorCode.ERR_INVALID_PARAMETERS,
    );
    // A targeted message gets no receipts.
    const targeted = await mm(alice).createTargetedGroupMessage({
      id: (await mm(alice).createTextMessage({ text: 'psst' })).data!.id,
      receiverList: [bob.userID],
    });
    expect(targeted.code).toBe(0);
    const sentTargeted = await mm(alice).sendMessage({
      id: targeted.data!.id,
      receiver: '',
      groupID,
      needReadReceipt: true,
    });
    expect(sentTargeted.code).toBe(0);
    expect(sentTargeted.data?.needReadReceipt).toBeUndefined();
    const room = group('live');
    await bed.server.createGroup({ groupID: room, type: 'AVChatRoom', ownerID: alice.userID });
    expect(
      (await sendToGroup(alice, room, 'live', { needReadReceipt: true })).needReadReceipt,
    ).toBeUndefined();
  });

  it('shows the group types with receipts in the console and changes them there', async () => {
    const call = async (command: string, body: unknown) => {
      const query = new URLSearchParams({
        sdkappid: String(bed.server.sdkAppID),
        identifier: 'administrator',
        usersig: bed.server.ticket('administrator'),
        random: '1',
        contenttype: 'json',
      });
      const response = await fetch(`${bed.server.server.url}/console/api/${command}?${query}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      return (await response.json()) as Record<string, unknown>;
    };
    expect(await call('get_app_settings', {})).toMatchObject({
      Settings: { readReceiptGroupTypes: ['Work', 'Public', 'Meeting', 'Community'] },
    });
    try {
      expect(await call('set_app_settings', { readReceiptGroupTypes: ['Meeting'] })).toMatchObject({
        ActionStatus: 'OK',
        Settings: { readReceiptGroupTypes: ['Meeting'] },
      });
      expect(await call('set_app_settings', { readReceiptGroupTypes: ['AVChatRoom'] })).toMatchObject({
        ActionStatus: 'FAIL',
        ErrorCode: ErrorCode.ERR_INVALID_PARAMS,
      });
    } finally {
      await setApp({ readReceiptGroupTypes: ['Work', 'Public', 'Meeting', 'Community'] });
    }
  });

  it('posts Group.CallbackAfterReadReceipt once per new report', async () => {
    const receiver = await startCallbackReceiver();
    const [alice, bob] = [await login(user('alice')), await login(user('bob'))];
    const groupID = group('public');
    await bed.server.createGroup({ groupID, type: 'Public', ownerID: alice.userID, memberIDs: [bob.userID] });
    const sent = await sendToGroup(alice, groupID, 'hook me', { needReadReceipt: true });
    await setApp({ callbackUrl: receiver.url });
    try {
      expect((await mm(bob).sendMessageReadReceipts({ messageList: [sent] })).code).toBe(0);
      const post = await receiver.waitForPost((p) => p.command === 'Group.CallbackAfterReadReceipt');
      expect(post.body).toMatchObject({
        GroupId: groupID,
        Type: 'Public',
        Operator_Account: bob.userID,
        MsgSeqList: [{ MsgSeq: sent.seq, MsgId: sent.msgID, From_Account: alice.userID }],
      });
      expect((await mm(bob).sendMessageReadReceipts({ messageList: [sent] })).code).toBe(0);
    } finally {
      await setApp({ callbackUrl: null });
      await receiver.close();
    }
    expect(receiver.posted.filter((p) => p.command === 'Group.CallbackAfterReadReceipt')).toHaveLength(1);
  });
});

describe('marking read', () => {
  it('markAllMessageAsRead clears every one-to-one and group conversation', async () => {
    const [alice, bob] = [await login(user('alice')), await login(user('bob'))];
    const groupID = group('work');
    await bed.server.createGroup({ groupID, type: 'Work', ownerID: alice.userID, memberIDs: [bob.userID] });
    await alice.send(bob.userID, 'one');
    await sendToGroup(alice, groupID, 'two');
    const cm = bob.im.v2TIMManager.getConversationManager();
    const total = async () => (await cm.getTotalUnreadMessageCount()).data ?? -1;
    await bob.waitFor(() => bob.received().length >= 2, 'both messages');
    await expect.poll(total).toBe(2);
    expect((await mm(bob).markAllMessageAsRead()).code).toBe(0);
    expect(await total()).toBe(0);
    await alice.send(bob.userID, 'three');
    await expect.poll(total).toBe(1);
    expect((await cm.cleanConversationUnreadMessageCount({ conversationID: '' })).code).toBe(0);
    expect(await total()).toBe(0);
  });

  it('REST admin_set_msg_read marks a one-to-one conversation read for a user', async () => {
    const [alice, bob] = [await login(user('alice')), await login(user('bob'))];
    await alice.send(bob.userID, 'unread');
    const cm = bob.im.v2TIMManager.getConversationManager();
    const unread = async () =>
      (await cm.getConversation({ conversationID: `c2c_${alice.userID}` })).data?.unreadCount ?? -1;
    await expect.poll(unread).toBe(1);
    const reply = await bed.server.rest('openim/admin_set_msg_read', {
      Report_Account: bob.userID,
      Peer_Account: alice.userID,
    });
    expect(reply.ErrorCode).toBe(0);
    await expect.poll(unread).toBe(0);
    expect(
      (
        await bed.server.rest('openim/admin_set_msg_read', {
          Report_Account: bob.userID,
          Peer_Account: bob.userID,
        })
      ).ErrorCode,
    ).toBe(ErrorCode.ERR_INVALID_PARAMS);
  });
});
