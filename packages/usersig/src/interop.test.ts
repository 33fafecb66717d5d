import { createRequire } from 'node:module';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { APP, KEY, NOW, prng, randomBytes, randomUserID, readDoc } from '../test/craft.js';
import { genUserSig, MAX_EXPIRE_SECONDS, UserSigErrorCode, verifyUserSig } from './index.js';

/** The parts of tls-sig-api-v2 (CommonJS, untyped) that these tests call. */
interface OfficialApi {
  genUserSig(userid: string, expire: number): string;
  genSig(userid: string, expire: number, userBuf: Buffer | null): string;
  genPrivateMapKey(userid: string, expire: number, roomid: number, privilegeMap: number): string;
}
const requireCjs = createRequire(import.meta.url);
const { Api } = requireCjs('tls-sig-api-v2') as { Api: new (sdkappid: number, key: string) => OfficialApi };

const EXPIRES = [1, 300, 86400, 86400 * 180, MAX_EXPIRE_SECONDS];
const USERS = Array.from({ length: 200 }, (_, i) => randomUserID(prng(1000 + i), i));
// Not a whole second, so both libraries must floor the clock the same way.
const CLOCK_MS = NOW * 1000 + 789;

describe('interop with tls-sig-api-v2 (the official Node library)', () => {
  beforeEach(() => {
    // The official library reads Date.now(); freeze it so both sign the same TLS.time.
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(CLOCK_MS);
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('covers 32-byte and punctuation-only UserIDs', () => {
    expect(USERS.filter((u) => u.length === 32).length).toBeGreaterThanOrEqual(50);
    expect(USERS.some((u) => /^[^A-Za-z0-9]+$/.test(u) && u.includes('"') && u.includes('\\'))).toBe(true);
    expect(new Set(USERS).size).toBe(USERS.length);
  });

  it('verifies their tickets without userbuf, for many users and expiries', () => {
    const api = new Api(APP, KEY);
    for (const user of USERS) {
      for (const expire of EXPIRES) {
        const ticket = api.genUserSig(user, expire);
        expect(verifyUserSig({ ticket, sdkAppID: APP, key: KEY, userID: user })).toEqual({
          ok: true,
          time: NOW,
          expire,
          expireAt: NOW + expire,
        });
      }
    }
  });

  it('verifies their tickets with a userbuf and returns the userbuf', () => {
    const api = new Api(APP, KEY);
    const rand = prng(7);
    for (const [i, user] of USERS.entries()) {
      const userbuf = Buffer.from(randomBytes(rand, i % 10 === 0 ? 0 : 64));
      const expire = EXPIRES[i % EXPIRES.length]!;
      const result = verifyUserSig({
        ticket: api.genSig(user, expire, userbuf),
        sdkAppID: APP,
        key: KEY,
        userID: user,
      });
      expect(result).toEqual({
        ok: true,
        time: NOW,
        expire,
        expireAt: NOW + expire,
        userbuf: new Uint8Array(userbuf),
      });
    }
  });

  it('verifies their PrivateMapKey tickets', () => {
    const api = new Api(APP, KEY);
    const result = verifyUserSig({
      ticket: api.genPrivateMapKey('alice', 300, 10000, 255),
      sdkAppID: APP,
      key: KEY,
      userID: 'alice',
    });
    expect(result.ok).toBe(true);
    expect(result.ok && result.userbuf?.length).toBe(1 + 2 + 'alice'.length + 20);
  });

  it('refuses their tickets under another key, and expires them at the same second', () => {
    const api = new Api(APP, KEY);
    const ticket = api.genUserSig('alice', 600);
    expect(verifyUserSig({ ticket, sdkAppID: APP, key: `${KEY}x`, userID: 'alice' })).toMatchObject({
      ok: false,
      code: UserSigErrorCode.USERSIG_SIGNATURE_MISMATCH,
    });
    expect(verifyUserSig({ ticket, sdkAppID: APP, key: KEY, userID: 'alice', now: NOW + 600 }).ok).toBe(true);
    expect(verifyUserSig({ ticket, sdkAppID: APP, key: KEY, userID: 'alice', now: NOW + 601 })).toMatchObject(
      {
        ok: false,
        code: UserSigErrorCode.USERSIG_EXPIRED,
      },
    );
  });

  it('signs the same fields and the same HMAC as they do', () => {
    const rand = prng(42);
    // Keys are used as UTF-8 text: include one that is not hex and one that is not ASCII.
    const keys = [KEY, 'not-hex key!', 'ключ 鍵'];
    for (const [i, user] of USERS.entries()) {
      const key = keys[i % keys.length]!;
      const app = 1 + Math.floor(rand() * 4294967295);
      const api = new Api(app, key);
      const expire = EXPIRES[i % EXPIRES.length]!;
      const userbuf = i % 2 === 0 ? undefined : Buffer.from(randomBytes(rand, 48));

      const theirs = readDoc(api.genSig(user, expire, userbuf ?? null));
      const ours = readDoc(genUserSig({ sdkAppID: app, key, userID: user, expire, userbuf, now: NOW }));
      expect(ours['TLS.sig']).toBe(theirs['TLS.sig']);
      expect(Object.keys(ours).sort()).toEqual(Object.keys(theirs).sort());
      for (const name of Object.keys(theirs)) expect(ours[name], name).toStrictEqual(theirs[name]);
    }
  });

  it('uses the frozen clock when no `now` is given, like they do', () => {
    const api = new Api(APP, KEY);
    expect(readDoc(genUserSig({ sdkAppID: APP, key: KEY, userID: 'bob', expire: 60 }))).toEqual(
      readDoc(api.genUserSig('bob', 60)),
    );
  });
});
