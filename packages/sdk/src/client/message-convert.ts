/** Wire messages and conversations (`@parley/protocol`) turned into the V2TIM shapes, and back. */
import {
  ElemType,
  type MessageElem,
  type WireConversation,
  type WireGroupConversation,
  type WireMessage,
} from '@parley/protocol';
import { V2TimElemType, type V2TimMessage, V2TimMessageStatus } from '../message-types.js';
import { type V2TimConversation, V2TimConversationType } from '../types.js';

const C2C_PREFIX = 'c2c_';
const GROUP_PREFIX = 'group_';

export function c2cConversationID(userID: string): string {
  return `${C2C_PREFIX}${userID}`;
}

export function groupConversationID(groupID: string): string {
  return `${GROUP_PREFIX}${groupID}`;
}

/** The message cache's key of a group (a tab never occurs in a UserID, so never a peer's key). */
export function groupCacheKey(groupID: string): string {
  return `group\t${groupID}`;
}

/** The peer of a `c2c_<userID>` ID, the group of a `group_<groupID>` ID; undefined otherwise. */
export function parseConversationID(
  id: unknown,
): { kind: 'c2c'; userID: string } | { kind: 'group'; groupID: string } | undefined {
  if (typeof id !== 'string') return undefined;
  if (id.startsWith(C2C_PREFIX) && id.length > C2C_PREFIX.length)
    return { kind: 'c2c', userID: id.slice(C2C_PREFIX.length) };
  if (id.startsWith(GROUP_PREFIX) && id.length > GROUP_PREFIX.length)
    return { kind: 'group', groupID: id.slice(GROUP_PREFIX.length) };
  return undefined;
}

/**
 * The message as the logged-in user `me` sees it; `readTime` (ms) is the user's read marker of the
 * conversation, which decides `isRead` of incoming messages.
 */
export function toV2TimMessage(
  wire: WireMessage,
  me: string,
  readTime: number,
  localCustomData = '',
): V2TimMessage {
  const isSelf = wire.sender === me;
  const first = wire.elemList[0];
  const message: V2TimMessage = {
    msgID: wire.msgID,
    id: wire.msgID,
    timestamp: Math.floor(wire.time / 1000),
    sender: wire.sender,
    ...(wire.groupID === undefined
      ? { userID: isSelf ? wire.receiver : wire.sender }
      : { groupID: wire.groupID }),
    seq: wire.seq,
    random: wire.random,
    status: wire.revoked
      ? V2TimMessageStatus.V2TIM_MSG_STATUS_LOCAL_REVOKED
      : V2TimMessageStatus.V2TIM_MSG_STATUS_SEND_SUCC,
    elemType: V2TimElemType.V2TIM_ELEM_TYPE_NONE,
    cloudCustomData: wire.cloudCustomData,
    localCustomData,
    isSelf,
    isRead: isSelf || wire.onlineUserOnly || wire.time <= readTime,
    isPeerRead: isSelf && wire.isPeerRead,
    isExcludedFromUnreadCount: wire.excludedFromUnreadCount,
    isExcludedFromLastMessage: wire.excludedFromLastMessage,
    isOnlineUserOnly: wire.onlineUserOnly,
    version: wire.version,
    priority: 0,
    ...(wire.supportMessageExtension ? { supportMessageExtension: true } : {}),
  };
  if (first?.elemType === ElemType.TEXT) {
    message.elemType = V2TimElemType.V2TIM_ELEM_TYPE_TEXT;
    message.textElem = { text: first.text };
  } else if (first?.elemType === ElemType.CUSTOM) {
    message.elemType = V2TimElemType.V2TIM_ELEM_TYPE_CUSTOM;
    message.customElem = {
      data: first.data,
      ...(first.desc === undefined ? {} : { desc: first.desc }),
      ...(first.extension === undefined ? {} : { extension: first.extension }),
    };
  } else if (first?.elemType === ElemType.GROUP_TIPS) {
    message.elemType = V2TimElemType.V2TIM_ELEM_TYPE_GROUP_TIPS;
    message.groupTipsElem = first;
  } else if (first) {
    Object.assign(message, mediaView(first));
  }
  if (wire.groupAtUserList) message.groupAtUserList = [...wire.groupAtUserList];
  if (wire.nameCard) message.nameCard = wire.nameCard;
  if (wire.nickName) message.nickName = wire.nickName;
  if (wire.faceUrl) message.faceUrl = wire.faceUrl;
  if (wire.needReadReceipt) message.needReadReceipt = true;
  if (wire.revoked) {
    message.revokerInfo = { userID: wire.revoker ?? wire.sender };
    message.revokeReason = wire.revokeReason ?? '';
  }
  return message;
}

