import { describe, expect, it } from 'vitest';
import { appSettingFromText, checkAppSettings, isValidSdkAppID, isValidSecretKey } from './app-settings.js';

describe('app settings', () => {
  describe('#checkAppSettings', () => {
    it.each([
      [{ loginPolicy: 'single' }],
      [{ loginPolicy: 'multi', maxWebInstances: 10, maxInstancesPerPlatform: 3 }],
      [{ maxWebInstances: 1, maxInstancesPerPlatform: 1 }],
      [{ callbackUrl: 'https://example.com/im/callback' }],
      [{ callbackUrl: 'http://127.0.0.1:9000/' }],
      [{ callbackUrl: null }],
      [{ admins: ['administrator'] }],
      [{ admins: Array.from({ length: 10 }, (_, index) => `admin${index}`) }],
      [{ name: 'My chat' }],
      [{ messageRetentionDays: 1 }],
      [{ messageRetentionDays: 3650 }],
      [{ revokeWindowSeconds: 0 }],
      [{ revokeWindowSeconds: 604_800 }],
      [{ maxMessageBodyBytes: 1 }],
      [{ maxMessageBodyBytes: 65_536 }],
      [{ messageRetentionDays: 90, revokeWindowSeconds: 120, maxMessageBodyBytes: 12_288 }],
      [{ readReceiptGroupTypes: ['Work', 'Community'] }],
      [{ readReceiptGroupTypes: [] }],
      [{}],
    ])('accepts %j', (patch) => {
      expect(checkAppSettings(patch)).toEqual({ ok: true, settings: patch });
    });

    it.each([
      [{ loginPolicy: 'quad' }, 'loginPolicy', 'one of single, dual, triple, multi'],
      [{ maxWebInstances: 0 }, 'maxWebInstances', 'an integer from 1 to 10'],
      [{ maxWebInstances: 11 }, 'maxWebInstances', 'an integer from 1 to 10'],
      [{ maxWebInstances: 1.5 }, 'maxWebInstances', 'an integer from 1 to 10'],
      [{ maxInstancesPerPlatform: 4 }, 'maxInstancesPerPlatform', 'an integer from 1 to 3'],
      [{ callbackUrl: 'ftp://example.com' }, 'callbackUrl', 'an http:// or https:// URL, or none'],
      [{ callbackUrl: 'not a url' }, 'callbackUrl', 'an http:// or https:// URL, or none'],
      [{ admins: [] }, 'admins', '1 to 10 distinct UserIDs of 1 to 32 bytes of printable ASCII'],
      [{ admins: ['a', 'a'] }, 'admins', '1 to 10 distinct UserIDs of 1 to 32 bytes of printable ASCII'],
      [
        { admins: ['x'.repeat(33)] },
        'admins',
        '1 to 10 distinct UserIDs of 1 to 32 bytes of printable ASCII',
      ],
      [
        { admins: Array.from({ length: 11 }, (_, index) => `a${index}`) },
        'admins',
        '1 to 10 distinct UserIDs of 1 to 32 bytes of printable ASCII',
      ],
      [{ name: '  ' }, 'name', 'a name of 1 to 100 characters'],
      [{ messageRetentionDays: 0 }, 'messageRetentionDays', 'an integer from 1 to 3650 (days)'],
      [{ messageRetentionDays: 3651 }, 'messageRetentionDays', 'an integer from 1 to 3650 (days)'],
      [{ messageRetentionDays: 7.5 }, 'messageRetentionDays', 'an integer from 1 to 3650 (days)'],
      [{ messageRetentionDays: '7' }, 'messageRetentionDays', 'an integer from 1 to 3650 (days)'],
      [{ revokeWindowSeconds: -1 }, 'revokeWindowSeconds', 'an integer from 0 to 604800 (seconds)'],
      [{ revokeWindowSeconds: 604_801 }, 'revokeWindowSeconds', 'an integer from 0 to 604800 (seconds)'],
      [{ revokeWindowSeconds: null }, 'revokeWindowSeconds', 'an integer from 0 to 604800 (seconds)'],
      [{ maxMessageBodyBytes: 0 }, 'maxMessageBodyBytes', 'an integer from 1 to 65536 (bytes)'],
      [{ maxMessageBodyBytes: 65_537 }, 'maxMessageBodyBytes', 'an integer from 1 to 65536 (bytes)'],
      [{ maxMessageBodyBytes: 1e3 + 0.5 }, 'maxMessageBodyBytes', 'an integer from 1 to 65536 (bytes)'],
    ])('refuses %j, naming %s', (patch, setting, rule) => {
      expect(checkAppSettings(patch)).toEqual({ ok: false, issues: [{ setting, rule }] });
    });

    it('reports every setting that breaks its rule', () => {
      const check = checkAppSettings({ maxWebInstances: 11, loginPolicy: 'x', name: 'fine' });
      expect(check.ok ? [] : check.issues.map((issue) => issue.setting)).toEqual([
        'loginPolicy',
        'maxWebInstances',
      ]);
    });

    it('takes the friends status switch as a boolean only', () => {
      expect(checkAppSettings({ pushFriendStatus: true })).toEqual({
        ok: true,
        settings: { pushFriendStatus: true },
      });
      expect(checkAppSettings({ pushFriendStatus: 'maybe' })).toEqual({
        ok: false,
        issues: [{ setting: 'pushFriendStatus', rule: 'on or off' }],
      });
    });

    it('drops keys that are not settings', () => {
      expect(checkAppSettings({ name: 'a', secretKey: 'k' })).toEqual({ ok: true, settings: { name: 'a' } });
    });
  });

  describe('#appSettingFromText', () => {
    it.each([
      ['maxWebInstances', '7', 7],
      ['maxWebInstances', 'seven', 'seven'],
      ['maxInstancesPerPlatform', '3', 3],
      ['callbackUrl', 'none', null],
      ['callbackUrl', 'https://x.example', 'https://x.example'],
      ['loginPolicy', 'dual', 'dual'],
      ['messageRetentionDays', '30', 30],
      ['messageRetentionDays', '30d', '30d'],
      ['revokeWindowSeconds', '0', 0],
      ['maxMessageBodyBytes', '65536', 65_536],
      ['maxMessageBodyBytes', '-1', '-1'],
      ['pushFriendStatus', 'on', true],
      ['pushFriendStatus', 'OFF', false],
      ['pushFriendStatus', 'maybe', 'maybe'],
    ] as const)('reads %s %j as %j', (setting, text, value) => {
      expect(appSettingFromText(setting, text)).toEqual(value);
    });
  });

  describe('#isValidSdkAppID and #isValidSecretKey', () => {
    it.each([
      [1, true],
      [1_400_000_001, true],
      [4_294_967_295, true],
      [0, false],
      [4_294_967_296, false],
      [1.5, false],
      ['1400000001', false],
    ])('SDKAppID %j is valid: %s', (value, valid) => {
      expect(isValidSdkAppID(value)).toBe(valid);
    });

    it.each([
      ['a'.repeat(64), true],
      ['k', true],
      ['', false],
      ['line\nbreak', false],
      ['x'.repeat(257), false],
    ])('key %j is valid: %s', (value, valid) => {
      expect(isValidSecretKey(value)).toBe(valid);
    });
  });

  it('reads the receipt group types from text, refusing AVChatRoom and repeats', () => {
    expect(appSettingFromText('readReceiptGroupTypes', 'Work, Public')).toEqual(['Work', 'Public']);
    expect(appSettingFromText('readReceiptGroupTypes', 'none')).toEqual([]);
    for (const types of [['AVChatRoom'], ['Work', 'Work']])
      expect(checkAppSettings({ readReceiptGroupTypes: types })).toMatchObject({
        ok: false,
        issues: [{ setting: 'readReceiptGroupTypes' }],
      });
  });
});
