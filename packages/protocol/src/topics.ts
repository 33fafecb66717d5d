/**
 * Community topics on the wire (im-features §3.10, docs/groups.md "Community and topics"). A topic
 * is a channel of a topic-enabled Community: the community's members are its members, and its
 * messages use the ordinary group message ops with the topic ID as `groupID`.
 */
import type { WireGroupAtInfo } from './group-messages.js';
import type { WireGroupInfo } from './groups.js';
import type { WireMessage } from './messages.js';

/** What sits between a community's ID and a topic's own suffix: `<communityID>@TOPIC#_<suffix>`. */
export const TOPIC_ID_MARK = '@TOPIC#_';

/** Field sizes of a topic in UTF-8 bytes, and item counts (im-features §3.10). */
export const TOPIC_LIMITS = Object.freeze({
  topicName: 150,
  topicFaceUrl: 500,
  introduction: 400,
  notification: 400,
  customString: 4096,
  /** A caller-chosen suffix: printable ASCII, so the whole ID stays a valid group ID. */
  suffix: 48,
  /** Topic IDs per delete or info call. */
  topicIDs: 100,
} as const);

/** The community a topic ID belongs to, or `undefined` when the ID is not a topic's. */
export function communityOfTopic(topicID: string): string | undefined {
  const at = topicID.indexOf(TOPIC_ID_MARK);
  return at > 0 ? topicID.slice(0, at) : undefined;
}

/** The editable fields of a topic; absent fields keep their value (or default to empty on create). */
export interface TopicFields {
  topicName?: string;
  topicFaceUrl?: string;
  introduction?: string;
  notification?: string;
  customString?: string;
  isAllMuted?: boolean;
}

/** A topic's profile: the same for every member (what `onTopicChanged` carries). */
export interface WireTopicProfile {
  topicID: string;
  topicName: string;
  topicFaceUrl: string;
  introduction: string;
  notification: string;
  customString: string;
  isAllMuted: boolean;
  createTime: number;
}

/** `V2TimTopicInfo` as `getTopicInfoList` sends it: the profile and the caller's own conversation. */
export interface WireTopicInfo extends WireTopicProfile {
  /** ms since the epoch until which the caller is muted in the community (so in every topic); 0 if not. */
  selfMuteTime: number;
  /** The caller's receive option, inherited from the community. */
  recvOpt: number;
  unreadCount: number;
  /** The seq the caller has read up to. */
  readSequence: number;
  lastMessage?: WireMessage;
  groupAtInfoList: WireGroupAtInfo[];
  draftText: string;
}

/** One topic's outcome in `deleteTopicFromCommunity`. */
export interface TopicOperationResult {
  topicID: string;
  errorCode: number;
  errorMessage: string;
}

/** One topic's outcome in `getTopicInfoList`. */
export interface TopicInfoResult {
  errorCode: number;
  errorMessage: string;
  topicInfo?: WireTopicInfo;
}

type C = { groupID: string };

/** Op → request and reply data of the community and topic ops. */
export interface TopicOps {
  /** Topic-enabled communities the caller is in. */
  getJoinedCommunityList: {
    request: Record<string, never>;
    reply: { groupList: WireGroupInfo[] };
  };
  /** `topicID`, when given, is the whole ID (`<communityID>@TOPIC#_<suffix>`) or only its suffix. */
  createTopicInCommunity: {
    request: C & { topicInfo: TopicFields & { topicID?: string } };
    reply: { topicID: string };
  };
  deleteTopicFromCommunity: {
    request: C & { topicIDList: string[] };
    reply: { results: TopicOperationResult[] };
  };
  setTopicInfo: { request: { topicInfo: TopicFields & { topicID: string } }; reply: Record<string, never> };
  /** An empty `topicIDList` lists every topic of the community. */
  getTopicInfoList: {
    request: C & { topicIDList: string[] };
    reply: { results: TopicInfoResult[] };
  };
}

/** The topic events of a `groupEvent` push; its `groupID` is the community's. */
export type TopicEvent =
  | { type: 'TopicCreated'; topicID: string }
  | { type: 'TopicDeleted'; topicIDList: string[] }
  | { type: 'TopicChanged'; topicInfo: WireTopicProfile };
