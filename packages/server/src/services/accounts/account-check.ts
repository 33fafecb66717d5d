/**
 * `im_open_login_svc/account_check` (login.md §3.3): whether up to 100 UserIDs are imported (or
 * registered by a first login), one result per item in the order asked.
 */
import { ErrorCode, isValidUserID } from '@parley/protocol';
import { z } from 'zod';
import { defineEndpoint, type RestEndpoint } from '../../rest/endpoint.js';
import { ok } from '../../rest/envelope.js';
import { ACCOUNT_SERVICE_CODES, type ItemResult, invalidUserItem, userItems } from './account-items.js';

type CheckResult = ItemResult & { AccountStatus: 'Imported' | 'NotImported' };

export const accountCheck: RestEndpoint = defineEndpoint({
  codes: ACCOUNT_SERVICE_CODES,
  body: z.object({ CheckItem: userItems }),
  async handle(ctx, { CheckItem }) {
    const ids = CheckItem.map((item) => item.UserID);
    const known = await ctx.storage.accounts.getMany(ctx.app.sdkAppID, ids.filter(isValidUserID));
    const imported = new Set(known.map((account) => account.userID));
    const results = ids.map((id): CheckResult => {
      if (!isValidUserID(id)) return { ...invalidUserItem(id), AccountStatus: 'NotImported' };
      const status = imported.has(id) ? 'Imported' : 'NotImported';
      return { UserID: id, ResultCode: ErrorCode.ERR_SUCC, ResultInfo: '', AccountStatus: status };
    });
    return ok({ ResultItem: results });
  },
});
