import {
  ErrorCode,
  isValidUserID,
  MAX_HISTORY_PAGE,
  MAX_MERGER_ABSTRACT_CHARS,
  MAX_MERGER_ABSTRACTS,
  MAX_MERGER_MESSAGES,
  type WireMessage,
} from '@parley/protocol';
import { clone } from '../client/clone.js';
import { newInstanceID } from '../client/instance-id.js';
import { elementsOf, groupCacheKey, toV2TimMessage } from '../client/message-convert.js';
import type { Messaging } from '../client/messaging.js';
import { wirePushInfo } from '../client/push-info.js';
import { fail, ok } from '../client/results.js';
import {
  type ListenerArgument,
  type V2TimAdvancedMsgListener,
  type V2TimC2CHistoryParams,
  type V2TimCreateCustomMessageParams,
  type V2TimCreateTextMessageParams,
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
} from '../message-types.js';
import type {
  V2TimCallback,
  V2TimReceiveMessageOptInfo,
  V2TimReceiveMessageOptInfoForUser,
  V2TimSendMessageParams,
  V2TimValueCallback,
} from '../types.js';
import { type ManagerContext, requireInit, requireLogin } from './context.js';
import {
  checkAtUserList,
  checkTargetedReceivers,
  clearGroupHistory,
  groupHistory,
  markGroupRead,
  sendGroupMessage,
} from './group-message-calls.js';
import { listenerOf } from './listener-argument.js';
import { finiteNumber, type PendingUploads, sourceOf, uploadPending } from './media-message-calls.js';
import { MessageExtrasCalls } from './message-extras-calls.js';
import {
  getGroupMessageReadMemberList,
  getMessageReadReceipts,
  markAllMessageAsRead,
  type ReceiptMessageRef,
  sendMessageReadReceipts,
} from './receipt-calls.js';
import type { UserCalls, V2TimSetAllReceiveMessageOptParams } from './user-calls.js';

const MAX_DELETE = 50;

/**
 * Messages (V2TIM `V2TIMMessageManager`): create, send, receive, history, read receipts, recall,
 * edit and delete of one-to-one messages. Every method resolves `{ code, desc, data? }`; `create…`,
 * `findMessages` and history from the local cache work once initialized, the rest need a login
 * (6014). Group messages take a `groupID` (manager/group-message-calls.ts).
 */
export class V2TIMMessageManager {
  /** @internal Reactions, extensions and pins (manager/message-extras-calls.ts). */
  readonly extras: MessageExtrasCalls;

  /** @internal */
  constructor(
    private readonly context: ManagerContext,
    private readonly messaging: Messaging,
    private readonly users: UserCalls,
  ) {
    this.extras = new MessageExtrasCalls(context, messaging);
  }

  /** Adds the user's `reactionID` (an emoji name, say) to a message: ≤ 10 reactions per message, ≤ 100 users each. */
  addMessageReaction(params: Parameters<MessageExtrasCalls['addMessageReaction']>[0]) {
    return this.extras.addMessageReaction(params);
  }

  /** Takes the user's `reactionID` off a message (23009 when the user had not reacted so). */
  removeMessageReaction(params: Parameters<MessageExtrasCalls['removeMessageReaction']>[0]) {
    return this.extras.removeMessageReaction(params);
  }

  /** The reactions of up to 20 messages, each with its first `maxUserCountPerReaction` (0–10) users. */
  getMessageReactions(params: Parameters<MessageExtrasCalls['getMessageReactions']>[0]) {
    return this.extras.getMessageReactions(params);
  }

  /** A page (`count` ≤ 100, from `nextSeq`, 0 first) of the users of one reaction, in the order they reacted. */
  getAllUserListOfMessageReaction(
    params: Parameters<MessageExtrasCalls['getAllUserListOfMessageReaction']>[0],
  ) {
    return this.extras.getAllUserListOfMessageReaction(params);
  }

  /** Sets key-value extensions of a message sent with `supportMessageExtension` (23001 on a conflict). */
  setMessageExtensions(params: Parameters<MessageExtrasCalls['setMessageExtensions']>[0]) {
    return this.extras.setMessageExtensions(params);
  }

  /** The key-value extensions of a message. */
  getMessageExtensions(params: Parameters<MessageExtrasCalls['getMessageExtensions']>[0]) {
    return this.extras.getMessageExtensions(params);
  }

  /** Deletes some (`keys`) or all extensions of a message. */
  deleteMessageExtensions(params: Parameters<MessageExtrasCalls['deleteMessageExtensions']>[0]) {
    return this.extras.deleteMessageExtensions(params);
  }

  /** Pins or unpins a group message (owner and admins; at most 10 per group, 10070). */
  pinGroupMessage(params: Parameters<MessageExtrasCalls['pinGroupMessage']>[0]) {
    return this.extras.pinGroupMessage(params);
  }

  /** The group's pinned messages, most recently pinned first. */
  getPinnedGroupMessageList(params: Parameters<MessageExtrasCalls['getPinnedGroupMessageList']>[0]) {
    return this.extras.getPinnedGroupMessageList(params);
  }

