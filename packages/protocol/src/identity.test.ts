import { describe, expect, it } from 'vitest';
import { CloseCode, isTerminalClose } from './close-codes.js';
import { isPlatform, isValidUserID } from './identity.js';

describe('isValidUserID', () => {
  it.each([
    ['a', true],
    ['x'.repeat(32), true],
    ['x'.repeat(33), false],
    ['', false],
    ['with space', true],
    ['tab\there', false],
    ['ünïcode', false],
    ['emoji😀', false],
    ['~!@#$%^&*()', true],
  ])('%j is valid: %s', (id, valid) => {
    expect(isValidUserID(id)).toBe(valid);
  });

  it('refuses non-strings', () => {
    expect(isValidUserID(42)).toBe(false);
    expect(isValidUserID(undefined)).toBe(false);
  });
});

describe('platforms and close codes', () => {
  it('knows the seven platforms', () => {
    expect(isPlatform('ipad')).toBe(true);
    expect(isPlatform('iPad')).toBe(false);
  });

  it('classes kicks and expiry as terminal, restarts and timeouts as transient', () => {
    expect(isTerminalClose(CloseCode.KICKED)).toBe(true);
    expect(isTerminalClose(CloseCode.USERSIG_EXPIRED)).toBe(true);
    expect(isTerminalClose(CloseCode.SERVICE_RESTART)).toBe(false);
    expect(isTerminalClose(CloseCode.HEARTBEAT_TIMEOUT)).toBe(false);
    expect(isTerminalClose(1006)).toBe(false);
  });
});
