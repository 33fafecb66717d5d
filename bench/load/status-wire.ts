/**
 * How a status change travels, the same bytes for Parley and the bare `ws` baseline: a watcher sends
 * `subscribeUserStatus {userIDList}` (the SDK's call of that name), and each online watcher of a
 * user gets a `userStatusChanged {statusList}` push when that user logs in or out. The baseline
 * writes the same frame, so both are read by the same code.
 */
import type { Push } from './socket.js';

export const SUBSCRIBE_OP = 'subscribeUserStatus';
export const STATUS_PUSH = 'userStatusChanged';

/** `V2TIMUserStatusType`: 1 online (a login), 3 not logged in (a logout). */
export const STATUS_ONLINE = 1;
export const STATUS_UNLOGINED = 3;

/** The push a watcher gets, exactly as Parley writes it for a web user's login or logout. */
export function statusFrame(userID: string, online: boolean): string {
  const status = {
    userID,
    statusType: online ? STATUS_ONLINE : STATUS_UNLOGINED,
    customStatus: '',
    onlineDevices: online ? ['Web'] : [],
  };
  return JSON.stringify({ push: STATUS_PUSH, data: { statusList: [status] } });
}

/** The (user, status type) pairs of a status push; nothing for any other push. */
export function statusesIn(push: Push): { userID: string; statusType: number }[] {
  if (push.push !== STATUS_PUSH) return [];
  const list = (push.data as { statusList?: unknown })?.statusList;
  if (!Array.isArray(list)) return [];
  return list.flatMap((s: { userID?: unknown; statusType?: unknown }) =>
    typeof s?.userID === 'string' && typeof s.statusType === 'number'
      ? [{ userID: s.userID, statusType: s.statusType }]
      : [],
  );
}

/**
 * The churners a watcher subscribes to: `perWatcher` consecutive churners from its own offset,
 * wrapping around, so `watchers × perWatcher / churners` watchers watch each churner exactly.
 */
export function watchedBy(watcher: number, perWatcher: number, churners: number): number[] {
  return Array.from({ length: perWatcher }, (_, k) => (watcher * perWatcher + k) % churners);
}

/** Index of a churn event: each churner logs in (even) and out (odd) once per run. */
export function eventIndex(churner: number, online: boolean): number {
  return churner * 2 + (online ? 0 : 1);
}
