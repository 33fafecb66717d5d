import { deflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { APP, craftDoc, craftTicket, type Doc, KEY, NOW, signedDoc, toTicketText } from '../test/craft.js';
import {
  DEFAULT_MAX_CLOCK_SKEW_SECONDS,
  genUserSig,
  MAX_EXPIRE_SECONDS,
  UserSigErrorCode,
  type VerifyUserSigOptions,
  type VerifyUserSigResult,
  verifyUserSig,
} from './index.js';

const {
  USERSIG_EXPIRED,
  USERSIG_EMPTY,
  USERSIG_MALFORMED,
  USERSIG_CHECK_FAILED,
  USERSIG_SIGNATURE_MISMATCH,
  USERSIG_IDENTIFIER_MISMATCH,
  USERSIG_SDKAPPID_MISMATCH,
} = UserSigErrorCode;

function verify(ticket: string, overrides: Partial<VerifyUserSigOptions> = {}): VerifyUserSigResult {
  return verifyUserSig({ ticket, sdkAppID: APP, key: KEY, userID: 'alice', now: NOW, ...overrides });
}

function codeOf(result: VerifyUserSigResult): number | 'ok' {
  return result.ok ? 'ok' : result.code;
}

/** A valid ticket's document with some members changed, the signature left as it was. */
function tampered(changes: Doc, base: Doc = signedDoc()): string {
  return craftDoc({ ...base, ...changes });
}

function without(name: string, base: Doc = signedDoc()): string {
  const copy = { ...base };
  delete copy[name];
  return craftDoc(copy);
}

describe('verifyUserSig: accepted tickets', () => {
  it('accepts a ticket signed by hand and reports its times', () => {
    expect(verify(craftDoc(signedDoc({ time: NOW - 10, expire: 100 })))).toEqual({
      ok: true,
      time: NOW - 10,
      expire: 100,
      expireAt: NOW + 90,
    });
  });

  it('accepts stored (level 0) zlib, any member order, and a trailing newline', () => {
    const doc = signedDoc();
    const reversed = Object.fromEntries(Object.entries(doc).reverse());
    expect(codeOf(verify(craftDoc(doc, 0)))).toBe('ok');
    expect(codeOf(verify(craftDoc(reversed, 9)))).toBe('ok');
    expect(codeOf(verify(craftTicket(`${JSON.stringify(doc)}\n`, 0)))).toBe('ok');
    expect(codeOf(verify(craftTicket(JSON.stringify(reversed, null, 2))))).toBe('ok');
  });

  it('ignores unknown members', () => {
    expect(codeOf(verify(tampered({ 'TLS.extra': [1, 2, 3] })))).toBe('ok');
  });

  it('returns the userbuf, including an empty one', () => {
    const bytes = Uint8Array.from([0, 1, 2, 250, 251, 255]);
    const withBuf = signedDoc({ userbuf: Buffer.from(bytes).toString('base64') });
    expect(verify(craftDoc(withBuf))).toMatchObject({ ok: true, userbuf: bytes });
    const empty = verify(craftDoc(signedDoc({ userbuf: '' })));
    expect(empty).toMatchObject({ ok: true, userbuf: new Uint8Array(0) });
    expect(verify(craftDoc(signedDoc()))).not.toHaveProperty('userbuf');
  });

  it('accepts a TLS.time ahead of the clock by up to the allowed skew', () => {
    const skew = DEFAULT_MAX_CLOCK_SKEW_SECONDS;
    expect(codeOf(verify(craftDoc(signedDoc({ time: NOW + skew, expire: 60 }))))).toBe('ok');
    expect(
      codeOf(verify(craftDoc(signedDoc({ time: NOW + 90, expire: 60 })), { maxClockSkewSeconds: 90 })),
    ).toBe('ok');
  });
});

describe('verifyUserSig: tickets dated in the future', () => {
  it('refuses a ticket dated a day ahead with 70005', () => {
    expect(verify(craftDoc(signedDoc({ time: NOW + 86400, expire: 60 })))).toEqual({
      ok: false,
      code: USERSIG_CHECK_FAILED,
      reason: expect.stringContaining('future'),
    });
  });

  it('refuses a ticket dated beyond the skew by one second, and any ahead with a skew of 0', () => {
    const skew = DEFAULT_MAX_CLOCK_SKEW_SECONDS;
    expect(codeOf(verify(craftDoc(signedDoc({ time: NOW + skew + 1, expire: 60 }))))).toBe(
      USERSIG_CHECK_FAILED,
    );
    expect(codeOf(verify(craftDoc(signedDoc({ time: NOW + 1 })), { maxClockSkewSeconds: 0 }))).toBe(
      USERSIG_CHECK_FAILED,
    );
  });

  it('refuses a ticket dated 2^52 instead of granting an absurd expiry', () => {
    expect(codeOf(verify(craftDoc(signedDoc({ time: 2 ** 52, expire: 60 }))))).toBe(USERSIG_CHECK_FAILED);
  });

  it('says "future" only of a genuinely signed ticket', () => {
    const forged = craftDoc(signedDoc({ time: NOW + 86400 }, 'wrong key'));
    expect(codeOf(verify(forged))).toBe(USERSIG_SIGNATURE_MISMATCH);
  });

  it("throws for a negative or fractional skew, which is the caller's bug", () => {
    const ticket = craftDoc(signedDoc());
    expect(() => verify(ticket, { maxClockSkewSeconds: -1 })).toThrow(TypeError);
    expect(() => verify(ticket, { maxClockSkewSeconds: 0.5 })).toThrow(TypeError);
  });
});

describe('verifyUserSig: expiry', () => {
  const ticket = craftDoc(signedDoc({ time: NOW, expire: 3600 }));

  it('is valid through the boundary second and expired one second later', () => {
    expect(codeOf(verify(ticket, { now: NOW + 3600 }))).toBe('ok');
    expect(verify(ticket, { now: NOW + 3601 })).toEqual({
      ok: false,
      code: USERSIG_EXPIRED,
      reason: expect.stringContaining(String(NOW + 3600)),
    });
  });

  it('treats expire 0 as valid only in the signing second', () => {
    const instant = craftDoc(signedDoc({ time: NOW, expire: 0 }));
    expect(codeOf(verify(instant, { now: NOW }))).toBe('ok');
    expect(codeOf(verify(instant, { now: NOW + 1 }))).toBe(USERSIG_EXPIRED);
  });

  it('uses the wall clock when `now` is not given', () => {
    const wall = Math.floor(Date.now() / 1000);
    const fresh = craftDoc(signedDoc({ time: wall, expire: 3600 }));
    const old = craftDoc(signedDoc({ time: wall - 7200, expire: 3600 }));
    expect(codeOf(verifyUserSig({ ticket: fresh, sdkAppID: APP, key: KEY, userID: 'alice' }))).toBe('ok');
    expect(codeOf(verifyUserSig({ ticket: old, sdkAppID: APP, key: KEY, userID: 'alice' }))).toBe(
      USERSIG_EXPIRED,
    );
  });

  it('refuses a time so large that time + expire loses precision', () => {
    const edge = craftDoc(signedDoc({ time: Number.MAX_SAFE_INTEGER - 10, expire: 10 }));
    const over = craftDoc(signedDoc({ time: Number.MAX_SAFE_INTEGER - 10, expire: 11 }));
    // Checked at a "now" that far ahead, so that only the arithmetic is under test.
    const now = Number.MAX_SAFE_INTEGER - 10;
    expect(verify(edge, { now })).toEqual({
      ok: true,
      time: Number.MAX_SAFE_INTEGER - 10,
      expire: 10,
      expireAt: Number.MAX_SAFE_INTEGER,
    });
    expect(codeOf(verify(over, { now }))).toBe(USERSIG_CHECK_FAILED);
  });

  it('refuses expire above 50 years unless allowed', () => {
    const atMax = craftDoc(signedDoc({ expire: MAX_EXPIRE_SECONDS }));
    const aboveMax = craftDoc(signedDoc({ expire: MAX_EXPIRE_SECONDS + 1 }));
    expect(codeOf(verify(atMax))).toBe('ok');
    expect(codeOf(verify(aboveMax))).toBe(USERSIG_CHECK_FAILED);
    expect(codeOf(verify(aboveMax, { maxExpireSeconds: MAX_EXPIRE_SECONDS + 1 }))).toBe('ok');
    expect(codeOf(verify(craftDoc(signedDoc({ expire: 3600 })), { maxExpireSeconds: 3599 }))).toBe(
      USERSIG_CHECK_FAILED,
    );
  });
});

describe('verifyUserSig: undecodable tickets', () => {
  it('says 70002 for an empty ticket', () => {
    expect(codeOf(verify(''))).toBe(USERSIG_EMPTY);
    expect(codeOf(verify(undefined as unknown as string))).toBe(USERSIG_EMPTY);
  });

  it('says 70003 for text outside the ticket alphabet', () => {
    const good = genUserSig({ sdkAppID: APP, key: KEY, userID: 'alice', now: NOW });
    expect(codeOf(verify(good))).toBe('ok');
    // Node's base64 decoder would skip or accept all of these, so each must be refused explicitly.
    expect(codeOf(verify(`${good.slice(0, 8)}\n${good.slice(8)}`))).toBe(USERSIG_MALFORMED);
    expect(codeOf(verify(` ${good}`))).toBe(USERSIG_MALFORMED);
    expect(codeOf(verify(`${good}!!!!`))).toBe(USERSIG_MALFORMED);
    expect(codeOf(verify(42 as unknown as string))).toBe(USERSIG_MALFORMED);
  });

  it('says 70003 for the standard base64 alphabet instead of the substituted one', () => {
    // Find a valid ticket that uses each of the substituted characters.
    const tickets = Array.from({ length: 200 }, (_, i) =>
      genUserSig({ sdkAppID: APP, key: KEY, userID: `user${i}`, now: NOW }),
    );
    for (const [ours, standard] of [
      ['*', '+'],
      ['-', '/'],
      ['_', '='],
    ] as const) {
      const index = tickets.findIndex((t) => t.includes(ours));
      expect(index, ours).toBeGreaterThanOrEqual(0);
      const ticket = tickets[index]!;
      expect(codeOf(verify(ticket, { userID: `user${index}` }))).toBe('ok');
      expect(codeOf(verify(ticket.replaceAll(ours, standard), { userID: `user${index}` }))).toBe(
        USERSIG_MALFORMED,
      );
    }
  });

  it('says 70003 for broken padding or length', () => {
    const good = craftDoc(signedDoc());
    const body = good.replace(/_+$/, '');
    expect(codeOf(verify(`${body}___`))).toBe(USERSIG_MALFORMED);
    expect(codeOf(verify(good.slice(0, -1)))).toBe(USERSIG_MALFORMED);
    expect(codeOf(verify(`${good.slice(0, 4)}AA__${good.slice(4)}`))).toBe(USERSIG_MALFORMED);
  });

  it('says 70003 when the bytes are not zlib', () => {
    const json = Buffer.from(JSON.stringify(signedDoc()));
    expect(codeOf(verify(toTicketText(json)))).toBe(USERSIG_MALFORMED);
    expect(codeOf(verify(toTicketText(deflateSync(json).subarray(0, 20))))).toBe(USERSIG_MALFORMED);
  });

  it('says 70003 when the content is not JSON, not UTF-8, or not an object', () => {
    expect(codeOf(verify(craftTicket('hello')))).toBe(USERSIG_MALFORMED);
    expect(codeOf(verify(craftTicket('')))).toBe(USERSIG_MALFORMED);
    expect(codeOf(verify(craftDoc([signedDoc()])))).toBe(USERSIG_MALFORMED);
    expect(codeOf(verify(craftDoc(null)))).toBe(USERSIG_MALFORMED);
    expect(codeOf(verify(craftDoc('TLS.sig')))).toBe(USERSIG_MALFORMED);
    expect(codeOf(verify(craftDoc(12)))).toBe(USERSIG_MALFORMED);
    const latin1 = Buffer.from(JSON.stringify(signedDoc({ identifier: 'zoë' })), 'latin1');
    expect(codeOf(verify(toTicketText(deflateSync(latin1)), { userID: 'zoë' }))).toBe(USERSIG_MALFORMED);
  });
});

describe('verifyUserSig: fields of the wrong shape (70005)', () => {
  for (const name of ['TLS.ver', 'TLS.identifier', 'TLS.sdkappid', 'TLS.time', 'TLS.expire', 'TLS.sig']) {
    it(`refuses a ticket without ${name}`, () => {
      expect(codeOf(verify(without(name)))).toBe(USERSIG_CHECK_FAILED);
    });
  }

  const wrong: Array<[string, unknown]> = [
    ['TLS.ver', '2'],
    ['TLS.ver', 2],
    ['TLS.ver', '1.0'],
    ['TLS.identifier', ''],
    ['TLS.identifier', 7],
    ['TLS.identifier', ['alice']],
    ['TLS.sdkappid', String(APP)],
    ['TLS.sdkappid', APP + 0.5],
    ['TLS.sdkappid', -1],
    ['TLS.sdkappid', 4294967296],
    ['TLS.time', String(NOW)],
    ['TLS.time', NOW + 0.5],
    ['TLS.time', -1],
    ['TLS.time', 2 ** 53],
    ['TLS.time', 1e300],
    ['TLS.time', null],
    ['TLS.expire', '86400'],
    ['TLS.expire', 86400.5],
    ['TLS.expire', -86400],
    ['TLS.expire', true],
    ['TLS.userbuf', 123],
    ['TLS.userbuf', null],
    ['TLS.userbuf', 'AQI'],
    ['TLS.userbuf', 'AQI=\n'],
    ['TLS.userbuf', 'AQJ='],
    ['TLS.userbuf', 'AQ-_'],
    ['TLS.sig', 42],
    ['TLS.sig', ''],
    ['TLS.sig', 'AAAA'],
    ['TLS.sig', `${'A'.repeat(43)}`],
    ['TLS.sig', `${'A'.repeat(44)}`],
    ['TLS.sig', `${'A'.repeat(42)}B=`],
    ['TLS.sig', `${'A'.repeat(40)}AA==`],
    ['TLS.sig', `${'A'.repeat(42)}-_=`],
  ];
  for (const [name, value] of wrong) {
    it(`refuses ${name} = ${JSON.stringify(value)}`, () => {
      expect(codeOf(verify(tampered({ [name]: value })))).toBe(USERSIG_CHECK_FAILED);
    });
  }
});

describe('verifyUserSig: identity and signature', () => {
  it('says 70014 for another SDKAppID', () => {
    expect(codeOf(verify(craftDoc(signedDoc()), { sdkAppID: APP + 1 }))).toBe(USERSIG_SDKAPPID_MISMATCH);
  });

  it('says 70013 for another UserID, compared exactly', () => {
    const ticket = craftDoc(signedDoc());
    expect(codeOf(verify(ticket, { userID: 'bob' }))).toBe(USERSIG_IDENTIFIER_MISMATCH);
    expect(codeOf(verify(ticket, { userID: 'Alice' }))).toBe(USERSIG_IDENTIFIER_MISMATCH);
    expect(codeOf(verify(ticket, { userID: 'alice ' }))).toBe(USERSIG_IDENTIFIER_MISMATCH);
  });

  it('says 70009 for another key', () => {
    expect(codeOf(verify(craftDoc(signedDoc()), { key: `${KEY.slice(0, -1)}f` }))).toBe(
      USERSIG_SIGNATURE_MISMATCH,
    );
    expect(codeOf(verify(craftDoc(signedDoc({}, 'other key'))))).toBe(USERSIG_SIGNATURE_MISMATCH);
  });

  it('says 70009 when any signed field was changed after signing', () => {
    const userbuf = Buffer.from('room=42').toString('base64');
    const withBuf = signedDoc({ userbuf });
    expect(codeOf(verify(craftDoc(withBuf)))).toBe('ok');

    expect(codeOf(verify(tampered({ 'TLS.expire': 86400 * 3650 })))).toBe(USERSIG_SIGNATURE_MISMATCH);
    expect(codeOf(verify(tampered({ 'TLS.time': NOW + 1 })))).toBe(USERSIG_SIGNATURE_MISMATCH);
    expect(codeOf(verify(tampered({ 'TLS.identifier': 'bob' }), { userID: 'bob' }))).toBe(
      USERSIG_SIGNATURE_MISMATCH,
    );
    expect(codeOf(verify(tampered({ 'TLS.sdkappid': APP + 1 }), { sdkAppID: APP + 1 }))).toBe(
      USERSIG_SIGNATURE_MISMATCH,
    );
    const otherBuf = Buffer.from('room=43').toString('base64');
    expect(codeOf(verify(tampered({ 'TLS.userbuf': otherBuf }, withBuf)))).toBe(USERSIG_SIGNATURE_MISMATCH);
    // Presence of a userbuf is signed too: adding one, or stripping it, breaks the signature.
    expect(codeOf(verify(tampered({ 'TLS.userbuf': '' })))).toBe(USERSIG_SIGNATURE_MISMATCH);
    expect(codeOf(verify(without('TLS.userbuf', withBuf)))).toBe(USERSIG_SIGNATURE_MISMATCH);
  });

  it('says 70009 for a sig that differs only in its last byte', () => {
    const doc = signedDoc();
    const digest = Buffer.from(doc['TLS.sig'] as string, 'base64');
    for (const flip of [0x01, 0x80, 0xff]) {
      const forged = Buffer.from(digest);
      forged[31] = forged[31]! ^ flip;
      expect(codeOf(verify(tampered({ 'TLS.sig': forged.toString('base64') }, doc)))).toBe(
        USERSIG_SIGNATURE_MISMATCH,
      );
    }
  });
});

describe('verifyUserSig: order of the checks', () => {
  const forgedExpired = craftDoc(signedDoc({ time: NOW - 7200, expire: 60 }, 'wrong key'));

  it('never calls a forged ticket expired', () => {
    expect(codeOf(verify(forgedExpired))).toBe(USERSIG_SIGNATURE_MISMATCH);
    expect(codeOf(verify(craftDoc(signedDoc({ time: NOW - 7200, expire: 60 }))))).toBe(USERSIG_EXPIRED);
  });

  it('checks SDKAppID, then identifier, before the signature', () => {
    expect(codeOf(verify(forgedExpired, { sdkAppID: APP + 1, userID: 'bob' }))).toBe(
      USERSIG_SDKAPPID_MISMATCH,
    );
    expect(codeOf(verify(forgedExpired, { userID: 'bob' }))).toBe(USERSIG_IDENTIFIER_MISMATCH);
  });

  it('checks shape before anything else', () => {
    const badShape = tampered({ 'TLS.time': 'yesterday' }, signedDoc({}, 'wrong key'));
    expect(codeOf(verify(badShape, { sdkAppID: APP + 1, userID: 'bob' }))).toBe(USERSIG_CHECK_FAILED);
  });
});

describe('verifyUserSig: arguments', () => {
  it('throws a TypeError for the caller’s own mistakes, not the ticket’s', () => {
    const ticket = craftDoc(signedDoc());
    expect(() => verify(ticket, { key: '' })).toThrow(TypeError);
    expect(() => verify(ticket, { sdkAppID: 0 })).toThrow(TypeError);
    expect(() => verify(ticket, { sdkAppID: 2 ** 32 })).toThrow(TypeError);
    expect(() => verify(ticket, { now: -1 })).toThrow(TypeError);
    expect(() => verify(ticket, { now: 1.5 })).toThrow(TypeError);
    expect(() => verify(ticket, { maxExpireSeconds: 0 })).toThrow(TypeError);
    expect(() => verify(ticket, { maxTicketLength: Number.NaN })).toThrow(TypeError);
  });
});
