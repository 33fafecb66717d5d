/** Profiles and receive options as the services see them (docs/users.md). */

/** A user's stored profile; `customInfo` keys are without the `Tag_Profile_Custom_` prefix. */
export interface ProfileRecord {
  userID: string;
  nick: string;
  faceUrl: string;
  selfSignature: string;
  gender: number;
  birthday: number;
  level: number;
  role: number;
  allowType: number;
  /** `Tag_Profile_IM_MsgSettings`: bit 0 set = the user refuses every one-to-one message. */
  msgSettings: number;
  customInfo: Record<string, string>;
}

/** A change of a profile: absent fields stay; `customInfo` keys are merged in ('' clears one). */
export type ProfileChange = Partial<Omit<ProfileRecord, 'userID'>>;

export interface ProfileSearch {
  keywords: readonly string[];
  /** Every keyword must match (AND) rather than any (OR). */
  matchAll: boolean;
  gender?: number;
  minBirthday?: number;
  maxBirthday?: number;
  /** The page starts after this UserID (UserID order). */
  after?: string;
  limit: number;
}

/** The global receive option (`setAllReceiveMessageOpt`). */
export interface AllReceiveOptRecord {
  opt: number;
  startHour: number;
  startMinute: number;
  startSecond: number;
  startTimeStamp: number;
  duration: number;
}

export interface ProfileStore {
  /** The profiles of the users that exist, in no particular order. */
  get(sdkAppID: number, userIDs: readonly string[]): Promise<ProfileRecord[]>;
  /** Applies a change; the profile after it, or `undefined` when the account does not exist. */
  update(sdkAppID: number, userID: string, change: ProfileChange): Promise<ProfileRecord | undefined>;
  /** A page of users matching the search, in UserID order, and how many match in all. */
  search(sdkAppID: number, query: ProfileSearch): Promise<{ profiles: ProfileRecord[]; total: number }>;
  /** Subscribes to `targets`, keeping at most `max` subscriptions: the oldest go first. */
  subscribe(
    sdkAppID: number,
    subscriber: string,
    targets: readonly string[],
    now: number,
    max: number,
  ): Promise<void>;
  /** Ends the subscriptions to `targets`, or all of the subscriber's when `targets` is undefined. */
  unsubscribe(sdkAppID: number, subscriber: string, targets?: readonly string[]): Promise<void>;
  /** Who subscribed to `target`'s profile. */
  subscribers(sdkAppID: number, target: string): Promise<string[]>;
  /** Sets the user's option for each peer; 0 removes the row. */
  setC2CReceiveOpt(sdkAppID: number, userID: string, peers: readonly string[], opt: number): Promise<void>;
  /** The user's options for those peers that have one other than 0. */
  c2cReceiveOpts(sdkAppID: number, userID: string, peers: readonly string[]): Promise<Map<string, number>>;
  /**
   * The one-to-one options of several (user, peer) pairs at once, keyed `user\npeer`; pairs without
   * an option are left out.
   */
  c2cReceiveOptsOfPairs(
    sdkAppID: number,
    pairs: readonly { userID: string; peer: string }[],
  ): Promise<Map<string, number>>;
  setAllReceiveOpt(sdkAppID: number, userID: string, option: AllReceiveOptRecord): Promise<void>;
  allReceiveOpt(sdkAppID: number, userID: string): Promise<AllReceiveOptRecord | undefined>;
  /**
   * Removes what the user left besides its account row (`account_delete`): its subscriptions and
   * receive options, and others' subscriptions and options about it, so a UserID registered again
   * starts afresh.
   */
  forget(sdkAppID: number, userID: string): Promise<void>;
  /** The user's options in the groups it is a member of (0 included). */
  groupReceiveOpts(sdkAppID: number, userID: string): Promise<Map<string, number>>;
  /** Sets the member's option in a group; false when the user is not a member. */
  setGroupReceiveOpt(sdkAppID: number, groupID: string, userID: string, opt: number): Promise<boolean>;
}
