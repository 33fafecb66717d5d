/**
 * What the `im_open_login_svc` endpoints share: the service's admin code, and the per-item lists of
 * `account_delete` and `account_check` with their per-item results.
 */
import { ErrorCode } from '@parley/protocol';
import { batch, record, text } from '../../rest/fields.js';

/** The account service answers a non-admin caller with its own code (login.md §3.3: 70403). */
export const ACCOUNT_SERVICE_CODES = { notAdmin: ErrorCode.ERR_ADMIN_REQUIRED };

/** Most items per `account_delete` or `account_check` call. */
export const MAX_ACCOUNT_BATCH = 100;

/** The `DeleteItem`/`CheckItem` list: 1–100 `{UserID}` objects. */
export const userItems = batch(record({ UserID: text }), {
  min: 1,
  max: MAX_ACCOUNT_BATCH,
  countCode: ErrorCode.ERR_INVALID_BATCH_COUNT,
});

/** One item's outcome, as `ResultItem` reports it. */
export interface ItemResult {
  UserID: string;
  ResultCode: number;
  ResultInfo: string;
}

/** The result of an item that is not a valid UserID; it is reported, not fatal to the call. */
export function invalidUserItem(id: string): ItemResult {
  return {
    UserID: id,
    ResultCode: ErrorCode.ERR_INVALID_PARAMS,
    ResultInfo: 'UserID must be 1 to 32 bytes of printable ASCII',
  };
}
