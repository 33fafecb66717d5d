import type { Platform } from '@parley/protocol';
import { describe, expect, it } from 'vitest';
import { PUSH_ONLINE_WINDOW_MS, type PushRegistration } from '../../storage/types.js';
import { type InstancePresence, instanceStates, userStatus } from './online-status.js';

const NOW = 1_700_000_000_000;
const presence = (instanceID: string, platform: Platform, connected: boolean): InstancePresence => ({
  instanceID,
  platform,
  connected,
});
const registration = (instanceID: string, platform: Platform, age = 0): PushRegistration => ({
  sdkAppID: 1,
  userID: 'u',
  instanceID,
  platform,
  businessID: 1,
  token: 't',
  updatedAt: NOW - age,
});

describe('instanceStates and userStatus', () => {
  it.each([
    ['nothing known', [], [], [], 'Offline'],
    ['a connected web instance', [presence('w', 'web', true)], [], ['w:Online'], 'Online'],
    ['a disconnected instance without a registration', [presence('a', 'android', false)], [], [], 'Offline'],
    [
      'a disconnected android instance with a registration',
      [presence('a', 'android', false)],
      [registration('a', 'android')],
      ['a:PushOnline'],
      'PushOnline',
    ],
    [
      'a disconnected windows instance with a registration (no push on desktop)',
      [presence('x', 'windows', false)],
      [registration('x', 'windows')],
      [],
      'Offline',
    ],
    [
      'a registration of a forgotten mac instance within 7 days',
      [],
      [registration('m', 'mac', PUSH_ONLINE_WINDOW_MS)],
      ['m:PushOnline'],
      'PushOnline',
    ],
    [
      'a registration older than 7 days',
      [],
      [registration('i', 'iphone', PUSH_ONLINE_WINDOW_MS + 1)],
      [],
      'Offline',
    ],
    [
      'one connected and one push-reachable instance',
      [presence('p', 'ipad', false), presence('w', 'web', true)],
      [registration('p', 'ipad')],
      ['w:Online', 'p:PushOnline'],
      'Online',
    ],
    [
      'a connected instance that also registered',
      [presence('a', 'android', true)],
      [registration('a', 'android')],
      ['a:Online'],
      'Online',
    ],
  ] as const)('%s', (_name, presences, registrations, expected, status) => {
    const states = instanceStates(presences, registrations, NOW);
    expect(states.map((s) => `${s.instanceID}:${s.status}`)).toEqual(expected);
    expect(userStatus(states)).toBe(status);
  });
});
