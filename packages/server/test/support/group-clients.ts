/**
 * SDK clients for the group tests: a logged-in chat client whose group listener records every
 * callback, with a `waitFor` re-checked after each one.
 */
import type { V2TIMGroupManager, V2TimGroupListener, V2TimPlatform } from '@parley/sdk';
import { expect } from 'vitest';
import { type ChatClient, chatClients } from './chat.js';
import type { TestServer } from './harness.js';
import { recorded } from './recorded.js';

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
  'onGroupMessagePinned',
];

export interface GroupClients {
  login(userID: string, platform?: V2TimPlatform): Promise<GroupClient>;
  closeAll(): Promise<void>;
}

export function groupClients(server: () => TestServer): GroupClients {
  const chats = chatClients(server);
  return {
    async login(userID, platform = 'web') {
      const chat = await chats.login(userID, platform);
      const log = recorded<GroupCallback>();
      const listener: V2TimGroupListener = Object.fromEntries(
        CALLBACKS.map((name) => [
          name,
          (groupID: string, ...args: unknown[]) => log.record({ name, groupID, args }),
        ]),
      );
      expect((await chat.im.v2TIMManager.addGroupListener({ listener })).code).toBe(0);
      const seen = (name: keyof V2TimGroupListener, groupID?: string) =>
        log.entries.filter((c) => c.name === name && (groupID === undefined || c.groupID === groupID));
      return {
        userID,
        chat,
        groups: chat.im.v2TIMManager.getGroupManager(),
        callbacks: log.entries,
        seen,
        waitFor: (name, groupID, match = () => true) =>
          log.waitFor(() => seen(name, groupID).find(match), `${name} of ${groupID} at ${userID}`),
      };
    },
    closeAll: () => chats.closeAll(),
  };
}
