/**
 * The storage seam. Callers see only these interfaces; SQLite and PostgreSQL are dialects behind
 * them (storage/dialects/). Not-found contract: reads return `undefined`, never throw.
 * Times are milliseconds since the epoch unless a name says seconds.
 */
import type { Platform } from '@parley/protocol';
import type { FriendStore } from './friends/types.js';
import type { GroupStore } from './groups/types.js';
import type { MediaStore } from './media/store.js';
import type { MessageExtrasStore } from './message-extras/store.js';
import type { GroupLogStore } from './messaging/group-types.js';
import type { MessagingStore } from './messaging/types.js';
import type { PresenceStore } from './presence/store.js';
import type { ProfileStore } from './profiles/types.js';
import type { PushStore } from './push/types.js';
import type { ReceiptStore } from './receipts/store.js';
import type { SignalingStore } from './signaling/store.js';

export const LOGIN_POLICIES = ['single', 'dual', 'triple', 'multi'] as const;
/** Multi-device login policy (login.md §6.1). */
export type LoginPolicy = (typeof LOGIN_POLICIES)[number];

/** The settings of an app that an admin can change (contracts §6). */
export interface AppSettings {
  name: string;
  /** Admin UserIDs (up to 10); the first is the default admin. */
  admins: string[];
  loginPolicy: LoginPolicy;
  /** 1-10, default 1. */
  maxWebInstances: number;
  /** 1-3, default 1. */
  maxInstancesPerPlatform: number;
  /** Where State.StateChange and message callbacks are posted; `null` for none. */
  callbackUrl: string | null;
  /** How long messages stay in history and sync, in days: 1-3650, default 7 (im-features §10). */
  messageRetentionDays: number;
  /** How long after sending its sender may recall a message, in seconds: 0-604800, default 120. */
  revokeWindowSeconds: number;
  /** Largest message body (elements and cloud custom data) in bytes: 1-65536, default 12288. */
  maxMessageBodyBytes: number;
  /** Member limit of a Work group: 1-100000, default 200 (im-features §11). */
  maxMembersWork: number;
  /** Member limit of a Public group: 1-100000, default 2000. */
  maxMembersPublic: number;
  /** Member limit of a Meeting group: 1-100000, default 6000. */
  maxMembersMeeting: number;
  /** Member limit of a Community: 1-1000000, default 100000. AVChatRoom has none. */
  maxMembersCommunity: number;
  /** Groups a user may be in at once (AVChatRoom not counted): 1-100000, default 1000. */
  maxJoinedGroups: number;
  /**
   * Push friends' status changes to them without a subscription (docs/users.md "Friends' status"):
   * off by default, as on the original.
   */
  pushFriendStatus: boolean;
  /** Only friends may send each other one-to-one messages (20009/20010 otherwise); default false. */
  c2cFriendsOnly: boolean;
  /** A blocked sender is told (20007, true, the default) or sees an ordinary send (false). */
  revealBlocked: boolean;
  /**
   * Custom profile keys users may set (`Tag_Profile_Custom_<key>`, the prefix left out): up to 20
   * keys of 1 to 8 ASCII letters; default none, so any custom field is refused (docs/users.md).
   */
  profileCustomKeys: string[];
  /** Largest upload of each kind in bytes (docs/media.md): image and sound 28 MB, file and video 100 MB. */
  maxImageBytes: number;
  maxFileBytes: number;
  maxSoundBytes: number;
  maxVideoBytes: number;
  /**
   * Group types whose messages may ask for read receipts (docs/read-receipts.md); every type but
   * AVChatRoom (which never has them) by default.
   */
  readReceiptGroupTypes: ReceiptGroupType[];
}

/** The group types read receipts can be turned on for. */
export const RECEIPT_GROUP_TYPES = ['Work', 'Public', 'Meeting', 'Community'] as const;
export type ReceiptGroupType = (typeof RECEIPT_GROUP_TYPES)[number];

export interface AppRecord extends AppSettings {
  sdkAppID: number;
  /** The HMAC key of the app's tickets, used as a UTF-8 string. Never logged. */
  secretKey: string;
  createdAt: number;
  updatedAt: number;
}

