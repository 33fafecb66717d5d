/**
 * `im_open_login_svc/account_delete` (login.md §3.3): deletes up to 100 accounts, one result per
 * item. A deleted account's tickets issued until now are revoked (as by a kick), every feature
 * removes what it keeps about it (`deleted`: profiles, friends, status), and its live instances are
 * kicked (REST_API_Kick), on every node.
 */
import { describeError, ErrorCode, isValidUserID, KickReason } from '@parley/protocol';
import { z } from 'zod';
import { defineEndpoint, type RestEndpoint } from '../../rest/endpoint.js';
import { ok } from '../../rest/envelope.js';
import type { UserKicker } from '../registry.js';
import { ACCOUNT_SERVICE_CODES, type ItemResult, invalidUserItem, userItems } from './account-items.js';

export function accountDeleteEndpoint(
  sessions: UserKicker,
  deleted: (sdkAppID: number, userID: string) => Promise<void>,
): RestEndpoint {
  return defineEndpoint({
    codes: ACCOUNT_SERVICE_CODES,
    body: z.object({ DeleteItem: userItems }),
    async handle(ctx, { DeleteItem }) {
      const { sdkAppID } = ctx.app;
      const results: ItemResult[] = [];
      for (const { UserID: id } of DeleteItem) {
        if (!isValidUserID(id)) {
          results.push(invalidUserItem(id));
          continue;
        }
        if ((await ctx.storage.accounts.get(sdkAppID, id)) === undefined) {
          const code = ErrorCode.ERR_ACCOUNT_NOT_FOUND;
          results.push({ UserID: id, ResultCode: code, ResultInfo: describeError(code) });
          continue;
        }
        // Revoked first: every ticket issued before the deletion is refused from now on, so that none
        // brings the account back by auto-registration (the revocation outlives the account). A ticket
        // signed from this second on registers the UserID afresh.
        await ctx.storage.accounts.revokeTickets(sdkAppID, id, Math.floor(ctx.now() / 1000));
        if (!(await ctx.storage.accounts.delete(sdkAppID, id))) {
          const code = ErrorCode.ERR_ACCOUNT_NOT_FOUND;
          results.push({ UserID: id, ResultCode: code, ResultInfo: describeError(code) });
          continue;
        }
        await deleted(sdkAppID, id);
        // Deleted first, kicked second: a kicked device that logs straight back in registers afresh
        // (auto-registration) instead of finding the account half-deleted.
        const kicked = await sessions.kickUser(sdkAppID, id, { reason: KickReason.REST_API });
        ctx.logger.info({ sdkAppID, userID: id, admin: ctx.admin, kicked }, 'account deleted by the admin');
        results.push({ UserID: id, ResultCode: ErrorCode.ERR_SUCC, ResultInfo: '' });
      }
      return ok({ ResultItem: results });
    },
  });
}
