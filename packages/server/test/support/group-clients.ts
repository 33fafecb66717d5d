/**
 * SDK clients for the group tests: a logged-in chat client whose group listener records every
 * callback, with a `waitFor` re-checked after each one.
 */
import type { V2TIMGroupManager, V2TimGroupListener, V2TimPlatform } from '@parley/sdk';
import { expect } from 'vitest';
import { type ChatClient, chatClient } from './chat.js';
import type { TestServer } from './harness.js';

/** One recorded group callback: its name, the group, and the rest of its arguments. */
export interface GroupCallback {
  name: keyof V2TimGroupListener;
  groupID: string;
  args: unknown[];
}

export interface GroupClient {
  readonly userID: string;
  readonly chat: ChatClient;
  readonly groups: V2TIMGroupManager;
  readonly callbacks: GroupCallback[];
  /** The callbacks of one name (and group), in order. */
  seen(name: keyof V2TimGroupListener, groupID?: string): GroupCallback[];
  /** Resolves with the first matching callback once it has arrived. */
  waitFor(
    name: keyof V2TimGroupListener,
    groupID: string,
    match?: (callback: GroupCallback) => boolean,
  ): Promise<GroupCallback>;
}

const CALLBACKS: (keyof V2TimGroupListener)[] = [
  'onMemberEnter',
  'onMemberLeave',
  'onMemberInvited',
  'onMemberKicked',
  'onMemberInfoChanged',
  'onAllGroupMembersMuted',
  'onGroupCreated',
  'onGroupDismissed',
  'onGroupInfoChanged',
  'onGroupAttributeChanged',
  'onGroupCounterChanged',
  'onReceiveJoinApplication',
  'onApplicationProcessed',
  'onGrantAdministrator',
  'onRevokeAdministrator',
  'onQuitFromGroup',
  'onReceiveRESTCustomData',
  'onTopicCreated',
  'onTopicDeleted',
  'onTopicChanged',
];

export interface GroupClients {
  login(userID: string, platform?: V2TimPlatform): Promise<GroupClient>;
  closeAll(): Promise<void>;
}

export function groupClients(server: () => TestServer): GroupClients {
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
      const callbacks: GroupCallback[] = [];
      const waiters = new Set<() => void>();
      const listener: V2TimGroupListener = Object.fromEntries(
        CALLBACKS.map((name) => [
          name,
          (groupID: string, ...args: unknown[]) => {
            callbacks.push({ name, groupID, args });
            for (const waiter of [...waiters]) waiter();
          },
        ]),
      );
      expect((await chat.im.v2TIMManager.addGroupListener({ listener })).code).toBe(0);
      const seen = (name: keyof V2TimGroupListener, groupID?: string) =>
        callbacks.filter((c) => c.name === name && (groupID === undefined || c.groupID === groupID));
      return {
        userID,
        chat,
        groups: chat.im.v2TIMManager.getGroupManager(),
        callbacks,
        seen,
        waitFor(name, groupID, match = () => true) {
          return new Promise((resolve, reject) => {
            const check = () => {
              const found = seen(name, groupID).find(match);
              if (found === undefined) return false;
              clearTimeout(timer);
              waiters.delete(check);
              resolve(found);
              return true;
            };
            const timer = setTimeout(() => {
              waiters.delete(check);
              reject(new Error(`${userID} timed out waiting for ${name} of ${groupID}`));
            }, 10_000);
            if (!check()) waiters.add(check);
          });
        },
      };
    },
    async closeAll() {
      await Promise.all(open.splice(0).map((c) => c.close()));
    },
  };
}
