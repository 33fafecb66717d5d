/**
 * The multi-device login policy engine (login.md §6): which registered instances a new login
 * displaces. Pure: no I/O, no clock; tested as a table over every policy × platform pair.
 */
import { KickReason, type Platform } from '@parley/protocol';
import type { Kick } from '../bus/bus.js';
import type { LoginPolicy } from '../storage/types.js';

export type PlatformClass = 'mobile' | 'desktop' | 'web';

/** iPad counts as mobile; Linux as desktop; every JS client is web (login.md §6.1 decisions). */
export function platformClass(platform: Platform): PlatformClass {
  switch (platform) {
    case 'android':
    case 'iphone':
    case 'ipad':
      return 'mobile';
    case 'windows':
    case 'mac':
    case 'linux':
      return 'desktop';
    case 'web':
      return 'web';
  }
}

export interface PolicySettings {
  loginPolicy: LoginPolicy;
  maxWebInstances: number;
  maxInstancesPerPlatform: number;
}

export interface RegisteredInstance {
  instanceID: string;
  platform: Platform;
  loginAt: number;
}

/** True when an instance on `existing` may not stay online beside a new login on `incoming`. */
export function platformsConflict(policy: LoginPolicy, incoming: Platform, existing: Platform): boolean {
  if (incoming === existing) return false; // same platform: only the per-platform cap applies
  const a = platformClass(incoming);
  const b = platformClass(existing);
  switch (policy) {
    case 'single':
      return true;
    case 'dual':
      return a !== 'web' && b !== 'web';
    case 'triple':
      return a !== 'web' && a === b;
    case 'multi':
      return false;
  }
}

/** How many instances of one platform may be online together. */
export function platformCap(settings: PolicySettings, platform: Platform): number {
  return platform === 'web' ? settings.maxWebInstances : settings.maxInstancesPerPlatform;
}

/**
 * Decides which of `registered` a new login on `incoming` displaces: every instance on a platform
 * the policy does not allow beside it, then the oldest instances of the same platform beyond its
 * cap. The newest login always wins.
 */
export function decideKicks(
  settings: PolicySettings,
  registered: readonly RegisteredInstance[],
  incoming: { instanceID: string; platform: Platform },
): Kick[] {
  const kicks: Kick[] = [];
  const samePlatform: RegisteredInstance[] = [];
  for (const instance of registered) {
    if (instance.instanceID === incoming.instanceID) continue;
    if (platformsConflict(settings.loginPolicy, incoming.platform, instance.platform)) {
      kicks.push({
        instanceID: instance.instanceID,
        reason: kickReason(incoming.platform, instance.platform),
      });
    } else if (instance.platform === incoming.platform) {
      samePlatform.push(instance);
    }
  }
  const excess = samePlatform.length + 1 - platformCap(settings, incoming.platform);
  if (excess > 0) {
    const oldestFirst = [...samePlatform].sort((x, y) => x.loginAt - y.loginAt);
    for (const instance of oldestFirst.slice(0, excess)) {
      kicks.push({
        instanceID: instance.instanceID,
        reason: kickReason(incoming.platform, instance.platform),
      });
    }
  }
  return kicks;
}

/** The web SDK's kick types: between web instances `multipleAccount`, otherwise `multipleDevice`. */
function kickReason(incoming: Platform, existing: Platform): Kick['reason'] {
  return incoming === 'web' && existing === 'web' ? KickReason.MULTIPLE_ACCOUNT : KickReason.MULTIPLE_DEVICE;
}