/**
 * Makes the file URLs of every media element in `value` (a reply or a push, walked in place)
 * absolute with the server's HTTP `origin`: the server writes them relative to itself.
 */
export function absolutizeMediaURLs(value: unknown, origin: string): void {
  if (Array.isArray(value)) {
    for (const item of value) absolutizeMediaURLs(item, origin);
    return;
  }
  if (typeof value !== 'object' || value === null) return;
  const record = value as Record<string, unknown>;
  const type = record.elemType;
  if (
    typeof type === 'number' &&
    ((type >= ElemType.IMAGE && type <= ElemType.FILE) || type === ElemType.MERGER)
  ) {
    for (const key of ['url', 'videoUrl', 'snapshotUrl']) {
      const url = record[key];
      if (typeof url === 'string' && url.startsWith('/')) record[key] = `${origin}${url}`;
    }
    if (Array.isArray(record.imageList))
      for (const image of record.imageList as Record<string, unknown>[])
        if (typeof image.url === 'string' && image.url.startsWith('/')) image.url = `${origin}${image.url}`;
    return;
  }
  for (const child of Object.values(record)) absolutizeMediaURLs(child, origin);
}

/** The V2TIM fields of a media, location or face element (`elemType` and its `…Elem`). */
function mediaView(elem: MessageElem): Partial<V2TimMessage> {
  switch (elem.elemType) {
    case ElemType.IMAGE:
      return {
        elemType: V2TimElemType.V2TIM_ELEM_TYPE_IMAGE,
        imageElem: {
          uuid: elem.uuid,
          imageList: (elem.imageList ?? []).map((image) => ({ ...image, url: image.url })),
        },
      };
    case ElemType.SOUND:
      return {
        elemType: V2TimElemType.V2TIM_ELEM_TYPE_SOUND,
        soundElem: {
          UUID: elem.uuid,
          duration: elem.duration,
          dataSize: elem.dataSize ?? 0,
          url: elem.url ?? '',
        },
      };
    case ElemType.VIDEO:
      return {
        elemType: V2TimElemType.V2TIM_ELEM_TYPE_VIDEO,
        videoElem: {
          UUID: elem.uuid,
          ...(elem.videoType === undefined ? {} : { type: elem.videoType }),
          duration: elem.duration,
          videoSize: elem.videoSize ?? 0,
          videoUrl: elem.videoUrl ?? '',
          ...(elem.snapshotUUID === undefined
            ? {}
            : {
                snapshotUUID: elem.snapshotUUID,
                snapshotSize: elem.snapshotSize ?? 0,
                snapshotWidth: elem.snapshotWidth ?? 0,
                snapshotHeight: elem.snapshotHeight ?? 0,
                snapshotUrl: elem.snapshotUrl ?? '',
              }),
        },
      };
    case ElemType.FILE:
      return {
        elemType: V2TimElemType.V2TIM_ELEM_TYPE_FILE,
        fileElem: {
          UUID: elem.uuid,
          fileName: elem.fileName,
          fileSize: elem.fileSize ?? 0,
          url: elem.url ?? '',
        },
      };
    case ElemType.LOCATION:
      return {
        elemType: V2TimElemType.V2TIM_ELEM_TYPE_LOCATION,
        locationElem: { desc: elem.desc, longitude: elem.longitude, latitude: elem.latitude },
      };
    case ElemType.FACE:
      return {
        elemType: V2TimElemType.V2TIM_ELEM_TYPE_FACE,
        faceElem: { index: elem.index, data: elem.data },
      };
    case ElemType.MERGER:
      return {
        elemType: V2TimElemType.V2TIM_ELEM_TYPE_MERGER,
        mergerElem: {
          title: elem.title,
          abstractList: [...elem.abstractList],
          compatibleText: elem.compatibleText,
          layersOverLimit: elem.layersOverLimit,
          uuid: elem.uuid,
          url: elem.url ?? '',
        },
      };
    default:
      return {};
  }
}

