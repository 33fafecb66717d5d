/**
 * User profiles (im-features §4.1): read, change, search and subscribe. A change is stored, then
 * pushed as `profileChanged` to the user's other instances (`onSelfInfoUpdated`) and to the
 * instances of its subscribers (`onUserInfoChanged`) on whichever node, and reported to the app by
 * `Profile.CallbackPortraitSet` through the outbox, in the change's transaction.
 */
import {
  describeError,
  ErrorCode,
  PROFILE_LIMITS,
  type ProfileOps,
  type SearchUsersReply,
  type WireUserFullInfo,
  type WireUserInfoChange,
} from '@parley/protocol';
import type { Logger } from 'pino';
import { type Bus, pushEvent } from '../../bus/bus.js';
import type { AppDirectory } from '../../storage/app-directory.js';
import type { ProfileChange, ProfileRecord } from '../../storage/profiles/types.js';
import type { Storage } from '../../storage/types.js';
import type { OpReply } from '../registry.js';
import { itemsOfChange } from './rest-fields.js';
import { checkProfileChange } from './validation.js';

export const PORTRAIT_SET_CALLBACK = 'Profile.CallbackPortraitSet';

/** Who changes a profile: a logged-in instance, or the app's backend (REST). */
export interface ProfileActor {
  sdkAppID: number;
  userID: string;
  /** The instance that asked; it is not told of its own change. Absent for REST. */
  instanceID?: string;
  origin: { clientIP: string; platform: string };
}

export interface ProfileServiceDeps {
  storage: Storage;
  bus: Pick<Bus, 'connectedOf' | 'sendToInstances'>;
  apps: Pick<AppDirectory, 'get'>;
  /**
   * Tells every node that users' profiles changed (user-notices.ts): their caches drop the
   * users' entries. Awaited before the change's reply; never throws.
   */
  changed: (sdkAppID: number, userIDs: readonly string[]) => Promise<void>;
  /**
   * Told of every change after the user's devices and subscribers were (the friend feature tells
   * the user's friends: `onFriendProfileChanged`). In the background, after the reply.
   */
  announced?: (sdkAppID: number, info: WireUserFullInfo) => Promise<void>;
  logger: Logger;
  now: () => number;
}

type Empty = Record<string, never>;

export class ProfileService {
  constructor(private readonly deps: ProfileServiceDeps) {}

  /** Profiles of existing users, in the order asked; unknown UserIDs are left out. */
  async get(
    sdkAppID: number,
    userIDs: readonly string[],
  ): Promise<OpReply<{ userInfoList: WireUserFullInfo[] }>> {
    const found = new Map(
      (await this.deps.storage.profiles.get(sdkAppID, userIDs)).map((p) => [p.userID, p]),
    );
    const ordered = [...new Set(userIDs)].flatMap((id) => {
      const profile = found.get(id);
      return profile ? [toWire(profile)] : [];
    });
    return ok({ userInfoList: ordered });
  }

  /** `setSelfInfo`: the caller's own profile only. */
  async setSelf(actor: ProfileActor, info: WireUserInfoChange): Promise<OpReply<Empty>> {
    const { nickName, customInfo, ...rest } = info;
    const change: ProfileChange = {
      ...rest,
      ...(nickName === undefined ? {} : { nick: nickName }),
      ...(customInfo === undefined ? {} : { customInfo }),
    };
    return this.change(actor, actor.userID, change);
  }

