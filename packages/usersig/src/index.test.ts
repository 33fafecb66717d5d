import { describe, expect, it } from 'vitest';
import * as usersig from './index.js';

describe('public surface', () => {
  it('exports the V2TIM ticket codes', () => {
    expect({ ...usersig.UserSigErrorCode }).toEqual({
      USERSIG_EXPIRED: 70001,
      USERSIG_EMPTY: 70002,
      USERSIG_MALFORMED: 70003,
      USERSIG_CHECK_FAILED: 70005,
      USERSIG_SIGNATURE_MISMATCH: 70009,
      USERSIG_IDENTIFIER_MISMATCH: 70013,
      USERSIG_SDKAPPID_MISMATCH: 70014,
    });
    expect(Object.isFrozen(usersig.UserSigErrorCode)).toBe(true);
  });

  it('exports the documented limits', () => {
    expect(usersig.DEFAULT_EXPIRE_SECONDS).toBe(86400 * 180);
    expect(usersig.MAX_EXPIRE_SECONDS).toBe(1_576_800_000);
    expect(usersig.DEFAULT_MAX_TICKET_LENGTH).toBe(8192);
    expect(usersig.MAX_INFLATED_BYTES).toBe(16384);
    expect(usersig.MAX_SDK_APP_ID).toBe(4294967295);
  });

  it('exports the three functions and nothing by default', () => {
    expect(typeof usersig.genUserSig).toBe('function');
    expect(typeof usersig.verifyUserSig).toBe('function');
    expect(typeof usersig.decodeUserSig).toBe('function');
    expect('default' in usersig).toBe(false);
  });
});
