/**
 * Request schemas of the friendship ops (docs/protocol.md "Friends"), registered with each op.
 * Shapes, enums and item counts only: a frame that breaks them is malformed (6017). Sizes in bytes
 * are the service's (30001), so a field just too long gets the friendship code.
 */
import { FRIEND_LIMITS, type FriendOps, isValidUserID } from '@parley/protocol';
import { z } from 'zod';

const COARSE = 4 * 1024;
const userID = z.string().refine(isValidUserID, 'expected a UserID of 1 to 32 bytes of printable ASCII');
const text = z.string().max(COARSE);
const ids = z.array(userID).min(1).max(FRIEND_LIMITS.idsPerCall);
const friendType = z.union([z.literal(1), z.literal(2)]);
const groupName = z.string().max(COARSE);
const empty = z.strictObject({});

export const friendRequestSchemas = {
  addFriend: z.strictObject({
    userID,
    remark: text.optional(),
    friendGroup: text.optional(),
    addWording: text.optional(),
    addSource: text.optional(),
    addType: friendType.optional(),
  }),
  getFriendApplicationList: empty,
  acceptFriendApplication: z.strictObject({
    userID,
    responseType: z.union([z.literal(0), z.literal(1)]).optional(),
    remark: text.optional(),
  }),
  refuseFriendApplication: z.strictObject({ userID }),
  deleteFriendApplication: z.strictObject({ userID, type: friendType.optional() }),
  setFriendApplicationRead: empty,
  getFriendList: empty,
  getFriendsInfo: z.strictObject({ userIDList: ids }),
  setFriendInfo: z.strictObject({
    userID,
    friendRemark: text.optional(),
    friendCustomInfo: z.record(z.string().max(64), text).optional(),
  }),
  checkFriend: z.strictObject({ userIDList: ids, checkType: friendType.optional() }),
  deleteFromFriendList: z.strictObject({ userIDList: ids, deleteType: friendType.optional() }),
  createFriendGroup: z.strictObject({
    groupName,
    userIDList: z.array(userID).max(FRIEND_LIMITS.idsPerCall).optional(),
  }),
  getFriendGroups: z.strictObject({
    groupNameList: z.array(groupName).max(FRIEND_LIMITS.friendGroups).optional(),
  }),
  deleteFriendGroup: z.strictObject({
    groupNameList: z.array(groupName).min(1).max(FRIEND_LIMITS.friendGroups),
  }),
  renameFriendGroup: z.strictObject({ oldName: groupName, newName: groupName }),
  addFriendsToFriendGroup: z.strictObject({ groupName, userIDList: ids }),
  deleteFriendsFromFriendGroup: z.strictObject({ groupName, userIDList: ids }),
  addToBlackList: z.strictObject({ userIDList: ids }),
  deleteFromBlackList: z.strictObject({ userIDList: ids }),
  getBlackList: empty,
} satisfies Record<keyof FriendOps, z.ZodType>;
