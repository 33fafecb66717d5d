/**
 * Chat clients that also record the reaction and extension callbacks (docs/message-extras.md), for
 * the reaction, extension and pin tests.
 */
import type {
  V2TIMMessageManager,
  V2TimMessage,
  V2TimMessageExtension,
  V2TimMessageReactionChangeInfo,
  V2TimPlatform,
} from '@parley/sdk';
import { expect } from 'vitest';
import { type ChatClient, chatClients } from './chat.js';
import type { TestServer } from './harness.js';
import { type Recorded, recorded } from './recorded.js';

export type ExtrasEvent =
  | { name: 'reactions'; changes: V2TimMessageReactionChangeInfo[] }
  | { name: 'extensionsChanged'; msgID: string; extensions: V2TimMessageExtension[] }
  | { name: 'extensionsDeleted'; msgID: string; keys: string[] };

export interface ExtrasClient {
  readonly userID: string;
  readonly chat: ChatClient;
  readonly messages: V2TIMMessageManager;
  readonly heard: Recorded<ExtrasEvent>;
  /** Sends a text to a user (`to`) or a group (`group`), with `supportMessageExtension` unless told otherwise. */
  send(to: { user?: string; group?: string }, text: string, extension?: boolean): Promise<V2TimMessage>;
}

export function extrasClients(server: () => TestServer) {
  const chats = chatClients(server);
  return {
    async login(userID: string, platform: V2TimPlatform = 'web'): Promise<ExtrasClient> {
      const chat = await chats.login(userID, platform);
      const messages = chat.im.v2TIMManager.getMessageManager();
      const heard = recorded<ExtrasEvent>();
      await messages.addAdvancedMsgListener({
        onRecvMessageReactionsChanged: (changes) => heard.record({ name: 'reactions', changes }),
        onRecvMessageExtensionsChanged: (msgID, extensions) =>
          heard.record({ name: 'extensionsChanged', msgID, extensions }),
        onRecvMessageExtensionsDeleted: (msgID, keys) =>
          heard.record({ name: 'extensionsDeleted', msgID, keys }),
      });
      return {
        userID,
        chat,
        messages,
        heard,
        async send(to, text, extension = true) {
          const created = await messages.createTextMessage({ text });
          const sent = await messages.sendMessage({
            id: created.data!.id,
            receiver: to.user ?? '',
            groupID: to.group ?? '',
            ...(extension ? { supportMessageExtension: true } : {}),
          });
          expect(sent, `send "${text}"`).toMatchObject({ code: 0 });
          return sent.data!;
        },
      };
    },
    closeAll: () => chats.closeAll(),
  };
}
