/** Rows of the group tables as records (and back); bigint columns may come back as strings. */
import { GROUP_TYPES, type GroupMemberRole, type GroupType } from '@parley/protocol';
import type { Selectable } from 'kysely';
import type { GroupApplicationsTable, GroupMembersTable, GroupsTable } from './tables.js';
import type { ApplicationRecord, GroupRecord, MemberRecord } from './types.js';

export function toGroup(row: Selectable<GroupsTable>): GroupRecord {
  return {
    sdkAppID: Number(row.sdk_app_id),
    groupID: row.group_id,
    type: groupType(row.type),
    parentGroupID: row.parent_group_id,
    name: row.name,
    faceURL: row.face_url,
    introduction: row.introduction,
    notification: row.notification,
    ownerID: row.owner_id,
    addOpt: Number(row.add_opt),
    approveOpt: Number(row.approve_opt),
    allMuted: Number(row.all_muted) === 1,
    customInfo: parseFields(row.custom_info),
    createTime: Number(row.create_time),
    lastInfoTime: Number(row.last_info_time),
    memberCount: Number(row.member_count),
    maxMemberCount: Number(row.max_member_count),
    isSupportTopic: Number(row.is_support_topic) === 1,
    memberVersion: Number(row.member_version),
  };
}

export function toMember(row: Selectable<GroupMembersTable>): MemberRecord {
  return {
    userID: row.user_id,
    role: Number(row.role) as GroupMemberRole,
    nameCard: row.name_card,
    customInfo: parseFields(row.custom_info),
    muteUntil: Number(row.mute_until),
    joinTime: Number(row.join_time),
    recvOpt: Number(row.recv_opt),
  };
}

export function toApplication(row: Selectable<GroupApplicationsTable>): ApplicationRecord {
  return {
    groupID: row.group_id,
    fromUser: row.from_user,
    toUser: row.to_user,
    type: Number(row.type),
    requestMsg: row.request_msg,
    addTime: Number(row.add_time),
    handleStatus: Number(row.handle_status),
    handleResult: Number(row.handle_result),
    handledMsg: row.handled_msg,
    handledBy: row.handled_by,
  };
}

// Rows are written only through this store, so a bad value means the database was edited by hand.
function groupType(text: string): GroupType {
  const type = GROUP_TYPES.find((known) => known === text);
  if (type === undefined) throw new Error(`unknown group type ${JSON.stringify(text)} in the groups table`);
  return type;
}

function parseFields(text: string): Record<string, string> {
  const value: unknown = JSON.parse(text);
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return {};
  return Object.fromEntries(Object.entries(value).filter((entry) => typeof entry[1] === 'string'));
}
