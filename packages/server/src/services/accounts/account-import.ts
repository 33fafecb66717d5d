/**
 * `im_open_login_svc/account_import` and `multiaccount_import` (login.md §3.3): bring accounts in
 * ahead of their first login, with an optional nickname and avatar. Importing twice is idempotent;
 * a second import updates the profile fields it names. `imported` tells the features that cache
 * profiles (a new or renamed account must not show as unknown or by its old name).
 */
import { ErrorCode } from '@parley/protocol';
import { z } from 'zod';
import { defineEndpoint, type RestEndpoint } from '../../rest/endpoint.js';
import { ok } from '../../rest/envelope.js';
import { batch, profileValue, record, text, userID } from '../../rest/fields.js';
import type { ImportedAccount } from '../../storage/types.js';
import { ACCOUNT_SERVICE_CODES } from './account-items.js';

/** Most accounts per `multiaccount_import` call. */
export const MAX_IMPORT_BATCH = 100;

/** Told of the accounts an import created or updated. */
export type AccountsImported = (sdkAppID: number, userIDs: readonly string[]) => Promise<void>;

/** `account_import` {UserID, Nick?, FaceUrl?}; older clients send `Identifier` for UserID. */
export const accountImport = (imported: AccountsImported): RestEndpoint =>
  defineEndpoint({
    codes: ACCOUNT_SERVICE_CODES,
    body: z
      .object({
        UserID: userID.optional(),
        Identifier: userID.optional(),
        Nick: profileValue.optional(),
        FaceUrl: profileValue.optional(),
      })
      .transform((body, ctx) => {
        const id = body.UserID ?? body.Identifier;
        if (id === undefined) {
          ctx.addIssue({ code: 'custom', path: ['UserID'], message: 'is required' });
          return z.NEVER;
        }
        return { userID: id, nick: body.Nick, faceUrl: body.FaceUrl };
      }),
    async handle(ctx, account) {
      await ctx.storage.accounts.importAccount(ctx.app.sdkAppID, account);
      await imported(ctx.app.sdkAppID, [account.userID]);
      return ok();
    },
  });

const importBounds = { min: 1, max: MAX_IMPORT_BATCH, countCode: ErrorCode.ERR_INVALID_BATCH_COUNT };

/** A profile item of the newer `AccountList` form; its own rules are checked per item, below. */
const listItem = record({ UserID: text, Nick: text.optional(), FaceUrl: text.optional() });

/**
 * `multiaccount_import`: the old form `Accounts: [UserID…]` or the new `AccountList: [{UserID, Nick?,
 * FaceUrl?}]`, 1–100 items. Items of the right type that break a rule (a bad UserID, a profile value
 * over 500 bytes) do not fail the call: they are listed in `FailAccounts`.
 */
export const multiAccountImport = (imported: AccountsImported): RestEndpoint =>
  defineEndpoint({
    codes: ACCOUNT_SERVICE_CODES,
    // login.md §3.3: this one call is limited to 100 per second, the others 200.
    ratePerSecond: 100,
    body: z
      .object({
        Accounts: batch(text, importBounds).optional(),
        AccountList: batch(listItem, importBounds).optional(),
      })
      .transform((body, ctx) => {
        if (body.AccountList !== undefined) {
          return body.AccountList.map((item) => ({
            userID: item.UserID,
            nick: item.Nick,
            faceUrl: item.FaceUrl,
          }));
        }
        if (body.Accounts !== undefined) return body.Accounts.map((id) => ({ userID: id }));
        ctx.addIssue({
          code: 'custom',
          path: ['AccountList'],
          message: 'is required (or the older Accounts)',
        });
        return z.NEVER;
      }),
    async handle(ctx, accounts) {
      const failed: string[] = [];
      const done: string[] = [];
      for (const account of accounts) {
        if (!isImportable(account)) {
          failed.push(account.userID);
          continue;
        }
        await ctx.storage.accounts.importAccount(ctx.app.sdkAppID, account);
        done.push(account.userID);
      }
      await imported(ctx.app.sdkAppID, done);
      return ok({ FailAccounts: failed });
    },
  });

/** The per-item rules of `account_import`, applied to one list item without failing the call. */
function isImportable(account: ImportedAccount): boolean {
  const fits = (value: string | undefined) => value === undefined || profileValue.safeParse(value).success;
  return userID.safeParse(account.userID).success && fits(account.nick) && fits(account.faceUrl);
}
