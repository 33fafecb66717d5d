/**
 * Accounts (login.md §3.3): import, check, delete and kick, as the original's
 * `im_open_login_svc` REST commands. Logins themselves belong to the session layer.
 */
import type { FeatureContext } from '../registry.js';
import { accountCheck } from './account-check.js';
import { accountDeleteEndpoint } from './account-delete.js';
import { accountImport, multiAccountImport } from './account-import.js';
import { kickEndpoint } from './kick.js';

export function registerAccounts({ rest, sessions }: FeatureContext): void {
  rest.add('im_open_login_svc/account_import', accountImport);
  rest.add('im_open_login_svc/multiaccount_import', multiAccountImport);
  rest.add('im_open_login_svc/account_delete', accountDeleteEndpoint(sessions));
  rest.add('im_open_login_svc/account_check', accountCheck);
  rest.add('im_open_login_svc/kick', kickEndpoint(sessions));
}
