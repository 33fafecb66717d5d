/**
 * The `sns` REST endpoints (im-features.md §8.2) and the `Sns.*` callbacks (§9.2) against a real
 * HTTP receiver on loopback: the original's field names and result shapes, the events the REST
 * changes send to SDK clients, before-hooks that refuse per target, and the after-hooks' pairs.
 */
import { ErrorCode, FriendAllowType } from '@parley/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type CallbackReceiver,
  type PostedCallback as Posted,
  startCallbackReceiver,
} from './support/callback-receiver.js';
import { friendClients } from './support/friend-clients.js';
import { startTestServer, type TestServer } from './support/harness.js';

let receiver: CallbackReceiver;

/** The app's answers: targets whose ID starts with "vetoed" are refused with the app's own code. */
function answer(command: string, body: Record<string, unknown>): object {
  if (command === 'Sns.CallbackPrevFriendAdd') {
    const items = body.FriendItem as { To_Account: string }[];
    return {
      ErrorCode: 0,
      ResultItem: items.map((i) => ({
        To_Account: i.To_Account,
        ResultCode: i.To_Account.startsWith('vetoed') ? 38123 : 0,
      })),
    };
  }
  if (command === 'Sns.CallbackPrevFriendResponse') {
    const items = body.ResponseFriendItem as { To_Account: string }[];
    return {
      ErrorCode: 0,
      ResultItem: items.map((i) => ({
        To_Account: i.To_Account,
        ResultCode: i.To_Account.startsWith('vetoed') ? 38001 : 0,
      })),
    };
  }
  return { ErrorCode: 0 };
}

let t: TestServer;
const clients = friendClients(() => t);

beforeAll(async () => {
  receiver = await startCallbackReceiver(answer);
  t = await startTestServer({
    app: { callbackUrl: receiver.url },
    messages: { beforeSendTimeoutMs: 2_000 },
  });
});
afterAll(async () => {
  await clients.closeAll();
  await t.stop();
  await receiver.close();
});

const waitForPost: CallbackReceiver['waitForPost'] = (check) => receiver.waitForPost(check);

const pairs = (p: Posted) => p.body.PairList as { From_Account: string; To_Account: string }[];
const hasPair = (p: Posted, from: string, to: string) =>
  Array.isArray(p.body.PairList) && pairs(p).some((x) => x.From_Account === from && x.To_Account === to);

let n = 0;
const user = (name: string) => `${name}${++n}`;

