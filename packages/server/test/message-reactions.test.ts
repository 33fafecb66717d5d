/**
 * Reactions with real SDK clients (docs/message-extras.md): add, remove, list and page their users
 * on one-to-one and group messages; every device of everyone who can see the message hears each
 * change; the limits and errors; outsiders are refused.
 */
import { ErrorCode, type V2TimMessageReactionChangeInfo } from '@parley/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ExtrasClient, extrasClients } from './support/extras-clients.js';
import { startTestServer, type TestServer } from './support/harness.js';

let t: TestServer;
const clients = extrasClients(() => t);

beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => {
  await clients.closeAll();
  await t.stop();
});

let n = 0;
const user = (name: string) => `${name}${++n}`;

/** The reaction change events one client heard about `msgID`. */
const changesOf = (client: ExtrasClient, msgID: string): V2TimMessageReactionChangeInfo[] =>
  client.heard.entries.flatMap((e) =>
    e.name === 'reactions' ? e.changes.filter((c) => c.messageID === msgID) : [],
  );

const hears = (client: ExtrasClient, msgID: string, reactionID: string, total: number) =>
  client.heard.waitFor(
    () =>
      client.heard.entries.find(
        (e) =>
          e.name === 'reactions' &&
          e.changes.some(
            (c) =>
              c.messageID === msgID &&
              c.reactionList.some((r) => r.reactionID === reactionID && r.totalUserCount === total),
          ),
      ),
    `${client.userID} hears ${reactionID} at ${total} on ${msgID}`,
  );

async function groupOf(owner: ExtrasClient, ...members: ExtrasClient[]) {
  const groups = owner.chat.im.v2TIMManager.getGroupManager();
  const groupID = (await groups.createGroup({ groupType: 'Work', groupName: 'g' })).data!;
  const invited = await groups.inviteUserToGroup({ groupID, userList: members.map((m) => m.userID) });
  expect(invited.code).toBe(0);
  return groupID;
}

describe('reactions on one-to-one messages', () => {
  it('adds, lists and removes, telling both parties on every device', async () => {
    const alice = await clients.login(user('alice'));
    const alicePhone = await clients.login(alice.userID, 'android');
    const bob = await clients.login(user('bob'));
    const message = await alice.send({ user: bob.userID }, 'hi', false);

    expect((await bob.messages.addMessageReaction({ message, reactionID: 'like' })).code).toBe(0);
    for (const who of [alice, alicePhone, bob]) await hears(who, message.msgID, 'like', 1);
    const [seenByAlice] = changesOf(alice, message.msgID);
    expect(seenByAlice?.reactionList).toEqual([
      {
        reactionID: 'like',
        totalUserCount: 1,
        partialUserList: [{ userID: bob.userID }],
        reactedByMyself: false,
      },
    ]);
    expect(changesOf(bob, message.msgID)[0]?.reactionList[0]?.reactedByMyself).toBe(true);

    expect((await alice.messages.addMessageReaction({ message, reactionID: 'like' })).code).toBe(0);
    expect((await alice.messages.addMessageReaction({ message, reactionID: 'smile' })).code).toBe(0);
    const listed = await alice.messages.getMessageReactions({
      messageList: [message],
      maxUserCountPerReaction: 1,
    });
    expect(listed.code).toBe(0);
    expect(listed.data).toEqual([
      {
        resultCode: 0,
        resultInfo: '',
        msgID: message.msgID,
        reactionList: [
          {
            reactionID: 'like',
            totalUserCount: 2,
            partialUserList: [{ userID: bob.userID }],
            reactedByMyself: true,
          },
          {
            reactionID: 'smile',
            totalUserCount: 1,
            partialUserList: [{ userID: alice.userID }],
            reactedByMyself: true,
          },
        ],
      },
    ]);

    expect((await bob.messages.addMessageReaction({ message, reactionID: 'like' })).code).toBe(
      ErrorCode.ERR_SVR_MSG_REACTION_ALREADY_CONTAIN_USER,
    );
    expect((await bob.messages.removeMessageReaction({ message, reactionID: 'like' })).code).toBe(0);
    await hears(alicePhone, message.msgID, 'like', 1);
    expect((await bob.messages.removeMessageReaction({ message, reactionID: 'like' })).code).toBe(
      ErrorCode.ERR_SVR_MSG_REACTION_NOT_CONTAIN_USER,
    );
    const after = await bob.messages.getMessageReactions({
      messageList: [message],
      maxUserCountPerReaction: 10,
    });
    expect(
      after.data?.[0]?.reactionList.map((r) => [r.reactionID, r.totalUserCount, r.reactedByMyself]),
    ).toEqual([
      ['like', 1, false],
      ['smile', 1, false],
    ]);
  });

  it('keeps a third user out of the conversation’s messages', async () => {
    const alice = await clients.login(user('alice'));
    const bob = await clients.login(user('bob'));
    const eve = await clients.login(user('eve'));
    const message = await alice.send({ user: bob.userID }, 'private', false);
    expect((await eve.messages.addMessageReaction({ message, reactionID: 'like' })).code).toBe(
      ErrorCode.ERR_INVALID_PARAMETERS,
    );
    const listed = await eve.messages.getMessageReactions({
      messageList: [message],
      maxUserCountPerReaction: 3,
    });
    expect(listed.data?.[0]).toMatchObject({
      resultCode: ErrorCode.ERR_INVALID_PARAMETERS,
      reactionList: [],
    });
    expect(changesOf(eve, message.msgID)).toEqual([]);
  });
});

