/**
 * The console's push-provider calls: `list_push_providers`, `add_push_provider`,
 * `remove_push_provider`. They check and store a provider with the same code as
 * `parley app push add|list|remove`, so both accept the same providers; a running server's pool
 * rereads a provider's row within seconds, as it does after the command. Secrets (the APNs key, the
 * service account) go in, never out: answers show them as `secretSet`, and the REST dispatcher
 * logs no bodies.
 */
import { ErrorCode } from '@parley/protocol';
import { z } from 'zod';
import { defineEndpoint, type RestEndpointTable } from '../rest/endpoint.js';
import { fail, ok } from '../rest/envelope.js';
import {
  buildProviderRecord,
  MAX_BUSINESS_ID,
  MAX_PROVIDER_TEXT,
  ProviderInputError,
  presentProvider,
} from '../services/push/provider-input.js';

const businessID = z.int().min(0).max(MAX_BUSINESS_ID);
const short = z.string().max(2048).optional();
const text = z.string().max(MAX_PROVIDER_TEXT).optional();

/** The form's fields; which apply to which type is checked by the shared provider check. */
const addRequest = z.strictObject({
  businessID,
  type: z.string().max(20),
  key: text,
  keyID: short,
  teamID: short,
  bundleID: short,
  sandbox: z.boolean().optional(),
  endpoint: short,
  ca: text,
  serviceAccount: text,
  url: short,
});

export function pushProviderEndpoints(table: RestEndpointTable): void {
  table.add(
    'console/list_push_providers',
    defineEndpoint({
      body: z.object({}),
      async handle(ctx) {
        const providers = await ctx.storage.push.listProviders(ctx.app.sdkAppID);
        return ok({ Providers: providers.map(presentProvider) });
      },
    }),
  );

  table.add(
    'console/add_push_provider',
    defineEndpoint({
      body: addRequest,
      async handle(ctx, body) {
        let record: ReturnType<typeof buildProviderRecord>;
        try {
          record = buildProviderRecord(ctx.app.sdkAppID, body, ctx.now());
        } catch (error) {
          if (!(error instanceof ProviderInputError)) throw error;
          return fail(ErrorCode.ERR_INVALID_PARAMS, error.message);
        }
        await ctx.storage.push.putProvider(record);
        return ok({ Provider: presentProvider(record) });
      },
    }),
  );

  table.add(
    'console/remove_push_provider',
    defineEndpoint({
      body: z.strictObject({ businessID }),
      async handle(ctx, body) {
        if (!(await ctx.storage.push.removeProvider(ctx.app.sdkAppID, body.businessID)))
          return fail(ErrorCode.ERR_PUSH_PROVIDER_NOT_FOUND, `no push provider ${body.businessID}`);
        return ok({});
      },
    }),
  );
}