  /** Sets my receive option for one-to-one conversations with up to 30 users (`V2TimReceiveMessageOpt`). */
  setC2CReceiveMessageOpt(params: { userIDList: string[]; opt: number }): Promise<V2TimCallback> {
    return this.users.setC2CReceiveMessageOpt(params);
  }

  /** My receive options for up to 30 users (0 where never set). */
  getC2CReceiveMessageOpt(params: {
    userIDList: string[];
  }): Promise<V2TimValueCallback<V2TimReceiveMessageOptInfoForUser[]>> {
    return this.users.getC2CReceiveMessageOpt(params);
  }

  /** Sets my receive option for a group (or topic) I am a member of. */
  setGroupReceiveMessageOpt(params: { groupID: string; opt: number }): Promise<V2TimCallback> {
    return this.users.setGroupReceiveMessageOpt(params);
  }

  /** Global quiet hours (opt 0 or 2), daily from a time of day or from a start time. */
  setAllReceiveMessageOpt(params: V2TimSetAllReceiveMessageOptParams): Promise<V2TimCallback> {
    return this.users.setAllReceiveMessageOpt(params);
  }

  getAllReceiveMessageOpt(): Promise<V2TimValueCallback<V2TimReceiveMessageOptInfo>> {
    return this.users.getAllReceiveMessageOpt();
  }

  /** Creates a text message; pass the returned `id` to `sendMessage`. */
  async createTextMessage(
    params: V2TimCreateTextMessageParams,
  ): Promise<V2TimValueCallback<V2TimMsgCreateInfoResult>> {
    const refused = requireInit(this.context);
    if (refused) return refused;
    if (typeof params?.text !== 'string')
      return fail(ErrorCode.ERR_INVALID_PARAMETERS, 'text must be a string');
    return ok(this.create({ elemType: V2TimElemType.V2TIM_ELEM_TYPE_TEXT, textElem: { text: params.text } }));
  }

  /**
   * Creates a text message that mentions group members (`atUserList`; `__kImSDK_MesssageAtALL__`
   * mentions everyone); send it to a group.
   */
  async createTextAtMessage(params: {
    text: string;
    atUserList: string[];
  }): Promise<V2TimValueCallback<V2TimMsgCreateInfoResult>> {
    const refused = requireInit(this.context);
    if (refused) return refused;
    if (typeof params?.text !== 'string')
      return fail(ErrorCode.ERR_INVALID_PARAMETERS, 'text must be a string');
    const at = checkAtUserList(params.atUserList);
    if (!Array.isArray(at)) return at;
    return ok(
      this.create({
        elemType: V2TimElemType.V2TIM_ELEM_TYPE_TEXT,
        textElem: { text: params.text },
        groupAtUserList: at,
      }),
    );
  }

  /**
   * A targeted group message (§1.17): a copy of the created message `id` that, sent to a group, only
   * the members of `receiverList` (≤ 50) and the sender see. It never counts as unread, cannot
   * mention anyone, and is refused in AVChatRoom and Community groups.
   */
  async createTargetedGroupMessage(params: {
    id: string;
    receiverList: string[];
  }): Promise<V2TimValueCallback<V2TimMsgCreateInfoResult>> {
    const refused = requireInit(this.context);
    if (refused) return refused;
    const source =
      typeof params?.id === 'string' ? this.messaging.messages.createdMessage(params.id) : undefined;
    if (!source) return fail(ErrorCode.ERR_INVALID_PARAMETERS, 'id must be the id of a created message');
    const receivers = checkTargetedReceivers(params.receiverList);
    if (!Array.isArray(receivers)) return receivers;
    if ((source.groupAtUserList ?? []).length > 0)
      return fail(ErrorCode.ERR_INVALID_PARAMETERS, 'a targeted message cannot mention members');
    const { elemType, textElem, customElem } = source;
    return ok(
      this.create({
        elemType,
        ...(textElem ? { textElem: { ...textElem } } : {}),
        ...(customElem ? { customElem: { ...customElem } } : {}),
        targetedReceivers: receivers,
      }),
    );
  }

  /** Creates an image message from `imagePath` (Node) or `file` (browser); sending uploads it first. */
  async createImageMessage(params: {
    imagePath?: string;
    file?: Blob;
  }): Promise<V2TimValueCallback<V2TimMsgCreateInfoResult>> {
    const refused = requireInit(this.context);
    if (refused) return refused;
    const source = sourceOf(params?.imagePath, params?.file);
    if (typeof source === 'string') return fail(ErrorCode.ERR_INVALID_PARAMETERS, source);
    return ok(
      this.createMedia(
        {
          elemType: V2TimElemType.V2TIM_ELEM_TYPE_IMAGE,
          imageElem: { ...(params.imagePath ? { path: params.imagePath } : {}), imageList: [] },
        },
        { main: { kind: 'image', source } },
      ),
    );
  }

