/**
 * Request schemas of the community and topic ops (docs/protocol.md "Community topics"). Shapes and
 * counts only (6017 when broken); byte sizes and the topic ID's form are the service's (10004).
 */
import { TOPIC_LIMITS, type TopicOps } from '@parley/protocol';
import { z } from 'zod';

const COARSE = 16 * 1024;
const groupID = z.string().min(1).max(256);
const topicID = z.string().min(1).max(512);
const fields = {
  topicName: z.string().max(COARSE).optional(),
  topicFaceUrl: z.string().max(COARSE).optional(),
  introduction: z.string().max(COARSE).optional(),
  notification: z.string().max(COARSE).optional(),
  customString: z.string().max(COARSE).optional(),
  isAllMuted: z.boolean().optional(),
};
const topicIDList = z.array(topicID).max(TOPIC_LIMITS.topicIDs);

export const topicRequestSchemas = {
  getJoinedCommunityList: z.strictObject({}),
  createTopicInCommunity: z.strictObject({
    groupID,
    topicInfo: z.strictObject({ ...fields, topicID: topicID.optional() }),
  }),
  deleteTopicFromCommunity: z.strictObject({ groupID, topicIDList: topicIDList.min(1) }),
  setTopicInfo: z.strictObject({ topicInfo: z.strictObject({ ...fields, topicID }) }),
  getTopicInfoList: z.strictObject({ groupID, topicIDList }),
} satisfies Record<keyof TopicOps, z.ZodType>;
