/**
 * SDK clients for the messaging tests: logged in, with message and conversation listeners that
 * record every callback, and a `waitFor` that re-checks a condition after each one.
 */
import {
  createImSDKPlugin,
  type ImSDK,
  type InitSDKOptions,
  type V2TimConversation,
  type V2TimMessage,
  type V2TimMessageReceipt,
  type V2TimPlatform,
} from '@parley/sdk';
import { expect } from 'vitest';
import type { TestServer } from './harness.js';

/** One recorded callback. */
export type ChatEvent =
  | { name: 'onRecvNewMessage'; message: V2TimMessage }
  | { name: 'onRecvMessageRevoked'; msgID: string; operateUser: string; reason: string }
  | { name: 'onRecvC2CReadReceipt'; receipts: V2TimMessageReceipt[] }
  | { name: 'onRecvMessageModified'; message: V2TimMessage }
  | { name: 'onNewConversation' | 'onConversationChanged'; conversations: V2TimConversation[] }
  | { name: 'onConversationDeleted'; conversationIDs: string[] }
  | { name: 'onTotalUnreadMessageCountChanged'; total: number }
  | { name: 'onSyncServerStart' | 'onSyncServerFinish' | 'onSyncServerFailed' | 'onConnectSuccess' };

export interface ChatClient {
  readonly im: ImSDK;
  readonly userID: string;
  readonly events: ChatEvent[];
  /** The messages of `onRecvNewMessage`, in order. */
  received(): V2TimMessage[];
  /** Texts of `onRecvNewMessage`, in order. */
  texts(): string[];
  count(name: ChatEvent['name']): number;
  /** Resolves once `check` holds (checked now and after every callback); rejects after `timeoutMs`. */
  waitFor(check: () => boolean, what: string, timeoutMs?: number): Promise<void>;
  /** Creates and sends a text message; fails the test unless it is sent. */
  send(receiver: string, text: string, extra?: Record<string, unknown>): Promise<V2TimMessage>;
  /** True while the SDK has a live connection. */
  connected(): boolean;
  close(): Promise<void>;
}

export interface ChatClientOptions {
  wsUrl: string;
  sdkAppID: number;
  userID: string;
  userSig: string;
  init?: Partial<InitSDKOptions>;
}

/** An initialized and logged-in SDK with recording listeners, added before the login. */
export async function chatClient(options: ChatClientOptions): Promise<ChatClient> {
  const im = createImSDKPlugin();
  const events: ChatEvent[] = [];
  const waiters = new Set<() => void>();
  let netState = 'disconnected';
  const record = (event: ChatEvent) => {
    events.push(event);
    for (const waiter of [...waiters]) waiter();
  };
  im.on('netStateChange', ({ data }) => {
    netState = data.state;
    for (const waiter of [...waiters]) waiter();
  });
  const init = await im.v2TIMManager.initSDK({
    sdkAppID: options.sdkAppID,
    serverAddr: options.wsUrl,
    reconnect: { minDelayMs: 50, maxDelayMs: 400 },
    listener: { onConnectSuccess: () => record({ name: 'onConnectSuccess' }) },
    ...options.init,
  });
  expect(init.code).toBe(0);
  const messages = im.v2TIMManager.getMessageManager();
  const conversations = im.v2TIMManager.getConversationManager();
  await messages.addAdvancedMsgListener({
    onRecvNewMessage: (message) => record({ name: 'onRecvNewMessage', message }),
    onRecvMessageRevoked: (msgID, operateUser, reason) =>
      record({ name: 'onRecvMessageRevoked', msgID, operateUser, reason }),
    onRecvC2CReadReceipt: (receipts) => record({ name: 'onRecvC2CReadReceipt', receipts }),
    onRecvMessageModified: (message) => record({ name: 'onRecvMessageModified', message }),
  });
  await conversations.addConversationListener({
    listener: {
      onSyncServerStart: () => record({ name: 'onSyncServerStart' }),
      onSyncServerFinish: () => record({ name: 'onSyncServerFinish' }),
      onSyncServerFailed: () => record({ name: 'onSyncServerFailed' }),
      onNewConversation: (list) => record({ name: 'onNewConversation', conversations: list }),
      onConversationChanged: (list) => record({ name: 'onConversationChanged', conversations: list }),
      onConversationDeleted: (ids) => record({ name: 'onConversationDeleted', conversationIDs: ids }),
      onTotalUnreadMessageCountChanged: (total) =>
        record({ name: 'onTotalUnreadMessageCountChanged', total }),
    },
  });
  const login = await im.v2TIMManager.login(options.userID, options.userSig);
  expect(login.code).toBe(0);

  const client: ChatClient = {
    im,
    userID: options.userID,
    events,
    received: () => events.flatMap((e) => (e.name === 'onRecvNewMessage' ? [e.message] : [])),
    texts: () => client.received().map((m) => m.textElem?.text ?? ''),
    count: (name) => events.filter((e) => e.name === name).length,
    waitFor(check, what, timeoutMs = 10_000) {
      if (check()) return Promise.resolve();
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters.delete(waiter);
          reject(new Error(`timed out waiting for ${what}`));
        }, timeoutMs);
        const waiter = () => {
          if (!check()) return;
          clearTimeout(timer);
          waiters.delete(waiter);
          resolve();
        };
        waiters.add(waiter);
      });
    },
    async send(receiver, text, extra = {}) {
      const created = await messages.createTextMessage({ text });
      expect(created.code).toBe(0);
      const sent = await messages.sendMessage({ id: created.data!.id, receiver, groupID: '', ...extra });
      expect(sent, `send "${text}"`).toMatchObject({ code: 0 });
      return sent.data!;
    },
    connected: () => netState === 'connected',
    async close() {
      await im.v2TIMManager.unInitSDK();
    },
  };
  // The post-login sync has run once the first onSyncServerFinish arrived.
  await client.waitFor(() => client.count('onSyncServerFinish') > 0, `${options.userID}'s first sync`);
  return client;
}

/** Logs chat clients in on one test server and closes them all at the end of a file. */
export interface ChatClients {
  /** A logged-in chat client on `platform` (web by default: the default policy allows one web instance). */
  login(userID: string, platform?: V2TimPlatform): Promise<ChatClient>;
  closeAll(): Promise<void>;
}

/** `server` is read at each login, so it may be assigned in a `beforeAll`. */
export function chatClients(server: () => TestServer): ChatClients {
  const open: ChatClient[] = [];
  return {
    async login(userID, platform = 'web') {
      const t = server();
      const client = await chatClient({
        wsUrl: t.wsUrl,
        sdkAppID: t.sdkAppID,
        userID,
        userSig: t.ticket(userID),
        init: { platform },
      });
      open.push(client);
      return client;
    },
    async closeAll() {
      await Promise.all(open.splice(0).map((c) => c.close()));
    },
  };
}
