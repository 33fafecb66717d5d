/**
 * The chat's people over `@parley/sdk`: profiles and status from `V2TIMManager`, friends and the
 * blocklist from the friendship manager, and their listeners mapped to the chat's events.
 */
import {
  type ImSDK,
  V2TimFriendApplicationType,
  type V2TimFriendshipListener,
  type V2TimSDKListener,
  type V2TimUserFullInfo,
  type V2TimUserStatus,
  V2TimUserStatusType,
} from '@parley/sdk';
import type { Outcome } from './messaging.js';
import type { People, StatusChange } from './people.js';
import { type ChatProfile, chunks } from './people-model.js';

/** `getUsersInfo` takes at most 100 UserIDs a call, `getUserStatus` 500. */
const PROFILES_PER_CALL = 100;
const STATUSES_PER_CALL = 500;

type Answer<T> = { code: number; desc: string; data?: T };

function toProfile(info: V2TimUserFullInfo): ChatProfile {
  return { userID: info.userID, nickName: info.nickName ?? '', faceUrl: info.faceUrl ?? '' };
}

function toStatus(status: V2TimUserStatus): StatusChange {
  return {
    userID: status.userID,
    online: status.statusType === V2TimUserStatusType.V2TIM_USER_STATUS_ONLINE,
  };
}

function failed(result: { code: number; desc: string }): Outcome<never> {
  return { ok: false, code: result.code, desc: result.desc || 'no reason given' };
}

function done(result: { code: number; desc: string }): Outcome<void> {
  return result.code === 0 ? { ok: true, value: undefined } : failed(result);
}

function value<T, R>(result: Answer<T>, map: (data: T) => R): Outcome<R> {
  if (result.code !== 0) return failed(result);
  if (result.data === undefined) return { ok: false, code: -1, desc: 'no data in the answer' };
  return { ok: true, value: map(result.data) };
}

/** Runs a call per piece of `list` and joins the answers; the first failure wins. */
async function inPieces<T>(
  list: readonly string[],
  size: number,
  call: (piece: string[]) => Promise<Outcome<T[]>>,
): Promise<Outcome<T[]>> {
  const joined: T[] = [];
  for (const piece of chunks(list, size)) {
    const result = await call(piece);
    if (!result.ok) return result;
    joined.push(...result.value);
  }
  return { ok: true, value: joined };
}

export function createSdkPeople(im: ImSDK): People {
  const manager = im.v2TIMManager;
  const friendship = manager.getFriendshipManager();
  return {
    profiles: (userIDs) =>
      inPieces(userIDs, PROFILES_PER_CALL, async (userIDList) =>
        value(await manager.getUsersInfo({ userIDList }), (list) => list.map(toProfile)),
      ),

    async setSelf({ nickName, faceUrl }) {
      return done(await manager.setSelfInfo({ userFullInfo: { nickName, faceUrl } }));
    },

    statuses: (userIDs) =>
      inPieces(userIDs, STATUSES_PER_CALL, async (userIDList) =>
        value(await manager.getUserStatus({ userIDList }), (list) => list.map(toStatus)),
      ),

    async watch(subscribe, unsubscribe) {
      // Both subscription kinds hold at most 200 users each, the same limit the chat keeps to.
      if (unsubscribe.length > 0) {
        const profiles = await manager.unsubscribeUserInfo({ userIDList: [...unsubscribe] });
        if (profiles.code !== 0) return failed(profiles);
        const statuses = await manager.unsubscribeUserStatus({ userIDList: [...unsubscribe] });
        if (statuses.code !== 0) return failed(statuses);
      }
      if (subscribe.length > 0) {
        const profiles = await manager.subscribeUserInfo({ userIDList: [...subscribe] });
        if (profiles.code !== 0) return failed(profiles);
        const statuses = await manager.subscribeUserStatus({ userIDList: [...subscribe] });
        if (statuses.code !== 0) return failed(statuses);
      }
      return { ok: true, value: undefined };
    },

    async blocked() {
      return value(await friendship.getBlackList(), (list) => list.map((entry) => entry.userID));
    },

    async setBlocked(userID, blocked) {
      const result = blocked
        ? await friendship.addToBlackList({ userIDList: [userID] })
        : await friendship.deleteFromBlackList({ userIDList: [userID] });
      if (result.code !== 0) return failed(result);
      const refused = result.data?.find((entry) => entry.resultCode !== 0);
      return refused ? failed({ code: refused.resultCode, desc: refused.resultInfo }) : done(result);
    },

    async addFriend(userID) {
      return value(await friendship.addFriend({ userID }), (data) => ({
        resultCode: data.resultCode,
        resultInfo: data.resultInfo,
      }));
    },

    async requests() {
      return value(await friendship.getFriendApplicationList(), (data) =>
        data.friendApplicationList
          .filter((request) => request.type === V2TimFriendApplicationType.COME_IN)
          .map((request) => ({
            userID: request.userID,
            wording: request.addWording,
            addTime: request.addTime,
          })),
      );
    },

    async answerRequest(userID, accept) {
      const result = accept
        ? await friendship.acceptFriendApplication({ userID })
        : await friendship.refuseFriendApplication({ userID });
      if (result.code !== 0) return failed(result);
      const answer = result.data;
      return answer && answer.resultCode !== 0
        ? failed({ code: answer.resultCode, desc: answer.resultInfo })
        : { ok: true, value: undefined };
    },

    async friends() {
      return value(await friendship.getFriendList(), (list) => list.map((friend) => friend.userID));
    },

    listen(events) {
      const sdkListener: V2TimSDKListener = {
        onSelfInfoUpdated: (info) => events.onSelf(toProfile(info)),
        onUserInfoChanged: (list) => events.onProfiles(list.map(toProfile)),
        onUserStatusChanged: (list) => events.onStatus(list.map(toStatus)),
      };
      const friendListener: V2TimFriendshipListener = {
        onFriendApplicationListAdded: () => events.onFriends(),
        onFriendApplicationListDeleted: () => events.onFriends(),
        onFriendListAdded: () => events.onFriends(),
        onFriendListDeleted: () => events.onFriends(),
        onBlackListAdded: () => events.onBlocklist(),
        onBlackListDeleted: () => events.onBlocklist(),
      };
      void manager.addSDKListener(sdkListener);
      void friendship.addFriendListener({ listener: friendListener });
      return () => {
        void manager.removeSDKListener(sdkListener);
        void friendship.removeFriendListener({ listener: friendListener });
      };
    },
  };
}
