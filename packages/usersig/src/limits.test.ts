import { describe, expect, it } from 'vitest';
import { APP, craftTicket, KEY, NOW, prng, signedDoc } from '../test/craft.js';
import {
  DEFAULT_MAX_TICKET_LENGTH,
  decodeUserSig,
  genUserSig,
  MAX_INFLATED_BYTES,
  UserSigErrorCode,
  type VerifyUserSigOptions,
  verifyUserSig,
} from './index.js';

function verify(ticket: string, overrides: Partial<VerifyUserSigOptions> = {}) {
  return verifyUserSig({ ticket, sdkAppID: APP, key: KEY, userID: 'alice', now: NOW, ...overrides });
}

/** A correctly signed ticket whose JSON carries `padding` bytes of whitespace: tiny compressed, huge inflated. */
function bomb(padding: number): string {
  const json = JSON.stringify(signedDoc());
  return craftTicket(`{${' '.repeat(padding)}${json.slice(1)}`, 9);
}

function heapAndBuffers(): number {
  const usage = process.memoryUsage();
  return usage.heapUsed + usage.arrayBuffers;
}

describe('ticket length cap', () => {
  // Incompressible userbuf bytes make a genuine ticket just longer than the default cap.
  const rand = prng(3);
  const userbuf = Uint8Array.from({ length: 6500 }, () => Math.floor(rand() * 256));
  const long = genUserSig({ sdkAppID: APP, key: KEY, userID: 'alice', userbuf, now: NOW });

  it('refuses a genuine ticket one character over the cap and accepts it at the cap', () => {
    expect(long.length).toBeGreaterThan(DEFAULT_MAX_TICKET_LENGTH);
    expect(verify(long)).toMatchObject({ ok: false, code: UserSigErrorCode.USERSIG_MALFORMED });
    expect(verify(long, { maxTicketLength: long.length - 1 }).ok).toBe(false);
    expect(verify(long, { maxTicketLength: long.length })).toMatchObject({ ok: true, userbuf });
  });

  it('applies to decodeUserSig as well', () => {
    expect(decodeUserSig(long)).toMatchObject({ ok: false, code: UserSigErrorCode.USERSIG_MALFORMED });
    expect(decodeUserSig(long, { maxTicketLength: long.length }).ok).toBe(true);
  });

  it('refuses a 10 MB blob by its length, without decoding it', () => {
    const blob = 'A'.repeat(10 * 1024 * 1024);
    const started = performance.now();
    const result = verify(blob);
    const elapsed = performance.now() - started;
    expect(result).toEqual({
      ok: false,
      code: UserSigErrorCode.USERSIG_MALFORMED,
      reason: expect.stringMatching(/longer than 8192/),
    });
    expect(elapsed).toBeLessThan(100);
  });
});

describe('inflate cap (zip bombs)', () => {
  it('refuses a small, correctly signed ticket that inflates to megabytes', () => {
    const ticket = bomb(5 * 1024 * 1024);
    expect(ticket.length).toBeLessThanOrEqual(DEFAULT_MAX_TICKET_LENGTH);
    // Without the cap this ticket would verify: its JSON is valid and its signature right.
    expect(verify(ticket)).toEqual({
      ok: false,
      code: UserSigErrorCode.USERSIG_MALFORMED,
      reason: expect.stringContaining(`more than ${MAX_INFLATED_BYTES} bytes`),
    });
    expect(decodeUserSig(ticket)).toMatchObject({ ok: false, code: UserSigErrorCode.USERSIG_MALFORMED });
  });

  it('accepts a padded ticket that stays under the cap', () => {
    expect(verify(bomb(MAX_INFLATED_BYTES / 2)).ok).toBe(true);
  });

  it('keeps memory small even when the length cap is raised for a 64 MiB bomb', () => {
    const ticket = bomb(64 * 1024 * 1024);
    const before = heapAndBuffers();
    const started = performance.now();
    for (let i = 0; i < 5; i++) {
      const result = verify(ticket, { maxTicketLength: ticket.length });
      expect(result).toMatchObject({ ok: false, code: UserSigErrorCode.USERSIG_MALFORMED });
    }
    const elapsed = performance.now() - started;
    const growth = heapAndBuffers() - before;
    expect(growth).toBeLessThan(16 * 1024 * 1024);
    expect(elapsed).toBeLessThan(1000);
  });
});
