/**
 * Tables of groups (migration 0008), snake_case as stored. Booleans are integers 0/1, times are
 * milliseconds and custom fields are JSON objects as text, so the rows read the same on SQLite and
 * PostgreSQL.
 */

/** One group (or, later, one community topic: `parent_group_id` names its community). */
export interface GroupsTable {
  sdk_app_id: number;
  group_id: string;
  type: string;
  parent_group_id: string | null;
  name: string;
  face_url: string;
  introduction: string;
  notification: string;
  owner_id: string;
  add_opt: number;
  approve_opt: number;
  all_muted: number;
  custom_info: string;
  create_time: number;
  last_info_time: number;
  member_count: number;
  max_member_count: number;
  is_support_topic: number;
  /** Bumped by every change of the member rows: caches of the member list compare it. */
  member_version: number;
}

export interface GroupMembersTable {
  sdk_app_id: number;
  group_id: string;
  user_id: string;
  role: number;
  name_card: string;
  custom_info: string;
  /** ms since the epoch; 0 when not muted. */
  mute_until: number;
  join_time: number;
  recv_opt: number;
}

/** The members a `member_version` of a group changed (added, removed or edited). */
export interface GroupMemberChangesTable {
  sdk_app_id: number;
  group_id: string;
  version: number;
  user_id: string;
}

/** A join request (`to_user` = '') or an invitation waiting for approval. */
export interface GroupApplicationsTable {
  sdk_app_id: number;
  group_id: string;
  from_user: string;
  to_user: string;
  type: number;
  request_msg: string;
  add_time: number;
  handle_status: number;
  handle_result: number;
  handled_msg: string;
  handled_by: string;
}

export interface GroupApplicationReadsTable {
  sdk_app_id: number;
  user_id: string;
  read_at: number;
}

export interface GroupAttributesTable {
  sdk_app_id: number;
  group_id: string;
  key: string;
  value: string;
}

export interface GroupCountersTable {
  sdk_app_id: number;
  group_id: string;
  key: string;
  value: number;
}

export interface GroupTables {
  groups: GroupsTable;
  group_members: GroupMembersTable;
  group_member_changes: GroupMemberChangesTable;
  group_applications: GroupApplicationsTable;
  group_application_reads: GroupApplicationReadsTable;
  group_attributes: GroupAttributesTable;
  group_counters: GroupCountersTable;
}
