/**
 * A user's status as V2TIM shows it (`V2TIMUserStatus`), from what the bus and the push
 * registrations say (online-status.ts decides Online / PushOnline / Offline) and the stored custom
 * status.
 */
import { PLATFORM_DISPLAY_NAMES, UserStatusType, type WireUserStatus } from '@parley/protocol';
import type { Bus, Presence } from '../../bus/bus.js';
import type { Storage } from '../../storage/types.js';
import { instanceStates, type UserStatus, userStatus } from './online-status.js';

const STATUS_TYPES: Readonly<Record<UserStatus, UserStatusType>> = {
  Online: UserStatusType.ONLINE,
  PushOnline: UserStatusType.OFFLINE,
  Offline: UserStatusType.UNLOGINED,
};

export interface StatusViewDeps {
  bus: Pick<Bus, 'instancesOf'>;
  storage: Pick<Storage, 'pushRegistrations' | 'presence'>;
  now(): number;
}

/** Statuses of users, in the order asked; `presences` saves the bus read when the caller has it. */
export async function statusesOf(
  deps: StatusViewDeps,
  sdkAppID: number,
  userIDs: readonly string[],
  presences?: ReadonlyMap<string, readonly Presence[]>,
): Promise<WireUserStatus[]> {
  const custom = await deps.storage.presence.customStatuses(sdkAppID, userIDs);
  const now = deps.now();
  return Promise.all(
    userIDs.map(async (userID) => {
      const instances = await (presences?.get(userID) ?? deps.bus.instancesOf(sdkAppID, userID));
      // A connected instance makes the user online whatever else it has: the push registrations,
      // which only tell offline from not logged in, are read only when none is.
      const registrations = instances.some((p) => p.connected)
        ? []
        : await deps.storage.pushRegistrations.listForUser(sdkAppID, userID);
      const states = instanceStates(instances, registrations, now);
      return {
        userID,
        statusType: STATUS_TYPES[userStatus(states)],
        customStatus: custom.get(userID) ?? '',
        onlineDevices: states
          .filter((state) => state.status === 'Online')
          .map((state) => PLATFORM_DISPLAY_NAMES[state.platform]),
      };
    }),
  );
}