  /** Creates a voice message from `soundPath` (or `file`) lasting `duration` seconds. */
  async createSoundMessage(params: {
    soundPath?: string;
    file?: Blob;
    duration: number;
  }): Promise<V2TimValueCallback<V2TimMsgCreateInfoResult>> {
    const refused = requireInit(this.context);
    if (refused) return refused;
    const source = sourceOf(params?.soundPath, params?.file);
    if (typeof source === 'string') return fail(ErrorCode.ERR_INVALID_PARAMETERS, source);
    const duration = finiteNumber(params.duration, 'duration', 0, 86_400);
    if (typeof duration === 'string') return fail(ErrorCode.ERR_INVALID_PARAMETERS, duration);
    return ok(
      this.createMedia(
        {
          elemType: V2TimElemType.V2TIM_ELEM_TYPE_SOUND,
          soundElem: {
            ...(params.soundPath ? { path: params.soundPath } : {}),
            duration: Math.round(duration),
          },
        },
        { main: { kind: 'sound', source } },
      ),
    );
  }

  /**
   * Creates a video message: `videoFilePath` (or `file`), its format `type` (such as `mp4`),
   * `duration` in seconds, and an optional snapshot image `snapshotPath` (or `snapshotFile`).
   */
  async createVideoMessage(params: {
    videoFilePath?: string;
    file?: Blob;
    type: string;
    duration: number;
    snapshotPath?: string;
    snapshotFile?: Blob;
  }): Promise<V2TimValueCallback<V2TimMsgCreateInfoResult>> {
    const refused = requireInit(this.context);
    if (refused) return refused;
    const source = sourceOf(params?.videoFilePath, params?.file);
    if (typeof source === 'string') return fail(ErrorCode.ERR_INVALID_PARAMETERS, source);
    const duration = finiteNumber(params.duration, 'duration', 0, 86_400);
    if (typeof duration === 'string') return fail(ErrorCode.ERR_INVALID_PARAMETERS, duration);
    if (typeof params.type !== 'string' || params.type.length > 16)
      return fail(ErrorCode.ERR_INVALID_PARAMETERS, 'type must be a format name such as mp4');
    const snapshot =
      params.snapshotPath === undefined && params.snapshotFile === undefined
        ? undefined
        : sourceOf(params.snapshotPath, params.snapshotFile);
    if (typeof snapshot === 'string') return fail(ErrorCode.ERR_INVALID_PARAMETERS, `snapshot: ${snapshot}`);
    return ok(
      this.createMedia(
        {
          elemType: V2TimElemType.V2TIM_ELEM_TYPE_VIDEO,
          videoElem: {
            ...(params.videoFilePath ? { videoPath: params.videoFilePath } : {}),
            ...(params.snapshotPath ? { snapshotPath: params.snapshotPath } : {}),
            type: params.type,
            duration: Math.round(duration),
          },
        },
        { main: { kind: 'video', source }, ...(snapshot ? { snapshot } : {}) },
      ),
    );
  }

  /** Creates a file message from `filePath` (or `file`), shown to the receiver as `fileName`. */
  async createFileMessage(params: {
    filePath?: string;
    file?: Blob;
    fileName: string;
  }): Promise<V2TimValueCallback<V2TimMsgCreateInfoResult>> {
    const refused = requireInit(this.context);
    if (refused) return refused;
    const source = sourceOf(params?.filePath, params?.file);
    if (typeof source === 'string') return fail(ErrorCode.ERR_INVALID_PARAMETERS, source);
    if (typeof params.fileName !== 'string' || params.fileName === '' || params.fileName.length > 255)
      return fail(ErrorCode.ERR_INVALID_PARAMETERS, 'fileName must be 1 to 255 characters');
    return ok(
      this.createMedia(
        {
          elemType: V2TimElemType.V2TIM_ELEM_TYPE_FILE,
          fileElem: { ...(params.filePath ? { path: params.filePath } : {}), fileName: params.fileName },
        },
        { main: { kind: 'file', source } },
      ),
    );
  }

  /** Creates a location message (`desc`, `longitude`, `latitude` in degrees). */
  async createLocationMessage(params: {
    desc: string;
    longitude: number;
    latitude: number;
  }): Promise<V2TimValueCallback<V2TimMsgCreateInfoResult>> {
    const refused = requireInit(this.context);
    if (refused) return refused;
    if (typeof params?.desc !== 'string')
      return fail(ErrorCode.ERR_INVALID_PARAMETERS, 'desc must be a string');
    const longitude = finiteNumber(params.longitude, 'longitude', -180, 180);
    const latitude = finiteNumber(params.latitude, 'latitude', -90, 90);
    for (const value of [longitude, latitude])
      if (typeof value === 'string') return fail(ErrorCode.ERR_INVALID_PARAMETERS, value);
    return ok(
      this.create({
        elemType: V2TimElemType.V2TIM_ELEM_TYPE_LOCATION,
        locationElem: { desc: params.desc, longitude: longitude as number, latitude: latitude as number },
      }),
    );
  }

  /** Creates a sticker message: `index` and `data` of the app's own sticker pack. */
  async createFaceMessage(params: {
    index: number;
    data: string;
  }): Promise<V2TimValueCallback<V2TimMsgCreateInfoResult>> {
    const refused = requireInit(this.context);
    if (refused) return refused;
    if (!Number.isInteger(params?.index))
      return fail(ErrorCode.ERR_INVALID_PARAMETERS, 'index must be an integer');
    if (typeof params.data !== 'string')
      return fail(ErrorCode.ERR_INVALID_PARAMETERS, 'data must be a string');
    return ok(
      this.create({
        elemType: V2TimElemType.V2TIM_ELEM_TYPE_FACE,
        faceElem: { index: params.index, data: params.data },
      }),
    );
  }

