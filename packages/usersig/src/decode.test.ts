import { describe, expect, it } from 'vitest';
import { APP, craftDoc, NOW, signedDoc } from '../test/craft.js';
import { decodeUserSig, MAX_EXPIRE_SECONDS, UserSigErrorCode } from './index.js';

describe('decodeUserSig', () => {
  it('returns the fields without needing the key, even for a forged or expired ticket', () => {
    const doc = signedDoc({ time: NOW - 7200, expire: 60, userbuf: 'AQID' }, 'some other key');
    expect(decodeUserSig(craftDoc(doc))).toEqual({
      ok: true,
      fields: {
        ver: '2.0',
        identifier: 'alice',
        sdkAppID: APP,
        time: NOW - 7200,
        expire: 60,
        expireAt: NOW - 7140,
        userbuf: Uint8Array.from([1, 2, 3]),
        sig: doc['TLS.sig'],
      },
    });
  });

  it('leaves userbuf out when the ticket has none', () => {
    const result = decodeUserSig(craftDoc(signedDoc()));
    expect(result.ok && 'userbuf' in result.fields).toBe(false);
  });

  it('returns the same codes as verification for bad tickets', () => {
    expect(decodeUserSig('')).toMatchObject({ ok: false, code: UserSigErrorCode.USERSIG_EMPTY });
    expect(decodeUserSig('not a ticket')).toMatchObject({
      ok: false,
      code: UserSigErrorCode.USERSIG_MALFORMED,
    });
    expect(decodeUserSig(craftDoc({ ...signedDoc(), 'TLS.sig': 1 }))).toMatchObject({
      ok: false,
      code: UserSigErrorCode.USERSIG_CHECK_FAILED,
    });
  });

  it('applies the expire limit, which can be raised', () => {
    const ticket = craftDoc(signedDoc({ expire: MAX_EXPIRE_SECONDS + 1 }));
    expect(decodeUserSig(ticket)).toMatchObject({ ok: false, code: UserSigErrorCode.USERSIG_CHECK_FAILED });
    expect(decodeUserSig(ticket, { maxExpireSeconds: MAX_EXPIRE_SECONDS * 2 }).ok).toBe(true);
  });

  it('ignores members inherited from a polluted Object.prototype', () => {
    const { 'TLS.ver': _ver, ...rest } = signedDoc();
    const proto = Object.prototype as Record<string, unknown>;
    proto['TLS.ver'] = '2.0';
    try {
      expect(decodeUserSig(craftDoc(rest))).toMatchObject({
        ok: false,
        code: UserSigErrorCode.USERSIG_CHECK_FAILED,
      });
    } finally {
      delete proto['TLS.ver'];
    }
  });
});
