import { isPlatform } from '@parley/protocol';
import type { Kysely, Selectable } from 'kysely';
import type { PushRegistrationsTable, StorageSchema } from './schema.js';
import type { PushRegistration, PushRegistrationStore } from './types.js';

/** The push-registration store over the `push_registrations` table. */
export function createPushRegistrationStore(db: Kysely<StorageSchema>): PushRegistrationStore {
  return {
    async upsert(registration) {
      const saved: PushRegistration = { ...registration, updatedAt: registration.updatedAt ?? Date.now() };
      const row = {
        platform: saved.platform,
        business_id: saved.businessID,
        token: saved.token,
        updated_at: saved.updatedAt,
      };
      // One registration per instance: registering again (new token, next login) replaces the old one.
      await db
        .insertInto('push_registrations')
        .values({
          sdk_app_id: saved.sdkAppID,
          user_id: saved.userID,
          instance_id: saved.instanceID,
          ...row,
        })
        .onConflict((conflict) => conflict.columns(['sdk_app_id', 'user_id', 'instance_id']).doUpdateSet(row))
        .execute();
      return saved;
    },

    async listForUser(sdkAppID, userID) {
      const rows = await db
        .selectFrom('push_registrations')
        .selectAll()
        .where('sdk_app_id', '=', sdkAppID)
        .where('user_id', '=', userID)
        .orderBy('updated_at')
        .orderBy('instance_id')
        .execute();
      return rows.flatMap(toRecord);
    },

    async remove(sdkAppID, userID, instanceID) {
      const result = await db
        .deleteFrom('push_registrations')
        .where('sdk_app_id', '=', sdkAppID)
        .where('user_id', '=', userID)
        .where('instance_id', '=', instanceID)
        .executeTakeFirst();
      return result.numDeletedRows > 0n;
    },

    async setBackground(sdkAppID, userID, instanceID, background) {
      const result = await db
        .updateTable('push_registrations')
        .set({ background: background ? 1 : 0 })
        .where('sdk_app_id', '=', sdkAppID)
        .where('user_id', '=', userID)
        .where('instance_id', '=', instanceID)
        .executeTakeFirst();
      return result.numUpdatedRows > 0n;
    },
  };
}

/** A row as a record; a row with a platform this build does not know is skipped, not guessed at. */
function toRecord(row: Selectable<PushRegistrationsTable>): PushRegistration[] {
  if (!isPlatform(row.platform)) return [];
  return [
    {
      sdkAppID: Number(row.sdk_app_id),
      userID: row.user_id,
      instanceID: row.instance_id,
      platform: row.platform,
      businessID: Number(row.business_id),
      token: row.token,
      updatedAt: Number(row.updated_at),
      ...(Number(row.background) === 1 ? { background: true } : {}),
    },
  ];
}