  /**
   * A copy of a sent or received message (`msgID`, from this SDK's cache) to send elsewhere
   * (§1.7): the same elements, files included without uploading them again. Not for group tips,
   * recalled messages, or messages not sent successfully.
   */
  async createForwardMessage(params: {
    msgID: string;
  }): Promise<V2TimValueCallback<V2TimMsgCreateInfoResult>> {
    const refused = requireInit(this.context);
    if (refused) return refused;
    const source = typeof params?.msgID === 'string' ? this.messaging.messages.find(params.msgID) : undefined;
    if (!source) return fail(ErrorCode.ERR_INVALID_PARAMETERS, 'msgID must name a message of this SDK');
    if (source.status !== V2TimMessageStatus.V2TIM_MSG_STATUS_SEND_SUCC)
      return fail(ErrorCode.ERR_INVALID_PARAMETERS, 'only a successfully sent message can be forwarded');
    if (source.elemType === V2TimElemType.V2TIM_ELEM_TYPE_GROUP_TIPS)
      return fail(ErrorCode.ERR_INVALID_PARAMETERS, 'group tips cannot be forwarded');
    const copy = clone(source);
    return ok(
      this.create({
        elemType: copy.elemType,
        ...(copy.textElem ? { textElem: copy.textElem } : {}),
        ...(copy.customElem ? { customElem: copy.customElem } : {}),
        ...(copy.imageElem ? { imageElem: copy.imageElem } : {}),
        ...(copy.soundElem ? { soundElem: copy.soundElem } : {}),
        ...(copy.videoElem ? { videoElem: copy.videoElem } : {}),
        ...(copy.fileElem ? { fileElem: copy.fileElem } : {}),
        ...(copy.locationElem ? { locationElem: copy.locationElem } : {}),
        ...(copy.faceElem ? { faceElem: copy.faceElem } : {}),
        ...(copy.mergerElem ? { mergerElem: copy.mergerElem } : {}),
      }),
    );
  }

  /**
   * Several sent or received messages of this SDK's cache (`msgIDList`, ≤ 300) forwarded as one
   * (§1.7): receivers see `title` and `abstractList` (≤ 5 lines of ≤ 100 characters) and open the
   * list with `downloadMergerMessage`. The list is uploaded as a file when the message is sent.
   */
  async createMergerMessage(params: {
    msgIDList: string[];
    title: string;
    abstractList: string[];
    compatibleText: string;
  }): Promise<V2TimValueCallback<V2TimMsgCreateInfoResult>> {
    const refused = requireInit(this.context);
    if (refused) return refused;
    const ids = params?.msgIDList;
    if (!Array.isArray(ids) || ids.length === 0 || ids.length > MAX_MERGER_MESSAGES)
      return fail(
        ErrorCode.ERR_INVALID_PARAMETERS,
        `msgIDList must list 1 to ${MAX_MERGER_MESSAGES} messages`,
      );
    const abstracts = params.abstractList ?? [];
    if (
      typeof params.title !== 'string' ||
      params.title.length > MAX_MERGER_ABSTRACT_CHARS ||
      !Array.isArray(abstracts) ||
      abstracts.length > MAX_MERGER_ABSTRACTS ||
      abstracts.some((line) => typeof line !== 'string' || line.length > MAX_MERGER_ABSTRACT_CHARS) ||
      typeof params.compatibleText !== 'string'
    )
      return fail(
        ErrorCode.ERR_INVALID_PARAMETERS,
        `title, compatibleText and ≤ ${MAX_MERGER_ABSTRACTS} abstracts of ≤ ${MAX_MERGER_ABSTRACT_CHARS} characters`,
      );
    const list: V2TimMessage[] = [];
    for (const id of ids) {
      const found = typeof id === 'string' ? this.messaging.messages.find(id) : undefined;
      if (!found) return fail(ErrorCode.ERR_INVALID_PARAMETERS, `no message ${String(id)} in this SDK`);
      if (
        found.status !== V2TimMessageStatus.V2TIM_MSG_STATUS_SEND_SUCC ||
        found.elemType === V2TimElemType.V2TIM_ELEM_TYPE_GROUP_TIPS
      )
        return fail(
          ErrorCode.ERR_INVALID_PARAMETERS,
          `message ${id} cannot be merged (not sent, or group tips)`,
        );
      // What stays on this device is not sent along.
      list.push({ ...clone(found), localCustomData: '' });
    }
    const file = new Blob([JSON.stringify({ version: 1, messages: list })], { type: 'application/json' });
    return ok(
      this.createMedia(
        {
          elemType: V2TimElemType.V2TIM_ELEM_TYPE_MERGER,
          mergerElem: {
            title: params.title,
            abstractList: [...abstracts],
            compatibleText: params.compatibleText,
            layersOverLimit: false,
          },
        },
        { main: { kind: 'file', source: { file } } },
      ),
    );
  }

