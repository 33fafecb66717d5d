/** The friends store's records and interface (storage/friends/). Times in ms since the epoch. */

/** One entry of a user's friend list: `friendID` is in `userID`'s list. */
export interface FriendRecord {
  userID: string;
  friendID: string;
  remark: string;
  addSource: string;
  addWording: string;
  addTime: number;
  customInfo: Record<string, string>;
  groups: string[];
}

/** A friend request from `fromUser` to `toUser`, waiting for `toUser`'s answer. */
export interface FriendApplicationRecord {
  fromUser: string;
  toUser: string;
  addSource: string;
  addWording: string;
  remark: string;
  groupName: string;
  addType: number;
  addTime: number;
}

export interface FriendGroupRecord {
  name: string;
  createTime: number;
}

export interface BlockRecord {
  blockedID: string;
  addTime: number;
}

export interface FriendStore {
  /**
   * Locks the user's account row for the rest of the transaction (PostgreSQL; SQLite has one
   * writer), so that two changes to one user's lists cannot both pass a limit. False when the
   * account does not exist.
   */
  lockUser(sdkAppID: number, userID: string): Promise<boolean>;
  /** The friend-verification setting (0 allow any, 1 need confirm, 2 deny any); undefined without an account. */
  allowType(sdkAppID: number, userID: string): Promise<number | undefined>;
  /**
   * Sets the friend-verification setting. The profile feature (setSelfInfo, portrait_set) owns it;
   * this is for it and for tests, until then.
   */
  setAllowType(sdkAppID: number, userID: string, allowType: number): Promise<void>;
  /** Which of the users have an account. */
  existing(sdkAppID: number, userIDs: readonly string[]): Promise<Set<string>>;

  friends(sdkAppID: number, userID: string): Promise<FriendRecord[]>;
  friendsAmong(sdkAppID: number, userID: string, friendIDs: readonly string[]): Promise<FriendRecord[]>;
  /** Which of `userIDs` have `friendID` in their list. */
  whoHas(sdkAppID: number, friendID: string, userIDs: readonly string[]): Promise<Set<string>>;
  /** The users who have `friendID` in their list (friends' status is pushed to them). */
  listersOf(sdkAppID: number, friendID: string): Promise<string[]>;
  /** Every user's entry for `friendID` (what each lister has of them: remark, groups …). */
  entriesAbout(sdkAppID: number, friendID: string): Promise<FriendRecord[]>;
  countFriends(sdkAppID: number, userID: string): Promise<number>;
  /** Adds or replaces a friend entry. */
  putFriend(sdkAppID: number, friend: FriendRecord): Promise<void>;
  /** Removes entries from the user's list; returns the IDs that were there. */
  deleteFriends(sdkAppID: number, userID: string, friendIDs: readonly string[]): Promise<string[]>;
  /** Takes `friendID` out of the lists of `userIDs`; returns the users who had them. */
  removeFromLists(sdkAppID: number, friendID: string, userIDs: readonly string[]): Promise<string[]>;

  application(
    sdkAppID: number,
    fromUser: string,
    toUser: string,
  ): Promise<FriendApplicationRecord | undefined>;
  /** Requests to and from the user, newest first. */
  applicationsOf(sdkAppID: number, userID: string, limit: number): Promise<FriendApplicationRecord[]>;
  countApplicationsTo(sdkAppID: number, toUser: string): Promise<number>;
  putApplication(sdkAppID: number, application: FriendApplicationRecord): Promise<void>;
  /** Removes the requests between the user and each of `otherIDs`, both ways; returns those removed. */
  deleteApplicationsWith(
    sdkAppID: number,
    userID: string,
    otherIDs: readonly string[],
  ): Promise<{ fromUser: string; toUser: string }[]>;
  /** True when there was one. */
  deleteApplication(sdkAppID: number, fromUser: string, toUser: string): Promise<boolean>;
  applicationsReadAt(sdkAppID: number, userID: string): Promise<number>;
  setApplicationsReadAt(sdkAppID: number, userID: string, at: number): Promise<void>;

  friendGroups(sdkAppID: number, userID: string): Promise<FriendGroupRecord[]>;
  putFriendGroup(sdkAppID: number, userID: string, group: FriendGroupRecord): Promise<void>;
  deleteFriendGroup(sdkAppID: number, userID: string, name: string): Promise<boolean>;

  blocked(sdkAppID: number, userID: string): Promise<BlockRecord[]>;
  /** The blocklists of several users at once (blocked UserIDs; an empty list for none). */
  blockLists(sdkAppID: number, userIDs: readonly string[]): Promise<Map<string, string[]>>;
  /** Which of `userIDs` the user has blocked. */
  blockedAmong(sdkAppID: number, userID: string, userIDs: readonly string[]): Promise<Set<string>>;
  /** Which of `userIDs` have blocked the user. */
  blockersAmong(sdkAppID: number, userID: string, userIDs: readonly string[]): Promise<Set<string>>;
  /** Adds users to the blocklist (those there already are left as they are). */
  putBlocked(sdkAppID: number, userID: string, blocks: readonly BlockRecord[]): Promise<void>;
  deleteBlocked(sdkAppID: number, userID: string, blockedIDs: readonly string[]): Promise<string[]>;
  /**
   * Removes everything about a deleted account: its friend list, friend groups, requests, blocklist
   * and read mark, and the others' entries, requests and blocks naming it. Resolves the other
   * users whose friend lists or blocklists lost an entry.
   */
  forgetUser(sdkAppID: number, userID: string): Promise<string[]>;
}
