/**
 * Every REST endpoint by `<service>/<command>`, with the original's names (contracts §5) so an
 * existing server-side client works by changing its host.
 */
import { accountCheck } from './account-check.js';
import { accountDelete } from './account-delete.js';
import { accountImport, multiAccountImport } from './account-import.js';
import type { RestEndpoint } from './endpoint.js';
import { kick } from './kick.js';
import { queryOnlineStatusEndpoint, queryStateEndpoint } from './query-online-status.js';

export const REST_ENDPOINTS: ReadonlyMap<string, RestEndpoint> = new Map([
  ['im_open_login_svc/account_import', accountImport],
  ['im_open_login_svc/multiaccount_import', multiAccountImport],
  ['im_open_login_svc/account_delete', accountDelete],
  ['im_open_login_svc/account_check', accountCheck],
  ['im_open_login_svc/kick', kick],
  ['openim/query_online_status', queryOnlineStatusEndpoint],
  ['openim/querystate', queryStateEndpoint],
]);
