import { afterEach, describe, expect, it, vi } from 'vitest';
import { APP, hmac, KEY, NOW, prng, randomBytes, randomUserID, readDoc } from '../test/craft.js';
import {
  DEFAULT_EXPIRE_SECONDS,
  decodeUserSig,
  type GenUserSigOptions,
  genUserSig,
  MAX_EXPIRE_SECONDS,
  verifyUserSig,
} from './index.js';

const base: GenUserSigOptions = { sdkAppID: APP, key: KEY, userID: 'alice', now: NOW };

describe('genUserSig', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('writes the v2 document with a correct HMAC', () => {
    const doc = readDoc(genUserSig({ ...base, expire: 600 }));
    expect(doc).toEqual({
      'TLS.ver': '2.0',
      'TLS.identifier': 'alice',
      'TLS.sdkappid': APP,
      'TLS.time': NOW,
      'TLS.expire': 600,
      'TLS.sig': hmac(KEY, { identifier: 'alice', sdkappid: APP, time: NOW, expire: 600 }),
    });
  });

  it('signs and carries a userbuf, an empty one included', () => {
    const withBuf = readDoc(genUserSig({ ...base, expire: 600, userbuf: Uint8Array.from([1, 2, 3]) }));
    expect(withBuf['TLS.userbuf']).toBe('AQID');
    expect(withBuf['TLS.sig']).toBe(
      hmac(KEY, { identifier: 'alice', sdkappid: APP, time: NOW, expire: 600, userbuf: 'AQID' }),
    );
    const empty = readDoc(genUserSig({ ...base, userbuf: new Uint8Array(0) }));
    expect(empty['TLS.userbuf']).toBe('');
  });

  it('honours a userbuf that is a view into a larger buffer', () => {
    const backing = Uint8Array.from([9, 9, 1, 2, 3, 9]);
    const ticket = genUserSig({ ...base, userbuf: backing.subarray(2, 5) });
    expect(readDoc(ticket)['TLS.userbuf']).toBe('AQID');
  });

  it('defaults to 180 days and to the current time', () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(NOW * 1000 + 999);
    const doc = readDoc(genUserSig({ sdkAppID: APP, key: KEY, userID: 'alice' }));
    expect(DEFAULT_EXPIRE_SECONDS).toBe(15_552_000);
    expect(doc['TLS.expire']).toBe(DEFAULT_EXPIRE_SECONDS);
    expect(doc['TLS.time']).toBe(NOW);
  });

  it('writes tickets in the ticket alphabet', () => {
    const rand = prng(11);
    for (let i = 0; i < 100; i++) {
      const ticket = genUserSig({ ...base, userID: randomUserID(rand, i), userbuf: randomBytes(rand, 100) });
      expect(ticket).toMatch(/^[A-Za-z0-9*-]+_{0,2}$/);
      expect(ticket.length % 4).toBe(0);
    }
  });

  const misuse: Array<[string, Partial<Record<keyof GenUserSigOptions, unknown>>]> = [
    ['sdkAppID 0', { sdkAppID: 0 }],
    ['negative sdkAppID', { sdkAppID: -1 }],
    ['fractional sdkAppID', { sdkAppID: 1.5 }],
    ['sdkAppID above 32 bits', { sdkAppID: 2 ** 32 }],
    ['NaN sdkAppID', { sdkAppID: Number.NaN }],
    ['string sdkAppID', { sdkAppID: String(APP) }],
    ['empty key', { key: '' }],
    ['non-string key', { key: 123 }],
    ['empty userID', { userID: '' }],
    ['non-string userID', { userID: 7 }],
    ['expire 0', { expire: 0 }],
    ['negative expire', { expire: -60 }],
    ['fractional expire', { expire: 1.5 }],
    ['infinite expire', { expire: Number.POSITIVE_INFINITY }],
    ['string expire', { expire: '600' }],
    ['negative now', { now: -1 }],
    ['fractional now', { now: NOW + 0.5 }],
    ['now + expire beyond safe integers', { now: Number.MAX_SAFE_INTEGER, expire: 1 }],
    ['non-Uint8Array userbuf', { userbuf: 'AQID' }],
    ['array userbuf', { userbuf: [1, 2, 3] }],
    ['DataView userbuf', { userbuf: new DataView(new ArrayBuffer(3)) }],
    ['Uint16Array userbuf', { userbuf: Uint16Array.from([1, 2]) }],
  ];
  for (const [what, change] of misuse) {
    it(`throws a TypeError for ${what}`, () => {
      expect(() => genUserSig({ ...base, ...change } as GenUserSigOptions)).toThrow(TypeError);
    });
  }

  it('accepts the extreme SDKAppIDs', () => {
    for (const sdkAppID of [1, 4294967295]) {
      const ticket = genUserSig({ ...base, sdkAppID });
      expect(verifyUserSig({ ticket, sdkAppID, key: KEY, userID: 'alice', now: NOW }).ok).toBe(true);
    }
  });
});

describe('genUserSig → verifyUserSig round trip (property style)', () => {
  it('verifies random inputs with the same fields', () => {
    const rand = prng(2024);
    for (let i = 0; i < 500; i++) {
      const sdkAppID = 1 + Math.floor(rand() * 4294967295);
      const key = randomUserID(rand, i + 1) + String(i);
      const userID = randomUserID(rand, i);
      const expire = 1 + Math.floor(rand() * MAX_EXPIRE_SECONDS);
      const now = Math.floor(rand() * 2_000_000_000);
      const userbuf = rand() < 0.5 ? undefined : randomBytes(rand, 200);

      const ticket = genUserSig({ sdkAppID, key, userID, expire, userbuf, now });
      const at = now + Math.floor(rand() * (expire + 1));
      const result = verifyUserSig({ ticket, sdkAppID, key, userID, now: at });
      expect(result).toEqual({
        ok: true,
        time: now,
        expire,
        expireAt: now + expire,
        ...(userbuf === undefined ? {} : { userbuf }),
      });
      expect(decodeUserSig(ticket)).toEqual({
        ok: true,
        fields: {
          ver: '2.0',
          identifier: userID,
          sdkAppID,
          time: now,
          expire,
          expireAt: now + expire,
          sig: readDoc(ticket)['TLS.sig'],
          ...(userbuf === undefined ? {} : { userbuf }),
        },
      });
      expect(verifyUserSig({ ticket, sdkAppID, key, userID, now: now + expire + 1 }).ok).toBe(false);
    }
  });
});