export interface NewApp extends Partial<AppSettings> {
  /** Chosen by the caller (env-driven app) or allocated by the store. */
  sdkAppID?: number;
  /** Generated (64 hex chars) when absent. */
  secretKey?: string;
}

export interface AppStore {
  create(app: NewApp): Promise<AppRecord>;
  get(sdkAppID: number): Promise<AppRecord | undefined>;
  list(): Promise<AppRecord[]>;
  /** Applies a partial change; `undefined` when the app does not exist. */
  update(
    sdkAppID: number,
    patch: Partial<AppSettings> & { secretKey?: string },
  ): Promise<AppRecord | undefined>;
}

export interface AccountRecord {
  sdkAppID: number;
  userID: string;
  createdAt: number;
  /** Nickname set by the REST `account_import`; `''` when none. */
  nick: string;
  /** Avatar URL set by the REST `account_import`; `''` when none. */
  faceUrl: string;
}

/** An account as the REST `account_import` brings it in; absent profile fields are left as they are. */
export interface ImportedAccount {
  userID: string;
  nick?: string;
  faceUrl?: string;
}

/** What a login needs to know of a UserID, read in one statement (`AccountStore.loginState`). */
export interface AccountLoginState {
  /** The account exists. */
  known: boolean;
  /** As `AccountStore.ticketsNotBefore`: tickets signed before this Unix second are revoked; 0 when none. */
  ticketsNotBefore: number;
}

export interface AccountStore {
  get(sdkAppID: number, userID: string): Promise<AccountRecord | undefined>;
  /** Whether the account exists and its revocation, in one read: the login path's only query. */
  loginState(sdkAppID: number, userID: string): Promise<AccountLoginState>;
  /** Creates the account if missing (auto-registration); `created` tells whether it was new. */
  ensure(sdkAppID: number, userID: string): Promise<{ account: AccountRecord; created: boolean }>;
  /**
   * Tickets of the UserID signed before this Unix second are revoked (70052); 0 when none. Kept
   * whether or not the account exists: a deleted account's revocation holds when it comes back.
   */
  ticketsNotBefore(sdkAppID: number, userID: string): Promise<number>;
  /**
   * Revokes the UserID's tickets signed before `unixSeconds` (admin kick, account deletion), for an
   * account or not; never moves an earlier revocation back (a clock stepping back cannot undo one).
   * Resolves the revocation time now in force.
   */
  revokeTickets(sdkAppID: number, userID: string, unixSeconds: number): Promise<number>;
  /**
   * Creates the account, or updates the profile fields given of an existing one (importing twice
   * is idempotent, login.md §3.3); `created` tells whether it was new.
   */
  importAccount(
    sdkAppID: number,
    account: ImportedAccount,
  ): Promise<{ account: AccountRecord; created: boolean }>;
  /** The accounts among `userIDs` that exist, in no particular order; unknown ones are left out. */
  getMany(sdkAppID: number, userIDs: readonly string[]): Promise<AccountRecord[]>;
  /**
   * Deletes the account and what hangs off it (push registrations); `false` when it did not exist.
   * Its ticket revocation stays.
   */
  delete(sdkAppID: number, userID: string): Promise<boolean>;
  /**
   * One page of the app's accounts in UserID order, starting after `after` (the console's account
   * and online-user lists page through it).
   */
  list(sdkAppID: number, page: { after?: string; limit: number }): Promise<AccountRecord[]>;
}

/** How long a disconnected instance with a push registration counts as `PushOnline` (login.md §7.1). */
export const PUSH_ONLINE_WINDOW_MS = 7 * 24 * 60 * 60_000;

