/**
 * Request schemas of the group ops (docs/protocol.md "Groups"), registered with each op. Shapes,
 * enums and item counts only: a frame that breaks them is malformed (6017). Sizes in bytes are the
 * service's (10004), so a field just too long gets the group code; the bounds here are coarse.
 */
import { GROUP_LIMITS, GROUP_TYPES, type GroupOps, isValidUserID } from '@parley/protocol';
import { z } from 'zod';

/** Above every byte limit of §3.3 and §3.7 (4 KB attribute values), so those get 10004. */
const COARSE = 16 * 1024;
const userID = z.string().refine(isValidUserID, 'expected a UserID of 1 to 32 bytes of printable ASCII');
const groupID = z.string().min(1).max(256);
const text = z.string().max(COARSE);
const opt = z.union([z.literal(0), z.literal(1), z.literal(2)]);
const role = z.union([z.literal(200), z.literal(300), z.literal(400)]);
const fields = z.record(z.string().max(COARSE), z.string().max(COARSE));
const keys = z.array(z.string().max(COARSE)).max(100);
const g = { groupID };
const counterValue = z.number().int();
const applicationKey = z.strictObject({
  groupID,
  fromUser: userID,
  toUser: z.union([userID, z.literal('')]).optional(),
  reason: text.optional(),
});
const empty = z.strictObject({});

export const groupRequestSchemas = {
  createGroup: z.strictObject({
    groupType: z.enum(GROUP_TYPES),
    groupID: groupID.optional(),
    groupName: text,
    notification: text.optional(),
    introduction: text.optional(),
    faceUrl: text.optional(),
    isAllMuted: z.boolean().optional(),
    addOpt: opt.optional(),
    approveOpt: opt.optional(),
    customInfo: fields.optional(),
    isSupportTopic: z.boolean().optional(),
    memberList: z
      .array(z.strictObject({ userID, role: role.optional() }))
      .max(GROUP_LIMITS.initialMembers)
      .optional(),
  }),
  joinGroup: z.strictObject({ ...g, message: text.optional() }),
  quitGroup: z.strictObject(g),
  dismissGroup: z.strictObject(g),
  getJoinedGroupList: empty,
  getGroupsInfo: z.strictObject({ groupIDList: z.array(groupID).min(1).max(100) }),
  setGroupInfo: z.strictObject({
    ...g,
    groupName: text.optional(),
    notification: text.optional(),
    introduction: text.optional(),
    faceUrl: text.optional(),
    isAllMuted: z.boolean().optional(),
    addOpt: opt.optional(),
    approveOpt: opt.optional(),
    customInfo: fields.optional(),
  }),
  searchGroups: z.strictObject({
    keywordList: z.array(z.string().min(1).max(100)).min(1).max(GROUP_LIMITS.searchKeywords),
    isSearchGroupID: z.boolean().optional(),
    isSearchGroupName: z.boolean().optional(),
  }),
  getGroupOnlineMemberCount: z.strictObject(g),
  transferGroupOwner: z.strictObject({ ...g, userID }),
  getGroupMemberList: z.strictObject({
    ...g,
    filter: z.union([z.literal(0), z.literal(1), z.literal(2), z.literal(4)]).optional(),
    nextSeq: z
      .string()
      .regex(/^\d{1,15}$/, 'expected a non-negative integer as a string')
      .optional(),
    count: z.number().int().min(1).max(GROUP_LIMITS.memberPage).optional(),
  }),
  getGroupMembersInfo: z.strictObject({ ...g, memberList: z.array(userID).min(1).max(100) }),
  setGroupMemberInfo: z.strictObject({
    ...g,
    userID,
    nameCard: z.string().max(GROUP_LIMITS.nameCard).optional(),
    customInfo: fields.optional(),
  }),
  inviteUserToGroup: z.strictObject({ ...g, userList: z.array(userID).min(1).max(GROUP_LIMITS.invitees) }),
  kickGroupMember: z.strictObject({
    ...g,
    memberList: z.array(userID).min(1).max(GROUP_LIMITS.invitees),
    reason: text.optional(),
  }),
  setGroupMemberRole: z.strictObject({ ...g, userID, role }),
  muteGroupMember: z.strictObject({
    ...g,
    userID,
    seconds: z.number().int().min(0).max(0xffffffff),
  }),
  muteAllGroupMembers: z.strictObject({ ...g, isMute: z.boolean() }),
  getGroupApplicationList: empty,
  acceptGroupApplication: applicationKey,
  refuseGroupApplication: applicationKey,
  setGroupApplicationRead: empty,
  initGroupAttributes: z.strictObject({ ...g, attributes: fields }),
  setGroupAttributes: z.strictObject({ ...g, attributes: fields }),
  deleteGroupAttributes: z.strictObject({ ...g, keys: keys.optional() }),
  getGroupAttributes: z.strictObject({ ...g, keys: keys.optional() }),
  setGroupCounters: z.strictObject({ ...g, counters: z.record(z.string().max(COARSE), counterValue) }),
  getGroupCounters: z.strictObject({ ...g, keys: keys.optional() }),
  increaseGroupCounter: z.strictObject({ ...g, key: z.string().max(COARSE), value: counterValue }),
  decreaseGroupCounter: z.strictObject({ ...g, key: z.string().max(COARSE), value: counterValue }),
} satisfies Record<keyof GroupOps, z.ZodType>;
