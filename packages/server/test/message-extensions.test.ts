/**
 * Message extensions with real SDK clients and REST (docs/message-extras.md): set, get and delete on
 * one-to-one and group messages, the change events, the version check that lets exactly one of two
 * racing writers of a key win (23001 with the latest values for the other), the limits, outsiders,
 * the REST `set_key_values` / `get_key_values` family and the after-change callbacks.
 */
import { ErrorCode, type V2TimMessage } from '@parley/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CallbackReceiver, startCallbackReceiver } from './support/callback-receiver.js';
import { type ExtrasClient, extrasClients } from './support/extras-clients.js';
import { startTestServer, type TestServer } from './support/harness.js';

let t: TestServer;
let receiver: CallbackReceiver;
const clients = extrasClients(() => t);
// One set of users for the file (logins are the slow part); each test uses messages of its own.
let alice: ExtrasClient;
let bob: ExtrasClient;
let eve: ExtrasClient;
/** Alice's Work group with Bob in it (Eve is not). */
let groupID: string;

beforeAll(async () => {
  receiver = await startCallbackReceiver();
  t = await startTestServer({ app: { callbackUrl: receiver.url } });
  [alice, bob, eve] = await Promise.all([clients.login('alice'), clients.login('bob'), clients.login('eve')]);
  groupID = await groupOf(alice, bob);
});
afterAll(async () => {
  await clients.closeAll();
  await t.stop();
  await receiver.close();
});

const ext = (extensionKey: string, extensionValue: string) => ({ extensionKey, extensionValue });

/** A new one-to-one message from Alice to Bob that takes extensions. */
async function pair(): Promise<{ alice: ExtrasClient; bob: ExtrasClient; message: V2TimMessage }> {
  return { alice, bob, message: await alice.send({ user: bob.userID }, 'poll') };
}

async function groupOf(owner: ExtrasClient, ...members: ExtrasClient[]): Promise<string> {
  const groups = owner.chat.im.v2TIMManager.getGroupManager();
  const groupID = (await groups.createGroup({ groupType: 'Work', groupName: 'g' })).data!;
  expect((await groups.inviteUserToGroup({ groupID, userList: members.map((m) => m.userID) })).code).toBe(0);
  return groupID;
}

describe('extensions on one-to-one messages', () => {
  it('are set, read and deleted, and both parties hear each change', async () => {
    const { alice, bob, message } = await pair();
    expect(message.supportMessageExtension).toBe(true);
    await bob.chat.waitFor(() => bob.chat.received().some((m) => m.msgID === message.msgID), 'the message');
    expect(bob.chat.received().find((m) => m.msgID === message.msgID)?.supportMessageExtension).toBe(true);

    const set = await alice.messages.setMessageExtensions({
      message,
      extensions: [ext('a', '1'), ext('b', '2')],
    });
    expect(set).toMatchObject({ code: 0 });
    expect(set.data?.map((r) => [r.resultCode, r.extension])).toEqual([
      [0, ext('a', '1')],
      [0, ext('b', '2')],
    ]);
    const changed = await bob.heard.waitFor(
      () => bob.heard.entries.find((e) => e.name === 'extensionsChanged' && e.msgID === message.msgID),
      'bob hears the change',
    );
    expect(changed).toMatchObject({ extensions: [ext('a', '1'), ext('b', '2')] });

    // Bob learnt the versions from the event: his overwrite is not a conflict.
    expect((await bob.messages.setMessageExtensions({ message, extensions: [ext('a', 'one')] })).code).toBe(
      0,
    );
    expect((await alice.messages.getMessageExtensions({ message })).data).toEqual([
      ext('b', '2'),
      ext('a', 'one'),
    ]);

    expect((await alice.messages.deleteMessageExtensions({ message, keys: ['b'] })).code).toBe(0);
    await bob.heard.waitFor(
      () =>
        bob.heard.entries.find(
          (e) => e.name === 'extensionsDeleted' && e.msgID === message.msgID && e.keys.includes('b'),
        ),
      'bob hears the delete',
    );
    expect((await bob.messages.getMessageExtensions({ message })).data).toEqual([ext('a', 'one')]);
    expect((await bob.messages.deleteMessageExtensions({ message })).code).toBe(0);
    expect((await alice.messages.getMessageExtensions({ message })).data).toEqual([]);
  });

  it('are refused on a message sent without supportMessageExtension, and to a third user', async () => {
    const plain = await alice.send({ user: bob.userID }, 'plain', false);
    expect(plain.supportMessageExtension).toBeUndefined();
    expect(
      (await alice.messages.setMessageExtensions({ message: plain, extensions: [ext('a', '1')] })).code,
    ).toBe(ErrorCode.ERR_INVALID_PARAMETERS);
    const message = await alice.send({ user: bob.userID }, 'with');
    expect((await eve.messages.setMessageExtensions({ message, extensions: [ext('a', '1')] })).code).toBe(
      ErrorCode.ERR_INVALID_PARAMETERS,
    );
    expect((await eve.messages.getMessageExtensions({ message })).code).toBe(
      ErrorCode.ERR_INVALID_PARAMETERS,
    );
  });
});

