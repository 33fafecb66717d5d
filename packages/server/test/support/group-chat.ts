/** Group helpers for the group message tests, on top of support/chat.ts. */
import type { V2TimConversation, V2TimMessage } from '@parley/sdk';
import { afterAll, beforeAll, expect } from 'vitest';
import { type ChatClient, type ChatClients, chatClients } from './chat.js';
import { startTestServer, type TestServer } from './harness.js';

/** Sends a text message to a group; fails the test unless it is sent. */
export async function sendToGroup(
  client: ChatClient,
  groupID: string,
  text: string,
  extra: Record<string, unknown> = {},
): Promise<V2TimMessage> {
  const sent = await trySendToGroup(client, groupID, text, extra);
  expect(sent, `send "${text}" to ${groupID}`).toMatchObject({ code: 0 });
  return sent.data!;
}

/** Sends a text message (with `atUserList`, a text-at message) to a group and returns the result. */
export async function trySendToGroup(
  client: ChatClient,
  groupID: string,
  text: string,
  extra: Record<string, unknown> & { atUserList?: string[] } = {},
) {
  const mm = client.im.v2TIMManager.getMessageManager();
  const { atUserList, ...rest } = extra;
  const created = atUserList
    ? await mm.createTextAtMessage({ text, atUserList })
    : await mm.createTextMessage({ text });
  expect(created.code).toBe(0);
  return mm.sendMessage({ id: created.data!.id, receiver: '', groupID, ...rest });
}

/** The group's chat messages (its tips left out) that `client` received through `onRecvNewMessage`. */
export function groupMessages(client: ChatClient, groupID: string): V2TimMessage[] {
  return client.received().filter((m) => m.groupID === groupID && !m.groupTipsElem);
}

/** The group's chat messages `client` received, as texts. */
export function groupTexts(client: ChatClient, groupID: string): string[] {
  return groupMessages(client, groupID).map((m) => m.textElem?.text ?? '');
}

export async function conversationOf(client: ChatClient, groupID: string): Promise<V2TimConversation> {
  const reply = await client.im.v2TIMManager
    .getConversationManager()
    .getConversation({ conversationID: `group_${groupID}` });
  expect(reply.code).toBe(0);
  return reply.data!;
}

export async function conversationIDs(client: ChatClient): Promise<string[]> {
  const reply = await client.im.v2TIMManager
    .getConversationManager()
    .getConversationList({ nextSeq: '0', count: 100 });
  expect(reply.code).toBe(0);
  return reply.data!.conversationList.map((c) => c.conversationID);
}

/** What a group test file shares: one server for the file, its SDK clients, and unique IDs. */
export interface GroupTestbed {
  readonly server: TestServer;
  readonly chats: ChatClients;
  /** A UserID unique in the file, from a readable name. */
  user(name: string): string;
  /** A GroupID unique in the file, from a readable name. */
  group(name: string): string;
  login(userID: string, platform?: 'web' | 'android' | 'mac'): Promise<ChatClient>;
}

/** Starts a server before the file's tests and stops it (and every client) after them. */
export function groupTestbed(): GroupTestbed {
  let server: TestServer | undefined;
  const running = () => {
    if (!server) throw new Error('the test server is not started yet');
    return server;
  };
  const chats = chatClients(running);
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await chats.closeAll();
    await server?.stop();
  });
  let n = 0;
  return {
    get server() {
      return running();
    },
    chats,
    user: (name) => `${name}${++n}`,
    group: (name) => `${name}-${++n}`,
    login: (userID, platform) => chats.login(userID, platform),
  };
}
