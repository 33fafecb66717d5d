/**
 * The user-status store: subscriptions (per user, not per device) and custom statuses. The limit
 * and eviction are decided by the caller inside a transaction (services/status/subscriptions.ts).
 */
import type { Kysely } from 'kysely';
import type { StorageSchema } from '../schema.js';

export interface PresenceStore {
  /** The users `subscriberID` watches, oldest subscription first. */
  subscriptionsOf(sdkAppID: number, subscriberID: string): Promise<string[]>;
  /** The users watching `userID`: what a node loads to fan out that user's changes. */
  subscribersOf(sdkAppID: number, userID: string): Promise<string[]>;
  /** Adds subscriptions in the order given, after every existing one; existing pairs are kept as they were. */
  addSubscriptions(
    sdkAppID: number,
    subscriberID: string,
    userIDs: readonly string[],
    ordinal: number,
  ): Promise<void>;
  /**
   * Drops the listed subscriptions, or all of the subscriber's when `userIDs` is undefined; resolves
   * the users whose subscriptions were really there (what a subscriber index must forget).
   */
  removeSubscriptions(sdkAppID: number, subscriberID: string, userIDs?: readonly string[]): Promise<string[]>;
  /** Custom statuses of the users that have one. */
  customStatuses(sdkAppID: number, userIDs: readonly string[]): Promise<Map<string, string>>;
  /** Sets (or with `''` clears) a user's custom status. */
  setCustomStatus(sdkAppID: number, userID: string, customStatus: string, now: number): Promise<void>;
  /**
   * Removes everything about a deleted account: its subscriptions, the subscriptions to it and its
   * custom status. Resolves the users whose subscriber lists changed (those it subscribed to).
   */
  forgetUser(sdkAppID: number, userID: string): Promise<string[]>;
}

/** Rows per `IN (…)` list, well under SQLite's and PostgreSQL's parameter limits. */
const CHUNK = 500;

export function createPresenceStore(db: Kysely<StorageSchema>): PresenceStore {
  return {
    async subscriptionsOf(sdkAppID, subscriberID) {
      const rows = await db
        .selectFrom('status_subscriptions')
        .select('user_id')
        .where('sdk_app_id', '=', sdkAppID)
        .where('subscriber_id', '=', subscriberID)
        .orderBy('ordinal')
        .orderBy('user_id')
        .execute();
      return rows.map((row) => row.user_id);
    },

    async subscribersOf(sdkAppID, userID) {
      const rows = await db
        .selectFrom('status_subscriptions')
        .select('subscriber_id')
        .where('sdk_app_id', '=', sdkAppID)
        .where('user_id', '=', userID)
        .execute();
      return rows.map((row) => row.subscriber_id);
    },

    async addSubscriptions(sdkAppID, subscriberID, userIDs, ordinal) {
      for (let start = 0; start < userIDs.length; start += CHUNK) {
        const values = userIDs.slice(start, start + CHUNK).map((userID, i) => ({
          sdk_app_id: sdkAppID,
          subscriber_id: subscriberID,
          user_id: userID,
          ordinal: ordinal + start + i,
        }));
        await db
          .insertInto('status_subscriptions')
          .values(values)
          .onConflict((conflict) => conflict.columns(['sdk_app_id', 'subscriber_id', 'user_id']).doNothing())
          .execute();
      }
    },

    async removeSubscriptions(sdkAppID, subscriberID, userIDs) {
      const base = db
        .deleteFrom('status_subscriptions')
        .where('sdk_app_id', '=', sdkAppID)
        .where('subscriber_id', '=', subscriberID)
        .returning('user_id');
      if (userIDs === undefined) return (await base.execute()).map((row) => row.user_id);
      const removed: string[] = [];
      for (let start = 0; start < userIDs.length; start += CHUNK) {
        const rows = await base.where('user_id', 'in', userIDs.slice(start, start + CHUNK)).execute();
        for (const row of rows) removed.push(row.user_id);
      }
      return removed;
    },

    async customStatuses(sdkAppID, userIDs) {
      const found = new Map<string, string>();
      for (let start = 0; start < userIDs.length; start += CHUNK) {
        const rows = await db
          .selectFrom('user_custom_status')
          .select(['user_id', 'custom_status'])
          .where('sdk_app_id', '=', sdkAppID)
          .where('user_id', 'in', userIDs.slice(start, start + CHUNK))
          .execute();
        for (const row of rows) found.set(row.user_id, row.custom_status);
      }
      return found;
    },

    async setCustomStatus(sdkAppID, userID, customStatus, now) {
      if (customStatus === '') {
        await db
          .deleteFrom('user_custom_status')
          .where('sdk_app_id', '=', sdkAppID)
          .where('user_id', '=', userID)
          .execute();
        return;
      }
      const row = { custom_status: customStatus, updated_at: now };
      await db
        .insertInto('user_custom_status')
        .values({ sdk_app_id: sdkAppID, user_id: userID, ...row })
        .onConflict((conflict) => conflict.columns(['sdk_app_id', 'user_id']).doUpdateSet(row))
        .execute();
    },

    async forgetUser(sdkAppID, userID) {
      const watched = await db
        .deleteFrom('status_subscriptions')
        .where('sdk_app_id', '=', sdkAppID)
        .where('subscriber_id', '=', userID)
        .returning('user_id')
        .execute();
      await db
        .deleteFrom('status_subscriptions')
        .where('sdk_app_id', '=', sdkAppID)
        .where('user_id', '=', userID)
        .execute();
      await db
        .deleteFrom('user_custom_status')
        .where('sdk_app_id', '=', sdkAppID)
        .where('user_id', '=', userID)
        .execute();
      return watched.map((row) => row.user_id).filter((id) => id !== userID);
    },
  };
}
