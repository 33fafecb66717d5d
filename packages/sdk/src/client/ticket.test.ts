import { deflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { decodeBase64, isExpired, peekTicket } from './ticket.js';

/** A v2 ticket around any JSON text, at any zlib level (the Go library uses level 0). */
function encode(json: string, level = 6): string {
  return deflateSync(Buffer.from(json), { level })
    .toString('base64')
    .replace(/\+/g, '*')
    .replace(/\//g, '-')
    .replace(/=/g, '_');
}

const doc = (fields: Record<string, unknown>) =>
  JSON.stringify({
    'TLS.ver': '2.0',
    'TLS.identifier': 'alice',
    'TLS.sdkappid': 1400000001,
    'TLS.sig': 'x',
    ...fields,
  });

describe('peekTicket', () => {
  it.each([
    ['numbers', { 'TLS.time': 1_700_000_000, 'TLS.expire': 86_400 }, 6, 1_700_086_400],
    ['numeric strings', { 'TLS.time': '1700000000', 'TLS.expire': '60' }, 6, 1_700_000_060],
    ['stored blocks (zlib level 0)', { 'TLS.time': 1_700_000_000, 'TLS.expire': 1 }, 0, 1_700_000_001],
  ])('reads the expiry from %s', (_name, fields, level, expireAt) => {
    const peek = peekTicket(encode(doc(fields), level));
    expect(peek).toEqual({ identifier: 'alice', sdkAppID: 1400000001, issuedAt: 1_700_000_000, expireAt });
  });

  it.each([
    ['empty', ''],
    ['not base64', 'not a ticket!'],
    ['base64 but not zlib', 'aGVsbG8gd29ybGQ_'],
    ['zlib but not JSON', encode('hello')],
    ['JSON without times', encode(doc({}))],
    ['JSON of the wrong type', encode('[1,2]')],
    ['truncated', encode(doc({ 'TLS.time': 1, 'TLS.expire': 1 })).slice(0, 30)],
  ])('gives undefined for %s', (_name, ticket) => {
    expect(peekTicket(ticket)).toBeUndefined();
  });
});

describe('decodeBase64', () => {
  it.each(['', 'f', 'fo', 'foo', 'foob', 'fooba', 'foobar', '\u00ff\u0000\u00fe'])(
    'round-trips %j',
    (text) => {
      const bytes = Buffer.from(text, 'latin1');
      expect(Buffer.from(decodeBase64(bytes.toString('base64')) ?? [])).toEqual(bytes);
      expect(Buffer.from(decodeBase64(bytes.toString('base64').replace(/=+$/, '')) ?? [])).toEqual(bytes);
    },
  );

  it('refuses characters outside the alphabet', () => {
    expect(decodeBase64('ab$d')).toBeUndefined();
  });
});

describe('isExpired', () => {
  it('keeps the last second valid (expired only when now > time + expire)', () => {
    expect(isExpired(1000, 1000_999)).toBe(false);
    expect(isExpired(1000, 1001_000)).toBe(true);
  });
});
