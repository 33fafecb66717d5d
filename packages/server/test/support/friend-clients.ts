/**
 * SDK clients for the friend tests: a logged-in chat client whose friendship listener records
 * every callback, with a `waitFor` re-checked after each one.
 */
import type { V2TIMFriendshipManager, V2TimFriendshipListener, V2TimPlatform } from '@parley/sdk';
import { expect } from 'vitest';
import { type ChatClient, chatClients } from './chat.js';
import type { TestServer } from './harness.js';
import { recorded } from './recorded.js';

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
  const chats = chatClients(server);
  return {
    async login(userID, platform = 'web') {
      return withFriendListener(await chats.login(userID, platform));
    },
    closeAll: () => chats.closeAll(),
  };
}

/** Adds a recording friendship listener to a logged-in chat client. */
export async function withFriendListener(chat: ChatClient): Promise<FriendClient> {
  const log = recorded<FriendCallback>();
  const listener: V2TimFriendshipListener = Object.fromEntries(
    CALLBACKS.map((name) => [name, (...args: unknown[]) => log.record({ name, args })]),
  );
  const friends = chat.im.v2TIMManager.getFriendshipManager();
  expect((await friends.addFriendListener({ listener })).code).toBe(0);
  const seen = (name: keyof V2TimFriendshipListener) => log.entries.filter((c) => c.name === name);
  return {
    userID: chat.userID,
    chat,
    friends,
    callbacks: log.entries,
    seen,
    waitFor: (name, match = () => true) =>
      log.waitFor(() => seen(name).find(match), `${name} at ${chat.userID}`),
  };
}