describe('sns REST', () => {
  it('friend_add (forced, both ways) reaches the SDK; friend_check, friend_get, friend_get_list, friend_update', async () => {
    const ann = await clients.login(user('ann'));
    const ben = user('ben');
    await t.importAccounts(ben);
    const added = await t.rest('sns/friend_add', {
      From_Account: ann.userID,
      AddFriendItem: [{ To_Account: ben, Remark: 'B', GroupName: 'pals', AddSource: 'AddSource_Type_Admin' }],
      AddType: 'Add_Type_Both',
      ForceAddFlags: 1,
    });
    expect(added).toMatchObject({
      ActionStatus: 'OK',
      ResultItem: [{ To_Account: ben, ResultCode: 0, ResultInfo: '' }],
      Fail_Account: [],
    });
    await ann.waitFor('onFriendListAdded');
    const callback = await waitForPost(
      (p) => p.command === 'Sns.CallbackFriendAdd' && hasPair(p, ann.userID, ben),
    );
    expect(callback.body).toMatchObject({
      ClientCmd: 'friend_add',
      ForceFlag: 1,
      Admin_Account: 'administrator',
    });
    expect(hasPair(callback, ben, ann.userID)).toBe(true);

    const check = await t.rest('sns/friend_check', {
      From_Account: ben,
      To_Account: [ann.userID, 'nobody'],
      CheckType: 'CheckResult_Type_Both',
    });
    expect(check.InfoItem).toEqual([
      { To_Account: ann.userID, Relation: 'CheckResult_Type_BothWay', ResultCode: 0, ResultInfo: '' },
      { To_Account: 'nobody', Relation: 'CheckResult_Type_NoRelation', ResultCode: 0, ResultInfo: '' },
    ]);

    const updated = await t.rest('sns/friend_update', {
      From_Account: ann.userID,
      UpdateItem: [
        {
          To_Account: ben,
          SnsItem: [
            { Tag: 'Tag_SNS_IM_Remark', Value: 'Benny' },
            { Tag: 'Tag_SNS_Custom_Nick', Value: 'b' },
          ],
        },
      ],
    });
    expect(updated.ResultItem).toEqual([{ To_Account: ben, ResultCode: 0, ResultInfo: '' }]);
    await ann.waitFor('onFriendInfoChanged');

    const page = await t.rest('sns/friend_get', { From_Account: ann.userID, StartIndex: 0 });
    expect(page).toMatchObject({ FriendNum: 1, CompleteFlag: 1, NextStartIndex: 0 });
    expect(page.UserDataItem).toEqual([
      {
        To_Account: ben,
        ValueItem: expect.arrayContaining([
          { Tag: 'Tag_SNS_IM_Remark', Value: 'Benny' },
          { Tag: 'Tag_SNS_IM_Group', Value: ['pals'] },
          { Tag: 'Tag_SNS_Custom_Nick', Value: 'b' },
        ]),
      },
    ]);
    const some = await t.rest('sns/friend_get_list', {
      From_Account: ann.userID,
      To_Account: [ben, 'nobody'],
      TagList: ['Tag_SNS_IM_Remark'],
    });
    expect(some.InfoItem).toEqual([
      {
        To_Account: ben,
        SnsProfileItem: [{ Tag: 'Tag_SNS_IM_Remark', Value: 'Benny' }],
        ResultCode: 0,
        ResultInfo: '',
      },
      {
        To_Account: 'nobody',
        ResultCode: ErrorCode.ERR_SVR_FRIENDSHIP_INVALID_PARAMETERS,
        ResultInfo: 'not a friend',
      },
    ]);
    expect(some.Fail_Account).toEqual(['nobody']);
  });

  it('friend_import, friend_delete, friend_delete_all, group_add, group_delete', async () => {
    const cat = await clients.login(user('cat'));
    const [dan, eve, fay] = [user('dan'), user('eve'), user('fay')];
    await t.importAccounts(dan, eve, fay);
    const imported = await t.rest('sns/friend_import', {
      From_Account: cat.userID,
      AddFriendItem: [
        {
          To_Account: dan,
          Remark: 'D',
          GroupName: ['team'],
          AddSource: 'AddSource_Type_Import',
          AddTime: 1_700_000_000,
        },
        {
          To_Account: eve,
          AddSource: 'AddSource_Type_Import',
          CustomItem: [{ Tag: 'Tag_SNS_Custom_Note', Value: 'x' }],
        },
        { To_Account: 'nobody', AddSource: 'AddSource_Type_Import' },
      ],
    });
    expect(imported.ResultItem).toEqual([
      { To_Account: dan, ResultCode: 0, ResultInfo: '' },
      { To_Account: eve, ResultCode: 0, ResultInfo: '' },
      { To_Account: 'nobody', ResultCode: ErrorCode.ERR_SVR_FRIENDSHIP_ACCOUNT_NOT_FOUND, ResultInfo: '' },
    ]);
    const list = (await cat.friends.getFriendList()).data!;
    expect(list.find((f) => f.userID === dan)).toMatchObject({
      friendRemark: 'D',
      friendGroups: ['team'],
      friendAddTime: 1_700_000_000,
    });
    expect(list.find((f) => f.userID === eve)?.friendCustomInfo).toEqual({ Note: 'x' });

    const grouped = await t.rest('sns/group_add', {
      From_Account: cat.userID,
      GroupName: ['close'],
      To_Account: [eve],
    });
    expect(grouped).toMatchObject({ ActionStatus: 'OK', ResultItem: [{ To_Account: eve, ResultCode: 0 }] });
    expect((await cat.waitFor('onFriendGroupCreated')).args[0]).toBe('close');
    const removedGroup = await t.rest('sns/group_delete', { From_Account: cat.userID, GroupName: ['team'] });
    expect(removedGroup.ActionStatus).toBe('OK');
    expect((await cat.friends.getFriendGroups()).data?.map((g) => g.groupName)).toEqual(['close']);

    const deleted = await t.rest('sns/friend_delete', {
      From_Account: cat.userID,
      To_Account: [dan, fay],
      DeleteType: 'Delete_Type_Single',
    });
    expect(deleted.ResultItem).toEqual([
      { To_Account: dan, ResultCode: 0, ResultInfo: '' },
      {
        To_Account: fay,
        ResultCode: ErrorCode.ERR_SVR_FRIENDSHIP_INVALID_PARAMETERS,
        ResultInfo: 'not a friend',
      },
    ]);
    const deleteCallback = await waitForPost(
      (p) => p.command === 'Sns.CallbackFriendDelete' && hasPair(p, cat.userID, dan),
    );
    expect(deleteCallback.body.ClientCmd).toBe('friend_delete');
    expect((await t.rest('sns/friend_delete_all', { From_Account: cat.userID })).ActionStatus).toBe('OK');
    await cat.waitFor('onFriendListDeleted', (c) => (c.args[0] as string[]).includes(eve));
    expect((await cat.friends.getFriendList()).data).toEqual([]);
  });

  it('black_list_add, black_list_check, black_list_get, black_list_delete, with their callbacks', async () => {
    const gus = await clients.login(user('gus'));
    const [hal, ida] = [user('hal'), user('ida')];
    await t.importAccounts(hal, ida);
    const added = await t.rest('sns/black_list_add', { From_Account: gus.userID, To_Account: [hal, ida] });
    expect(added.ResultItem).toEqual([
      { To_Account: hal, ResultCode: 0, ResultInfo: '' },
      { To_Account: ida, ResultCode: 0, ResultInfo: '' },
    ]);
    await gus.waitFor('onBlackListAdded');
    await waitForPost((p) => p.command === 'Sns.CallbackBlackListAdd' && hasPair(p, gus.userID, ida));
    const mutual = await t.rest('sns/black_list_add', { From_Account: hal, To_Account: [gus.userID] });
    expect(mutual.ActionStatus).toBe('OK');

    const check = await t.rest('sns/black_list_check', {
      From_Account: gus.userID,
      To_Account: [hal, ida, 'nobody'],
      CheckType: 'BlackCheckResult_Type_Both',
    });
    expect((check.BlackListCheckItem as { Relation: string }[]).map((i) => i.Relation)).toEqual([
      'BlackCheckResult_Type_BothWay',
      'BlackCheckResult_Type_AWithB',
      'BlackCheckResult_Type_NO',
    ]);
    const page = await t.rest('sns/black_list_get', {
      From_Account: gus.userID,
      StartIndex: 0,
      MaxLimited: 1,
      LastSequence: 0,
    });
    expect(page).toMatchObject({
      BlackListItem: [{ To_Account: hal, AddBlackTimeStamp: expect.any(Number) }],
      StartIndex: 1,
    });
    const rest = await t.rest('sns/black_list_get', {
      From_Account: gus.userID,
      StartIndex: 1,
      MaxLimited: 10,
    });
    expect(rest).toMatchObject({ BlackListItem: [{ To_Account: ida }], StartIndex: 0 });

    const removed = await t.rest('sns/black_list_delete', {
      From_Account: gus.userID,
      To_Account: [hal, 'nobody'],
    });
    expect(removed.ResultItem).toEqual([
      { To_Account: hal, ResultCode: 0, ResultInfo: '' },
      {
        To_Account: 'nobody',
        ResultCode: ErrorCode.ERR_SVR_FRIENDSHIP_INVALID_PARAMETERS,
        ResultInfo: 'not blocked',
      },
    ]);
    await gus.waitFor('onBlackListDeleted');
    await waitForPost((p) => p.command === 'Sns.CallbackBlackListDelete' && hasPair(p, gus.userID, hal));
  });

  it('group_get lists the friend groups, with their friends on request, all or those named', async () => {
    const kim = await clients.login(user('kim'));
    const [lou, max] = [user('lou'), user('max')];
    await t.importAccounts(lou, max);
    expect(
      await t.rest('sns/friend_import', {
        From_Account: kim.userID,
        AddFriendItem: [
          { To_Account: lou, GroupName: ['work', 'club'], AddSource: 'AddSource_Type_Import' },
          { To_Account: max, GroupName: ['club'], AddSource: 'AddSource_Type_Import' },
        ],
      }),
    ).toMatchObject({ ActionStatus: 'OK' });
    expect(await t.rest('sns/group_add', { From_Account: kim.userID, GroupName: ['empty'] })).toMatchObject({
      ActionStatus: 'OK',
    });
    const byName = (items: unknown) =>
      [...(items as { GroupName: string }[])].sort((a, b) => a.GroupName.localeCompare(b.GroupName));

    const all = await t.rest('sns/group_get', {
      From_Account: kim.userID,
      NeedFriend: 'Need_Friend_Type_Yes',
    });
    expect(all).toMatchObject({ ActionStatus: 'OK', CurrentSequence: 0 });
    expect(byName(all.ResultItem)).toEqual([
      { GroupName: 'club', FriendNumber: 2, To_Account: expect.arrayContaining([lou, max]) },
      { GroupName: 'empty', FriendNumber: 0, To_Account: [] },
      { GroupName: 'work', FriendNumber: 1, To_Account: [lou] },
    ]);
    const named = await t.rest('sns/group_get', { From_Account: kim.userID, GroupName: ['work', 'none'] });
    expect(named.ResultItem).toEqual([{ GroupName: 'work', FriendNumber: 1 }]);
    expect(
      await t.rest('sns/group_get', { From_Account: kim.userID, NeedFriend: 'yes please' }),
    ).toMatchObject({ ActionStatus: 'FAIL', ErrorCode: ErrorCode.ERR_SVR_FRIENDSHIP_INVALID_PARAMETERS });
  });

  it('refuses malformed bodies with the friendship code or the batch code', async () => {
    expect(await t.rest('sns/friend_check', { From_Account: 'a', To_Account: ['b'] })).toMatchObject({
      ActionStatus: 'FAIL',
      ErrorCode: ErrorCode.ERR_SVR_FRIENDSHIP_INVALID_PARAMETERS,
    });
    expect(
      await t.rest('sns/friend_delete', { From_Account: 'nobody-at-all', To_Account: ['b'] }),
    ).toMatchObject({
      ActionStatus: 'FAIL',
      ErrorCode: ErrorCode.ERR_SVR_FRIENDSHIP_ACCOUNT_NOT_FOUND,
    });
    expect(await t.rest('sns/black_list_add', { From_Account: 'a', To_Account: [] })).toMatchObject({
      ActionStatus: 'FAIL',
      ErrorCode: ErrorCode.ERR_INVALID_BATCH_COUNT,
    });
  });
});

