/**
 * The chat's messaging over `@parley/sdk`: V2TIM messages and conversations (one-to-one and group)
 * mapped to the chat's model, and the SDK's listeners mapped to the chat's events.
 */
import {
  type ImSDK,
  type V2TimAdvancedMsgListener,
  type V2TimConversation,
  type V2TimConversationListener,
  type V2TimGroupInfo,
  type V2TimGroupListener,
  type V2TimMessage,
  type V2TimMessageReceipt,
  V2TimMessageStatus,
} from '@parley/sdk';
import { tipText } from './group-model.js';
import type { Messaging, Outcome } from './messaging.js';
import {
  type ChatAttachment,
  type ChatConversation,
  type ChatMessage,
  type ChatReceipt,
  c2cConversationID,
  groupConversationID,
  type MessageStatus,
  targetOf,
} from './model.js';
import { isTypingNotice, TYPING_DATA } from './typing.js';

const STATUS: Record<number, MessageStatus> = {
  [V2TimMessageStatus.V2TIM_MSG_STATUS_SENDING]: 'sending',
  [V2TimMessageStatus.V2TIM_MSG_STATUS_SEND_SUCC]: 'sent',
  [V2TimMessageStatus.V2TIM_MSG_STATUS_SEND_FAIL]: 'failed',
  [V2TimMessageStatus.V2TIM_MSG_STATUS_LOCAL_REVOKED]: 'revoked',
};

/** The picture or file of a message, with the image variant a chat bubble shows. */
function attachmentOf(message: V2TimMessage): ChatAttachment | undefined {
  const images = message.imageElem?.imageList ?? [];
  const original = images.find((image) => image.type === 0);
  if (original) {
    const thumb = images.find((image) => image.type === 1) ?? original;
    const large = images.find((image) => image.type === 2) ?? original;
    return { kind: 'image', thumbUrl: thumb.url, url: large.url, width: thumb.width, height: thumb.height };
  }
  const file = message.fileElem;
  if (file?.url) return { kind: 'file', name: file.fileName, size: file.fileSize ?? 0, url: file.url };
  const sound = message.soundElem;
  if (sound?.url) return { kind: 'sound', url: sound.url, duration: sound.duration };
  const video = message.videoElem;
  if (video?.videoUrl) return { kind: 'video', url: video.videoUrl, posterUrl: video.snapshotUrl ?? '' };
  return undefined;
}

/** What a message without text shows in the conversation list and in its bubble. */
function placeholderOf(message: V2TimMessage): string {
  if (message.imageElem) return '[picture]';
  if (message.fileElem) return `[file] ${message.fileElem.fileName}`;
  if (message.soundElem) return '[voice]';
  if (message.videoElem) return '[video]';
  if (message.locationElem) return `[location] ${message.locationElem.desc}`;
  if (message.faceElem) return '[sticker]';
  // Custom elements carry app data, not text meant for people; show that something came.
  return '[custom message]';
}

export function toChatMessage(message: V2TimMessage): ChatMessage {
  const attachment = attachmentOf(message);
  const tip = message.groupTipsElem;
  return {
    msgID: message.msgID,
    conversationID: message.groupID
      ? groupConversationID(message.groupID)
      : c2cConversationID(message.userID ?? ''),
    peer: message.groupID ? '' : (message.userID ?? ''),
    sender: message.sender,
    isSelf: message.isSelf,
    text: tip ? tipText(tip) : (message.textElem?.text ?? placeholderOf(message)),
    timestamp: message.timestamp,
    seq: message.seq,
    status: message.revokerInfo ? 'revoked' : (STATUS[message.status] ?? 'sent'),
    isPeerRead: message.isPeerRead,
    ...(message.needReadReceipt ? { needReadReceipt: true } : {}),
    ...(tip ? { tip: true } : {}),
    // In a group the member's name card is the name the group knows them by.
    nickName: message.nameCard || message.nickName || '',
    faceUrl: message.faceUrl ?? '',
    ...(attachment ? { attachment } : {}),
  };
}

