/** Custom group attributes (key → string) and group counters (key → integer), im-features §3.7–3.8. */
import type { Kysely } from 'kysely';
import type { StorageSchema } from '../schema.js';
import type { GroupStore } from './types.js';

type AttributeQueries = Pick<
  GroupStore,
  'attributes' | 'replaceAttributes' | 'upsertAttributes' | 'deleteAttributes' | 'counters' | 'setCounters'
>;

export function createAttributeQueries(db: Kysely<StorageSchema>): AttributeQueries {
  const upsert = async (sdkAppID: number, groupID: string, attributes: Record<string, string>) => {
    const rows = Object.entries(attributes).map(([key, value]) => ({
      sdk_app_id: sdkAppID,
      group_id: groupID,
      key,
      value,
    }));
    if (rows.length === 0) return;
    await db
      .insertInto('group_attributes')
      .values(rows)
      .onConflict((conflict) =>
        conflict
          .columns(['sdk_app_id', 'group_id', 'key'])
          .doUpdateSet((eb) => ({ value: eb.ref('excluded.value') })),
      )
      .execute();
  };
  return {
    async attributes(sdkAppID, groupID) {
      const rows = await db
        .selectFrom('group_attributes')
        .select(['key', 'value'])
        .where('sdk_app_id', '=', sdkAppID)
        .where('group_id', '=', groupID)
        .orderBy('key')
        .execute();
      return Object.fromEntries(rows.map((row) => [row.key, row.value]));
    },

    async replaceAttributes(sdkAppID, groupID, attributes) {
      await db
        .deleteFrom('group_attributes')
        .where('sdk_app_id', '=', sdkAppID)
        .where('group_id', '=', groupID)
        .execute();
      await upsert(sdkAppID, groupID, attributes);
    },

    upsertAttributes: upsert,

    async deleteAttributes(sdkAppID, groupID, keys) {
      let query = db
        .deleteFrom('group_attributes')
        .where('sdk_app_id', '=', sdkAppID)
        .where('group_id', '=', groupID);
      if (keys !== undefined) {
        if (keys.length === 0) return;
        query = query.where('key', 'in', [...keys]);
      }
      await query.execute();
    },

    async counters(sdkAppID, groupID) {
      const rows = await db
        .selectFrom('group_counters')
        .select(['key', 'value'])
        .where('sdk_app_id', '=', sdkAppID)
        .where('group_id', '=', groupID)
        .orderBy('key')
        .execute();
      return Object.fromEntries(rows.map((row) => [row.key, Number(row.value)]));
    },

    async setCounters(sdkAppID, groupID, counters) {
      const rows = Object.entries(counters).map(([key, value]) => ({
        sdk_app_id: sdkAppID,
        group_id: groupID,
        key,
        value,
      }));
      if (rows.length === 0) return;
      await db
        .insertInto('group_counters')
        .values(rows)
        .onConflict((conflict) =>
          conflict
            .columns(['sdk_app_id', 'group_id', 'key'])
            .doUpdateSet((eb) => ({ value: eb.ref('excluded.value') })),
        )
        .execute();
    },
  };
}
