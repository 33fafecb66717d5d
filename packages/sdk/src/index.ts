/**
 * `@parley/sdk`: the Parley client SDK with a V2TIM-shaped API. This entry is the browser and React
 * Native one (global `WebSocket`, no Node built-ins); Node resolves `node.ts`, which adds `ws`.
 */
export { AT_ALL_TAG, ErrorCode, GroupAtType, KickReason, MessagePriority } from '@parley/protocol';
export {
  V2TimSDKEvent,
  type V2TimSDKEventHandler,
  type V2TimSDKEventMap,
  type V2TimSDKEventName,
  type V2TimSDKEventObject,
} from './events.js';
export * from './friend-types.js';
export * from './group-types.js';
export { V2TIMConversationManager } from './manager/conversation-manager.js';
export { V2TIMFriendshipManager } from './manager/friendship-manager.js';
export { V2TIMGroupManager } from './manager/group-manager.js';
export { V2TIMMessageManager } from './manager/message-manager.js';
export { V2TIMOfflinePushManager } from './manager/offline-push-manager.js';
export { V2TIMSignalingManager } from './manager/signaling-manager.js';
export type { V2TimSetAllReceiveMessageOptParams } from './manager/user-calls.js';
export { V2TIMManager } from './manager/v2tim-manager.js';
export * from './message-extras-types.js';
export {
  type ListenerArgument,
  type V2TimAdvancedMsgListener,
  type V2TimC2CHistoryParams,
  type V2TimConversationIDParams,
  type V2TimConversationListener,
  type V2TimCreateCustomMessageParams,
  type V2TimCreateTextMessageParams,
  type V2TimCustomElem,
  V2TimElemType,
  type V2TimGroupMessageReadMemberList,
  V2TimHistoryMessageGetType,
  type V2TimHistoryMessageListParams,
  type V2TimMessage,
  type V2TimMessageChangeInfo,
  type V2TimMessageReceipt,
  V2TimMessageStatus,
  type V2TimModifyMessageParams,
  type V2TimMsgCreateInfoResult,
  type V2TimTextElem,
} from './message-types.js';
export { createImSDKPlugin, ImSDK, ImSDKPlugin } from './plugin.js';
export * from './signaling-types.js';
export {
  setDefaultWebSocket,
  type WebSocketCloseEventLike,
  type WebSocketConstructor,
  type WebSocketLike,
  type WebSocketMessageEventLike,
} from './transport.js';
export {
  type InitSDKOptions,
  type ReconnectOptions,
  type V2TimCallback,
  type V2TimConversation,
  type V2TimConversationResult,
  V2TimConversationType,
  type V2TimGetConversationListParams,
  type V2TimKickedOutType,
  type V2TimLoginResult,
  V2TimLoginStatus,
  V2TimLogLevel,
  V2TimNetState,
  type V2TimOfflinePushConfig,
  type V2TimOfflinePushInfo,
  type V2TimOnlineDevice,
  V2TimPlatform,
  V2TimReceiveMessageOpt,
  type V2TimReceiveMessageOptInfo,
  type V2TimReceiveMessageOptInfoForUser,
  type V2TimSDKListener,
  type V2TimSendMessageParams,
  type V2TimUserFullInfo,
  type V2TimUserSearchParam,
  type V2TimUserSearchResult,
  type V2TimUserStatus,
  V2TimUserStatusType,
  type V2TimValueCallback,
} from './types.js';