describe('reactions on group messages', () => {
  it('reach the members online and refuse those outside the group', async () => {
    const owner = await clients.login(user('owner'));
    const member = await clients.login(user('member'));
    const outsider = await clients.login(user('outsider'));
    const groupID = await groupOf(owner, member);
    const message = await owner.send({ group: groupID }, 'vote', false);

    expect((await member.messages.addMessageReaction({ message, reactionID: 'yes' })).code).toBe(0);
    await hears(owner, message.msgID, 'yes', 1);
    await hears(member, message.msgID, 'yes', 1);
    expect((await outsider.messages.addMessageReaction({ message, reactionID: 'no' })).code).toBe(
      ErrorCode.ERR_SVR_GROUP_PERMISSION_DENY,
    );
    const listed = await outsider.messages.getMessageReactions({
      messageList: [message],
      maxUserCountPerReaction: 0,
    });
    expect(listed.data?.[0]?.resultCode).toBe(ErrorCode.ERR_SVR_GROUP_PERMISSION_DENY);
    expect(
      (
        await outsider.messages.getAllUserListOfMessageReaction({
          message,
          reactionID: 'yes',
          nextSeq: 0,
          count: 10,
        })
      ).code,
    ).toBe(ErrorCode.ERR_SVR_GROUP_PERMISSION_DENY);
    expect(changesOf(outsider, message.msgID)).toEqual([]);
  });
});

describe('reaction limits', () => {
  it('allows 10 different reactions per message (23005 after) and 100 users per reaction (23006 after), paging users', async () => {
    const alice = await clients.login(user('alice'));
    const bob = await clients.login(user('bob'));
    const message = await alice.send({ user: bob.userID }, 'popular', false);
    for (let i = 0; i < 10; i++)
      expect((await alice.messages.addMessageReaction({ message, reactionID: `r${i}` })).code).toBe(0);
    expect((await bob.messages.addMessageReaction({ message, reactionID: 'r10' })).code).toBe(
      ErrorCode.ERR_SVR_MSG_REACTION_COUNT_LIMIT,
    );

    // 99 more users on r0 straight in the store (logging 99 clients in would only slow the test).
    const limits = { reactionsPerMessage: 10, usersPerReaction: 100, partialUsers: 0 };
    for (let i = 0; i < 99; i++)
      await t.server.storage.messageExtras.addReaction(
        t.sdkAppID,
        message.msgID,
        'r0',
        `fan${i}`,
        limits,
        Date.now(),
      );
    expect((await bob.messages.addMessageReaction({ message, reactionID: 'r0' })).code).toBe(
      ErrorCode.ERR_SVR_MSG_REACTION_USER_COUNT_LIMIT,
    );
    expect((await bob.messages.addMessageReaction({ message, reactionID: 'r1' })).code).toBe(0);

    const pages: string[][] = [];
    let nextSeq = 0;
    for (;;) {
      const page = await bob.messages.getAllUserListOfMessageReaction({
        message,
        reactionID: 'r0',
        nextSeq,
        count: 40,
      });
      expect(page.code).toBe(0);
      pages.push(page.data!.userInfoList.map((u) => u.userID));
      if (page.data!.isFinished) break;
      nextSeq = page.data!.nextSeq;
    }
    expect(pages.map((p) => p.length)).toEqual([40, 40, 20]);
    expect(pages.flat()).toEqual([alice.userID, ...Array.from({ length: 99 }, (_, i) => `fan${i}`)]);
  });

  it('tells a user its own reaction in another user’s change, though the change names only the first users', async () => {
    const alice = await clients.login(user('alice'));
    const bob = await clients.login(user('bob'));
    const message = await alice.send({ user: bob.userID }, 'crowded', false);
    // Ten earlier users fill the change's partial list (straight in the store, as above).
    const limits = { reactionsPerMessage: 10, usersPerReaction: 100, partialUsers: 0 };
    for (let i = 0; i < 10; i++)
      await t.server.storage.messageExtras.addReaction(
        t.sdkAppID,
        message.msgID,
        'wow',
        `early${i}`,
        limits,
        Date.now(),
      );
    expect((await bob.messages.addMessageReaction({ message, reactionID: 'wow' })).code).toBe(0);
    await hears(bob, message.msgID, 'wow', 11);
    expect((await alice.messages.addMessageReaction({ message, reactionID: 'wow' })).code).toBe(0);
    await hears(bob, message.msgID, 'wow', 12);
    const last = changesOf(bob, message.msgID).at(-1)?.reactionList[0];
    expect(last?.partialUserList.map((u) => u.userID)).not.toContain(bob.userID);
    expect(last?.reactedByMyself).toBe(true);
  });

  it('checks arguments before asking the server', async () => {
    const alice = await clients.login(user('alice'));
    const bob = await clients.login(user('bob'));
    const message = await alice.send({ user: bob.userID }, 'x', false);
    const many = Array.from({ length: 21 }, () => message);
    const cases = [
      alice.messages.getMessageReactions({ messageList: many, maxUserCountPerReaction: 1 }),
      alice.messages.getMessageReactions({ messageList: [message], maxUserCountPerReaction: 11 }),
      alice.messages.addMessageReaction({ message, reactionID: '' }),
      alice.messages.getAllUserListOfMessageReaction({ message, reactionID: 'a', nextSeq: 0, count: 101 }),
    ];
    for (const result of await Promise.all(cases)) expect(result.code).toBe(ErrorCode.ERR_INVALID_PARAMETERS);
  });
});
