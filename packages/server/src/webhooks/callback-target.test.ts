import { describe, expect, it } from 'vitest';
import { isPrivateAddress, refusedCallbackTarget } from './callback-target.js';

describe('isPrivateAddress', () => {
  it.each([
    ['127.0.0.1', true],
    ['127.255.0.9', true],
    ['10.1.2.3', true],
    ['172.16.0.1', true],
    ['172.31.255.255', true],
    ['192.168.1.1', true],
    ['169.254.169.254', true],
    ['100.64.0.1', true],
    ['0.0.0.0', true],
    ['::1', true],
    ['::', true],
    ['fe80::1', true],
    ['fd00::1', true],
    ['::ffff:127.0.0.1', true],
    ['::ffff:169.254.169.254', true],
    ['8.8.8.8', false],
    ['172.32.0.1', false],
    ['203.0.113.7', false],
    ['2001:db8::1', false],
    ['::ffff:8.8.8.8', false],
    ['not an address', false],
  ])('%s → %s', (address, isPrivate) => {
    expect(isPrivateAddress(address)).toBe(isPrivate);
  });
});

describe('refusedCallbackTarget', () => {
  it('refuses literal private hosts, v6 in brackets included, and lets public ones through', async () => {
    expect(await refusedCallbackTarget(new URL('http://169.254.169.254/latest/meta-data'))).toContain(
      'private address',
    );
    expect(await refusedCallbackTarget(new URL('http://[::1]:8080/cb'))).toContain('private address');
    expect(await refusedCallbackTarget(new URL('https://203.0.113.7/cb'))).toBeUndefined();
  });
});
