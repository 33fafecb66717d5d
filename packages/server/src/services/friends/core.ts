/**
 * What the friend service's parts share: the actor, the dependencies, the wire views, the field
 * rules, and the bookkeeping after a change (events, the send-path cache).
 */
import {
  ErrorCode,
  FRIEND_LIMITS,
  type FriendEvent,
  type WireFriendApplication,
  type WireFriendInfo,
  type WireUserFullInfo,
} from '@parley/protocol';
import type { Logger } from 'pino';
import type { Bus } from '../../bus/bus.js';
import type { AppDirectory } from '../../storage/app-directory.js';
import type { FriendApplicationRecord, FriendRecord } from '../../storage/friends/index.js';
import type { Storage } from '../../storage/types.js';
import type { ActionOrigin } from '../groups/callbacks.js';
import { type AppSnsCallbacks, NO_SNS_CALLBACKS, type SnsCallbacks } from './callbacks.js';
import { FriendEvents } from './events.js';
import type { FriendPolicy } from './policy.js';
import type { RelationGate } from './relation-gate.js';
import { FriendError } from './result.js';

/** Who acts: a logged-in user, or the user a REST call names (`admin` set). */
export interface FriendActor {
  sdkAppID: number;
  userID: string;
  origin: ActionOrigin;
  /** The REST admin acting for `userID` (callbacks name it; force-add is theirs only). */
  admin?: string;
}

export interface FriendServiceDeps {
  storage: Storage;
  bus: Pick<Bus, 'connectedOf' | 'sendToInstances' | 'broadcast'>;
  apps: Pick<AppDirectory, 'get'>;
  logger: Logger;
  now: () => number;
  policy: FriendPolicy;
  gate: RelationGate;
  callbacks?: SnsCallbacks;
  /** Profiles of existing users, for `userProfile` on the friend lists read (the profiles feature's). */
  profiles?: (sdkAppID: number, userIDs: readonly string[]) => Promise<ReadonlyMap<string, WireUserFullInfo>>;
}

/**
 * Events to send once a transaction has committed, and the users whose cached lists to forget: a
 * change between two users names both, as either one's sends to the other are checked on the
 * sender's node.
 */
export class Outcome {
  readonly events: { userID: string; event: FriendEvent }[] = [];
  readonly changed = new Set<string>();

  emit(userID: string, event: FriendEvent): void {
    this.events.push({ userID, event });
  }
}

export class FriendCore {
  readonly events: FriendEvents;

  constructor(readonly deps: FriendServiceDeps) {
    this.events = new FriendEvents(deps.bus, deps.logger);
  }

  now(): number {
    return this.deps.now();
  }

  hooks(actor: FriendActor): Promise<AppSnsCallbacks> {
    const callbacks = this.deps.callbacks;
    return callbacks === undefined
      ? Promise.resolve(NO_SNS_CALLBACKS)
      : callbacks.forApp(actor.sdkAppID, actor.origin);
  }

  /**
   * After the commit: forgets the changed users' cached lists on every node (a bus broadcast),
   * then sends the outcome's events. The notice is posted before the operation answers, so a
   * message sent through any node afterwards is checked against the new lists.
   */
  async publish(sdkAppID: number, outcome: Outcome): Promise<void> {
    const changed = [...outcome.changed];
    if (changed.length > 0) {
      try {
        await this.deps.gate.changed(this.deps.bus, sdkAppID, changed);
      } catch (err) {
        // This node forgot already; the others' copies end at their safety TTL (RELATION_TTL_MS).
        this.deps.logger.warn({ err, sdkAppID }, 'relationship change notice not posted');
      }
    }
    for (const { userID, event } of outcome.events) this.events.emit(sdkAppID, userID, event);
  }

  /** Friend entries with their profiles (`userProfile`) when the profiles feature is there. */
  async withProfiles(sdkAppID: number, entries: readonly FriendRecord[]): Promise<WireFriendInfo[]> {
    const wire = entries.map(toWireFriend);
    const read = this.deps.profiles;
    if (read === undefined || wire.length === 0) return wire;
    const profiles = await read(
      sdkAppID,
      wire.map((f) => f.userID),
    );
    return wire.map((f) => {
      const userProfile = profiles.get(f.userID);
      return userProfile === undefined ? f : { ...f, userProfile };
    });
  }