/** One-to-one and group conversations (a community's topics and others the demo cannot open are left out). */
export function toChatConversation(conversation: V2TimConversation): ChatConversation | undefined {
  const target = conversation.userID
    ? { userID: conversation.userID }
    : conversation.groupID &&
        conversation.groupType !== 'Community' &&
        conversation.groupType !== 'AVChatRoom'
      ? { groupID: conversation.groupID }
      : undefined;
  if (target === undefined) return undefined;
  return {
    conversationID: conversation.conversationID,
    ...target,
    showName: conversation.showName || (target.userID ?? target.groupID ?? ''),
    ...(conversation.faceUrl ? { faceUrl: conversation.faceUrl } : {}),
    unreadCount: conversation.unreadCount,
    ...(conversation.lastMessage ? { lastMessage: toChatMessage(conversation.lastMessage) } : {}),
  };
}

function groupConversation(
  group: Pick<V2TimGroupInfo, 'groupID' | 'groupName'> & { faceUrl?: string },
): ChatConversation {
  return {
    conversationID: groupConversationID(group.groupID),
    groupID: group.groupID,
    showName: group.groupName || group.groupID,
    ...(group.faceUrl ? { faceUrl: group.faceUrl } : {}),
    unreadCount: 0,
  };
}

function toChatReceipt(receipt: V2TimMessageReceipt): ChatReceipt | undefined {
  if (!receipt.msgID || !receipt.groupID) return undefined;
  return { msgID: receipt.msgID, readCount: receipt.readCount ?? 0, unreadCount: receipt.unreadCount ?? 0 };
}

function conversations(list: readonly V2TimConversation[]): ChatConversation[] {
  return list.flatMap((conversation) => toChatConversation(conversation) ?? []);
}

function outcome<T, R>(result: { code: number; desc: string; data?: T }, map: (data: T) => R): Outcome<R> {
  if (result.code !== 0 || result.data === undefined) {
    return {
      ok: false,
      code: result.code === 0 ? -1 : result.code,
      desc: result.desc || 'no data in the answer',
    };
  }
  return { ok: true, value: map(result.data) };
}

/** Where `sendMessage` sends: a receiver, or a group with read receipts asked for. */
function destination(conversationID: string): {
  receiver: string;
  groupID: string;
  needReadReceipt?: boolean;
} {
  const target = targetOf(conversationID);
  return target.groupID === undefined
    ? { receiver: target.userID, groupID: '' }
    : { receiver: '', groupID: target.groupID, needReadReceipt: true };
}

function done(result: { code: number; desc: string }): Outcome<void> {
  return result.code === 0
    ? { ok: true, value: undefined }
    : { ok: false, code: result.code, desc: result.desc };
}

