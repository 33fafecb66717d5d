/**
 * Group attributes and counters with real SDK clients (im-features §3.7–3.8): reads, writes, limits,
 * who may use them, and the change events to every member.
 */
import { ErrorCode } from '@parley/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { groupClients } from './support/group-clients.js';
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

async function group(groupType: 'Work' | 'Community' | 'AVChatRoom' = 'Work') {
  const owner = await clients.login(user('owner'));
  const member = await clients.login(user('member'));
  const groupID = (await owner.groups.createGroup({ groupType, groupName: 'g' })).data!;
  await owner.groups.inviteUserToGroup({ groupID, userList: [member.userID] });
  if (groupType !== 'Work') await member.groups.joinGroup({ groupID });
  return { groupID, owner, member };
}

describe('group attributes', () => {
  it('initialises, sets, reads and deletes, telling every member the whole set after each change', async () => {
    const { groupID, owner, member } = await group();
    expect((await member.groups.initGroupAttributes({ groupID, attributes: { a: '1', b: '2' } })).code).toBe(
      0,
    );
    expect((await owner.waitFor('onGroupAttributeChanged', groupID)).args).toEqual([{ a: '1', b: '2' }]);
    expect((await owner.groups.setGroupAttributes({ groupID, attributes: { b: '3', c: '4' } })).code).toBe(0);
    expect((await member.groups.getGroupAttributes({ groupID })).data).toEqual({ a: '1', b: '3', c: '4' });
    expect((await member.groups.getGroupAttributes({ groupID, keys: ['c', 'zz'] })).data).toEqual({ c: '4' });
    expect((await member.groups.deleteGroupAttributes({ groupID, keys: ['a'] })).code).toBe(0);
    expect((await owner.groups.getGroupAttributes({ groupID })).data).toEqual({ b: '3', c: '4' });
    expect((await owner.groups.initGroupAttributes({ groupID, attributes: { only: 'x' } })).code).toBe(0);
    expect((await owner.groups.getGroupAttributes({ groupID })).data).toEqual({ only: 'x' });
    await owner.groups.deleteGroupAttributes({ groupID });
    expect((await owner.groups.getGroupAttributes({ groupID })).data).toEqual({});
    expect(member.seen('onGroupAttributeChanged', groupID).length).toBeGreaterThan(0);
  });

  it('holds to 16 keys of 32 bytes, 4 KB values and 16 KB in all (10004)', async () => {
    const { groupID, owner } = await group();
    const many = Object.fromEntries(Array.from({ length: 17 }, (_, i) => [`k${i}`, 'v']));
    const bad = [many, { ['k'.repeat(33)]: 'v' }, { k: 'v'.repeat(4097) }];
    for (const attributes of bad) {
      expect((await owner.groups.setGroupAttributes({ groupID, attributes })).code).toBe(
        ErrorCode.ERR_SVR_GROUP_INVALID_PARAMETERS,
      );
    }
    const big = Object.fromEntries(Array.from({ length: 4 }, (_, i) => [`k${i}`, 'v'.repeat(4096)]));
    expect((await owner.groups.setGroupAttributes({ groupID, attributes: big })).code).toBe(
      ErrorCode.ERR_SVR_GROUP_INVALID_PARAMETERS,
    );
    expect((await owner.groups.getGroupAttributes({ groupID })).data).toEqual({});
  });

  it('keeps attributes from non-members and lets only the owner write an AVChatRoom’s', async () => {
    const { groupID } = await group();
    const outsider = await clients.login(user('outsider'));
    expect((await outsider.groups.getGroupAttributes({ groupID })).code).toBe(
      ErrorCode.ERR_SVR_GROUP_PERMISSION_DENY,
    );
    expect((await outsider.groups.setGroupAttributes({ groupID, attributes: { a: 'b' } })).code).toBe(
      ErrorCode.ERR_SVR_GROUP_PERMISSION_DENY,
    );
    const live = await group('AVChatRoom');
    expect(
      (await live.member.groups.setGroupAttributes({ groupID: live.groupID, attributes: { a: 'b' } })).code,
    ).toBe(ErrorCode.ERR_SVR_GROUP_PERMISSION_DENY);
    expect(
      (await live.owner.groups.setGroupAttributes({ groupID: live.groupID, attributes: { a: 'b' } })).code,
    ).toBe(0);
  });
});

describe('group counters', () => {
  it('sets, increases and decreases counters, a missing key starting at 0, telling members each change', async () => {
    const { groupID, owner, member } = await group();
    expect((await owner.groups.setGroupCounters({ groupID, counters: { likes: 5 } })).data).toEqual({
      likes: 5,
    });
    expect((await member.waitFor('onGroupCounterChanged', groupID)).args).toEqual(['likes', 5]);
    expect((await member.groups.increaseGroupCounter({ groupID, key: 'likes', value: 3 })).data).toEqual({
      likes: 8,
    });
    expect((await member.groups.decreaseGroupCounter({ groupID, key: 'gifts', value: 2 })).data).toEqual({
      gifts: -2,
    });
    expect((await owner.groups.getGroupCounters({ groupID })).data).toEqual({ gifts: -2, likes: 8 });
    expect((await owner.groups.getGroupCounters({ groupID, keys: ['likes', 'never'] })).data).toEqual({
      likes: 8,
      never: 0,
    });
  });

  it('holds to 20 counters and 128-byte keys, and has none in a Community', async () => {
    const { groupID, owner } = await group();
    const many = Object.fromEntries(Array.from({ length: 21 }, (_, i) => [`c${i}`, i]));
    expect((await owner.groups.setGroupCounters({ groupID, counters: many })).code).toBe(
      ErrorCode.ERR_SVR_GROUP_INVALID_PARAMETERS,
    );
    expect((await owner.groups.setGroupCounters({ groupID, counters: { ['k'.repeat(129)]: 1 } })).code).toBe(
      ErrorCode.ERR_SVR_GROUP_INVALID_PARAMETERS,
    );
    expect((await owner.groups.setGroupCounters({ groupID, counters: { x: 1.5 } })).code).toBe(
      ErrorCode.ERR_INVALID_PARAMETERS,
    );
    const community = await group('Community');
    expect(
      (await community.owner.groups.setGroupCounters({ groupID: community.groupID, counters: { a: 1 } }))
        .code,
    ).toBe(ErrorCode.ERR_SVR_GROUP_PERMISSION_DENY);
  });
});
