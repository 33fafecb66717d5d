/**
 * The account endpoints of `im_open_login_svc` (login.md §3.3): import one or many, delete, check.
 */
import { ErrorCode } from '@parley/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './support/harness.js';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(() => t.stop());

const IMPORT = 'im_open_login_svc/account_import';
const MULTI = 'im_open_login_svc/multiaccount_import';
const DELETE = 'im_open_login_svc/account_delete';
const CHECK = 'im_open_login_svc/account_check';

const account = (userID: string) => t.server.storage.accounts.get(t.sdkAppID, userID);
const ids = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}${i}`);
const failsWith = (code: number) => expect.objectContaining({ ActionStatus: 'FAIL', ErrorCode: code });

async function statuses(userIDs: string[]): Promise<string[]> {
  const res = await t.rest(CHECK, { CheckItem: userIDs.map((UserID) => ({ UserID })) });
  expect(res.ActionStatus).toBe('OK');
  return (res.ResultItem as { AccountStatus: string }[]).map((item) => item.AccountStatus);
}

describe('account_import', () => {
  it('imports an account with its nickname and avatar', async () => {
    const res = await t.rest(IMPORT, {
      UserID: 'acc-ann',
      Nick: 'Ann',
      FaceUrl: 'https://img.example/ann.png',
    });
    expect(res).toEqual({ ActionStatus: 'OK', ErrorCode: 0, ErrorInfo: '' });
    expect(await account('acc-ann')).toMatchObject({ nick: 'Ann', faceUrl: 'https://img.example/ann.png' });
  });

  it('is idempotent, and a second import updates the profile fields it names', async () => {
    expect((await t.rest(IMPORT, { UserID: 'acc-ben', Nick: 'Ben' })).ActionStatus).toBe('OK');
    const first = await account('acc-ben');
    expect((await t.rest(IMPORT, { UserID: 'acc-ben' })).ActionStatus).toBe('OK');
    expect(
      (await t.rest(IMPORT, { UserID: 'acc-ben', FaceUrl: 'https://img.example/b.png' })).ActionStatus,
    ).toBe('OK');
    expect(await account('acc-ben')).toEqual({ ...first, faceUrl: 'https://img.example/b.png' });
  });

  it('accepts the older Identifier for UserID', async () => {
    expect((await t.rest(IMPORT, { Identifier: 'acc-old' })).ActionStatus).toBe('OK');
    expect(await statuses(['acc-old'])).toEqual(['Imported']);
  });

  it('takes a Nick of exactly 500 bytes, counted in UTF-8', async () => {
    expect((await t.rest(IMPORT, { UserID: 'acc-long', Nick: 'é'.repeat(250) })).ActionStatus).toBe('OK');
  });

  it.each([
    ['no UserID', {}, ErrorCode.ERR_INVALID_PARAMS],
    ['a UserID of 33 bytes', { UserID: 'a'.repeat(33) }, ErrorCode.ERR_INVALID_PARAMS],
    ['a UserID with a tab', { UserID: 'a\tb' }, ErrorCode.ERR_INVALID_PARAMS],
    ['a UserID that is not ASCII', { UserID: 'café' }, ErrorCode.ERR_INVALID_PARAMS],
    ['a numeric UserID', { UserID: 42 }, ErrorCode.ERR_INVALID_PARAMS],
    ['a Nick that is not a string', { UserID: 'acc-x', Nick: 1 }, ErrorCode.ERR_INVALID_PARAMS],
    ['a Nick of 501 bytes', { UserID: 'acc-x', Nick: 'n'.repeat(501) }, ErrorCode.ERR_PROFILE_VALUE_TOO_LONG],
    [
      'a Nick of 501 UTF-8 bytes',
      { UserID: 'acc-x', Nick: '中'.repeat(167) },
      ErrorCode.ERR_PROFILE_VALUE_TOO_LONG,
    ],
    [
      'a FaceUrl of 501 bytes',
      { UserID: 'acc-x', FaceUrl: 'f'.repeat(501) },
      ErrorCode.ERR_PROFILE_VALUE_TOO_LONG,
    ],
  ])('refuses %s', async (_case, body, code) => {
    expect(await t.rest(IMPORT, body)).toEqual(failsWith(code));
    expect(await account('acc-x')).toBeUndefined();
  });

  it('refuses a non-admin caller with 70403', async () => {
    expect(await t.rest(IMPORT, { UserID: 'acc-x' }, { identifier: 'acc-ann' })).toEqual(
      failsWith(ErrorCode.ERR_ADMIN_REQUIRED),
    );
  });
});

describe('multiaccount_import', () => {
  it('imports the older form, a list of UserIDs', async () => {
    const res = await t.rest(MULTI, { Accounts: ['multi-a1', 'multi-a2'] });
    expect(res).toEqual({ ActionStatus: 'OK', ErrorCode: 0, ErrorInfo: '', FailAccounts: [] });
    expect(await statuses(['multi-a1', 'multi-a2'])).toEqual(['Imported', 'Imported']);
  });

  it('imports the newer form, with profiles', async () => {
    const res = await t.rest(MULTI, {
      AccountList: [
        { UserID: 'multi-b1', Nick: 'B1' },
        { UserID: 'multi-b2', FaceUrl: 'https://img.example/b2' },
      ],
    });
    expect(res).toMatchObject({ ActionStatus: 'OK', FailAccounts: [] });
    expect(await account('multi-b1')).toMatchObject({ nick: 'B1', faceUrl: '' });
    expect(await account('multi-b2')).toMatchObject({ nick: '', faceUrl: 'https://img.example/b2' });
  });

  it('lists the items that break a rule in FailAccounts and imports the others', async () => {
    const long = 'x'.repeat(33);
    const res = await t.rest(MULTI, { Accounts: ['multi-c1', long, 'bad\u0001id', 'multi-c2'] });
    expect(res).toMatchObject({ ActionStatus: 'OK', FailAccounts: [long, 'bad\u0001id'] });
    expect(await statuses(['multi-c1', 'multi-c2'])).toEqual(['Imported', 'Imported']);

    const list = await t.rest(MULTI, {
      AccountList: [{ UserID: 'multi-c3', Nick: 'n'.repeat(501) }, { UserID: 'multi-c4' }],
    });
    expect(list).toMatchObject({ ActionStatus: 'OK', FailAccounts: ['multi-c3'] });
    expect(await statuses(['multi-c3', 'multi-c4'])).toEqual(['NotImported', 'Imported']);
  });

  it('takes 100 accounts in one call', async () => {
    const hundred = ids('multi-h', 100);
    expect(await t.rest(MULTI, { Accounts: hundred })).toMatchObject({
      ActionStatus: 'OK',
      FailAccounts: [],
    });
    expect(await statuses(hundred)).toEqual(hundred.map(() => 'Imported'));
  });

  it.each([
    ['neither Accounts nor AccountList', {}, ErrorCode.ERR_INVALID_PARAMS],
    ['Accounts that is not an array', { Accounts: 'multi-z' }, ErrorCode.ERR_INVALID_PARAMS],
    ['an empty list', { Accounts: [] }, ErrorCode.ERR_INVALID_BATCH_COUNT],
    ['101 accounts', { Accounts: ids('multi-z', 101) }, ErrorCode.ERR_INVALID_BATCH_COUNT],
    [
      '101 AccountList items',
      { AccountList: ids('multi-z', 101).map((UserID) => ({ UserID })) },
      ErrorCode.ERR_INVALID_BATCH_COUNT,
    ],
    ['a UserID that is not a string', { Accounts: ['multi-z', 5] }, ErrorCode.ERR_INVALID_PARAMS],
    ['an AccountList item without UserID', { AccountList: [{ Nick: 'z' }] }, ErrorCode.ERR_INVALID_PARAMS],
    ['an AccountList item that is a string', { AccountList: ['multi-z'] }, ErrorCode.ERR_INVALID_PARAMS],
  ])('refuses %s', async (_case, body, code) => {
    expect(await t.rest(MULTI, body)).toEqual(failsWith(code));
    expect(await account('multi-z')).toBeUndefined();
  });
});

describe('account_delete', () => {
  it('deletes accounts, reports unknown ones with 70107, and account_check then says NotImported', async () => {
    await t.rest(MULTI, { Accounts: ['del-a', 'del-b'] });
    const res = await t.rest(DELETE, {
      DeleteItem: [{ UserID: 'del-a' }, { UserID: 'del-none' }, { UserID: 'del-b' }],
    });
    expect(res).toEqual({
      ActionStatus: 'OK',
      ErrorCode: 0,
      ErrorInfo: '',
      ResultItem: [
        { UserID: 'del-a', ResultCode: 0, ResultInfo: '' },
        { UserID: 'del-none', ResultCode: ErrorCode.ERR_ACCOUNT_NOT_FOUND, ResultInfo: expect.any(String) },
        { UserID: 'del-b', ResultCode: 0, ResultInfo: '' },
      ],
    });
    expect(await statuses(['del-a', 'del-b'])).toEqual(['NotImported', 'NotImported']);
  });

  it('kicks the deleted user’s live instances', async () => {
    const c = await t.client();
    expect((await c.v2TIMManager.login('del-live', t.ticket('del-live'))).code).toBe(0);
    expect((await t.rest(DELETE, { DeleteItem: [{ UserID: 'del-live' }] })).ResultItem).toEqual([
      { UserID: 'del-live', ResultCode: 0, ResultInfo: '' },
    ]);
    await c.next('onKickedOffline');
    expect(await t.server.bus.instancesOf(t.sdkAppID, 'del-live')).toEqual([]);
  });

  it('revokes the tickets issued before the deletion: an old ticket cannot bring the account back', async () => {
    const old = t.ticket('del-back', { now: Math.floor(Date.now() / 1000) - 60 });
    const c = await t.client();
    expect((await c.v2TIMManager.login('del-back', old)).code).toBe(0);
    await c.v2TIMManager.logout();
    expect((await t.rest(DELETE, { DeleteItem: [{ UserID: 'del-back' }] })).ResultItem).toEqual([
      { UserID: 'del-back', ResultCode: 0, ResultInfo: '' },
    ]);
    const again = await t.client();
    expect((await again.v2TIMManager.login('del-back', old)).code).toBe(ErrorCode.ERR_USERSIG_REVOKED);
    expect(await account('del-back')).toBeUndefined();
    // A ticket signed after the deletion registers the UserID afresh.
    expect((await again.v2TIMManager.login('del-back', t.ticket('del-back'))).code).toBe(0);
  });

  it('keeps a kick’s revocation across deletion and re-import', async () => {
    const old = t.ticket('del-kicked', { now: Math.floor(Date.now() / 1000) - 60 });
    await t.rest(IMPORT, { UserID: 'del-kicked' });
    // A kick's revocation, made through the store: the storage-level delete below revokes nothing
    // itself, so only the kept revocation can refuse `old`.
    await t.server.storage.accounts.revokeTickets(
      t.sdkAppID,
      'del-kicked',
      Math.floor(Date.now() / 1000) - 30,
    );
    await t.server.storage.accounts.delete(t.sdkAppID, 'del-kicked');
    await t.rest(IMPORT, { UserID: 'del-kicked' });
    const c = await t.client();
    expect((await c.v2TIMManager.login('del-kicked', old)).code).toBe(ErrorCode.ERR_USERSIG_REVOKED);
  });

  it('reports an item that is not a valid UserID with 70402 and goes on', async () => {
    await t.rest(IMPORT, { UserID: 'del-c' });
    const res = await t.rest(DELETE, { DeleteItem: [{ UserID: 'x'.repeat(40) }, { UserID: 'del-c' }] });
    expect((res.ResultItem as { ResultCode: number }[]).map((item) => item.ResultCode)).toEqual([
      ErrorCode.ERR_INVALID_PARAMS,
      0,
    ]);
  });

  it.each([
    ['no DeleteItem', {}, ErrorCode.ERR_INVALID_PARAMS],
    ['DeleteItem that is not an array', { DeleteItem: { UserID: 'del-keep' } }, ErrorCode.ERR_INVALID_PARAMS],
    ['an item without UserID', { DeleteItem: [{ User: 'del-keep' }] }, ErrorCode.ERR_INVALID_PARAMS],
    ['a numeric UserID', { DeleteItem: [{ UserID: 1 }] }, ErrorCode.ERR_INVALID_PARAMS],
    ['an empty list', { DeleteItem: [] }, ErrorCode.ERR_INVALID_BATCH_COUNT],
    [
      '101 items',
      { DeleteItem: ids('del-keep', 101).map((UserID) => ({ UserID })) },
      ErrorCode.ERR_INVALID_BATCH_COUNT,
    ],
  ])('refuses %s, deleting nothing', async (_case, body, code) => {
    await t.rest(IMPORT, { UserID: 'del-keep0' });
    expect(await t.rest(DELETE, body)).toEqual(failsWith(code));
    expect(await account('del-keep0')).toBeDefined();
  });
});

describe('account_check', () => {
  it('answers Imported for imported and auto-registered accounts, NotImported otherwise, in order', async () => {
    await t.rest(IMPORT, { UserID: 'chk-imported' });
    const c = await t.client();
    expect((await c.v2TIMManager.login('chk-registered', t.ticket('chk-registered'))).code).toBe(0);
    const res = await t.rest(CHECK, {
      CheckItem: [{ UserID: 'chk-none' }, { UserID: 'chk-imported' }, { UserID: 'chk-registered' }],
    });
    expect(res.ResultItem).toEqual([
      { UserID: 'chk-none', ResultCode: 0, ResultInfo: '', AccountStatus: 'NotImported' },
      { UserID: 'chk-imported', ResultCode: 0, ResultInfo: '', AccountStatus: 'Imported' },
      { UserID: 'chk-registered', ResultCode: 0, ResultInfo: '', AccountStatus: 'Imported' },
    ]);
  });

  it.each([
    ['no CheckItem', {}, ErrorCode.ERR_INVALID_PARAMS],
    ['CheckItem of strings', { CheckItem: ['chk-a'] }, ErrorCode.ERR_INVALID_PARAMS],
    ['an empty list', { CheckItem: [] }, ErrorCode.ERR_INVALID_BATCH_COUNT],
    [
      '101 items',
      { CheckItem: ids('chk-', 101).map((UserID) => ({ UserID })) },
      ErrorCode.ERR_INVALID_BATCH_COUNT,
    ],
  ])('refuses %s', async (_case, body, code) => {
    expect(await t.rest(CHECK, body)).toEqual(failsWith(code));
  });
});
