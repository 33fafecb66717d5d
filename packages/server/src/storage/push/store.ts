import { isPlatform } from '@parley/protocol';
import type { Kysely, Selectable } from 'kysely';
import type { StorageSchema } from '../schema.js';
import type { PushRegistration } from '../types.js';
import type { PushProvidersTable, PushQueueTable } from './tables.js';
import { PUSH_PROVIDER_TYPES, type PushJob, type PushProviderRecord, type PushStore } from './types.js';

const MAX_ERROR_LENGTH = 500;
/** IDs per `in (…)` list: well under both dialects' parameter limits. */
const CHUNK = 500;

/** The push store over `push_providers` and `push_queue`. */
export function createPushStore(db: Kysely<StorageSchema>): PushStore {
  return {
    async putProvider(record) {
      const row = { type: record.type, config: JSON.stringify(record.config), updated_at: record.updatedAt };
      await db
        .insertInto('push_providers')
        .values({ sdk_app_id: record.sdkAppID, business_id: record.businessID, ...row })
        .onConflict((conflict) => conflict.columns(['sdk_app_id', 'business_id']).doUpdateSet(row))
        .execute();
    },

    async getProvider(sdkAppID, businessID) {
      const row = await db
        .selectFrom('push_providers')
        .selectAll()
        .where('sdk_app_id', '=', sdkAppID)
        .where('business_id', '=', businessID)
        .executeTakeFirst();
      return row === undefined ? undefined : toProvider(row);
    },

    async listProviders(sdkAppID) {
      const rows = await db
        .selectFrom('push_providers')
        .selectAll()
        .where('sdk_app_id', '=', sdkAppID)
        .orderBy('business_id')
        .execute();
      return rows.flatMap((row) => toProvider(row) ?? []);
    },

    async removeProvider(sdkAppID, businessID) {
      const result = await db
        .deleteFrom('push_providers')
        .where('sdk_app_id', '=', sdkAppID)
        .where('business_id', '=', businessID)
        .executeTakeFirst();
      return result.numDeletedRows > 0n;
    },

    async registrationsOf(sdkAppID, userIDs) {
      const found: PushRegistration[] = [];
      for (let start = 0; start < userIDs.length; start += CHUNK) {
        const rows = await db
          .selectFrom('push_registrations')
          .selectAll()
          .where('sdk_app_id', '=', sdkAppID)
          .where('user_id', 'in', userIDs.slice(start, start + CHUNK))
          .execute();
        for (const row of rows) {
          if (!isPlatform(row.platform)) continue;
          found.push({
            sdkAppID,
            userID: row.user_id,
            instanceID: row.instance_id,
            platform: row.platform,
            businessID: Number(row.business_id),
            token: row.token,
            updatedAt: Number(row.updated_at),
            ...(Number(row.background) === 1 ? { background: true } : {}),
          });
        }
      }
      return found;
    },

    async memberRegistrations(sdkAppID, groupID) {
      // Only members with a token come back: a large group with few phones costs a few rows.
      const rows = await db
        .selectFrom('group_members as m')
        .innerJoin('push_registrations as r', (join) =>
          join.onRef('r.sdk_app_id', '=', 'm.sdk_app_id').onRef('r.user_id', '=', 'm.user_id'),
        )
        .select([
          'r.user_id',
          'r.instance_id',
          'r.platform',
          'r.business_id',
          'r.token',
          'r.updated_at',
          'r.background',
          'm.recv_opt',
        ])
        .where('m.sdk_app_id', '=', sdkAppID)
        .where('m.group_id', '=', groupID)
        .execute();
      return rows.flatMap((row) => {
        if (!isPlatform(row.platform)) return [];
        return [
          {
            sdkAppID,
            userID: row.user_id,
            instanceID: row.instance_id,
            platform: row.platform,
            businessID: Number(row.business_id),
            token: row.token,
            updatedAt: Number(row.updated_at),
            ...(Number(row.background) === 1 ? { background: true } : {}),
            recvOpt: Number(row.recv_opt),
          },
        ];
      });
    },

    async groupRecvOpts(sdkAppID, groupID, userIDs) {
      const opts = new Map<string, number>();
      for (let start = 0; start < userIDs.length; start += CHUNK) {
        const rows = await db
          .selectFrom('group_members')
          .select(['user_id', 'recv_opt'])
          .where('sdk_app_id', '=', sdkAppID)
          .where('group_id', '=', groupID)
          .where('user_id', 'in', userIDs.slice(start, start + CHUNK))
          .execute();
        for (const row of rows) opts.set(row.user_id, Number(row.recv_opt));
      }
      return opts;
    },

    async enqueue(jobs, now) {
      let added = 0;
      // Small batches: a group message to thousands of offline members is many rows, and one
      // statement must stay under the dialects' parameter limits.
      for (let start = 0; start < jobs.length; start += 200) {
        const rows = jobs.slice(start, start + 200).map((job) => ({
          sdk_app_id: job.sdkAppID,
          msg_key: job.msgKey,
          user_id: job.userID,
          instance_id: job.instanceID,
          business_id: job.businessID,
          token: job.token,
          platform: job.platform,
          payload: JSON.stringify(job.payload),
          next_attempt_at: now,
          created_at: now,
          last_error: null,
        }));
        const result = await db
          .insertInto('push_queue')
          .values(rows)
          .onConflict((conflict) =>
            conflict.columns(['sdk_app_id', 'msg_key', 'user_id', 'instance_id']).doNothing(),
          )
          .executeTakeFirst();
        added += Number(result.numInsertedOrUpdatedRows ?? 0n);
      }
      return added;
    },

    async due(now, limit) {
      const rows = await db
        .selectFrom('push_queue')
        .selectAll()
        .where('next_attempt_at', '<=', now)
        .orderBy('id')
        .limit(limit)
        .execute();
      return rows.map(toJob);
    },

    async claim(id, now, leaseUntil) {
      // One conditional update, so two nodes polling the same rows cannot both take one.
      const result = await db
        .updateTable('push_queue')
        .set((eb) => ({ attempts: eb('attempts', '+', 1), next_attempt_at: leaseUntil }))
        .where('id', '=', id)
        .where('next_attempt_at', '<=', now)
        .executeTakeFirst();
      return result.numUpdatedRows > 0n;
    },

    async claimMany(ids, now, leaseUntil) {
      if (ids.length === 0) return [];
      const rows = await db
        .updateTable('push_queue')
        .set((eb) => ({ attempts: eb('attempts', '+', 1), next_attempt_at: leaseUntil }))
        .where('id', 'in', [...ids])
        .where('next_attempt_at', '<=', now)
        .returning('id')
        .execute();
      return rows.map((row) => Number(row.id));
    },

    async finish(id) {
      await db.deleteFrom('push_queue').where('id', '=', id).execute();
    },

    async retryAt(id, at, error) {
      await db
        .updateTable('push_queue')
        .set({ next_attempt_at: at, last_error: error.slice(0, MAX_ERROR_LENGTH) })
        .where('id', '=', id)
        .execute();
    },

    async dropToken(sdkAppID, token) {
      const result = await db
        .deleteFrom('push_queue')
        .where('sdk_app_id', '=', sdkAppID)
        .where('token', '=', token)
        .executeTakeFirst();
      return Number(result.numDeletedRows);
    },

    async nextDueAt() {
      const row = await db
        .selectFrom('push_queue')
        .select((eb) => eb.fn.min('next_attempt_at').as('next'))
        .executeTakeFirst();
      const next = row?.next;
      return next === undefined || next === null ? undefined : Number(next);
    },

    async count() {
      const row = await db
        .selectFrom('push_queue')
        .select((eb) => eb.fn.countAll().as('rows'))
        .executeTakeFirstOrThrow();
      return Number(row.rows);
    },
  };
}

/** A row of a type this build does not know is skipped, not guessed at. */
function toProvider(row: Selectable<PushProvidersTable>): PushProviderRecord | undefined {
  const type = PUSH_PROVIDER_TYPES.find((known) => known === row.type);
  if (type === undefined) return undefined;
  return {
    sdkAppID: Number(row.sdk_app_id),
    businessID: Number(row.business_id),
    updatedAt: Number(row.updated_at),
    type,
    // Written only by `putProvider` from a checked record.
    config: JSON.parse(row.config),
  } as PushProviderRecord;
}

function toJob(row: Selectable<PushQueueTable>): PushJob {
  return {
    id: Number(row.id),
    sdkAppID: Number(row.sdk_app_id),
    msgKey: row.msg_key,
    userID: row.user_id,
    instanceID: row.instance_id,
    businessID: Number(row.business_id),
    token: row.token,
    platform: row.platform,
    payload: JSON.parse(row.payload),
    attempts: Number(row.attempts),
    createdAt: Number(row.created_at),
    lastError: row.last_error,
  };
}
