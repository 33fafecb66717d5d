/**
 * Join applications with real SDK clients (im-features §3.6): a Public group's join request goes to
 * its owner and admins, who accept or refuse it; the applicant hears the outcome.
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

async function publicGroup() {
  const owner = await clients.login(user('owner'));
  const admin = await clients.login(user('admin'));
  const member = await clients.login(user('member'));
  const groupID = (
    await owner.groups.createGroup({
      groupType: 'Public',
      groupName: 'club',
      memberList: [{ userID: admin.userID, role: 300 }, { userID: member.userID }],
    })
  ).data!;
  return { groupID, owner, admin, member };
}

describe('join applications', () => {
  it('turns a join into an application to the owner and admins, and accepting it lets the applicant in', async () => {
    const { groupID, owner, admin, member } = await publicGroup();
    const applicant = await clients.login(user('applicant'));
    expect((await applicant.groups.joinGroup({ groupID, message: 'let me in' })).code).toBe(0);
    for (const approver of [owner, admin]) {
      const heard = await approver.waitFor('onReceiveJoinApplication', groupID);
      expect(heard.args).toEqual([{ userID: applicant.userID }, 'let me in']);
    }
    const list = await admin.groups.getGroupApplicationList();
    expect(list.data).toMatchObject({
      unreadCount: 1,
      groupApplicationList: [
        { groupID, fromUser: applicant.userID, requestMsg: 'let me in', applicationType: 0, handleStatus: 0 },
      ],
    });
    // Ordinary members neither hear of it nor may handle it.
    expect((await member.groups.getGroupApplicationList()).data?.groupApplicationList).toEqual([]);
    expect((await member.groups.acceptGroupApplication({ groupID, fromUser: applicant.userID })).code).toBe(
      ErrorCode.ERR_SVR_GROUP_PERMISSION_DENY,
    );
    expect(
      (await admin.groups.acceptGroupApplication({ groupID, fromUser: applicant.userID, reason: 'welcome' }))
        .code,
    ).toBe(0);
    const outcome = await applicant.waitFor('onApplicationProcessed', groupID);
    expect(outcome.args).toEqual([{ userID: admin.userID }, true, 'welcome']);
    const entered = await member.waitFor('onMemberEnter', groupID);
    expect(entered.args).toEqual([[{ userID: applicant.userID }]]);
    expect((await applicant.groups.getJoinedGroupList()).data?.map((g) => g.groupID)).toEqual([groupID]);
    // Handled once: the owner's late answer gets 10024, and the list shows who handled it.
    expect((await owner.groups.refuseGroupApplication({ groupID, fromUser: applicant.userID })).code).toBe(
      ErrorCode.ERR_SVR_GROUP_REQ_ALLREADY_BEEN_PROCESSED,
    );
    const handled = (await owner.groups.getGroupApplicationList()).data?.groupApplicationList[0];
    expect(handled).toMatchObject({ handleStatus: 1, handleResult: 1, handledMsg: 'welcome' });
    expect((await admin.groups.getGroupApplicationList()).data?.groupApplicationList[0]?.handleStatus).toBe(
      2,
    );
  });

  it('tells a refused applicant why, and leaves them out', async () => {
    const { groupID, owner } = await publicGroup();
    const applicant = await clients.login(user('applicant'));
    await applicant.groups.joinGroup({ groupID, message: 'please' });
    await owner.waitFor('onReceiveJoinApplication', groupID);
    expect(
      (await owner.groups.refuseGroupApplication({ groupID, fromUser: applicant.userID, reason: 'full' }))
        .code,
    ).toBe(0);
    const outcome = await applicant.waitFor('onApplicationProcessed', groupID);
    expect(outcome.args).toEqual([{ userID: owner.userID }, false, 'full']);
    expect((await applicant.groups.getJoinedGroupList()).data).toEqual([]);
  });

  it('counts unread applications until setGroupApplicationRead', async () => {
    const { groupID, owner } = await publicGroup();
    const [a, b] = [await clients.login(user('a')), await clients.login(user('b'))];
    await a.groups.joinGroup({ groupID });
    await b.groups.joinGroup({ groupID });
    expect((await owner.groups.getGroupApplicationList()).data?.unreadCount).toBe(2);
    expect((await owner.groups.setGroupApplicationRead()).code).toBe(0);
    expect((await owner.groups.getGroupApplicationList()).data).toMatchObject({ unreadCount: 0 });
    expect((await owner.groups.getGroupApplicationList()).data?.groupApplicationList).toHaveLength(2);
  });

  it('answers an application that does not exist with 10004', async () => {
    const { groupID, owner } = await publicGroup();
    expect((await owner.groups.acceptGroupApplication({ groupID, fromUser: 'nobody' })).code).toBe(
      ErrorCode.ERR_SVR_GROUP_INVALID_PARAMETERS,
    );
  });

  it('lets a member invitation wait for an admin when the group asks for approval', async () => {
    const { groupID, owner, member } = await publicGroup();
    await owner.groups.setGroupInfo({ info: { groupID, approveOpt: 1 } });
    const invitee = user('invitee');
    await t.importAccounts(invitee);
    const result = await member.groups.inviteUserToGroup({ groupID, userList: [invitee] });
    expect(result.data).toEqual([{ memberID: invitee, result: 3 }]);
    const list = await owner.groups.getGroupApplicationList();
    expect(list.data?.groupApplicationList[0]).toMatchObject({
      fromUser: member.userID,
      toUser: invitee,
      applicationType: 2,
    });
    expect(
      (await owner.groups.acceptGroupApplication({ groupID, fromUser: member.userID, toUser: invitee })).code,
    ).toBe(0);
    const invited = await member.waitFor('onMemberInvited', groupID, (c) =>
      JSON.stringify(c.args).includes(invitee),
    );
    expect(invited.args).toEqual([{ userID: member.userID }, [{ userID: invitee }]]);
  });
});
