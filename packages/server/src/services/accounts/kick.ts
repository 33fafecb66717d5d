/**
 * `im_open_login_svc/kick` (login.md §3.3, "invalidate login state"). Without `InstanceID`: every
 * ticket issued before now is revoked (`revokeTickets`, 70052 at the next login) and every instance
 * of the user is kicked, on every node. The app's admins can be kicked without an imported account
 * (their REST tickets are revoked); any other unknown UserID is 70107. With our `InstanceID`
 * extension: that one device is signed out (kicked, cannot resume) and the user's tickets stay valid.
 */
import { describeError, ErrorCode, KickReason } from '@parley/protocol';
import { z } from 'zod';
import { defineEndpoint, type RestEndpoint } from '../../rest/endpoint.js';
import { fail, ok } from '../../rest/envelope.js';
import { text, userID } from '../../rest/fields.js';
import type { UserKicker } from '../registry.js';
import { ACCOUNT_SERVICE_CODES } from './account-items.js';

const kickBody = z
  .object({
    UserID: userID.optional(),
    // The older spelling of UserID, still sent by older server SDKs.
    Identifier: userID.optional(),
    InstanceID: text.min(1, 'must not be empty').optional(),
  })
  .transform((body, ctx) => {
    const id = body.UserID ?? body.Identifier;
    if (id === undefined) {
      ctx.addIssue({ code: 'custom', path: ['UserID'], message: 'is required' });
      return z.NEVER;
    }
    return { userID: id, instanceID: body.InstanceID };
  });

export function kickEndpoint(sessions: UserKicker): RestEndpoint {
  return defineEndpoint({
    codes: ACCOUNT_SERVICE_CODES,
    body: kickBody,
    async handle(ctx, { userID: id, instanceID }) {
      const { sdkAppID } = ctx.app;
      const account = await ctx.storage.accounts.get(sdkAppID, id);
      // An admin UserID needs no imported account to log in to REST, so it must be kickable without
      // one: otherwise a leaked admin ticket could never be revoked.
      if (account === undefined && !ctx.app.admins.includes(id)) {
        return fail(
          ErrorCode.ERR_ACCOUNT_NOT_FOUND,
          `${describeError(ErrorCode.ERR_ACCOUNT_NOT_FOUND)}: ${id}`,
        );
      }
      if (instanceID === undefined) {
        // Revoke before kicking, so that a kicked device reconnecting in between already finds its
        // ticket refused. Tickets signed within this very second stay valid: the app server may have
        // issued a fresh one right after deciding to kick.
        // Never earlier than a previous kick's, should the clock have stepped back (the store keeps
        // the later time).
        await ctx.storage.accounts.revokeTickets(sdkAppID, id, Math.floor(ctx.now() / 1000));
      }
      const kicked = await sessions.kickUser(sdkAppID, id, {
        reason: KickReason.REST_API,
        ...(instanceID === undefined ? {} : { instanceID }),
      });
      // A kicked device is signed out, so it is not reachable by push either (Offline, not PushOnline).
      // `kickUser` forgets the tokens of the instances the bus still holds; this also covers instances
      // the bus has already forgotten, which would otherwise stay PushOnline for up to 7 days.
      for (const registration of await ctx.storage.pushRegistrations.listForUser(sdkAppID, id)) {
        if (instanceID === undefined || registration.instanceID === instanceID) {
          await ctx.storage.pushRegistrations.remove(sdkAppID, id, registration.instanceID);
        }
      }
      ctx.logger.info(
        { sdkAppID, userID: id, instanceID, admin: ctx.admin, kicked },
        instanceID === undefined ? 'user kicked by the admin' : 'instance kicked by the admin',
      );
      return ok();
    },
  });
}
