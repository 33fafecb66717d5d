import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { digestsEqual, signatureDigest, signedText } from './sign.js';

const fields = { identifier: 'alice', sdkAppID: 1400000000, time: 1700000000, expire: 86400 };

describe('signedText', () => {
  it('lists the fields one per line in a fixed order, each line ending in LF', () => {
    expect(signedText(fields)).toBe(
      'TLS.identifier:alice\nTLS.sdkappid:1400000000\nTLS.time:1700000000\nTLS.expire:86400\n',
    );
  });

  it('adds the userbuf line only when there is a userbuf, even an empty one', () => {
    expect(signedText({ ...fields, userbuf: Uint8Array.from([0xfb, 0xff]) })).toBe(
      'TLS.identifier:alice\nTLS.sdkappid:1400000000\nTLS.time:1700000000\nTLS.expire:86400\nTLS.userbuf:+/8=\n',
    );
    expect(
      signedText({ ...fields, userbuf: new Uint8Array(0) }).endsWith('TLS.expire:86400\nTLS.userbuf:\n'),
    ).toBe(true);
    expect(signedText({ ...fields, userbuf: undefined })).not.toContain('userbuf');
  });

  it('writes the identifier verbatim', () => {
    expect(signedText({ ...fields, identifier: 'a"b\\c:d é' })).toMatch(/^TLS\.identifier:a"b\\c:d é\n/);
  });
});

describe('signatureDigest', () => {
  it('is HMAC-SHA256 keyed with the UTF-8 bytes of the key, never hex-decoded', () => {
    for (const key of ['5bd2850fff3ecb11d7c805251c51ee463a25727bddc2385f3fa8bfee1bb93b5e', '00ff', 'ключ']) {
      const expected = createHmac('sha256', Buffer.from(key, 'utf8')).update(signedText(fields)).digest();
      expect(signatureDigest(key, fields)).toEqual(expected);
      expect(signatureDigest(key, fields).length).toBe(32);
    }
    const hexKey = '00ff';
    const hexDecoded = createHmac('sha256', Buffer.from(hexKey, 'hex')).update(signedText(fields)).digest();
    expect(signatureDigest(hexKey, fields)).not.toEqual(hexDecoded);
  });

  it('changes with every signed field', () => {
    const reference = signatureDigest('k', fields);
    for (const changed of [
      { ...fields, identifier: 'alicf' },
      { ...fields, sdkAppID: fields.sdkAppID + 1 },
      { ...fields, time: fields.time + 1 },
      { ...fields, expire: fields.expire + 1 },
      { ...fields, userbuf: new Uint8Array(0) },
    ]) {
      expect(signatureDigest('k', changed)).not.toEqual(reference);
    }
  });
});

describe('digestsEqual', () => {
  it('is true only for equal bytes of equal length', () => {
    const a = Uint8Array.from({ length: 32 }, (_, i) => i);
    const lastByte = Uint8Array.from(a);
    lastByte[31] = 0;
    expect(digestsEqual(a, Uint8Array.from(a))).toBe(true);
    expect(digestsEqual(a, lastByte)).toBe(false);
    expect(digestsEqual(a, a.subarray(0, 31))).toBe(false);
    expect(digestsEqual(a, new Uint8Array(0))).toBe(false);
  });
});
