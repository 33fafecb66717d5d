import type { Kysely } from 'kysely';
import type { StorageSchema } from './schema.js';
import type { ActivityStore } from './types.js';

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const MONTH = /^\d{4}-\d{2}$/;

/** The activity store over `login_days`: one row per user per UTC day, so counting is counting rows. */
export function createActivityStore(db: Kysely<StorageSchema>): ActivityStore {
  return {
    async recordLogin(sdkAppID, userID, day) {
      assertFormat(day, DAY, 'day', 'YYYY-MM-DD');
      const result = await db
        .insertInto('login_days')
        .values({ sdk_app_id: sdkAppID, day, user_id: userID })
        .onConflict((conflict) => conflict.columns(['sdk_app_id', 'day', 'user_id']).doNothing())
        .executeTakeFirst();
      return (result.numInsertedOrUpdatedRows ?? 0n) > 0n;
    },

    async dailyActiveUsers(sdkAppID, day) {
      assertFormat(day, DAY, 'day', 'YYYY-MM-DD');
      const row = await db
        .selectFrom('login_days')
        .select((eb) => eb.fn.countAll().as('users'))
        .where('sdk_app_id', '=', sdkAppID)
        .where('day', '=', day)
        .executeTakeFirstOrThrow();
      return Number(row.users);
    },

    async monthlyActiveUsers(sdkAppID, month) {
      assertFormat(month, MONTH, 'month', 'YYYY-MM');
      // The same days as `day LIKE 'YYYY-MM-%'`, written as a range so the primary key serves it.
      const row = await db
        .selectFrom('login_days')
        .select((eb) => eb.fn.count('user_id').distinct().as('users'))
        .where('sdk_app_id', '=', sdkAppID)
        .where('day', '>=', `${month}-01`)
        .where('day', '<=', `${month}-31`)
        .executeTakeFirstOrThrow();
      return Number(row.users);
    },

    async dailyActiveUsersBetween(sdkAppID, fromDay, toDay) {
      assertFormat(fromDay, DAY, 'fromDay', 'YYYY-MM-DD');
      assertFormat(toDay, DAY, 'toDay', 'YYYY-MM-DD');
      const rows = await db
        .selectFrom('login_days')
        .select(['day', (eb) => eb.fn.countAll().as('users')])
        .where('sdk_app_id', '=', sdkAppID)
        .where('day', '>=', fromDay)
        .where('day', '<=', toDay)
        .groupBy('day')
        .orderBy('day')
        .execute();
      return rows.map((row) => ({ day: row.day, users: Number(row.users) }));
    },
  };
}

// A malformed day would be stored or matched silently and skew the counts; it is a caller's bug.
function assertFormat(value: string, format: RegExp, name: string, shape: string): void {
  if (!format.test(value))
    throw new RangeError(`${name} must look like ${shape}, got ${JSON.stringify(value)}`);
}
