/** Row types of the user-status tables (migration 0014). */

/** One row per (subscriber, watched user); `ordinal` orders a subscriber's rows, oldest first. */
export interface StatusSubscriptionsTable {
  sdk_app_id: number;
  subscriber_id: string;
  user_id: string;
  ordinal: number;
}

/** A user's custom status; no row means none. */
export interface UserCustomStatusTable {
  sdk_app_id: number;
  user_id: string;
  custom_status: string;
  updated_at: number;
}

export interface PresenceTables {
  status_subscriptions: StatusSubscriptionsTable;
  user_custom_status: UserCustomStatusTable;
}
