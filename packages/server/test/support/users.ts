/** The user-level SDK callbacks (profiles, receive options) of a chat client, recorded and awaited. */
import type { V2TimReceiveMessageOptInfo, V2TimUserFullInfo } from '@parley/sdk';
import type { ChatClient } from './chat.js';

export interface UserEvents {
  readonly self: V2TimUserFullInfo[];
  readonly changed: V2TimUserFullInfo[];
  readonly allOpt: V2TimReceiveMessageOptInfo[];
  /** Resolves once `check` holds (checked now and after every callback); rejects after 10 s. */
  until(check: () => boolean, what: string): Promise<void>;
}

/** Adds an SDK listener that records `onSelfInfoUpdated`, `onUserInfoChanged` and `onAllReceiveMessageOptChanged`. */
export async function userEvents(client: ChatClient): Promise<UserEvents> {
  const waiters = new Set<() => void>();
  const wake = () => {
    for (const waiter of [...waiters]) waiter();
  };
  const events: UserEvents = {
    self: [],
    changed: [],
    allOpt: [],
    until(check, what) {
      if (check()) return Promise.resolve();
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters.delete(waiter);
          reject(new Error(`${client.userID} timed out waiting for ${what}`));
        }, 10_000);
        const waiter = () => {
          if (!check()) return;
          clearTimeout(timer);
          waiters.delete(waiter);
          resolve();
        };
        waiters.add(waiter);
      });
    },
  };
  const added = await client.im.v2TIMManager.addSDKListener({
    onSelfInfoUpdated: (info) => {
      events.self.push(info);
      wake();
    },
    onUserInfoChanged: (list) => {
      events.changed.push(...list);
      wake();
    },
    onAllReceiveMessageOptChanged: (info) => {
      events.allOpt.push(info);
      wake();
    },
  });
  if (added.code !== 0) throw new Error(`addSDKListener: ${added.desc}`);
  return events;
}