export function createSdkMessaging(im: ImSDK): Messaging {
  const messages = im.v2TIMManager.getMessageManager();
  const conversationManager = im.v2TIMManager.getConversationManager();
  const groups = im.v2TIMManager.getGroupManager();

  return {
    async conversations() {
      const all: ChatConversation[] = [];
      let nextSeq = '0';
      for (;;) {
        const page = await conversationManager.getConversationList({ nextSeq, count: 100 });
        if (page.code !== 0 || !page.data) return { ok: false, code: page.code, desc: page.desc };
        all.push(...conversations(page.data.conversationList));
        if (page.data.isFinished) return { ok: true, value: all };
        nextSeq = page.data.nextSeq;
      }
    },

    async joinedGroups() {
      return outcome(await groups.getJoinedGroupList(), (list: V2TimGroupInfo[]) =>
        list.filter((group) => group.groupType !== 'Community').map(groupConversation),
      );
    },

    async createGroup(name, members) {
      const created = await groups.createGroup({
        groupType: 'Work',
        groupName: name,
        memberList: members.map((userID) => ({ userID })),
      });
      return outcome(created, (groupID: string) => groupConversation({ groupID, groupName: name }));
    },

    async history(conversationID, count, before) {
      const target = targetOf(conversationID);
      const anchor = before ? { lastMsgID: before.msgID } : {};
      const result =
        target.groupID === undefined
          ? await messages.getC2CHistoryMessageList({ userID: target.userID, count, ...anchor })
          : await messages.getGroupHistoryMessageList({ groupID: target.groupID, count, ...anchor });
      // Pages come newest first; one short of `count` means the start of the history was reached.
      return outcome(result, (list: V2TimMessage[]) => ({
        messages: list.map(toChatMessage).reverse(),
        isFinished: list.length < count,
      }));
    },

    async sendText(conversationID, text) {
      const created = await messages.createTextMessage({ text });
      if (created.code !== 0 || !created.data) return { ok: false, code: created.code, desc: created.desc };
      const sent = await messages.sendMessage({ id: created.data.id, ...destination(conversationID) });
      return outcome(sent, toChatMessage);
    },

    async sendFile(conversationID, file, progress) {
      const created = file.type.startsWith('image/')
        ? await messages.createImageMessage({ file })
        : await messages.createFileMessage({ file, fileName: file.name || 'file' });
      if (created.code !== 0 || !created.data) return { ok: false, code: created.code, desc: created.desc };
      const id = created.data.id;
      const listener: V2TimAdvancedMsgListener = {
        onSendMessageProgress: (message, percent) => {
          if (message.msgID === id) progress(percent);
        },
      };
      await messages.addAdvancedMsgListener(listener);
      try {
        const sent = await messages.sendMessage({ id, ...destination(conversationID) });
        return outcome(sent, toChatMessage);
      } finally {
        await messages.removeAdvancedMsgListener(listener);
      }
    },

    async markRead(conversationID) {
      const target = targetOf(conversationID);
      return done(
        target.groupID === undefined
          ? await messages.markC2CMessageAsRead({ userID: target.userID })
          : await messages.markGroupMessageAsRead({ groupID: target.groupID }),
      );
    },

    async recall(message) {
      return done(await messages.revokeMessage({ msgID: message.msgID }));
    },

    async sendTyping(conversationID) {
      const created = await messages.createCustomMessage({ data: TYPING_DATA });
      if (created.code !== 0 || !created.data) return;
      // Online only: no history, no unread count, no push; a receipt would have nothing to count.
      const { receiver, groupID } = destination(conversationID);
      await messages.sendMessage({ id: created.data.id, receiver, groupID, onlineUserOnly: true });
    },

    async sendReadReceipts(msgIDs) {
      return done(await messages.sendMessageReadReceipts({ messageList: [...msgIDs] }));
    },

    async readReceipts(msgIDs) {
      return outcome(await messages.getMessageReadReceipts({ messageList: [...msgIDs] }), (list) =>
        list.flatMap((receipt) => toChatReceipt(receipt) ?? []),
      );
    },

    listen(events) {
      const messageListener: V2TimAdvancedMsgListener = {
        onRecvNewMessage: (message) => {
          if (message.userID === undefined && message.groupID === undefined) return;
          const chat = toChatMessage(message);
          if (isTypingNotice(message.customElem?.data)) {
            if (!message.isSelf)
              events.onTyping?.(chat.conversationID, message.sender, chat.nickName || message.sender);
            return;
          }
          events.onMessage(chat);
        },
        onRecvMessageReadReceipts: (receipts) => {
          const list = receipts.flatMap((receipt) => toChatReceipt(receipt) ?? []);
          if (list.length > 0) events.onReceipts?.(list);
        },
        onRecvMessageRevoked: (msgID) => events.onRevoked(msgID),
        onRecvC2CReadReceipt: (receipts) => {
          for (const receipt of receipts) events.onPeerRead(receipt.userID, receipt.timestamp);
        },
      };
      const conversationListener: V2TimConversationListener = {
        onNewConversation: (list) => events.onConversations(conversations(list)),
        onConversationChanged: (list) => events.onConversations(conversations(list)),
      };
      // Every member hears these; the app adds the group only when it does not list it yet.
      const groupListener: V2TimGroupListener = {
        onMemberInvited: (groupID) => events.onJoinedGroup?.(groupID),
        onMemberEnter: (groupID) => events.onJoinedGroup?.(groupID),
        onGroupCreated: (groupID) => events.onJoinedGroup?.(groupID),
      };
      void messages.addAdvancedMsgListener({ listener: messageListener });
      void conversationManager.addConversationListener({ listener: conversationListener });
      void groups.addGroupListener({ listener: groupListener });
      return () => {
        void messages.removeAdvancedMsgListener({ listener: messageListener });
        void conversationManager.removeConversationListener({ listener: conversationListener });
        void groups.removeGroupListener({ listener: groupListener });
      };
    },
  };
}