  /** The messages a merged message (`msgID`, from this SDK's cache) holds, downloaded from the server. */
  async downloadMergerMessage(params: { msgID: string }): Promise<V2TimValueCallback<V2TimMessage[]>> {
    const refused = requireLogin(this.context);
    if (refused) return refused;
    const found = typeof params?.msgID === 'string' ? this.messaging.messages.find(params.msgID) : undefined;
    const url = found?.mergerElem?.url;
    if (!url) return fail(ErrorCode.ERR_INVALID_PARAMETERS, 'msgID must name a merged message of this SDK');
    try {
      const response = await fetch(url);
      if (!response.ok)
        return fail(ErrorCode.ERR_FILE_TRANS_DOWNLOAD_FAILED, `download answered ${response.status}`);
      const body = (await response.json()) as { messages?: unknown };
      if (!Array.isArray(body.messages))
        return fail(ErrorCode.ERR_FILE_TRANS_DOWNLOAD_FAILED, 'not a list of merged messages');
      return ok(body.messages as V2TimMessage[]);
    } catch (error) {
      return fail(ErrorCode.ERR_FILE_TRANS_DOWNLOAD_FAILED, String(error));
    }
  }

  /** Creates a custom message (`data`, and the optional `desc` and `extension` used for push). */
  async createCustomMessage(
    params: V2TimCreateCustomMessageParams,
  ): Promise<V2TimValueCallback<V2TimMsgCreateInfoResult>> {
    const refused = requireInit(this.context);
    if (refused) return refused;
    if (typeof params?.data !== 'string')
      return fail(ErrorCode.ERR_INVALID_PARAMETERS, 'data must be a string');
    for (const key of ['desc', 'extension'] as const) {
      if (params[key] !== undefined && typeof params[key] !== 'string') {
        return fail(ErrorCode.ERR_INVALID_PARAMETERS, `${key} must be a string`);
      }
    }
    const customElem = {
      data: params.data,
      ...(params.desc === undefined ? {} : { desc: params.desc }),
      ...(params.extension === undefined ? {} : { extension: params.extension }),
    };
    return ok(this.create({ elemType: V2TimElemType.V2TIM_ELEM_TYPE_CUSTOM, customElem }));
  }

  /**
   * Sends a created message to `receiver` and resolves the stored message (status 2, its `seq` and
   * server `timestamp`). A failure leaves it with status 3; calling `sendMessage` again with the same
   * `id` resends it, and the server stores it at most once. 80002 for a body over 12 KB.
   */
  async sendMessage(params: V2TimSendMessageParams): Promise<V2TimValueCallback<V2TimMessage>> {
    const refused = requireLogin(this.context);
    if (refused) return refused;
    const created =
      typeof params?.id === 'string' ? this.messaging.messages.createdMessage(params.id) : undefined;
    if (!created) return fail(ErrorCode.ERR_INVALID_PARAMETERS, 'id must be the id of a created message');
    const pending = this.uploads.get(created.msgID);
    if (pending) {
      created.status = V2TimMessageStatus.V2TIM_MSG_STATUS_SENDING;
      const failed = await uploadPending(
        this.messaging,
        this.messaging.httpOrigin(),
        created,
        pending,
        (percent) => {
          for (const listener of this.messaging.messageListeners)
            listener.onSendMessageProgress?.(clone(created), percent);
        },
      );
      if (failed) {
        created.status = V2TimMessageStatus.V2TIM_MSG_STATUS_SEND_FAIL;
        return failed;
      }
      // Uploaded once: a resend sends the same files.
      this.uploads.delete(created.msgID);
    }
    if (typeof params.groupID === 'string' && params.groupID !== '') {
      return sendGroupMessage(this.messaging, created, params);
    }
    if (!isValidUserID(params.receiver)) {
      return fail(ErrorCode.ERR_INVALID_PARAMETERS, 'receiver must be a UserID of 1 to 32 bytes');
    }
    const cloudCustomData = params.cloudCustomData ?? created.cloudCustomData;
    if (typeof cloudCustomData !== 'string') {
      return fail(ErrorCode.ERR_INVALID_PARAMETERS, 'cloudCustomData must be a string');
    }
    const elemList = elementsOf(created);
    const onlineUserOnly = params.onlineUserOnly === true;
    Object.assign(created, {
      sender: this.messaging.user,
      userID: params.receiver,
      status: V2TimMessageStatus.V2TIM_MSG_STATUS_SENDING,
      cloudCustomData,
      localCustomData: params.localCustomData ?? created.localCustomData,
      isExcludedFromUnreadCount: params.isExcludedFromUnreadCount === true,
      isExcludedFromLastMessage: params.isExcludedFromLastMessage === true,
      isOnlineUserOnly: onlineUserOnly,
    });
    this.messaging.sendingHere(created.msgID);
    const pushInfo = wirePushInfo(params.offlinePushInfo);
    const reply = await this.messaging.request('sendMessage', {
      msgID: created.msgID,
      receiver: params.receiver,
      random: created.random,
      elemList,
      ...(cloudCustomData === '' ? {} : { cloudCustomData }),
      ...(onlineUserOnly ? { onlineUserOnly } : {}),
      ...(params.isExcludedFromUnreadCount ? { excludedFromUnreadCount: true } : {}),
      ...(params.isExcludedFromLastMessage ? { excludedFromLastMessage: true } : {}),
      ...(pushInfo ? { offlinePushInfo: pushInfo } : {}),
      ...(params.supportMessageExtension && !onlineUserOnly ? { supportMessageExtension: true } : {}),
      ...(params.needReadReceipt && !onlineUserOnly ? { needReadReceipt: true } : {}),
    });
    if (reply.code !== 0 || !reply.data) {
      created.status = V2TimMessageStatus.V2TIM_MSG_STATUS_SEND_FAIL;
      return fail(reply.code, reply.desc);
    }
    const sent = this.view(reply.data.message, created.localCustomData);
    Object.assign(created, { status: sent.status, seq: sent.seq, timestamp: sent.timestamp });
    if (!onlineUserOnly) this.messaging.messages.put(params.receiver, sent, reply.data.message.time);
    return ok(sent);
  }

