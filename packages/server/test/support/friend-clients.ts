/**
 * SDK clients for the friend tests: a logged-in chat client whose friendship listener records
 * every callback, with a `waitFor` re-checked after each one.
 */
import type { V2TIMFriendshipManager, V2TimFriendshipListener, V2TimPlatform } from '@parley/sdk';
import { expect } from 'vitest';
import { type ChatClient, chatClient } from './chat.js';
import type { TestServer } from './harness.js';

export interface FriendCallback {
  name: keyof V2TimFriendshipListener;
  args: unknown[];
}

export interface FriendClient {
  readonly userID: string;
  readonly chat: ChatClient;
  readonly friends: V2TIMFriendshipManager;
  readonly callbacks: FriendCallback[];
  seen(name: keyof V2TimFriendshipListener): FriendCallback[];
  /** Resolves with the first matching callback once it has arrived (10 s at most). */
  waitFor(
    name: keyof V2TimFriendshipListener,
    match?: (callback: FriendCallback) => boolean,
  ): Promise<FriendCallback>;
}

const CALLBACKS: (keyof V2TimFriendshipListener)[] = [
  'onFriendApplicationListAdded',
  'onFriendApplicationListDeleted',
  'onFriendApplicationListRead',
  'onFriendListAdded',
  'onFriendListDeleted',
  'onFriendInfoChanged',
  'onFriendProfileChanged',
  'onBlackListAdded',
  'onBlackListDeleted',
  'onFriendGroupCreated',
  'onFriendGroupDeleted',
  'onFriendGroupNameChanged',
  'onFriendsAddedToGroup',
  'onFriendsDeletedFromGroup',
];

export interface FriendClients {
  login(userID: string, platform?: V2TimPlatform): Promise<FriendClient>;
  closeAll(): Promise<void>;
}

export function friendClients(server: () => TestServer): FriendClients {
  const open: ChatClient[] = [];
  return {
    async login(userID, platform = 'web') {
      const t = server();
      const chat = await chatClient({
        wsUrl: t.wsUrl,
        sdkAppID: t.sdkAppID,
        userID,
        userSig: t.ticket(userID),
        init: { platform },
      });
      open.push(chat);
      return withFriendListener(chat);
    },
    async closeAll() {
      await Promise.all(open.splice(0).map((c) => c.close()));
    },
  };
}

/** Adds a recording friendship listener to a logged-in chat client. */
export async function withFriendListener(chat: ChatClient): Promise<FriendClient> {
  const callbacks: FriendCallback[] = [];
  const waiters = new Set<() => void>();
  const listener: V2TimFriendshipListener = Object.fromEntries(
    CALLBACKS.map((name) => [
      name,
      (...args: unknown[]) => {
        callbacks.push({ name, args });
        for (const waiter of [...waiters]) waiter();
      },
    ]),
  );
  const friends = chat.im.v2TIMManager.getFriendshipManager();
  expect((await friends.addFriendListener({ listener })).code).toBe(0);
  const seen = (name: keyof V2TimFriendshipListener) => callbacks.filter((c) => c.name === name);
  return {
    userID: chat.userID,
    chat,
    friends,
    callbacks,
    seen,
    waitFor(name, match = () => true) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = seen(name).find(match);
          if (found === undefined) return false;
          clearTimeout(timer);
          waiters.delete(check);
          resolve(found);
          return true;
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`${chat.userID} timed out waiting for ${name}`));
        }, 10_000);
        if (!check()) waiters.add(check);
      });
    },
  };
}