describe('two writers of one key', () => {
  it('let exactly one win; the other gets 23001 with the latest value, then may write', async () => {
    const { alice, bob, message } = await pair();
    for (const key of ['k1', 'k2', 'k3', 'k4', 'k5']) {
      const [a, b] = await Promise.all([
        alice.messages.setMessageExtensions({ message, extensions: [ext(key, `alice-${key}`)] }),
        bob.messages.setMessageExtensions({ message, extensions: [ext(key, `bob-${key}`)] }),
      ]);
      const codes = [a.code, b.code].sort();
      expect(codes, key).toEqual([0, ErrorCode.ERR_SVR_MSG_EXTENSION_CONFLICT].sort());
      const [winner, loser, loserClient] = a.code === 0 ? ['alice', b, bob] : ['bob', a, alice];
      expect(loser.data).toEqual([
        {
          resultCode: ErrorCode.ERR_SVR_MSG_EXTENSION_CONFLICT,
          resultInfo: loser.desc,
          extension: ext(key, `${winner}-${key}`),
        },
      ]);
      // The loser now knows the latest version: writing again goes through.
      expect(
        (await loserClient.messages.setMessageExtensions({ message, extensions: [ext(key, 'again')] })).code,
      ).toBe(0);
    }
    const stored = (await alice.messages.getMessageExtensions({ message })).data!;
    expect(stored.map((e) => e.extensionValue)).toEqual(['again', 'again', 'again', 'again', 'again']);
  });

  it('write nothing of a call in which one key conflicts', async () => {
    const { alice, bob, message } = await pair();
    expect((await alice.messages.setMessageExtensions({ message, extensions: [ext('x', '1')] })).code).toBe(
      0,
    );
    // Bob never saw x: his write of x (with y) conflicts, and y is not written either.
    const stale = await bob.messages.setMessageExtensions({
      message,
      extensions: [ext('y', '2'), ext('x', '3')],
    });
    expect(stale.code).toBe(ErrorCode.ERR_SVR_MSG_EXTENSION_CONFLICT);
    expect(stale.data?.map((r) => r.extension)).toEqual([ext('y', ''), ext('x', '1')]);
    expect((await alice.messages.getMessageExtensions({ message })).data).toEqual([ext('x', '1')]);
  });
});

describe('extension limits', () => {
  it('hold keys to 100 bytes, values to 1 KB, 20 keys per call and 300 per message', async () => {
    const { alice, message } = await pair();
    const bad = [
      [ext('k'.repeat(101), 'v')],
      [ext('k', 'v'.repeat(1025))],
      [ext('', 'v')],
      Array.from({ length: 21 }, (_, i) => ext(`k${i}`, 'v')),
    ];
    for (const extensions of bad)
      expect((await alice.messages.setMessageExtensions({ message, extensions })).code).toBe(
        ErrorCode.ERR_INVALID_PARAMETERS,
      );
    for (let call = 0; call < 15; call++) {
      const extensions = Array.from({ length: 20 }, (_, i) => ext(`key${call}-${i}`, 'v'));
      expect((await alice.messages.setMessageExtensions({ message, extensions })).code).toBe(0);
    }
    expect(
      (await alice.messages.setMessageExtensions({ message, extensions: [ext('one-more', 'v')] })).code,
    ).toBe(ErrorCode.ERR_INVALID_PARAMETERS);
    // Overwriting an existing key adds none.
    expect(
      (await alice.messages.setMessageExtensions({ message, extensions: [ext('key0-0', 'w')] })).code,
    ).toBe(0);
    expect((await alice.messages.getMessageExtensions({ message })).data).toHaveLength(300);
  });
});

