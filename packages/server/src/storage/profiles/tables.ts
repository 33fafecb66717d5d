/** Tables of profiles and receive options (migration 0012); profile fields live on `accounts`. */

/** One subscription of `subscriber` to `target`'s profile changes (`subscribeUserInfo`). */
export interface ProfileSubscriptionsTable {
  sdk_app_id: number;
  subscriber: string;
  target: string;
  created_at: number;
}

/** `user_id`'s receive option for its conversation with `peer_id`; absent = 0 (receive). */
export interface C2CReceiveOptsTable {
  sdk_app_id: number;
  user_id: string;
  peer_id: string;
  opt: number;
}

/** The user's global receive option (quiet hours); absent = receive everything. */
export interface AllReceiveOptsTable {
  sdk_app_id: number;
  user_id: string;
  opt: number;
  start_hour: number;
  start_minute: number;
  start_second: number;
  /** Unix seconds; 0 when the option starts daily at the hour, minute and second. */
  start_time_stamp: number;
  duration: number;
}

export interface ProfileTables {
  profile_subscriptions: ProfileSubscriptionsTable;
  c2c_receive_opts: C2CReceiveOptsTable;
  all_receive_opts: AllReceiveOptsTable;
}
