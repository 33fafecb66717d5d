/**
 * The chat's messaging over `@parley/sdk`: V2TIM messages and conversations mapped to the chat's
 * model, and the SDK's listeners mapped to the chat's events.
 */
import {
  type ImSDK,
  type V2TimAdvancedMsgListener,
  type V2TimConversation,
  type V2TimConversationListener,
  type V2TimMessage,
  V2TimMessageStatus,
} from '@parley/sdk';
import type { Messaging, Outcome } from './messaging.js';
import type { ChatAttachment, ChatConversation, ChatMessage, MessageStatus } from './model.js';
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
  return {
    msgID: message.msgID,
    peer: message.userID ?? '',
    sender: message.sender,
    isSelf: message.isSelf,
    text: message.textElem?.text ?? placeholderOf(message),
    timestamp: message.timestamp,
    seq: message.seq,
    status: message.revokerInfo ? 'revoked' : (STATUS[message.status] ?? 'sent'),
    isPeerRead: message.isPeerRead,
    nickName: message.nickName ?? '',
    faceUrl: message.faceUrl ?? '',
    ...(attachment ? { attachment } : {}),
  };
}

/** One-to-one conversations only: the demo has no groups. */
export function toChatConversation(conversation: V2TimConversation): ChatConversation | undefined {
  if (conversation.userID === undefined) return undefined;
  return {
    conversationID: conversation.conversationID,
    userID: conversation.userID,
    showName: conversation.showName || conversation.userID,
    ...(conversation.faceUrl ? { faceUrl: conversation.faceUrl } : {}),
    unreadCount: conversation.unreadCount,
    ...(conversation.lastMessage ? { lastMessage: toChatMessage(conversation.lastMessage) } : {}),
  };
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

export function createSdkMessaging(im: ImSDK): Messaging {
  const messages = im.v2TIMManager.getMessageManager();
  const conversationManager = im.v2TIMManager.getConversationManager();

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

    async history(peer, count, before) {
      const result = await messages.getC2CHistoryMessageList({
        userID: peer,
        count,
        ...(before ? { lastMsgID: before.msgID } : {}),
      });
      // Pages come newest first; one short of `count` means the start of the history was reached.
      return outcome(result, (list: V2TimMessage[]) => ({
        messages: list.map(toChatMessage).reverse(),
        isFinished: list.length < count,
      }));
    },

    async sendText(peer, text) {
      const created = await messages.createTextMessage({ text });
      if (created.code !== 0 || !created.data) return { ok: false, code: created.code, desc: created.desc };
      const sent = await messages.sendMessage({ id: created.data.id, receiver: peer, groupID: '' });
      return outcome(sent, toChatMessage);
    },

    async sendFile(peer, file, progress) {
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
        const sent = await messages.sendMessage({ id, receiver: peer, groupID: '' });
        return outcome(sent, toChatMessage);
      } finally {
        await messages.removeAdvancedMsgListener(listener);
      }
    },

    async markRead(peer) {
      const result = await messages.markC2CMessageAsRead({ userID: peer });
      return result.code === 0
        ? { ok: true, value: undefined }
        : { ok: false, code: result.code, desc: result.desc };
    },

    async recall(message) {
      const result = await messages.revokeMessage({ msgID: message.msgID });
      return result.code === 0
        ? { ok: true, value: undefined }
        : { ok: false, code: result.code, desc: result.desc };
    },

    async sendTyping(peer) {
      const created = await messages.createCustomMessage({ data: TYPING_DATA });
      if (created.code !== 0 || !created.data) return;
      await messages.sendMessage({ id: created.data.id, receiver: peer, groupID: '', onlineUserOnly: true });
    },

    listen(events) {
      const messageListener: V2TimAdvancedMsgListener = {
        onRecvNewMessage: (message) => {
          if (message.userID === undefined) return;
          if (isTypingNotice(message.customElem?.data)) {
            if (!message.isSelf) events.onTyping?.(message.userID);
            return;
          }
          events.onMessage(toChatMessage(message));
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
      void messages.addAdvancedMsgListener({ listener: messageListener });
      void conversationManager.addConversationListener({ listener: conversationListener });
      return () => {
        void messages.removeAdvancedMsgListener({ listener: messageListener });
        void conversationManager.removeConversationListener({ listener: conversationListener });
      };
    },
  };
}