describe('Sns before-callbacks', () => {
  it('PrevFriendAdd refuses a target with the app code; PrevFriendResponse refuses an answer', async () => {
    const jon = await clients.login(user('jon'));
    const vetoed = await clients.login(user('vetoed'));
    const refused = await jon.friends.addFriend({ userID: vetoed.userID, addWording: 'hello' });
    expect(refused.data).toMatchObject({ userID: vetoed.userID, resultCode: 38123 });
    const before = await waitForPost(
      (p) => p.command === 'Sns.CallbackPrevFriendAdd' && p.body.From_Account === jon.userID,
    );
    expect(before.body).toMatchObject({
      Requester_Account: jon.userID,
      AddType: 'Add_Type_Both',
      ForceAddFlags: 0,
      FriendItem: [{ To_Account: vetoed.userID, AddWording: 'hello' }],
    });
    expect((await vetoed.friends.getFriendApplicationList()).data?.friendApplicationList).toEqual([]);

    // The vetoed user may ask Jon, but the app refuses Jon's answer to them.
    expect((await vetoed.friends.addFriend({ userID: jon.userID })).data?.resultCode).toBe(30539);
    expect((await jon.friends.acceptFriendApplication({ userID: vetoed.userID })).data?.resultCode).toBe(
      38001,
    );
    expect((await jon.friends.getFriendList()).data).toEqual([]);
    const kay = await clients.login(user('kay'));
    expect((await kay.friends.addFriend({ userID: jon.userID })).data?.resultCode).toBe(30539);
    await t.server.storage.friends.setAllowType(t.sdkAppID, jon.userID, FriendAllowType.NEED_CONFIRM);
    const accepted = await jon.friends.acceptFriendApplication({ userID: kay.userID });
    expect(accepted.data?.resultCode).toBe(0);
    const response = await waitForPost(
      (p) =>
        p.command === 'Sns.CallbackPrevFriendResponse' &&
        (p.body.ResponseFriendItem as { To_Account: string }[])[0]?.To_Account === kay.userID,
    );
    expect(response.body.ResponseFriendItem).toEqual([
      { To_Account: kay.userID, Remark: '', TagName: '', ResponseAction: 'Response_Action_AgreeAndAdd' },
    ]);
    const after = await waitForPost(
      (p) => p.command === 'Sns.CallbackFriendAdd' && hasPair(p, kay.userID, jon.userID),
    );
    expect(after.body.ClientCmd).toBe('friend_response');
  });
});