describe('extensions on group messages', () => {
  it('reach the members and refuse outsiders', async () => {
    const [owner, member, outsider] = [alice, bob, eve];
    const message = await owner.send({ group: groupID }, 'sign up');
    expect(message.supportMessageExtension).toBe(true);
    expect(
      (await member.messages.setMessageExtensions({ message, extensions: [ext(member.userID, 'in')] })).code,
    ).toBe(0);
    await owner.heard.waitFor(
      () => owner.heard.entries.find((e) => e.name === 'extensionsChanged' && e.msgID === message.msgID),
      'the owner hears it',
    );
    expect(
      (await outsider.messages.setMessageExtensions({ message, extensions: [ext('x', 'y')] })).code,
    ).toBe(ErrorCode.ERR_SVR_GROUP_PERMISSION_DENY);
    expect((await outsider.messages.getMessageExtensions({ message })).code).toBe(
      ErrorCode.ERR_SVR_GROUP_PERMISSION_DENY,
    );
    expect(outsider.heard.entries.filter((e) => e.name !== 'reactions' && e.msgID === message.msgID)).toEqual(
      [],
    );
  });
});

describe('extensions over REST, with the after-change callbacks', () => {
  it('sets and reads a one-to-one message’s keys by MsgKey', async () => {
    const { alice, bob, message } = await pair();
    const where = { From_Account: alice.userID, To_Account: bob.userID, MsgKey: message.msgID };
    const set = await t.rest('openim_msg_ext_http_svc/set_key_values', {
      ...where,
      OperateType: 1,
      ExtensionList: [
        { Key: 'a', Value: '1' },
        { Key: 'b', Value: '2' },
      ],
    });
    expect(set).toMatchObject({
      ActionStatus: 'OK',
      ExtensionList: [
        { Key: 'a', Value: '1' },
        { Key: 'b', Value: '2' },
      ],
    });
    await bob.heard.waitFor(
      () => bob.heard.entries.find((e) => e.name === 'extensionsChanged' && e.msgID === message.msgID),
      'bob hears the REST write',
    );
    const posted = await receiver.waitForPost(
      (p) => p.command === 'C2C.CallbackAfterC2CMsgExtension' && p.body.MsgKey === message.msgID,
    );
    expect(posted.body).toMatchObject({
      From_Account: alice.userID,
      To_Account: bob.userID,
      OperateType: 1,
      ExtensionList: [
        { Key: 'a', Value: '1' },
        { Key: 'b', Value: '2' },
      ],
    });
    const seq = (set.ExtensionList as { Seq: number }[])[0]!.Seq;
    const stale = await t.rest('openim_msg_ext_http_svc/set_key_values', {
      ...where,
      OperateType: 1,
      ExtensionList: [{ Key: 'a', Value: 'x', Seq: seq - 1 }],
    });
    expect(stale).toMatchObject({
      ErrorCode: ErrorCode.ERR_SVR_MSG_EXTENSION_CONFLICT,
      ExtensionList: [{ Key: 'a', Value: '1', Seq: seq }],
    });
    const read = await t.rest('openim_msg_ext_http_svc/get_key_values', where);
    expect(read).toMatchObject({
      ActionStatus: 'OK',
      Complete: 1,
      ExtensionList: [{ Key: 'a' }, { Key: 'b' }],
    });
    const wrongPair = await t.rest('openim_msg_ext_http_svc/get_key_values', {
      ...where,
      To_Account: alice.userID,
    });
    expect(wrongPair.ErrorCode).toBe(ErrorCode.ERR_INVALID_PARAMS);
  });

  it('takes SupportMessageExtension on messages sent through REST', async () => {
    const body = { MsgBody: [{ MsgType: 'TIMTextElem', MsgContent: { Text: 'rest' } }] };
    const c2c = await t.rest('openim/sendmsg', {
      ...body,
      From_Account: alice.userID,
      To_Account: bob.userID,
      MsgRandom: 7,
      SupportMessageExtension: 1,
    });
    const group = await t.rest('group_open_http_svc/send_group_msg', {
      ...body,
      GroupId: groupID,
      From_Account: alice.userID,
      Random: 8,
      SupportMessageExtension: 1,
    });
    const item = { OperateType: 1, ExtensionList: [{ Key: 'k', Value: 'v' }] };
    const where = { From_Account: alice.userID, To_Account: bob.userID, MsgKey: c2c.MsgKey };
    expect((await t.rest('openim_msg_ext_http_svc/set_key_values', { ...where, ...item })).ActionStatus).toBe(
      'OK',
    );
    const set = await t.rest('openim_msg_ext_http_svc/group_set_key_values', {
      GroupId: groupID,
      MsgSeq: group.MsgSeq,
      ...item,
    });
    expect(set.ActionStatus, set.ErrorInfo).toBe('OK');
  });

  it('sets, deletes, clears and pages a group message’s keys by MsgSeq', async () => {
    const [owner, member] = [alice, bob];
    const message = await owner.send({ group: groupID }, 'tally');
    const where = { GroupId: groupID, MsgSeq: message.seq };
    for (let call = 0; call < 11; call++) {
      const ExtensionList = Array.from({ length: 20 }, (_, i) => ({ Key: `k${call}-${i}`, Value: 'v' }));
      const set = await t.rest('openim_msg_ext_http_svc/group_set_key_values', {
        ...where,
        OperateType: 1,
        ExtensionList,
      });
      expect(set.ActionStatus, set.ErrorInfo).toBe('OK');
    }
    const first = await t.rest('openim_msg_ext_http_svc/group_get_key_values', where);
    expect(first).toMatchObject({ Complete: 0 });
    expect(first.ExtensionList).toHaveLength(200);
    const second = await t.rest('openim_msg_ext_http_svc/group_get_key_values', {
      ...where,
      StartSeq: first.NextStartSeq,
    });
    expect(second).toMatchObject({ Complete: 1 });
    const keys = [
      ...(first.ExtensionList as { Key: string }[]),
      ...(second.ExtensionList as { Key: string }[]),
    ].map((e) => e.Key);
    expect(new Set(keys).size).toBe(220);

    const removed = await t.rest('openim_msg_ext_http_svc/group_set_key_values', {
      ...where,
      OperateType: 2,
      ExtensionList: [{ Key: 'k0-0' }],
    });
    expect(removed.ActionStatus).toBe('OK');
    await member.heard.waitFor(
      () => member.heard.entries.find((e) => e.name === 'extensionsDeleted' && e.keys.includes('k0-0')),
      'the member hears the delete',
    );
    const posted = await receiver.waitForPost(
      (p) =>
        p.command === 'Group.CallbackAfterGroupMsgExtension' &&
        p.body.GroupId === groupID &&
        p.body.OperateType === 2,
    );
    expect(posted.body).toMatchObject({ MsgSeq: message.seq, ExtensionList: [{ Key: 'k0-0', Value: '' }] });
    expect(
      (await t.rest('openim_msg_ext_http_svc/group_set_key_values', { ...where, OperateType: 3 }))
        .ActionStatus,
    ).toBe('OK');
    expect((await member.messages.getMessageExtensions({ message })).data).toEqual([]);
    const missing = await t.rest('openim_msg_ext_http_svc/group_get_key_values', { ...where, MsgSeq: 9999 });
    expect(missing.ErrorCode).toBe(ErrorCode.ERR_INVALID_PARAMS);
  });
});