  /** Adds a message listener (given directly, or as `{ listener }`). */
  async addAdvancedMsgListener(listener: ListenerArgument<V2TimAdvancedMsgListener>): Promise<V2TimCallback> {
    const refused = requireInit(this.context);
    if (refused) return refused;
    const found = listenerOf(listener);
    if (!found) return fail(ErrorCode.ERR_INVALID_PARAMETERS, 'listener must be an object of callbacks');
    this.messaging.messageListeners.add(found);
    return ok();
  }

  /** Removes one message listener, or all of them when called without one. */
  async removeAdvancedMsgListener(
    listener?: ListenerArgument<V2TimAdvancedMsgListener>,
  ): Promise<V2TimCallback> {
    const refused = requireInit(this.context);
    if (refused) return refused;
    const found = listenerOf(listener);
    if (found) this.messaging.messageListeners.delete(found);
    else this.messaging.messageListeners.clear();
    return ok();
  }

  /** One-to-one history with `userID`, newest first, older than `lastMsgID` when given. */
  getC2CHistoryMessageList(params: V2TimC2CHistoryParams): Promise<V2TimValueCallback<V2TimMessage[]>> {
    return this.getHistoryMessageList({
      getType: V2TimHistoryMessageGetType.V2TIM_GET_CLOUD_OLDER_MSG,
      userID: params?.userID,
      count: params?.count,
      ...(params?.lastMsgID === undefined ? {} : { lastMsgID: params.lastMsgID }),
    });
  }

  /**
   * A page of history: from the server when logged in (cloud types), from this SDK's cache otherwise
   * (local types, or before login, login.md §4.4). Older pages are newest first, newer pages oldest
   * first; `lastMsgID` is an exclusive anchor the SDK has seen.
   */
  async getHistoryMessageList(
    params: V2TimHistoryMessageListParams,
  ): Promise<V2TimValueCallback<V2TimMessage[]>> {
    const refused = requireInit(this.context);
    if (refused) return refused;
    if (typeof params?.groupID === 'string' && params.groupID !== '') {
      if (requireLogin(this.context)) return ok([]);
      const newer = params.getType === V2TimHistoryMessageGetType.V2TIM_GET_CLOUD_NEWER_MSG;
      return groupHistory(this.messaging, { ...params, newer });
    }
    const { userID, count } = params ?? {};
    if (!isValidUserID(userID)) return fail(ErrorCode.ERR_INVALID_PARAMETERS, 'userID must be a UserID');
    if (!Number.isInteger(count) || count < 1 || count > MAX_HISTORY_PAGE) {
      return fail(ErrorCode.ERR_INVALID_PARAMETERS, `count must be an integer from 1 to ${MAX_HISTORY_PAGE}`);
    }
    const getType = params.getType ?? V2TimHistoryMessageGetType.V2TIM_GET_CLOUD_OLDER_MSG;
    if (!Object.values(V2TimHistoryMessageGetType).includes(getType)) {
      return fail(ErrorCode.ERR_INVALID_PARAMETERS, 'getType must be 1, 2, 3 or 4');
    }
    const anchor =
      params.lastMsgID === undefined ? undefined : this.messaging.messages.find(params.lastMsgID);
    if (params.lastMsgID !== undefined && !anchor) {
      return fail(ErrorCode.ERR_INVALID_PARAMETERS, 'lastMsgID must be a message this SDK has seen');
    }
    const newer =
      getType === V2TimHistoryMessageGetType.V2TIM_GET_CLOUD_NEWER_MSG ||
      getType === V2TimHistoryMessageGetType.V2TIM_GET_LOCAL_NEWER_MSG;
    const cloud = getType <= V2TimHistoryMessageGetType.V2TIM_GET_CLOUD_NEWER_MSG;
    if (!cloud || requireLogin(this.context)) {
      return ok(this.messaging.messages.page(userID, count, anchor, newer));
    }
    const reply = await this.messaging.request('getHistory', {
      peerID: userID,
      count,
      ...(anchor && anchor.seq > 0 ? { anchorSeq: anchor.seq } : {}),
      ...(newer ? { newer } : {}),
    });
    if (reply.code !== 0 || !reply.data) return fail(reply.code, reply.desc);
    return ok(
      reply.data.messages.map((wire) => {
        const message = this.view(wire, this.messaging.messages.find(wire.msgID)?.localCustomData);
        this.messaging.messages.put(userID, message, wire.time);
        return message;
      }),
    );
  }

