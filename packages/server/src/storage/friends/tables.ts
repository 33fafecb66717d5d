/** Row types of the friends tables (migration 0013). Times in ms since the epoch. */
export interface FriendsTable {
  sdk_app_id: number;
  user_id: string;
  friend_id: string;
  remark: string;
  add_source: string;
  add_wording: string;
  add_time: number;
  /** JSON object of `Tag_SNS_Custom_` fields, keys without the prefix. */
  custom_info: string;
  /** JSON array of friend group names. */
  groups: string;
}

export interface FriendApplicationsTable {
  sdk_app_id: number;
  from_user: string;
  to_user: string;
  add_source: string;
  add_wording: string;
  /** What the requester asked to call the friend, and the group to put them in. */
  remark: string;
  group_name: string;
  add_type: number;
  add_time: number;
}

export interface FriendGroupsTable {
  sdk_app_id: number;
  user_id: string;
  name: string;
  create_time: number;
}

export interface BlocklistTable {
  sdk_app_id: number;
  user_id: string;
  blocked_id: string;
  add_time: number;
}

export interface FriendApplicationReadsTable {
  sdk_app_id: number;
  user_id: string;
  read_at: number;
}

export interface FriendTables {
  friends: FriendsTable;
  friend_applications: FriendApplicationsTable;
  friend_groups: FriendGroupsTable;
  blocklist: BlocklistTable;
  friend_application_reads: FriendApplicationReadsTable;
}
