/**
 * Online status of a user and its instances (login.md §7.1), decided from what the bus knows and the
 * push registrations. Pure: the caller reads both and passes the time.
 */
import type { Platform } from '@parley/protocol';
import { PUSH_ONLINE_WINDOW_MS, type PushRegistration } from '../../storage/types.js';

export type InstanceStatus = 'Online' | 'PushOnline';
export type UserStatus = InstanceStatus | 'Offline';

/** An instance as the bus reports it. */
export interface InstancePresence {
  instanceID: string;
  platform: Platform;
  connected: boolean;
}

/** One instance that counts towards the user's status. */
export interface InstanceState {
  instanceID: string;
  platform: Platform;
  status: InstanceStatus;
}

/**
 * The platforms that can receive offline push and so be PushOnline: the English page names Android,
 * iOS and iPad, the newer Chinese page adds Mac; never Windows, Linux or Web (login.md §7.1, §10).
 */
export const PUSH_PLATFORMS: ReadonlySet<Platform> = new Set<Platform>(['android', 'iphone', 'ipad', 'mac']);

/**
 * The instances that are Online (connected) or PushOnline (not connected, but a native instance with
 * a push registration), connected ones first. A disconnected instance the bus still holds was seen
 * moments ago; one the bus has forgotten is PushOnline for `PUSH_ONLINE_WINDOW_MS` after it last
 * registered, then Offline. Anything else is not listed.
 */
export function instanceStates(
  presences: readonly InstancePresence[],
  registrations: readonly PushRegistration[],
  now: number,
): InstanceState[] {
  const registered = new Map(registrations.map((r) => [r.instanceID, r]));
  const states: InstanceState[] = [];
  for (const p of presences) {
    if (p.connected) states.push({ instanceID: p.instanceID, platform: p.platform, status: 'Online' });
  }
  for (const p of presences) {
    if (!p.connected && registered.has(p.instanceID) && PUSH_PLATFORMS.has(p.platform)) {
      states.push({ instanceID: p.instanceID, platform: p.platform, status: 'PushOnline' });
    }
  }
  const present = new Set(presences.map((p) => p.instanceID));
  for (const r of registrations) {
    if (
      !present.has(r.instanceID) &&
      PUSH_PLATFORMS.has(r.platform) &&
      now - r.updatedAt <= PUSH_ONLINE_WINDOW_MS
    ) {
      states.push({ instanceID: r.instanceID, platform: r.platform, status: 'PushOnline' });
    }
  }
  return states;
}

/** Online if any instance is, else PushOnline if any is, else Offline (login.md §7.2). */
export function userStatus(states: readonly InstanceState[]): UserStatus {
  if (states.some((s) => s.status === 'Online')) return 'Online';
  if (states.some((s) => s.status === 'PushOnline')) return 'PushOnline';
  return 'Offline';
}