  /**
   * A page of a group's history (Flutter parameters): older than `lastMsg`/`lastMsgSeq` when given,
   * newest first. Messages from before joining are left out for types without that history (§3.1).
   */
  async getGroupHistoryMessageList(params: {
    groupID: string;
    count: number;
    lastMsgID?: string;
    lastMsgSeq?: number;
  }): Promise<V2TimValueCallback<V2TimMessage[]>> {
    const refused = requireLogin(this.context);
    if (refused) return refused;
    return groupHistory(this.messaging, { ...params, newer: false });
  }

  /** Marks the group read: its unread count and mentions go, on every device of the user. */
  async markGroupMessageAsRead(params: { groupID: string }): Promise<V2TimCallback> {
    const refused = requireLogin(this.context);
    if (refused) return refused;
    return markGroupRead(this.messaging, params?.groupID);
  }

  /**
   * Marks the conversation with `userID` read: its unread count becomes 0 on every device of the
   * user, and the peer gets `onRecvC2CReadReceipt` (their messages show `isPeerRead`).
   */
  async markC2CMessageAsRead(params: { userID: string }): Promise<V2TimCallback> {
    const refused = requireLogin(this.context);
    if (refused) return refused;
    if (!isValidUserID(params?.userID))
      return fail(ErrorCode.ERR_INVALID_PARAMETERS, 'userID must be a UserID');
    const reply = await this.messaging.request('markRead', { peerID: params.userID });
    if (reply.code !== 0) return fail(reply.code, reply.desc);
    if (reply.data?.conversation) this.messaging.applyConversations([reply.data.conversation]);
    return ok();
  }

  /**
   * Recalls one of the user's own messages within the server's recall window (20016 after it). Both
   * parties' instances get `onRecvMessageRevoked`; history keeps it with status 6.
   */
  async revokeMessage(params: { msgID: string; reason?: string }): Promise<V2TimCallback> {
    const refused = requireLogin(this.context);
    if (refused) return refused;
    if (typeof params?.msgID !== 'string' || params.msgID === '') {
      return fail(ErrorCode.ERR_INVALID_PARAMETERS, 'msgID must be a message ID');
    }
    const reply = await this.messaging.request('revokeMessage', {
      msgID: params.msgID,
      ...(typeof params.reason === 'string' ? { reason: params.reason } : {}),
    });
    return reply.code === 0 ? ok() : fail(reply.code, reply.desc);
  }

  /**
   * Edits a sent message (its `textElem`, `customElem` or `cloudCustomData`); both parties get
   * `onRecvMessageModified`. When someone edited it first, 2480 with the latest version in `data`.
   */
  async modifyMessage(params: V2TimModifyMessageParams): Promise<V2TimValueCallback<V2TimMessageChangeInfo>> {
    const refused = requireLogin(this.context);
    if (refused) return refused;
    const message = params?.message;
    if (typeof message?.msgID !== 'string' || !Number.isInteger(message.version)) {
      return fail(ErrorCode.ERR_INVALID_PARAMETERS, 'message must be a message this SDK returned');
    }
    const elemList = elementsOf(message);
    if (typeof message.cloudCustomData !== 'string') {
      return fail(ErrorCode.ERR_INVALID_PARAMETERS, 'message.cloudCustomData must be a string');
    }
    const reply = await this.messaging.request('modifyMessage', {
      msgID: message.msgID,
      version: message.version,
      ...(elemList.length > 0 ? { elemList } : {}),
      cloudCustomData: message.cloudCustomData,
    });
    const latest = reply.data?.message;
    if (!latest) return fail(reply.code, reply.desc);
    const view = this.view(latest, message.localCustomData);
    const peerID = view.userID ?? '';
    this.messaging.messages.put(peerID, view, latest.time);
    return {
      code: reply.code,
      desc: reply.desc,
      data: { code: reply.code, desc: reply.desc, message: view },
    };
  }

  /** Deletes up to 50 messages of one conversation from the user's history (the peer keeps theirs). */
  async deleteMessages(params: { msgIDs: string[] }): Promise<V2TimCallback> {
    const refused = requireLogin(this.context);
    if (refused) return refused;
    const ids = params?.msgIDs;
    if (
      !Array.isArray(ids) ||
      ids.length < 1 ||
      ids.length > MAX_DELETE ||
      !ids.every((id) => typeof id === 'string')
    ) {
      return fail(ErrorCode.ERR_INVALID_PARAMETERS, `msgIDs must list 1 to ${MAX_DELETE} message IDs`);
    }
    const reply = await this.messaging.request('deleteMessages', { msgIDs: ids });
    if (reply.code !== 0) return fail(reply.code, reply.desc);
    for (const id of ids) {
      const found = this.messaging.messages.find(id);
      const key = found?.groupID === undefined ? found?.userID : groupCacheKey(found.groupID);
      if (key) this.messaging.messages.remove(key, [id]);
    }
    return ok();
  }