  /** Runs `fn` in a transaction with the actor's account locked; 6014-like 30003 without one. */
  async locked<T>(actor: FriendActor, fn: (tx: Storage) => Promise<T>): Promise<T> {
    return this.deps.storage.transaction(async (tx) => {
      if (!(await tx.friends.lockUser(actor.sdkAppID, actor.userID)))
        throw new FriendError(ErrorCode.ERR_SVR_FRIENDSHIP_ACCOUNT_NOT_FOUND, actor.userID);
      return fn(tx);
    });
  }
}

export function toWireFriend(f: FriendRecord): WireFriendInfo {
  return {
    userID: f.friendID,
    friendRemark: f.remark,
    friendAddTime: Math.floor(f.addTime / 1000),
    friendCustomInfo: f.customInfo,
    friendGroups: f.groups,
  };
}

/** A non-friend's entry (a blocked user): only the ID, and when it was added. */
export function bareFriend(userID: string, addTime = 0): WireFriendInfo {
  return {
    userID,
    friendRemark: '',
    friendAddTime: Math.floor(addTime / 1000),
    friendCustomInfo: {},
    friendGroups: [],
  };
}

export function toWireApplication(a: FriendApplicationRecord, viewer: string): WireFriendApplication {
  const incoming = a.toUser === viewer;
  return {
    userID: incoming ? a.fromUser : a.toUser,
    addTime: Math.floor(a.addTime / 1000),
    addSource: a.addSource,
    addWording: a.addWording,
    type: incoming ? 1 : 2,
  };
}

const bytes = (text: string) => Buffer.byteLength(text, 'utf8');

/** Throws 30001 naming the field when a text is longer than its limit. */
export function checkLength(field: string, text: string | undefined, limit: number): void {
  if (text !== undefined && bytes(text) > limit)
    throw new FriendError(
      ErrorCode.ERR_SVR_FRIENDSHIP_INVALID_PARAMETERS,
      `${field}: at most ${limit} bytes`,
    );
}

export function checkGroupName(name: string): void {
  if (name === '')
    throw new FriendError(ErrorCode.ERR_SVR_FRIENDSHIP_INVALID_PARAMETERS, 'groupName: must not be empty');
  checkLength('groupName', name, FRIEND_LIMITS.friendGroupNameBytes);
}

const SOURCE_PREFIX = 'AddSource_Type_';

/**
 * The add source as the original stores it: `AddSource_Type_<keyword>`, a keyword of at most 8
 * letters; a bare keyword gets the prefix. Empty stays empty.
 */
export function normalizeSource(source: string | undefined): string {
  if (source === undefined || source === '') return '';
  const keyword = source.startsWith(SOURCE_PREFIX) ? source.slice(SOURCE_PREFIX.length) : source;
  if (!/^[A-Za-z]{1,8}$/.test(keyword))
    throw new FriendError(
      ErrorCode.ERR_SVR_FRIENDSHIP_INVALID_PARAMETERS,
      'addSource: AddSource_Type_ and a keyword of 1 to 8 letters',
    );
  return SOURCE_PREFIX + keyword;
}

const CUSTOM_PREFIX = 'Tag_SNS_Custom_';

/** Custom friend fields, keys without the `Tag_SNS_Custom_` prefix: letters, at most 8 bytes; values ≤ 500 B. */
export function normalizeCustom(custom: Readonly<Record<string, string>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [rawKey, value] of Object.entries(custom)) {
    const key = rawKey.startsWith(CUSTOM_PREFIX) ? rawKey.slice(CUSTOM_PREFIX.length) : rawKey;
    if (!/^[A-Za-z]+$/.test(key) || bytes(key) > FRIEND_LIMITS.customKeyBytes)
      throw new FriendError(
        ErrorCode.ERR_SVR_FRIENDSHIP_INVALID_PARAMETERS,
        `friendCustomInfo: key ${JSON.stringify(rawKey)} must be 1 to 8 letters`,
      );
    checkLength(`friendCustomInfo.${key}`, value, FRIEND_LIMITS.customValueBytes);
    out[key] = value;
  }
  return out;
}