/** A push token registered by one instance (`setOfflinePushConfig`), which makes it push-reachable. */
export interface PushRegistration {
  sdkAppID: number;
  userID: string;
  instanceID: string;
  /** The platform of the instance that registered. Only native ones can be `PushOnline`. */
  platform: Platform;
  /** The vendor certificate ID the console assigned (V2TIM `businessID`). */
  businessID: number;
  /** The device token of the push vendor. */
  token: string;
  /** When the instance last registered (ms): `PushOnline` lasts `PUSH_ONLINE_WINDOW_MS` from here. */
  updatedAt: number;
  /** The app said it went to the background (`doBackground`): pushed to even while connected. */
  background?: boolean;
}

/**
 * Push registrations, one per instance. The account must exist (it does once its instance logged
 * in); deleting the account deletes its registrations.
 */
export interface PushRegistrationStore {
  /** Saves the instance's registration, replacing any earlier one; `updatedAt` defaults to now. */
  upsert(
    registration: Omit<PushRegistration, 'updatedAt'> & { updatedAt?: number },
  ): Promise<PushRegistration>;
  /** Every registration of a user, least recently registered first. */
  listForUser(sdkAppID: number, userID: string): Promise<PushRegistration[]>;
  /** Forgets one instance's registration (logout, kick); `false` when there was none. */
  remove(sdkAppID: number, userID: string, instanceID: string): Promise<boolean>;
  /** Marks the instance backgrounded or not (`doBackground`/`doForeground`); `false` when it has no registration. */
  setBackground(sdkAppID: number, userID: string, instanceID: string, background: boolean): Promise<boolean>;
}

/** Daily and monthly active users: distinct UserIDs with a successful login per UTC day/month. */
export interface ActivityStore {
  /** Records a successful login on a UTC day (`YYYY-MM-DD`); `true` when it was the user's first that day. */
  recordLogin(sdkAppID: number, userID: string, day: string): Promise<boolean>;
  dailyActiveUsers(sdkAppID: number, day: string): Promise<number>;
  /** `month` is `YYYY-MM`. */
  monthlyActiveUsers(sdkAppID: number, month: string): Promise<number>;
  /** DAU of each day from `fromDay` to `toDay` (inclusive) that had a login; days without one are left out. */
  dailyActiveUsersBetween(
    sdkAppID: number,
    fromDay: string,
    toDay: string,
  ): Promise<{ day: string; users: number }[]>;
}

/** A callback to post later, as `OutboxStore.enqueue` takes it. */
export interface NewOutboxEvent {
  sdkAppID: number;
  /** The `CallbackCommand`, such as `State.StateChange`. */
  command: string;
  /** The JSON body to post: an object that `JSON.stringify` turns into what the app receives. */
  body: object;
  /** Query parameters besides `SdkAppid`, `CallbackCommand` and `contenttype` (`ClientIP`, `OptPlatform`). */
  query: Readonly<Record<string, string>>;
  /** Events with the same key are posted one at a time, in enqueue order, by a process (one key per user). */
  orderKey?: string;
  /**
   * The instance whose next state change cancels this event while no attempt has started
   * (`cancelPendingDisconnect`); set on Disconnect events only.
   */
  instanceKey?: string;
  /** The earliest first attempt (ms); at once when absent. */
  deliverAfter?: number;
}

/** An outbox row as the dispatcher reads it. */
export interface OutboxEntry {
  /** Increasing in enqueue order. */
  id: number;
  sdkAppID: number;
  command: string;
  body: object;
  query: Record<string, string>;
  orderKey: string | null;
  instanceKey: string | null;
  deliverAfter: number;
  /** Attempts started so far (claims), including one in flight. */
  attempts: number;
  /** When the row is due; while an attempt is in flight, when its claim lapses. */
  nextAttemptAt: number;
  createdAt: number;
  /** Why the last attempt failed, for logs. */
  lastError: string | null;
}

/**
 * The transactional outbox of webhook callbacks. Rows are written in the transaction of the change
 * they report and deleted once delivered or given up. Several processes may share the table: a row
 * is posted by whoever `claim`s it.
 */
