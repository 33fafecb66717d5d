/**
 * Tickets for simulated users, made before any timed phase so that signing never counts against the
 * server's figures.
 */
import { genUserSig } from '@parley/usersig';
import type { TargetAddress, UserRange } from './tasks.js';

/** Long enough for any bench run; short enough to be obviously a test ticket. */
const TICKET_LIFETIME_SECONDS = 24 * 60 * 60;

export interface SimulatedUser {
  /** Run-wide index, which also picks the source address. */
  index: number;
  userID: string;
  ticket: string;
}

export function makeUsers(target: TargetAddress, range: UserRange): SimulatedUser[] {
  return Array.from({ length: range.count }, (_, i) => {
    const index = range.from + i;
    const userID = `${range.prefix}${index}`;
    const ticket = genUserSig({
      sdkAppID: target.sdkAppID,
      key: target.key,
      userID,
      expire: TICKET_LIFETIME_SECONDS,
    });
    return { index, userID, ticket };
  });
}
