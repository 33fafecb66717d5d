/**
 * Accounts (login.md §3.3): import, check, delete and kick, as the original's
 * `im_open_login_svc` REST commands. Logins themselves belong to the session layer.
 */
import type { FeatureContext } from '../registry.js';
import { accountCheck } from './account-check.js';
import { accountDeleteEndpoint } from './account-delete.js';
import { type AccountsImported, accountImport, multiAccountImport } from './account-import.js';
import { kickEndpoint } from './kick.js';

/**
 * Removes what a feature keeps about a deleted account (and others' rows about it), and tells the
 * nodes' caches. Runs after the account row is gone and before its instances are kicked.
 */
export type AccountDeletedListener = (sdkAppID: number, userID: string) => Promise<void>;

export function registerAccounts({ rest, sessions }: FeatureContext): {
  /** Adds a feature's clean-up of deleted accounts. */
  onAccountDeleted(listener: AccountDeletedListener): void;
  /** Adds a listener of imports, which create accounts or change their nickname and avatar. */
  onAccountsImported(listener: AccountsImported): void;
} {
  const listeners: AccountDeletedListener[] = [];
  const deleted = async (sdkAppID: number, userID: string) => {
    for (const listener of listeners) await listener(sdkAppID, userID);
  };
  const importListeners: AccountsImported[] = [];
  const imported = async (sdkAppID: number, userIDs: readonly string[]) => {
    for (const listener of importListeners) await listener(sdkAppID, userIDs);
  };
  rest.add('im_open_login_svc/account_import', accountImport(imported));
  rest.add('im_open_login_svc/multiaccount_import', multiAccountImport(imported));
  rest.add('im_open_login_svc/account_delete', accountDeleteEndpoint(sessions, deleted));
  rest.add('im_open_login_svc/account_check', accountCheck);
  rest.add('im_open_login_svc/kick', kickEndpoint(sessions));
  return {
    onAccountDeleted: (listener) => listeners.push(listener),
    onAccountsImported: (listener) => importListeners.push(listener),
  };
}