  /** Empties the user's history with `userID`; the conversation stays, with no last message. */
  async clearC2CHistoryMessage(params: { userID: string }): Promise<V2TimCallback> {
    const refused = requireLogin(this.context);
    if (refused) return refused;
    if (!isValidUserID(params?.userID))
      return fail(ErrorCode.ERR_INVALID_PARAMETERS, 'userID must be a UserID');
    const reply = await this.messaging.request('clearHistory', { peerID: params.userID });
    if (reply.code !== 0) return fail(reply.code, reply.desc);
    this.messaging.messages.clearConversation(params.userID);
    return ok();
  }

  /** Empties the user's history of a group; the conversation stays, with no last message. */
  async clearGroupHistoryMessage(params: { groupID: string }): Promise<V2TimCallback> {
    const refused = requireLogin(this.context);
    if (refused) return refused;
    return clearGroupHistory(this.messaging, params?.groupID);
  }

  /**
   * Reports messages read (up to 30 of one conversation, sent by others with `needReadReceipt`);
   * their senders get `onRecvMessageReadReceipts`. The unread count is not changed.
   */
  async sendMessageReadReceipts(params: { messageList: ReceiptMessageRef[] }): Promise<V2TimCallback> {
    const refused = requireLogin(this.context);
    if (refused) return refused;
    return sendMessageReadReceipts(this.messaging, params);
  }

  /** Read and unread counts of messages (up to 30 of one conversation) sent with `needReadReceipt`. */
  async getMessageReadReceipts(params: {
    messageList: ReceiptMessageRef[];
  }): Promise<V2TimValueCallback<V2TimMessageReceipt[]>> {
    const refused = requireLogin(this.context);
    if (refused) return refused;
    return getMessageReadReceipts(this.messaging, params);
  }

  /**
   * A page (`count` ≤ 100) of the members who read a group message (`filter` 0) or have not (1);
   * start with `nextSeq` 0 and pass each page's `nextSeq` until `isFinished`.
   */
  async getGroupMessageReadMemberList(params: {
    message: ReceiptMessageRef;
    filter: number;
    nextSeq?: number;
    count?: number;
  }): Promise<V2TimValueCallback<V2TimGroupMessageReadMemberList>> {
    const refused = requireLogin(this.context);
    if (refused) return refused;
    return getGroupMessageReadMemberList(this.messaging, params);
  }

  /** Marks every one-to-one and group conversation read, on every device of the user. */
  async markAllMessageAsRead(): Promise<V2TimCallback> {
    const refused = requireLogin(this.context);
    if (refused) return refused;
    return markAllMessageAsRead(this.messaging);
  }

  /** Messages this SDK has seen (or created), by ID; unknown IDs are left out. */
  async findMessages(params: { messageIDList: string[] }): Promise<V2TimValueCallback<V2TimMessage[]>> {
    const refused = requireInit(this.context);
    if (refused) return refused;
    if (!Array.isArray(params?.messageIDList)) {
      return fail(ErrorCode.ERR_INVALID_PARAMETERS, 'messageIDList must be an array of message IDs');
    }
    return ok(
      params.messageIDList.flatMap((id) => {
        const found = typeof id === 'string' ? this.messaging.messages.find(id) : undefined;
        return found ? [found] : [];
      }),
    );
  }

  /** Files of created messages not uploaded yet, by msgID. */
  private readonly uploads = new Map<string, PendingUploads>();

  private createMedia(
    content: Parameters<V2TIMMessageManager['create']>[0],
    pending: PendingUploads,
  ): V2TimMsgCreateInfoResult {
    const created = this.create(content);
    this.uploads.set(created.id, pending);
    return created;
  }

  private create(
    content: Pick<
      V2TimMessage,
      'elemType' | 'textElem' | 'customElem' | 'groupAtUserList' | 'targetedReceivers'
    > &
      Partial<
        Pick<
          V2TimMessage,
          'imageElem' | 'soundElem' | 'videoElem' | 'fileElem' | 'locationElem' | 'faceElem' | 'mergerElem'
        >
      >,
  ): V2TimMsgCreateInfoResult {
    const msgID = newInstanceID();
    const message: V2TimMessage = {
      msgID,
      id: msgID,
      timestamp: Math.floor(Date.now() / 1000),
      sender: this.messaging.user,
      seq: 0,
      random: Math.floor(Math.random() * 0x1_0000_0000),
      status: V2TimMessageStatus.V2TIM_MSG_STATUS_SENDING,
      cloudCustomData: '',
      localCustomData: '',
      isSelf: true,
      isRead: true,
      isPeerRead: false,
      isExcludedFromUnreadCount: false,
      isExcludedFromLastMessage: false,
      isOnlineUserOnly: false,
      version: 0,
      priority: 0,
      ...content,
    };
    this.messaging.messages.keepCreated(message);
    return { id: msgID, messageInfo: clone(message) };
  }

  private view(wire: WireMessage, localCustomData = ''): V2TimMessage {
    const peerID = wire.sender === this.messaging.user ? wire.receiver : wire.sender;
    return toV2TimMessage(
      wire,
      this.messaging.user,
      this.messaging.conversations.readTime(peerID),
      localCustomData,
    );
  }
}
