import { PLATFORMS, type Platform } from '@parley/protocol';
import { describe, expect, it } from 'vitest';
import { LOGIN_POLICIES, type LoginPolicy } from '../storage/types.js';
import { decideKicks, platformClass, platformsConflict } from './policy.js';

const defaults = { maxWebInstances: 1, maxInstancesPerPlatform: 1 };

/**
 * The expected answer for "may `existing` stay online beside a new login on `incoming`", written
 * from login.md §6.1's table rather than from the engine's code.
 */
function allowedTogether(policy: LoginPolicy, incoming: Platform, existing: Platform): boolean {
  const mobile = ['android', 'iphone', 'ipad'];
  const desktop = ['windows', 'mac', 'linux'];
  if (incoming === existing) return true;
  if (policy === 'multi') return true;
  if (policy === 'single') return false;
  if (incoming === 'web' || existing === 'web') return true; // dual and triple always allow web beside
  if (policy === 'dual') return false; // one native platform only
  const sameClass =
    (mobile.includes(incoming) && mobile.includes(existing)) ||
    (desktop.includes(incoming) && desktop.includes(existing));
  return !sameClass; // triple: one mobile + one desktop
}

describe('platformClass', () => {
  it.each([
    ['android', 'mobile'],
    ['iphone', 'mobile'],
    ['ipad', 'mobile'],
    ['windows', 'desktop'],
    ['mac', 'desktop'],
    ['linux', 'desktop'],
    ['web', 'web'],
  ] as const)('%s is %s', (platform, cls) => {
    expect(platformClass(platform)).toBe(cls);
  });
});

describe('decideKicks over every policy × platform pair', () => {
  const cases = LOGIN_POLICIES.flatMap((policy) =>
    PLATFORMS.flatMap((incoming) => PLATFORMS.map((existing) => [policy, incoming, existing] as const)),
  );
  it.each(cases)('%s: a login on %s beside %s', (policy, incoming, existing) => {
    const registered = [{ instanceID: 'old', platform: existing, loginAt: 1 }];
    const kicks = decideKicks({ loginPolicy: policy, ...defaults }, registered, {
      instanceID: 'new',
      platform: incoming,
    });
    // With the default cap of one per platform, the same platform always displaces the older one.
    const expectKick = incoming === existing || !allowedTogether(policy, incoming, existing);
    expect(kicks.map((k) => k.instanceID)).toEqual(expectKick ? ['old'] : []);
    expect(platformsConflict(policy, incoming, existing)).toBe(!allowedTogether(policy, incoming, existing));
    if (expectKick) {
      expect(kicks[0]?.reason).toBe(
        incoming === 'web' && existing === 'web' ? 'multipleAccount' : 'multipleDevice',
      );
    }
  });
});

describe('per-platform caps', () => {
  const web = (n: number) =>
    Array.from({ length: n }, (_, i) => ({
      instanceID: `w${i}`,
      platform: 'web' as const,
      loginAt: 100 + i,
    }));

  it.each([1, 2, 5, 10])('keeps up to maxWebInstances=%i web instances, kicking the oldest', (cap) => {
    const settings = { loginPolicy: 'multi' as const, maxWebInstances: cap, maxInstancesPerPlatform: 1 };
    expect(decideKicks(settings, web(cap - 1), { instanceID: 'n', platform: 'web' })).toEqual([]);
    const kicks = decideKicks(settings, web(cap), { instanceID: 'n', platform: 'web' });
    expect(kicks).toEqual([{ instanceID: 'w0', reason: 'multipleAccount' }]);
  });

  it('kicks several of the oldest when the cap was lowered below the registered count', () => {
    const settings = { loginPolicy: 'multi' as const, maxWebInstances: 2, maxInstancesPerPlatform: 1 };
    const registered = [...web(4)].reverse(); // order of the input does not matter
    const kicks = decideKicks(settings, registered, { instanceID: 'n', platform: 'web' });
    expect(kicks.map((k) => k.instanceID).sort()).toEqual(['w0', 'w1', 'w2']);
  });

  it.each(['android', 'iphone', 'ipad', 'windows', 'mac', 'linux'] as const)(
    'maxInstancesPerPlatform=3 keeps three %s instances',
    (platform) => {
      const settings = { loginPolicy: 'multi' as const, maxWebInstances: 1, maxInstancesPerPlatform: 3 };
      const two = [
        { instanceID: 'a', platform, loginAt: 1 },
        { instanceID: 'b', platform, loginAt: 2 },
      ];
      expect(decideKicks(settings, two, { instanceID: 'c', platform })).toEqual([]);
      const three = [...two, { instanceID: 'c', platform, loginAt: 3 }];
      expect(decideKicks(settings, three, { instanceID: 'd', platform }).map((k) => k.instanceID)).toEqual([
        'a',
      ]);
    },
  );

  it('never kicks the incoming instance itself', () => {
    const settings = { loginPolicy: 'single' as const, ...defaults };
    const registered = [{ instanceID: 'same', platform: 'android' as const, loginAt: 1 }];
    expect(decideKicks(settings, registered, { instanceID: 'same', platform: 'android' })).toEqual([]);
  });

  it('triple policy: a new phone displaces the tablet but keeps the desktop and web', () => {
    const settings = { loginPolicy: 'triple' as const, ...defaults };
    const registered = [
      { instanceID: 'tablet', platform: 'ipad' as const, loginAt: 1 },
      { instanceID: 'desk', platform: 'mac' as const, loginAt: 2 },
      { instanceID: 'tab', platform: 'web' as const, loginAt: 3 },
    ];
    const kicks = decideKicks(settings, registered, { instanceID: 'phone', platform: 'android' });
    expect(kicks).toEqual([{ instanceID: 'tablet', reason: 'multipleDevice' }]);
  });
});
