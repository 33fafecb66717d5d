import { deflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { fromTicketText, prng, randomBytes } from '../test/craft.js';
import { UserSigErrorCode } from './codes.js';
import { decodeTicket, encodeTicket, fromCanonicalBase64, toBase64 } from './encoding.js';

describe('encodeTicket / decodeTicket', () => {
  it('round-trips JSON text, including non-ASCII', () => {
    for (const json of ['{}', '{"TLS.identifier":"zoë ✓ 𝄞"}', `{"pad":"${'x'.repeat(10_000)}"}`]) {
      const ticket = encodeTicket(json);
      expect(ticket).toMatch(/^[A-Za-z0-9*-]+_{0,2}$/);
      expect(decodeTicket(ticket, 100_000)).toEqual({ ok: true, json });
    }
  });

  it('is zlib (RFC 1950) in the substituted base64 alphabet', () => {
    const bytes = fromTicketText(encodeTicket('{"a":1}'));
    expect(bytes[0]! & 0x0f).toBe(8); // CM = deflate
    expect(((bytes[0]! << 8) | bytes[1]!) % 31).toBe(0); // FCHECK
  });

  it('decodes every compression level', () => {
    for (let level = 0; level <= 9; level++) {
      const standard = deflateSync(Buffer.from('{"level":true}'), { level }).toString('base64');
      const ticket = standard.replaceAll('+', '*').replaceAll('/', '-').replaceAll('=', '_');
      expect(decodeTicket(ticket, 8192)).toEqual({ ok: true, json: '{"level":true}' });
    }
  });

  it('maps empty input to 70002 and other junk to 70003', () => {
    expect(decodeTicket('', 8192)).toMatchObject({ code: UserSigErrorCode.USERSIG_EMPTY });
    expect(decodeTicket(null, 8192)).toMatchObject({ code: UserSigErrorCode.USERSIG_EMPTY });
    expect(decodeTicket({}, 8192)).toMatchObject({ code: UserSigErrorCode.USERSIG_MALFORMED });
    expect(decodeTicket('AAAA', 8192)).toMatchObject({ code: UserSigErrorCode.USERSIG_MALFORMED });
    expect(decodeTicket('eJyrVgrxCdYrSy1SslIy0jNQ', 8192)).toMatchObject({
      code: UserSigErrorCode.USERSIG_MALFORMED,
    });
  });

  it('checks the length before anything else', () => {
    const ticket = encodeTicket('{}');
    expect(decodeTicket(ticket, ticket.length).ok).toBe(true);
    expect(decodeTicket(ticket, ticket.length - 1)).toMatchObject({
      code: UserSigErrorCode.USERSIG_MALFORMED,
      reason: expect.stringContaining('longer than'),
    });
  });
});

describe('fromCanonicalBase64', () => {
  it('round-trips every length', () => {
    const rand = prng(5);
    for (let i = 0; i < 300; i++) {
      const bytes = randomBytes(rand, 40);
      expect(fromCanonicalBase64(toBase64(bytes))).toEqual(Buffer.from(bytes));
    }
  });

  it('refuses unpadded, non-canonical, URL-safe and spaced spellings', () => {
    for (const text of [
      'AQI',
      'AQJ=',
      'AR==',
      'AQ-_',
      'AQ_=',
      'AQI=AQI=',
      ' AQI=',
      'AQI=\n',
      'A===',
      '====',
    ]) {
      expect(fromCanonicalBase64(text), text).toBeUndefined();
    }
    expect(fromCanonicalBase64('')).toEqual(Buffer.alloc(0));
  });
});
