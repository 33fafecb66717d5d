/**
 * Group listener callbacks with real SDK clients (im-features §3.9): each reaches the users it
 * concerns, on their connected devices, and no one else. "No one else" is checked behind a later
 * event that everyone concerned receives: pushes to one device arrive in order.
 */
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
const names = (c: GroupClient, groupID: string) =>
  c.callbacks.filter((x) => x.groupID === groupID).map((x) => x.name);

describe('group events', () => {
  it('reach every member for profile, role, mute and membership changes, and no outsider', async () => {
    const owner = await clients.login(user('owner'));
    const [admin, member, outsider] = await Promise.all([
      clients.login(user('admin')),
      clients.login(user('member')),
      clients.login(user('outsider')),
    ]);
    const groupID = (
      await owner.groups.createGroup({
        groupType: 'Public',
        groupName: 'g',
        addOpt: 2,
        memberList: [{ userID: admin.userID, role: 300 }, { userID: member.userID }],
      })
    ).data!;
    const everyone = [owner, admin, member];
    for (const c of everyone) {
      const invited = await c.waitFor('onMemberInvited', groupID);
      expect(invited.args).toEqual([
        { userID: owner.userID },
        [{ userID: admin.userID }, { userID: member.userID }],
      ]);
    }

    await admin.groups.setGroupInfo({ info: { groupID, groupName: 'renamed', introduction: 'about' } });
    for (const c of everyone) {
      expect((await c.waitFor('onGroupInfoChanged', groupID)).args).toEqual([
        [
          { type: 1, value: 'renamed' },
          { type: 2, value: 'about' },
        ],
      ]);
    }

    await admin.groups.muteAllGroupMembers({ groupID, isMute: true });
    for (const c of everyone)
      expect((await c.waitFor('onAllGroupMembersMuted', groupID)).args).toEqual([true]);

    await admin.groups.muteGroupMember({ groupID, userID: member.userID, seconds: 30 });
    for (const c of everyone)
      expect((await c.waitFor('onMemberInfoChanged', groupID)).args).toEqual([
        [{ userID: member.userID, muteTime: 30 }],
      ]);

    await owner.groups.setGroupMemberRole({ groupID, userID: member.userID, role: 300 });
    await owner.groups.setGroupMemberRole({ groupID, userID: member.userID, role: 200 });
    for (const c of everyone) {
      expect((await c.waitFor('onGrantAdministrator', groupID)).args).toEqual([
        { userID: owner.userID },
        [{ userID: member.userID }],
      ]);
      expect((await c.waitFor('onRevokeAdministrator', groupID)).args).toEqual([
        { userID: owner.userID },
        [{ userID: member.userID }],
      ]);
    }

    await owner.groups.setGroupAttributes({ groupID, attributes: { k: 'v' } });
    await owner.groups.increaseGroupCounter({ groupID, key: 'likes', value: 1 });
    for (const c of everyone) {
      await c.waitFor('onGroupAttributeChanged', groupID);
      expect((await c.waitFor('onGroupCounterChanged', groupID)).args).toEqual(['likes', 1]);
    }

    // The outsider joins last: the first callback it hears of this group is its own entry.
    expect((await outsider.groups.joinGroup({ groupID })).code).toBe(0);
    for (const c of [...everyone, outsider])
      expect((await c.waitFor('onMemberEnter', groupID)).args).toEqual([[{ userID: outsider.userID }]]);
    expect(names(outsider, groupID)).toEqual(['onMemberEnter']);
  });

  it('tells the kicked members and the rest, then leaves the kicked out of what follows', async () => {
    const owner = await clients.login(user('owner'));
    const [stays, kicked] = await Promise.all([clients.login(user('stays')), clients.login(user('kicked'))]);
    const groupID = (
      await owner.groups.createGroup({
        groupType: 'Work',
        groupName: 'w',
        memberList: [{ userID: stays.userID }, { userID: kicked.userID }],
      })
    ).data!;
    await owner.groups.kickGroupMember({ groupID, memberList: [kicked.userID] });
    for (const c of [owner, stays, kicked])
      expect((await c.waitFor('onMemberKicked', groupID)).args).toEqual([
        { userID: owner.userID },
        [{ userID: kicked.userID }],
      ]);
    await stays.groups.quitGroup({ groupID });
    expect((await owner.waitFor('onMemberLeave', groupID)).args).toEqual([{ userID: stays.userID }]);
    await owner.groups.setGroupInfo({ info: { groupID, notification: 'n' } });
    await owner.waitFor('onGroupInfoChanged', groupID);
    // Nothing after the kick reached the kicked member; the leaver heard no leave of its own.
    expect(names(kicked, groupID)).toEqual(['onMemberInvited', 'onMemberKicked']);
    expect(names(stays, groupID)).toEqual(['onMemberInvited', 'onMemberKicked']);
  });

  it('tells the creator’s and the leaver’s other devices, not the device that acted', async () => {
    const id = user('me');
    const web = await clients.login(id, 'web');
    const phone = await clients.login(id, 'android');
    const groupID = (await web.groups.createGroup({ groupType: 'Work', groupName: 'w' })).data!;
    expect((await phone.waitFor('onGroupCreated', groupID)).args).toEqual([]);
    const friend = user('friend');
    await t.importAccounts(friend);
    await web.groups.inviteUserToGroup({ groupID, userList: [friend] });
    await web.waitFor('onMemberInvited', groupID);
    expect(names(web, groupID)).toEqual(['onMemberInvited']);

    await web.groups.quitGroup({ groupID });
    await phone.waitFor('onQuitFromGroup', groupID);
    const other = await clients.login(friend);
    await other.groups.setGroupInfo({ info: { groupID, groupName: 'again' } });
    await other.waitFor('onGroupInfoChanged', groupID);
    // The web device quit: it hears nothing more of the group, and never its own quit.
    expect(names(web, groupID)).toEqual(['onMemberInvited']);
  });

  it('tells every member of a dismissed group who dismissed it', async () => {
    const owner = await clients.login(user('owner'));
    const member = await clients.login(user('member'));
    const groupID = (await owner.groups.createGroup({ groupType: 'Meeting', groupName: 'm' })).data!;
    await member.groups.joinGroup({ groupID });
    await owner.groups.dismissGroup({ groupID });
    for (const c of [owner, member])
      expect((await c.waitFor('onGroupDismissed', groupID)).args).toEqual([{ userID: owner.userID }]);
    // Meeting groups announce no entries (the original's default).
    expect(names(owner, groupID)).toEqual(['onGroupDismissed']);
  });
});
