/**
 * What the chat needs from the SDK about other users, in the chat's own terms (people-model.ts):
 * profiles, online status, the blocklist and friends. sdk-people.ts maps the V2TIM calls and
 * listeners onto it, as sdk-messaging.ts does for messages.
 */
import type { Outcome } from './messaging.js';
import type { ChatProfile, FriendRequest } from './people-model.js';

export interface StatusChange {
  userID: string;
  online: boolean;
}

export interface PeopleEvents {
  /** This user's own profile changed (here or on another device). */
  onSelf(profile: ChatProfile): void;
  /** Profiles of watched users changed. */
  onProfiles(profiles: ChatProfile[]): void;
  /** Watched users came online or went away. */
  onStatus(changes: StatusChange[]): void;
  /** The blocklist changed (here or on another device). */
  onBlocklist(): void;
  /** Friends or friend requests changed (here, on another device, or by the other user). */
  onFriends(): void;
}

export interface People {
  /** Profiles of these users (unknown ones are left out). */
  profiles(userIDs: readonly string[]): Promise<Outcome<ChatProfile[]>>;
  /** Changes this user's nickname and avatar URL. */
  setSelf(change: { nickName: string; faceUrl: string }): Promise<Outcome<void>>;
  /** Online (true) or not, per UserID. */
  statuses(userIDs: readonly string[]): Promise<Outcome<StatusChange[]>>;
  /** Starts and stops watching these users' profiles and status. */
  watch(subscribe: readonly string[], unsubscribe: readonly string[]): Promise<Outcome<void>>;
  /** The UserIDs this user blocked. */
  blocked(): Promise<Outcome<string[]>>;
  setBlocked(userID: string, blocked: boolean): Promise<Outcome<void>>;
  /** Adds a friend; the value is `addFriend`'s per-user result (30539: a request was sent). */
  addFriend(userID: string): Promise<Outcome<{ resultCode: number; resultInfo: string }>>;
  /** Requests to this user, newest first. */
  requests(): Promise<Outcome<FriendRequest[]>>;
  answerRequest(userID: string, accept: boolean): Promise<Outcome<void>>;
  /** The friends' UserIDs. */
  friends(): Promise<Outcome<string[]>>;
  /** Starts the listeners; the returned function removes them. */
  listen(events: PeopleEvents): () => void;
}
