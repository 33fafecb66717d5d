/**
 * A user's friend-verification setting (`allowType`: 0 allow any, 1 need confirm, 2 deny any) as
 * `addFriend` needs it. The profile feature owns the setting; this reads its column
 * (`accounts.allow_type`) so that the friend service never depends on how profiles are built.
 */
import type { FriendStore } from '../../storage/friends/index.js';

export interface FriendPolicy {
  /** The user's allow type; `undefined` when the account does not exist. */
  allowType(
    sdkAppID: number,
    userID: string,
    store?: Pick<FriendStore, 'allowType'>,
  ): Promise<number | undefined>;
}

/** Reads `accounts.allow_type` through the friend store (or the transaction's, when given). */
export function accountFriendPolicy(store: () => Pick<FriendStore, 'allowType'>): FriendPolicy {
  return {
    allowType: (sdkAppID, userID, tx) => (tx ?? store()).allowType(sdkAppID, userID),
  };
}