describe('limits', () => {
  /** Imports the accounts 100 at a time (the batch limit of multiaccount_import). */
  async function importMany(userIDs: string[]): Promise<void> {
    for (let i = 0; i < userIDs.length; i += 100) await t.importAccounts(...userIDs.slice(i, i + 100));
  }
  const many = (prefix: string, count: number) =>
    Array.from({ length: count }, (_, i) => `${prefix}${n}-${i}`);

  it('100 pending requests to one user; the 101st is refused with 30012', async () => {
    const target = user('popular');
    const askers = many('asker', 101);
    await importMany([target, ...askers]);
    for (const asker of askers.slice(0, 100)) {
      const asked = await t.rest('sns/friend_add', {
        From_Account: asker,
        AddFriendItem: [{ To_Account: target }],
      });
      expect(asked.ResultItem).toEqual([expect.objectContaining({ ResultCode: 30539 })]);
    }
    const last = await t.rest('sns/friend_add', {
      From_Account: askers[100],
      AddFriendItem: [{ To_Account: target }],
    });
    expect(last.ResultItem).toEqual([
      expect.objectContaining({ ResultCode: ErrorCode.ERR_SVR_FRIENDSHIP_PENDENCY_LIMIT }),
    ]);
  });

  it('1,000 blocked users; one more is refused with 30013', async () => {
    const blocker = user('blocker');
    const others = many('blocked', 1001);
    await importMany([blocker, ...others]);
    const first = await t.rest('sns/black_list_add', {
      From_Account: blocker,
      To_Account: others.slice(0, 1000),
    });
    expect((first.ResultItem as { ResultCode: number }[]).every((r) => r.ResultCode === 0)).toBe(true);
    const last = await t.rest('sns/black_list_add', { From_Account: blocker, To_Account: [others[1000]] });
    expect(last.ResultItem).toEqual([
      expect.objectContaining({ ResultCode: ErrorCode.ERR_SVR_FRIENDSHIP_BLACKLIST_LIMIT }),
    ]);
  });

  it('3,000 friends; one more is refused with 30010 (30014 when it is the peer who is full)', async () => {
    const owner = user('sociable');
    const friends = many('friend', 3001);
    await importMany([owner, ...friends]);
    for (let i = 0; i < 3000; i += 100) {
      const imported = await t.rest('sns/friend_import', {
        From_Account: owner,
        AddFriendItem: friends.slice(i, i + 100).map((id) => ({ To_Account: id })),
      });
      expect(imported.Fail_Account).toEqual([]);
    }
    const mine = await t.rest('sns/friend_add', {
      From_Account: owner,
      AddFriendItem: [{ To_Account: friends[3000] }],
      ForceAddFlags: 1,
    });
    expect(mine.ResultItem).toEqual([
      expect.objectContaining({ ResultCode: ErrorCode.ERR_SVR_FRIENDSHIP_COUNT_LIMIT }),
    ]);
    const theirs = await t.rest('sns/friend_add', {
      From_Account: friends[3000],
      AddFriendItem: [{ To_Account: owner }],
      AddType: 'Add_Type_Both',
      ForceAddFlags: 1,
    });
    expect(theirs.ResultItem).toEqual([
      expect.objectContaining({ ResultCode: ErrorCode.ERR_SVR_FRIENDSHIP_PEER_FRIEND_LIMIT }),
    ]);
  });
});
