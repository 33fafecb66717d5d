/** Records `onUserStatusChanged` on an SDK client, with a `waitFor` re-checked after each call. */
import type { ImSDK, V2TimUserStatus } from '@parley/sdk';
import { expect } from 'vitest';

export interface StatusWatch {
  /** Every status received, in order. */
  readonly statuses: V2TimUserStatus[];
  /** The statuses received about one user, in order. */
  of(userID: string): V2TimUserStatus[];
  /** Resolves once `check` holds (now or after a later callback); rejects after `timeoutMs`. */
  waitFor(check: () => boolean, what: string, timeoutMs?: number): Promise<void>;
  /** Waits for the `n`th status about `userID` (1-based) and returns it. */
  nth(userID: string, n: number): Promise<V2TimUserStatus>;
}

export async function watchStatus(im: ImSDK): Promise<StatusWatch> {
  const statuses: V2TimUserStatus[] = [];
  const waiters = new Set<() => void>();
  const added = await im.v2TIMManager.addSDKListener({
    onUserStatusChanged: (list) => {
      statuses.push(...list);
      for (const waiter of [...waiters]) waiter();
    },
  });
  expect(added.code).toBe(0);
  const watch: StatusWatch = {
    statuses,
    of: (userID) => statuses.filter((s) => s.userID === userID),
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
    async nth(userID, n) {
      await watch.waitFor(() => watch.of(userID).length >= n, `status #${n} of ${userID}`);
      return watch.of(userID)[n - 1]!;
    },
  };
  return watch;
}