export interface OutboxStore {
  /** Adds an event; resolves its id. Listeners of `onEnqueue` hear of it once it is committed. */
  enqueue(event: NewOutboxEvent): Promise<number>;
  /**
   * Deletes the events enqueued with this instance key that no attempt has started yet (a
   * Disconnect still inside its grace, or held back by a stopped dispatcher); resolves how many.
   */
  cancelPendingDisconnect(instanceKey: string): Promise<number>;
  /**
   * Up to `limit` events due at `now` (`nextAttemptAt <= now`), oldest first, without claiming them;
   * events of `skipOrderKeys` are left out (their users have a post in flight, so they must wait).
   */
  due(now: number, limit: number, skipOrderKeys?: readonly string[]): Promise<OutboxEntry[]>;
  /**
   * Takes a due event for one attempt: counts the attempt and hides the row from `due` until
   * `leaseUntil`, after which it is due again (a process that died mid-post). `false` when the row is
   * gone or no longer due (another process took it, or it was cancelled).
   */
  claim(id: number, now: number, leaseUntil: number): Promise<boolean>;
  /** The event was delivered: it is deleted. */
  markDelivered(id: number): Promise<void>;
  /** The attempt failed: the event is due again at `nextAttemptAt`. */
  markFailed(id: number, nextAttemptAt: number, error: string): Promise<void>;
  /** Gives the event up (attempts exhausted, or nobody to post to any more): it is deleted. */
  drop(id: number): Promise<void>;
  /** The earliest `nextAttemptAt` of any row, `undefined` when the outbox is empty: the dispatcher's next wake-up. */
  nextDueAt(): Promise<number | undefined>;
  /** Rows in the outbox, in flight or not. */
  count(): Promise<number>;
  /**
   * Calls `listener` after each committed enqueue made through this storage (at once outside a
   * transaction, after the commit inside one; never after a rollback). Returns an unsubscribe
   * function. Other processes' enqueues are not heard: they are found by polling.
   */
  onEnqueue(listener: () => void): () => void;
}

export interface Storage {
  readonly apps: AppStore;
  readonly accounts: AccountStore;
  readonly activity: ActivityStore;
  readonly pushRegistrations: PushRegistrationStore;
  readonly outbox: OutboxStore;
  /** One-to-one messages, sync timelines and conversations (storage/messaging/). */
  readonly messaging: MessagingStore;
  /** Groups, members, applications, attributes and counters (storage/groups/). */
  readonly groups: GroupStore;
  /** Friends, friend requests, friend groups and the blocklist (storage/friends/). */
  readonly friends: FriendStore;
  /** Group logs: messages, member cursors, changes and mentions of groups (storage/messaging/). */
  readonly groupLogs: GroupLogStore;
  /** Status subscriptions and custom statuses (storage/presence/). */
  readonly presence: PresenceStore;
  /** Profiles, profile subscriptions and receive options (storage/profiles/). */
  readonly profiles: ProfileStore;
  /** Records of uploaded files (storage/media/). */
  readonly media: MediaStore;
  /** Per-message read receipts (storage/receipts/). */
  readonly receipts: ReceiptStore;
  /** Push providers and the push queue (storage/push/). */
  readonly push: PushStore;
  /** Reactions, message extensions and pinned group messages (storage/message-extras/). */
  readonly messageExtras: MessageExtrasStore;
  /** Call invitations and their invitees' states (storage/signaling/). */
  readonly signaling: SignalingStore;
  /**
   * Runs `fn` in one database transaction: what it does through `tx` commits together, or nothing
   * does when it throws (the error is rethrown). Inside `fn`, use only `tx`: a query through the outer
   * storage would not be part of the transaction (and on SQLite would wait for it forever); in tests
   * and development it throws instead. Keep `fn` short and free of network waits: on SQLite it
   * holds the only writer. `tx.transaction(…)` runs inside the same transaction; `tx.close()` throws.
   */
  transaction<T>(fn: (tx: Storage) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/**
 * Which database to open: an SQLite file (`:memory:` for a throwaway one) or a PostgreSQL URL.
 * The configuration layer builds this from `--db`; `openStorage` picks the dialect from `kind`.
 */
export type DatabaseConfig = { kind: 'sqlite'; path: string } | { kind: 'postgres'; url: string };
