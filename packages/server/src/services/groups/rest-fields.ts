/**
 * The REST vocabulary of groups (im-features.md §8.2, `group_open_http_svc`): type names (with the
 * legacy `Private` = Work and `ChatRoom` = Meeting), join options, roles, `On`/`Off` switches and
 * `[{Key, Value}]` lists, and how a group service reply becomes a REST result.
 */
import {
  ErrorCode,
  GroupAddOpt,
  GroupMemberRole,
  type GroupType,
  type WireGroupInfo,
  type WireGroupMember,
} from '@parley/protocol';
import { z } from 'zod';
import { fail, ok, type RestFields, type RestResult } from '../../rest/envelope.js';
import { text } from '../../rest/fields.js';
import type { GroupActor } from './core.js';
import type { Reply } from './result.js';

const TYPE_NAMES: Record<string, GroupType> = {
  Work: 'Work',
  Private: 'Work',
  Public: 'Public',
  Meeting: 'Meeting',
  ChatRoom: 'Meeting',
  AVChatRoom: 'AVChatRoom',
  Community: 'Community',
};

/** A group type by its REST name; legacy names map to today's types. */
export const groupType = text.refine((name) => name in TYPE_NAMES, {
  message: 'must be Work, Public, Meeting, AVChatRoom or Community (or Private, ChatRoom)',
});
export const toGroupType = (name: string): GroupType => TYPE_NAMES[name] ?? 'Public';

const JOIN_OPTIONS = {
  FreeAccess: GroupAddOpt.ANY,
  NeedPermission: GroupAddOpt.AUTH,
  DisableApply: GroupAddOpt.FORBID,
};
const JOIN_OPTION_NAMES = ['DisableApply', 'NeedPermission', 'FreeAccess'] as const;

/** `ApplyJoinOption` / `InviteJoinOption`. */
export const joinOption = z
  .enum(['FreeAccess', 'NeedPermission', 'DisableApply'])
  .transform((o) => JOIN_OPTIONS[o]);
export const joinOptionName = (opt: number): string => JOIN_OPTION_NAMES[opt] ?? 'NeedPermission';

/** A member role as REST writes it. */
export const roleName = (role: number): string =>
  role === GroupMemberRole.OWNER ? 'Owner' : role === GroupMemberRole.ADMIN ? 'Admin' : 'Member';

/** `On` / `Off`. */
export const onOff = z.enum(['On', 'Off']).transform((v) => v === 'On');

/** `[{Key, Value}]`, the original's custom-field lists. */
export const keyValues = z
  .array(z.object({ Key: text, Value: text }))
  .transform((list) => Object.fromEntries(list.map((kv) => [kv.Key, kv.Value])));
export const toKeyValues = (map: Readonly<Record<string, string>>) =>
  Object.entries(map).map(([Key, Value]) => ({ Key, Value }));

export const groupID = text.min(1, { message: 'must not be empty' });

/** The app admin (REST), acting with owner rights in any group. */
export const adminActor = (sdkAppID: number, admin: string): GroupActor => ({
  sdkAppID,
  userID: admin,
  isAppAdmin: true,
  origin: { clientIP: '', platform: 'RESTAPI' },
});

/** A group service reply as a REST result: its code and description, else `fields(data)`. */
export function restReply<D>(reply: Reply<D>, fields: (data: D) => RestFields = () => ({})): RestResult {
  if (reply.code !== 0 || reply.data === undefined)
    return fail(reply.code === 0 ? ErrorCode.ERR_SVR_GROUP_INTERNAL_ERROR : reply.code, reply.desc);
  return ok(fields(reply.data));
}

const seconds = (ms: number) => Math.floor(ms / 1000);

/** A group as `get_group_info` and `get_joined_group_list` answer it. */
export function restGroup(group: WireGroupInfo): RestFields {
  return {
    GroupId: group.groupID,
    Type: group.groupType,
    Name: group.groupName,
    Introduction: group.introduction,
    Notification: group.notification,
    FaceUrl: group.faceUrl,
    Owner_Account: group.owner,
    CreateTime: seconds(group.createTime),
    LastInfoTime: seconds(group.lastInfoTime),
    MemberNum: group.memberCount,
    MaxMemberNum: group.memberMaxCount,
    ApplyJoinOption: joinOptionName(group.groupAddOpt),
    InviteJoinOption: joinOptionName(group.groupApproveOpt),
    ShutUpAllMember: group.isAllMuted ? 'On' : 'Off',
    SupportTopic: group.isSupportTopic ? 1 : 0,
    AppDefinedData: toKeyValues(group.customInfo),
  };
}

/** A member as `get_group_member_info` answers it. */
export function restMember(member: WireGroupMember): RestFields {
  return {
    Member_Account: member.userID,
    Role: roleName(member.role),
    JoinTime: seconds(member.joinTime),
    NameCard: member.nameCard,
    ShutUpUntil: seconds(member.muteUntil),
    AppMemberDefinedData: toKeyValues(member.customInfo),
  };
}
