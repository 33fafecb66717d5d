import { describe, expect, it } from 'vitest';
import { describeError, ErrorCode, errorInfo, errorRegistry } from './errors.js';

describe('error registry', () => {
  it('has one entry per code and per name', () => {
    const codes = errorRegistry.map((e) => e.code);
    const names = errorRegistry.map((e) => e.name);
    expect(new Set(codes).size).toBe(codes.length);
    expect(new Set(names).size).toBe(names.length);
  });

  it('maps names to the V2TIM numbers of login.md §9', () => {
    expect(ErrorCode.ERR_SDK_NOT_INITIALIZED).toBe(6013);
    expect(ErrorCode.ERR_SDK_NOT_LOGGED_IN).toBe(6014);
    expect(ErrorCode.ERR_USER_SIG_EXPIRED).toBe(6206);
    expect(ErrorCode.ERR_LOGIN_KICKED_OFF_BY_OTHER).toBe(6208);
    expect(ErrorCode.ERR_SDK_COMM_INVALID_IDENTIFIER).toBe(7003);
    expect(ErrorCode.ERR_SDK_ACCOUNT_LOGIN_IN_PROCESS).toBe(7501);
    expect(ErrorCode.ERR_USERSIG_EXPIRED).toBe(70001);
    expect(ErrorCode.ERR_USERSIG_REVOKED).toBe(70052);
  });

  it('describes known codes and falls back for unknown ones', () => {
    expect(errorInfo(70050)?.retryable).toBe(true);
    expect(describeError(6014)).toMatch(/not logged in/);
    expect(describeError(123456)).toBe('error 123456');
  });
});