  /**
   * Applies a change of `userID`'s profile made by `actor` (the user itself, or the admin's REST
   * call): checked, stored with the callback in one transaction, then pushed.
   */
  async change(actor: ProfileActor, userID: string, change: ProfileChange): Promise<OpReply<Empty>> {
    const { sdkAppID } = actor;
    const app = await this.deps.apps.get(sdkAppID);
    const check = checkProfileChange(change, app?.profileCustomKeys ?? []);
    if (!check.ok) return { code: check.code, desc: check.desc };
    const callbackUrl = app?.callbackUrl ?? null;
    const now = this.deps.now();
    const updated = await this.deps.storage.transaction(async (tx) => {
      const profile = await tx.profiles.update(sdkAppID, userID, change);
      if (profile && callbackUrl !== null) {
        await tx.outbox.enqueue({
          sdkAppID,
          command: PORTRAIT_SET_CALLBACK,
          query: { ClientIP: actor.origin.clientIP, OptPlatform: actor.origin.platform },
          body: {
            CallbackCommand: PORTRAIT_SET_CALLBACK,
            Operator_Account: actor.userID,
            From_Account: userID,
            ProfileItem: itemsOfChange(change),
            EventTime: now,
          },
        });
      }
      return profile;
    });
    if (!updated)
      return fail(
        ErrorCode.ERR_ACCOUNT_NOT_FOUND,
        `${describeError(ErrorCode.ERR_ACCOUNT_NOT_FOUND)}: ${userID}`,
      );
    await this.deps.changed(sdkAppID, [userID]);
    // Subscribers are read before the reply: a subscription made after the change was acknowledged
    // (or after the user's other devices heard of it) never receives it late.
    const subscribers = await this.deps.storage.profiles.subscribers(sdkAppID, userID);
    const exceptInstance = actor.userID === userID ? actor.instanceID : undefined;
    this.#announce(sdkAppID, updated, subscribers, exceptInstance).catch((err: unknown) =>
      this.deps.logger.warn({ err, sdkAppID, userID }, 'profile change delivery failed'),
    );
    return ok({});
  }

  /** `searchUsers`: UserID and nickname contain the keywords; pages in UserID order. */
  async search(
    sdkAppID: number,
    request: ProfileOps['searchUsers']['request'],
  ): Promise<OpReply<SearchUsersReply>> {
    const limit = request.searchCount ?? PROFILE_LIMITS.defaultSearchCount;
    const after = request.searchCursor ? request.searchCursor : undefined;
    const { profiles, total } = await this.deps.storage.profiles.search(sdkAppID, {
      keywords: request.keywordList,
      matchAll: request.keywordListMatchType !== 1,
      ...(request.userGender === undefined ? {} : { gender: request.userGender }),
      ...(request.userMinBirthday === undefined ? {} : { minBirthday: request.userMinBirthday }),
      ...(request.userMaxBirthday === undefined ? {} : { maxBirthday: request.userMaxBirthday }),
      ...(after === undefined ? {} : { after }),
      limit: limit + 1,
    });
    const page = profiles.slice(0, limit);
    const isFinished = profiles.length <= limit;
    return ok({
      userList: page.map(toWire),
      totalCount: total,
      searchCursor: isFinished ? '' : (page.at(-1)?.userID ?? ''),
      isFinished,
    });
  }

  async subscribe(sdkAppID: number, subscriber: string, targets: readonly string[]): Promise<OpReply<Empty>> {
    const others = [...new Set(targets)].filter((id) => id !== subscriber);
    await this.deps.storage.transaction((tx) =>
      tx.profiles.subscribe(sdkAppID, subscriber, others, this.deps.now(), PROFILE_LIMITS.subscriptions),
    );
    return ok({});
  }

  async unsubscribe(
    sdkAppID: number,
    subscriber: string,
    targets?: readonly string[],
  ): Promise<OpReply<Empty>> {
    await this.deps.storage.profiles.unsubscribe(
      sdkAppID,
      subscriber,
      targets === undefined || targets.length === 0 ? undefined : targets,
    );
    return ok({});
  }

  /** Pushes the new profile to the user's other instances and to its subscribers' instances. */
  async #announce(
    sdkAppID: number,
    profile: ProfileRecord,
    subscribers: readonly string[],
    exceptInstance: string | undefined,
  ): Promise<void> {
    const { bus } = this.deps;
    const info = toWire(profile);
    const own = (await bus.connectedOf(sdkAppID, [profile.userID])).filter(
      (p) => p.instanceID !== exceptInstance,
    );
    if (own.length > 0)
      await bus.sendToInstances(own, pushEvent({ push: 'profileChanged', data: { self: true, info } }));
    if (subscribers.length > 0) {
      const watching = await bus.connectedOf(sdkAppID, new Set(subscribers));
      if (watching.length > 0)
        await bus.sendToInstances(
          watching,
          pushEvent({ push: 'profileChanged', data: { self: false, info } }),
        );
    }
    await this.deps.announced?.(sdkAppID, info);
  }
}

export function toWire(profile: ProfileRecord): WireUserFullInfo {
  return {
    userID: profile.userID,
    nickName: profile.nick,
    faceUrl: profile.faceUrl,
    selfSignature: profile.selfSignature,
    gender: profile.gender as WireUserFullInfo['gender'],
    birthday: profile.birthday,
    level: profile.level,
    role: profile.role,
    allowType: profile.allowType as WireUserFullInfo['allowType'],
    customInfo: profile.customInfo,
  };
}

function ok<D>(data: D): OpReply<D> {
  return { code: ErrorCode.ERR_SUCC, desc: '', data };
}

function fail(code: number, desc = describeError(code)): OpReply<never> {
  return { code, desc };
}