/** The wire element of a media, location or face message (its uploads done); undefined otherwise. */
function mediaElementOf(message: Partial<V2TimMessage>): MessageElem | undefined {
  const { imageElem, soundElem, videoElem, fileElem, locationElem, faceElem, mergerElem } = message;
  if (mergerElem?.uuid)
    return {
      elemType: ElemType.MERGER,
      uuid: mergerElem.uuid,
      title: mergerElem.title,
      abstractList: [...mergerElem.abstractList],
      compatibleText: mergerElem.compatibleText,
      layersOverLimit: mergerElem.layersOverLimit,
    };
  if (imageElem?.uuid) return { elemType: ElemType.IMAGE, uuid: imageElem.uuid };
  if (soundElem?.UUID)
    return { elemType: ElemType.SOUND, uuid: soundElem.UUID, duration: soundElem.duration };
  if (videoElem?.UUID)
    return {
      elemType: ElemType.VIDEO,
      uuid: videoElem.UUID,
      duration: videoElem.duration,
      ...(videoElem.type === undefined ? {} : { videoType: videoElem.type }),
      ...(videoElem.snapshotUUID === undefined ? {} : { snapshotUUID: videoElem.snapshotUUID }),
    };
  if (fileElem?.UUID) return { elemType: ElemType.FILE, uuid: fileElem.UUID, fileName: fileElem.fileName };
  if (locationElem)
    return {
      elemType: ElemType.LOCATION,
      desc: locationElem.desc,
      longitude: locationElem.longitude,
      latitude: locationElem.latitude,
    };
  if (faceElem) return { elemType: ElemType.FACE, index: faceElem.index, data: faceElem.data };
  return undefined;
}

/** The elements a V2TIM message carries, for sending and editing; empty when it has none. */
export function elementsOf(message: Partial<V2TimMessage>): MessageElem[] {
  const media = mediaElementOf(message);
  if (media) return [media];
  if (message.textElem && typeof message.textElem.text === 'string') {
    return [{ elemType: ElemType.TEXT, text: message.textElem.text }];
  }
  const custom = message.customElem;
  if (custom && typeof custom.data === 'string') {
    return [
      {
        elemType: ElemType.CUSTOM,
        data: custom.data,
        ...(typeof custom.desc === 'string' ? { desc: custom.desc } : {}),
        ...(typeof custom.extension === 'string' ? { extension: custom.extension } : {}),
      },
    ];
  }
  return [];
}

export function toV2TimConversation(wire: WireConversation, me: string): V2TimConversation {
  const conversation: V2TimConversation = {
    conversationID: c2cConversationID(wire.peerID),
    type: V2TimConversationType.V2TIM_C2C,
    userID: wire.peerID,
    showName: wire.showName || wire.peerID,
    ...(wire.faceUrl ? { faceUrl: wire.faceUrl } : {}),
    recvOpt: wire.recvOpt ?? 0,
    unreadCount: wire.unreadCount,
    isPinned: wire.isPinned,
    draftText: wire.draftText,
    draftTimestamp: Math.floor(wire.draftTime / 1000),
    orderKey: wire.orderKey,
    c2cReadTimestamp: Math.floor(wire.readTime / 1000),
  };
  if (wire.lastMessage) conversation.lastMessage = toV2TimMessage(wire.lastMessage, me, wire.readTime);
  return conversation;
}

/** A group conversation; `isRead` of its messages follows the member's read seq. */
export function toV2TimGroupConversation(wire: WireGroupConversation, me: string): V2TimConversation {
  const conversation: V2TimConversation = {
    conversationID: groupConversationID(wire.groupID),
    type: V2TimConversationType.V2TIM_GROUP,
    groupID: wire.groupID,
    groupType: wire.groupType,
    showName: wire.showName,
    faceUrl: wire.faceUrl,
    unreadCount: wire.unreadCount,
    isPinned: wire.isPinned,
    draftText: wire.draftText,
    draftTimestamp: Math.floor(wire.draftTime / 1000),
    orderKey: wire.activityTime,
    recvOpt: wire.recvOpt ?? 0,
    groupAtInfoList: wire.groupAtInfoList.map((a) => ({ ...a })),
  };
  if (wire.lastMessage) {
    const last = toV2TimMessage(wire.lastMessage, me, 0);
    last.isRead = last.isSelf || wire.lastMessage.seq <= wire.readSeq;
    conversation.lastMessage = last;
  }
  return conversation;
}
