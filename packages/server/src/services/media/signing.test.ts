import { describe, expect, it } from 'vitest';
import {
  mediaKey,
  peekUploadToken,
  signDownloadPath,
  signUploadToken,
  verifyDownload,
  verifyUploadToken,
} from './signing.js';

const key = mediaKey('secret-of-app-1');
const other = mediaKey('secret-of-app-2');
const claims = { sdkAppID: 1, userID: 'alice', kind: 'image' as const, expiresAt: 1_000 };

describe('upload tokens', () => {
  it('verify with the key that signed them until they expire', () => {
    const token = signUploadToken(key, claims);
    expect(verifyUploadToken(key, token, 1_000)).toEqual({ ok: true, claims });
    expect(verifyUploadToken(key, token, 1_001)).toEqual({ ok: false, reason: 'expired' });
    expect(verifyUploadToken(other, token, 500)).toEqual({ ok: false, reason: 'invalid' });
  });

  it('refuse a token whose claims were changed, even to a later expiry', () => {
    const token = signUploadToken(key, claims);
    const [prefix, , signature] = token.split('.');
    for (const changed of [
      { ...claims, userID: 'mallory' },
      { ...claims, kind: 'video' as const },
      { ...claims, expiresAt: 9_999 },
    ]) {
      const body = Buffer.from(
        JSON.stringify({ a: changed.sdkAppID, u: changed.userID, k: changed.kind, e: changed.expiresAt }),
      ).toString('base64url');
      expect(verifyUploadToken(key, `${prefix}.${body}.${signature}`, 0)).toEqual({
        ok: false,
        reason: 'invalid',
      });
    }
  });

  it('are not tokens when malformed', () => {
    for (const text of ['', 'pm1', 'pm1.x.y', 'pm2.e30.AAAA', 'pm1.e30.AAAA']) {
      expect(peekUploadToken(text)).toBeUndefined();
      expect(verifyUploadToken(key, text, 0)).toEqual({ ok: false, reason: 'invalid' });
    }
  });
});

describe('download URLs', () => {
  const path = signDownloadPath(key, 1, 'file1', 'thumb', 2_000);
  const url = new URL(path, 'http://x');
  const request = {
    sdkAppID: 1,
    fileID: 'file1',
    variant: 'thumb' as const,
    expiresAt: 2_000,
    signature: url.searchParams.get('s') ?? '',
  };

  it('name the app, file and variant, and check until they expire', () => {
    expect(url.pathname).toBe('/media/files/1/file1/thumb');
    expect(verifyDownload(key, request, 2_000)).toBe('ok');
    expect(verifyDownload(key, request, 2_001)).toBe('expired');
  });

  it('refuse another variant, file, app, expiry or key', () => {
    expect(verifyDownload(key, { ...request, variant: 'original' }, 0)).toBe('invalid');
    expect(verifyDownload(key, { ...request, fileID: 'file2' }, 0)).toBe('invalid');
    expect(verifyDownload(key, { ...request, sdkAppID: 2 }, 0)).toBe('invalid');
    expect(verifyDownload(key, { ...request, expiresAt: 3_000 }, 0)).toBe('invalid');
    expect(verifyDownload(other, request, 0)).toBe('invalid');
    expect(verifyDownload(key, { ...request, signature: 'short' }, 0)).toBe('invalid');
  });
});
