import type { WireReceiveMessageOptInfo } from '@parley/protocol';

const DAY_S = 86_400;

/**
 * True while the user's global option (quiet hours) says no push (option 2). A duration under a
 * day repeats daily from the start's time of day (UTC: the server knows no user time zone); a day
 * or more lasts from the start on; 0 is treated as "always" (quiet with no window named).
 */
export function inQuietHours(info: WireReceiveMessageOptInfo | undefined, nowMs: number): boolean {
  if (info === undefined || info.allReceiveMessageOpt !== 2) return false;
  const now = Math.floor(nowMs / 1000);
  const permanent = info.duration === 0 || info.duration >= DAY_S;
  if (info.startTimeStamp > 0) {
    if (now < info.startTimeStamp) return false;
    return permanent || (now - info.startTimeStamp) % DAY_S < info.duration;
  }
  if (permanent) return true;
  const start = info.startHour * 3600 + info.startMinute * 60 + info.startSecond;
  return ((now % DAY_S) - start + DAY_S) % DAY_S < info.duration;
}
